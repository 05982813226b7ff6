/**
 * `privacy-bot` — the engine without a server: ask, explain, reindex, eval, calibrate, bench.
 * Exit codes: 0 success, 1 failure (eval below nothing: eval only reports), 2 usage error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createTexts, type Texts } from './bot/i18n';
import { analyse, answer } from './core/query/answer';
import { explainTrace } from './cli/explain';
import { calibrate, formatCalibration } from './cli/calibrate';
import { replyText } from './bot/replyText';
import { parseEvalFile, scoreAnswers } from './core/evaluate';
import { fingerprintContent, openIndex, saveIndex } from './core/indexStore';
import { loadCorpus } from './core/loadCorpus';
import { buildIndex, type SearchIndex } from './core/searchIndex';
import type { Answer, Lang } from './core/types';
import { formatAnswer } from './bot/formatText';
import { runEngineBench, formatEngineBench } from './bench/engineBench';
import { FEEDBACK_USAGE, FeedbackUsageError, runFeedbackExport } from './cli/feedbackExport';
import { loadRedisConfig } from './config';

/** Parsed command line. */
interface Args {
  command: string;
  content: string[];
  lang?: Lang;
  json: boolean;
  questions?: string;
  data: string;
  rest: string[];
}

const USAGE = `usage:
  privacy-bot ask [--content DIR]... [--lang nl|en] [--json] [QUESTION]   (no QUESTION: one per line from stdin)
  privacy-bot explain [--content DIR]... [--lang nl|en] QUESTION   (why a question was or was not answered)
  privacy-bot reindex [--content DIR]...
  privacy-bot eval --questions FILE [--content DIR]... [--json]
  privacy-bot calibrate --questions FILE [--content DIR]...   (sweep the abstention threshold; training set only)
  privacy-bot bench [--content DIR]... [--json]
${FEEDBACK_USAGE}
options: --data DIR  where the persisted index lives (default ./data)`;

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { command: argv[0] ?? '', content: [], json: false, data: 'data', rest: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--content') args.content.push(value());
    else if (a === '--lang') {
      const l = value();
      if (l !== 'nl' && l !== 'en') throw new UsageError('--lang must be nl or en');
      args.lang = l;
    } else if (a === '--json') args.json = true;
    else if (a === '--questions') args.questions = value();
    else if (a === '--data') args.data = value();
    else if (a === '--help' || a === '-h') throw new UsageError('');
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else args.rest.push(a);
  }
  if (args.content.length === 0) args.content.push('content');
  return args;
}

/** One persisted index per set of content folders, so switching sets does not rebuild every time. */
function indexPathFor(args: Args): string {
  const dirs = args.content.map((d) => resolve(d));
  const single = dirs.length === 1 && dirs[0] === resolve('content');
  const name = single ? 'index.json' : `index-${createHash('sha256').update(dirs.join('\n')).digest('hex').slice(0, 10)}.json`;
  return resolve(args.data, name);
}

function open(args: Args, err: (s: string) => void): SearchIndex {
  const opened = openIndex(args.content, indexPathFor(args), {
    onProgress: (done, total) => total > 100 && err(`\rreading pages: ${done}/${total}`),
  });
  for (const p of opened.problems) err(`warning: ${p.file}: ${p.reason}\n`);
  return opened.index;
}

function ask(index: SearchIndex, texts: Texts, q: string, args: Args): Answer {
  return answer(q, { index, suggestions: texts.examples, lang: args.lang });
}

function asJson(a: Answer, texts: Texts): string {
  return JSON.stringify({
    question: a.question,
    language: a.language,
    answered: a.answered,
    text: replyText(a, texts.t).text,
    citations: a.citations.map((c) => ({ n: c.n, title: c.title, section: c.section, url: c.url, language: c.language })),
  });
}

async function cmdAsk(args: Args, out: (s: string) => void, err: (s: string) => void, stdin: NodeJS.ReadableStream): Promise<number> {
  const texts = createTexts();
  const index = open(args, err);
  const emit = (q: string) => {
    let a: Answer;
    try {
      a = ask(index, texts, q, args);
    } catch (e) {
      // answer() is built never to throw; if it ever does, one bad line must not end a batch.
      err(`error: ${(e as Error).message}\n`);
      a = { question: '', language: args.lang ?? 'en', answered: false, reason: 'empty', lines: [], seeAlso: [], citations: [], crossLanguage: false, suggestions: [] };
    }
    out(args.json ? `${asJson(a, texts)}\n` : `${formatAnswer(a, texts)}\n\n`);
  };
  if (args.rest.length > 0) {
    emit(args.rest.join(' '));
    return 0;
  }
  const rl = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of rl) emit(line);
  return 0;
}

function cmdExplain(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  if (args.rest.length === 0) throw new UsageError('explain needs a QUESTION');
  const index = open(args, err);
  out(explainTrace(analyse(args.rest.join(' '), { index, lang: args.lang })));
  return 0;
}

function cmdCalibrate(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  if (!args.questions) throw new UsageError('calibrate needs --questions FILE');
  const questions = parseEvalFile(readFileSync(args.questions, 'utf8'));
  const index = open(args, err);
  const thresholds = Array.from({ length: 13 }, (_, i) => 0.2 + i * 0.05);
  out(formatCalibration(calibrate(questions, { index }, thresholds)));
  return 0;
}

function cmdReindex(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  const start = performance.now();
  const corpus = loadCorpus(args.content, { onProgress: (d, t) => t > 100 && err(`\rreading pages: ${d}/${t}`) });
  if (corpus.documents.length > 0) err('\n');
  const index = buildIndex(corpus);
  saveIndex(index, indexPathFor(args), fingerprintContent(args.content));
  const count = (l: Lang) => index.passages.filter((p) => p.lang === l).length;
  out(`documents: ${index.documents.length}\npassages: nl ${count('nl')}, en ${count('en')}\n`);
  out(`version: ${index.version}\ntime: ${Math.round(performance.now() - start)} ms\n`);
  for (const p of corpus.problems) out(`problem: ${p.file}: ${p.reason}\n`);
  return corpus.documents.length > 0 ? 0 : 1;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

function cmdEval(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  if (!args.questions) throw new UsageError('eval needs --questions FILE');
  const questions = parseEvalFile(readFileSync(args.questions, 'utf8'));
  const texts = createTexts();
  const index = open(args, err);
  const answers = questions.map((q) => answer(q.q, { index, suggestions: texts.examples }));
  const r = scoreAnswers(questions, answers);
  if (args.json) {
    out(`${JSON.stringify(r)}\n`);
    return 0;
  }
  out(`questions: ${r.questions} (${r.answerable} answerable, ${r.outOfScope} out of scope)\n`);
  out(`top-1: ${pct(r.top1)}\nrecall@3: ${pct(r.recallAt3)}\nlanguage match: ${pct(r.languageMatch)}\n`);
  out(`out-of-scope abstained: ${r.outOfScopeAbstained} of ${r.outOfScope}\nanswerable wrongly abstained: ${r.answerableAbstained}\n`);
  if (r.misses.length > 0) out('misses:\n');
  for (const m of r.misses) out(`  ${m.id} ${JSON.stringify(m.question)}: ${m.problem}\n${m.got.map((u) => `      ${u}\n`).join('')}`);
  return 0;
}

/** Runs the CLI with injectable streams (tests call it in-process). Resolves to the exit code. */
export async function runCli(
  argv: string[],
  io: { out?: (s: string) => void; err?: (s: string) => void; stdin?: NodeJS.ReadableStream } = {},
): Promise<number> {
  const out = io.out ?? ((s: string) => void process.stdout.write(s));
  const err = io.err ?? ((s: string) => void process.stderr.write(s));
  try {
    if (argv[0] === 'feedback') return await runFeedbackExport(argv.slice(1), { out, err, redis: loadRedisConfig() });
    const args = parseArgs(argv);
    switch (args.command) {
      case 'ask':
        return await cmdAsk(args, out, err, io.stdin ?? process.stdin);
      case 'explain':
        return cmdExplain(args, out, err);
      case 'calibrate':
        return cmdCalibrate(args, out, err);
      case 'reindex':
        return cmdReindex(args, out, err);
      case 'eval':
        return cmdEval(args, out, err);
      case 'bench': {
        const result = runEngineBench({ contentDirs: args.content, log: err });
        out(args.json ? `${JSON.stringify(result)}\n` : formatEngineBench(result));
        return 0;
      }
      default:
        throw new UsageError(args.command ? `unknown command ${args.command}` : '');
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof FeedbackUsageError) {
      if (e.message) err(`privacy-bot: ${e.message}\n`);
      err(`${USAGE}\n`);
      return 2;
    }
    err(`privacy-bot: ${(e as Error).message}\n`);
    return 1;
  }
}
