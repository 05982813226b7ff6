/**
 * Decides whether a question is Dutch or English from its function words, after removing product
 * names (which are English in both languages: "Welke gegevens verzamelt Defender for Endpoint?" is Dutch).
 */
import { tokenize } from './analyzer';
import type { Lang } from './types';

// Words that are frequent in one language and rare in the other; words both share ("is", "in") are left out.
const NL = new Set(
  ('de het een van wat hoe waar wie welke welk waarom wanneer hoeveel worden wordt werd mijn onze ons uw jullie ik zijn ' +
    'bij voor met gegevens kan kunnen er niet naar deze dit die dat als ook hebben heeft gebruikt gebruik lang bewaard ' +
    'opgeslagen waar wij we je jij mag moet mogen moeten zou zouden over tussen andere klanten na tot nog welke ' +
    'alleen geen maar dan hier daar mij gaat doet doen krijg krijgen zit zitten staat verwijderd gedeeld versleuteld').split(' '),
);
const EN = new Set(
  ('the what how where who which are my our does do did can will of to for with data stored kept when why be it this ' +
    'that from your you i we us they their have has been should would could there about after other customers between ' +
    'only not no but than here get gets used use using long deleted shared encrypted keep keeps store stores much many').split(' '),
);

const nameCache = new WeakMap<string[], string[]>();

/** Names as folded token phrases, computed once per names array (it belongs to an index). */
function foldedNames(names: string[] | undefined): string[] {
  if (!names) return [];
  let out = nameCache.get(names);
  if (!out) {
    out = names.map((n) => tokenize(n).join(' ')).filter(Boolean);
    nameCache.set(names, out);
  }
  return out;
}

/** Options for {@link detectLanguage}. */
export interface DetectOptions {
  /** Multi-word names to ignore (product names). */
  names?: string[];
  /** Language to use when the text gives no signal (a client locale, or the default). */
  fallback?: Lang;
}

/** Detects nl or en. Never throws; returns the fallback (default en) when undecided. */
export function detectLanguage(text: string, options: DetectOptions = {}): Lang {
  let folded = ` ${tokenize(text).join(' ')} `;
  for (const n of foldedNames(options.names)) if (folded.includes(` ${n} `)) folded = folded.split(` ${n} `).join(' ');
  let nl = 0;
  let en = 0;
  for (const t of folded.split(' ')) {
    if (!t) continue;
    if (NL.has(t)) nl++;
    if (EN.has(t)) en++;
    // Spelling patterns typical of Dutch words not in the list, and Dutch past participles (gecertificeerd).
    if (/ij|oe|ui|aa|sch|cht|eu/.test(t) && !EN.has(t)) nl += 0.25;
    if (/^ge\p{L}{4,}[dt]$/u.test(t) && !EN.has(t)) nl += 0.5;
  }
  if (nl === en) return options.fallback ?? 'en';
  return nl > en ? 'nl' : 'en';
}
