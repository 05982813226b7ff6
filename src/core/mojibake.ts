/**
 * Repairs mojibake: UTF-8 bytes that were once decoded as Mac Roman or Windows-1252 and saved again
 * (`ge√Ødentificeerd` → `geïdentificeerd`, `cafÃ©` → `café`). Only runs of characters that decode to a
 * valid UTF-8 sequence are replaced, so correct text is left alone.
 */

// The upper half (0x80–0xFF) of each single-byte code page, as Unicode characters.
const MAC_ROMAN_HIGH =
  'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø' +
  '¿¡¬√ƒ≈∆«»…\u00a0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function tableFor(high: string): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < high.length; i++) map.set(high[i], 0x80 + i);
  return map;
}

const MAC_ROMAN = tableFor(MAC_ROMAN_HIGH);
const CP1252 = (() => {
  let high = CP1252_80_9F;
  for (let b = 0xa0; b <= 0xff; b++) high += String.fromCharCode(b);
  return tableFor(high);
})();

/** Characters of a code page that stand for a UTF-8 lead byte (0xC2–0xF4) or continuation byte (0x80–0xBF). */
function charClass(table: Map<string, number>, lo: number, hi: number): string {
  let out = '';
  for (const [ch, byte] of table) if (byte >= lo && byte <= hi) out += ch.replace(/[\\\]^-]/g, '\\$&');
  return out;
}

// A repaired character must be a printable letter, digit, punctuation, symbol or space: a combining mark or
// control character means the guessed code page was the wrong one.
const PLAUSIBLE = /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u;

function repairWith(text: string, table: Map<string, number>): string {
  const lead = charClass(table, 0xc2, 0xf4);
  const cont = charClass(table, 0x80, 0xbf);
  const pattern = new RegExp(`[${lead}][${cont}]{1,3}`, 'gu');
  return text.replace(pattern, (run) => {
    const bytes = Buffer.from([...run].map((ch) => table.get(ch) ?? 0));
    const decoded = bytes.toString('utf8');
    // A valid decode has no replacement character and is a single code point for a whole sequence.
    if ([...decoded].length !== 1 || !PLAUSIBLE.test(decoded)) return run;
    return decoded;
  });
}

/** Returns the text with Mac Roman and Windows-1252 mojibake repaired. */
export function repairMojibake(text: string): string {
  if (!/[\u0080-\uffff]/.test(text)) return text;
  return repairWith(repairWith(text, CP1252), MAC_ROMAN);
}

/** Strips a BOM and normalises CRLF/CR line endings to LF. */
export function normalizeNewlines(text: string): string {
  return text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
}
