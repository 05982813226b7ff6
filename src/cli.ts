/**
 * `privacy-bot` — the engine without a server: ask, explain, reindex, eval, calibrate, bench.
 * Exit codes: 0 success, 1 failure (eval below nothing: eval only reports), 2 usage error.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
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
import { describeFileError, findCommand, formatCommandHelp, formatHelp, parseCommandLine, usageLine, UsageError, version } from './cli/commands';
import { FeedbackUsageError, runFeedbackExport } from './cli/feedbackExport';
import { loadRedisConfig, readEnvironment } from './config';

/** Parsed command line. */
interface Args {
  command: string;
  content: string[];
  lang?: Lang;
  json: boolean;
  questions?: string;
  data: string;
  baseline?: string;
  rest: string[];
}

/** The command line as the commands use it (from the table in src/cli/commands.ts). */
function toArgs(command: string, o: Record<string, string | boolean | string[] | undefined>, operands: string[]): Args {
  const lang = o.lang as string | undefined;
  if (lang !== undefined && lang !== 'nl' && lang !== 'en') throw new UsageError('--lang must be nl or en', findCommand(command));
  const content = (o.content as string[] | undefined) ?? ['content'];
  // A folder that is not there is a typo, not a failure of the engine: say so before reading anything.
  for (const dir of content) if (!existsSync(dir)) throw new UsageError(`content folder not found: ${dir}`, findCommand(command));
  return { command, content, lang, json: o.json === true, questions: o.questions as string | undefined, data: (o.data as string | undefined) ?? 'data', baseline: o.baseline as string | undefined, rest: operands };
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

/** The `--questions` file of eval and calibrate: required, and an existing file (a clear usage error otherwise). */
function questionsFile(args: Args): string {
  const command = findCommand(args.command);
  if (!args.questions) throw new UsageError(`${args.command} needs --questions FILE`, command);
  if (!existsSync(args.questions)) throw new UsageError(`questions file not found: ${args.questions}`, command);
  if (!statSync(args.questions).isFile()) throw new UsageError(`--questions must be a file: ${args.questions}`, command);
  return args.questions;
}

function cmdExplain(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  if (args.rest.length === 0) throw new UsageError('explain needs a QUESTION', findCommand('explain'));
  const index = open(args, err);
  out(explainTrace(analyse(args.rest.join(' '), { index, lang: args.lang })));
  return 0;
}

function cmdCalibrate(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  const questions = parseEvalFile(readFileSync(questionsFile(args), 'utf8'));
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
  const questions = parseEvalFile(readFileSync(questionsFile(args), 'utf8'));
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
    const parsed = parseCommandLine(argv);
    if (parsed.kind === 'help') {
      out(parsed.command ? formatCommandHelp(parsed.command) : formatHelp());
      return 0;
    }
    if (parsed.kind === 'version') {
      out(`${version()}\n`);
      return 0;
    }
    if (parsed.command.name === 'feedback') {
      try {
        return await runFeedbackExport(parsed.operands, { out, err, redis: loadRedisConfig(readEnvironment()) });
      } catch (e) {
        throw e instanceof FeedbackUsageError ? new UsageError(e.message, parsed.command) : e;
      }
    }
    const args = toArgs(parsed.command.name, parsed.options, parsed.operands);
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
        const result = runEngineBench({ contentDirs: args.content, log: err, baseline: args.baseline });
        out(args.json ? `${JSON.stringify(result)}\n` : formatEngineBench(result));
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`privacy-bot: ${e.message}\n`);
      err(e.command ? `usage: ${usageLine(e.command)}\nprivacy-bot help ${e.command.name} lists its options.\n` : `usage: privacy-bot COMMAND [options]\nprivacy-bot --help lists the commands.\n`);
      return 2;
    }
    err(`privacy-bot: ${describeFileError(e) ?? (e as Error).message}\n`);
    return 1;
  }
}
