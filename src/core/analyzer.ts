/**
 * Text analysis shared by indexing and querying, so both sides always agree: diacritic folding,
 * tokenising, stop words and stemming (lunr-languages' Snowball stemmers, plus a Dutch verb-ending fix).
 */
import lunr from 'lunr';
import type { Lang } from './types';

// lunr-languages registers its stemmers on the lunr object it is given.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('lunr-languages/lunr.stemmer.support')(lunr);
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('lunr-languages/lunr.nl')(lunr);

type StemFn = (token: lunr.Token) => lunr.Token;
type FilterFn = (token: lunr.Token) => lunr.Token | undefined;
const lunrNl = (lunr as unknown as { nl: { stemmer: StemFn; stopWordFilter: FilterFn } }).nl;

/** Lower case, compatibility-normalised, accents removed (`geïsoleerd` → `geisoleerd`). */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Longest token kept: longer "words" are noise (hashes, base64) and cost memory. */
const MAX_TOKEN = 32;

/** Splits folded text into word tokens (letters and digits). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const t of fold(text).split(/[^\p{L}\p{N}]+/u)) if (t && t.length <= MAX_TOKEN) out.push(t);
  return out;
}

// Function words; folded. Kept short on purpose: content words carry the meaning of a question.
const STOP_EN = new Set(
  ('a an and are as at be been being but by can could did do does doing for from had has have how i if in into is it its ' +
    'me my no nor not of on or our ours out own so than that the their them then there these they this those to too ' +
    'us was we were what when where which while who whom why will with would you your yours about also any after all ' +
    'should shall may might must am').split(' '),
);
const STOP_NL = new Set(
  ('de het een en of in op aan te van voor met door bij naar uit als dan dat die dit deze is zijn was waren wordt worden ' +
    'werd werden ben bent heb hebt heeft hebben had kan kun kunt kunnen zal zult zullen wil wilt willen moet moeten mag ' +
    'mogen ik je jij u uw mijn me mij we wij ons onze hun hen zij ze hij zich er hier daar wat wie waar wanneer hoe ' +
    'waarom welke welk niet geen ook nog al om tot over onder na zo maar want dus toch even wel heel veel meer').split(' '),
);

// Chat filler in either language: greetings, politeness and "can you tell me" around a question. People
// write to a bot the way they write to a colleague; these words carry no part of what they ask.
const FILLER = new Set(
  ('hi hey hello hiya thanks thank please pls plz bot question quick tell know wondering wonder curious ' +
    'like want wanted need just actually really ok okay dear team guys anyone somebody someone explain work works ' +
    'hoi hallo hey dag goedemorgen goedemiddag goedenavond bedankt dank dankjewel danku alsjeblieft alstublieft ' +
    'graag vraag vraagje snel snelle even eens weten zeggen vertellen benieuwd vroeg afvragen uitleggen iemand oke nou werkt').split(' '),
);

/** Every stop word of both languages and the chat filler (a typo of one is corrected to it, so it drops out). */
export function stopWordList(): string[] {
  return [...new Set([...STOP_EN, ...STOP_NL, ...FILLER])].sort();
}

/** True when a folded token is a stop word of the language, or chat filler. */
export function isStopWord(token: string, lang: Lang): boolean {
  return (lang === 'nl' ? STOP_NL : STOP_EN).has(token) || FILLER.has(token);
}

/** The language whose stop list alone has the folded token ("op" nl, "if" en); undefined for one of both ("is") or none. */
export function stopWordLanguage(token: string): Lang | undefined {
  const nl = isStopWord(token, 'nl');
  return nl === isStopWord(token, 'en') ? undefined : nl ? 'nl' : 'en';
}

const listed: Record<Lang, FilterFn> = { en: lunr.stopWordFilter as FilterFn, nl: lunrNl.stopWordFilter };

/**
 * True when the maintained stop-word list of the language has the folded token: lunr's English list or
 * lunr-languages' Dutch one (Snowball's). These are longer than the analyzer's own lists, which keep
 * words such as "other" and "andere" searchable; the query steps read them as word-class evidence.
 */
export function isListedFunctionWord(token: string, lang: Lang): boolean {
  return listed[lang](new lunr.Token(token, {})) === undefined;
}

const cache: Record<Lang, Map<string, string>> = { nl: new Map(), en: new Map() };

/** Dutch Snowball leaves verb endings apart (bewaren/bewaart/bewaard): fold them onto one stem. */
function dutchNormalize(stem: string): string {
  let s = stem;
  if (s.length > 5 && /[^aeiou][td]$/.test(s)) s = s.slice(0, -1);
  return s.replace(/([aeou])\1/g, '$1');
}

/** Stem of a folded token in a language; memoised (the vocabulary is small). */
export function stem(token: string, lang: Lang): string {
  const memo = cache[lang];
  let out = memo.get(token);
  if (out === undefined) {
    if (/^\p{N}+$/u.test(token)) out = token;
    else if (lang === 'nl') out = dutchNormalize(lunrNl.stemmer(new lunr.Token(token, {})).toString());
    else out = lunr.stemmer(new lunr.Token(token, {})).toString();
    if (memo.size > 200_000) memo.clear();
    memo.set(token, out);
  }
  return out;
}

/** Content-word stems of a text, in order (stop words removed). */
export function analyze(text: string, lang: Lang): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) if (!isStopWord(t, lang)) out.push(stem(t, lang));
  return out;
}

/**
 * Splits a Dutch compound into two known words (`gegevensopslag` → `gegevens` + `opslag`), trying a
 * linking `s` or `e`. `known` says whether a folded word occurs in the corpus. Returns [] when no split fits.
 */
export function splitCompound(word: string, known: (w: string) => boolean): string[] {
  if (word.length < 9) return [];
  for (let i = word.length - 4; i >= 4; i--) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (!known(tail)) continue;
    if (known(head)) return [head, tail];
    if ((head.endsWith('s') || head.endsWith('e')) && head.length > 4 && known(head.slice(0, -1))) return [head.slice(0, -1), tail];
  }
  return [];
}
