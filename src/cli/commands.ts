/**
 * The command line's vocabulary as data: one {@link CommandSpec} per command (name, summary, operands,
 * options with a line of description each). `--help`, `help <command>`, the usage shown after an error
 * and the `node:util` `parseArgs` configuration all come from this table, so a new command is one entry
 * here plus its `case` in `src/cli.ts`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One option. */
export interface OptionSpec {
  /** Long name without dashes. */
  name: string;
  short?: string;
  /** A string option takes a value (shown as `value`); a boolean one does not. */
  type: 'string' | 'boolean';
  /** Placeholder of the value in help (`DIR`, `FILE`). */
  value?: string;
  /** May be given more than once (collected in order). */
  multiple?: boolean;
  description: string;
}

/** One command. */
export interface CommandSpec {
  name: string;
  summary: string;
  /** Operands after the options, as shown in the usage line (`[QUESTION]`). */
  operands?: string;
  /** A longer note under the command's own help. */
  details?: string;
  options: OptionSpec[];
  /** The command parses its own arguments (only `--help`/`-h` is taken here); `options` document them. */
  ownParser?: boolean;
}

const content: OptionSpec = { name: 'content', type: 'string', value: 'DIR', multiple: true, description: 'content folder with a sources.json; repeat for several (default ./content)' };
const data: OptionSpec = { name: 'data', type: 'string', value: 'DIR', description: 'where the persisted index lives (default ./data)' };
const json: OptionSpec = { name: 'json', type: 'boolean', description: 'print JSON (one object per line) instead of text' };

/** Options every command accepts. */
export const GLOBAL_OPTIONS: OptionSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'show help (for a command: privacy-bot help COMMAND)' },
  { name: 'version', type: 'boolean', description: 'print the version and exit' },
];

/** The commands, in the order help lists them. */
export const COMMANDS: CommandSpec[] = [
  {
    name: 'ask',
    summary: 'answer a question (or one per line from stdin) with cited sources',
    operands: '[QUESTION]',
    details: 'Without QUESTION every line of stdin is a question; the answers follow in the same order.',
    options: [content, { name: 'lang', type: 'string', value: 'nl|en', description: 'answer in this language instead of the question\'s own' }, json, data],
  },
  {
    name: 'explain',
    summary: 'show why a question was or was not answered (the plan, the candidates and their scores)',
    operands: 'QUESTION',
    options: [content, { name: 'lang', type: 'string', value: 'nl|en', description: 'analyse in this language instead of the question\'s own' }, data],
  },
  {
    name: 'reindex',
    summary: 'rebuild the index from the content folders and save it',
    options: [content, data],
  },
  {
    name: 'eval',
    summary: 'score the answers against a question set (JSON lines with expected sources)',
    options: [{ name: 'questions', type: 'string', value: 'FILE', description: 'the question set (.jsonl), required' }, content, json, data],
  },
  {
    name: 'calibrate',
    summary: 'sweep the abstention threshold over a question set (use the training set only)',
    options: [{ name: 'questions', type: 'string', value: 'FILE', description: 'the question set (.jsonl), required' }, content, data],
  },
  {
    name: 'bench',
    summary: 'measure indexing and answering speed on the content',
    options: [
      content,
      json,
      { name: 'baseline', type: 'string', value: 'DIR', description: 'also time the build in DIR/dist (a checkout of another commit) on the same questions, in turn, and print the ratios' },
    ],
  },
  {
    name: 'feedback',
    summary: 'export an admin log (feedback, unanswered questions, audit) as JSON lines',
    operands: 'export',
    details: 'Reads the shared Redis streams when REDIS_URL is set, else the files in --data.',
    ownParser: true,
    options: [
      { name: 'stream', type: 'string', value: 'feedback|unanswered|audit', description: 'which log to export (default feedback)' },
      { name: 'since', type: 'string', value: 'ISO-TIME|24h', description: 'only entries from this time, or this long ago, onwards' },
      data,
    ],
  },
];

/** A mistake in the command line: reported with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: CommandSpec) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command named `name`, if there is one. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The version in package.json. */
export function version(): string {
  // dist/cli/commands.js and src/cli/commands.ts are both two levels below the package root.
  const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version?: unknown };
  return String(pkg.version ?? 'unknown');
}

const optionLabel = (o: OptionSpec): string =>
  `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}${o.multiple ? '...' : ''}`;

function optionTable(options: OptionSpec[]): string {
  const width = Math.max(...options.map((o) => optionLabel(o).length));
  return options.map((o) => `  ${optionLabel(o).padEnd(width)}  ${o.description}`).join('\n');
}

/** `privacy-bot ask [options] [QUESTION]` */
export function usageLine(c: CommandSpec): string {
  return `privacy-bot ${c.name}${c.options.length ? ' [options]' : ''}${c.operands ? ` ${c.operands}` : ''}`;
}

/** The overview: every command with its summary, and the global options. */
export function formatHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `privacy-bot ${version()}: answers questions about where and how Microsoft security products store and protect data, with sources.`,
    '',
    'usage: privacy-bot COMMAND [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'options:',
    optionTable(GLOBAL_OPTIONS),
    '',
    'privacy-bot help COMMAND (or COMMAND --help) lists the options of a command.',
    '',
  ].join('\n');
}

/** One command's help: usage, summary, options. */
export function formatCommandHelp(c: CommandSpec): string {
  return [
    `usage: ${usageLine(c)}`,
    '',
    `${c.summary[0].toUpperCase()}${c.summary.slice(1)}.${c.details ? ` ${c.details}` : ''}`,
    '',
    'options:',
    optionTable([...c.options, ...GLOBAL_OPTIONS]),
    '',
  ].join('\n');
}

/** What {@link parseCommandLine} found. */
export type ParsedCommandLine =
  | { kind: 'help'; command?: CommandSpec }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandSpec; options: Record<string, string | boolean | string[] | undefined>; operands: string[] };

/**
 * Parses `argv` (without `node` and the script) strictly: an unknown command or option, a missing value
 * or an operand the command does not take is a {@link UsageError}.
 */
export function parseCommandLine(argv: string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('no command given');
  if (first === '--help' || first === '-h' || first === 'help') {
    if (first === 'help' && rest[0] !== undefined) {
      const c = findCommand(rest[0]);
      if (!c) throw new UsageError(`unknown command "${printable(rest[0])}"`);
      return { kind: 'help', command: c };
    }
    return { kind: 'help' };
  }
  if (first === '--version') return { kind: 'version' };
  const command = findCommand(first);
  if (!command) throw new UsageError(first.startsWith('-') ? `unknown option ${printable(first)} (options follow the command)` : `unknown command "${printable(first)}"`);

  if (command.ownParser) {
    if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', command };
    return { kind: 'run', command, options: {}, operands: rest };
  }
  const config: ParseArgsConfig = { args: rest, strict: true, allowPositionals: true, options: {} };
  for (const o of [...command.options, ...GLOBAL_OPTIONS]) {
    config.options![o.name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(config);
  } catch (err) {
    throw new UsageError(describeParseError(err as Error & { code?: string }, command), command);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) return { kind: 'help', command };
  if (values.version) return { kind: 'version' };
  if (!command.operands && parsed.positionals.length > 0) {
    throw new UsageError(`${command.name} takes no operands (got "${printable(parsed.positionals[0])}")`, command);
  }
  return { kind: 'run', command, options: values, operands: parsed.positionals };
}

/** Node's parseArgs messages are long and generic; say which option and what is wrong. */
function describeParseError(err: Error & { code?: string }, command: CommandSpec): string {
  const option = /'(-{1,2}[^']*)'/.exec(err.message)?.[1];
  const name = option ? printable(option.split(/[ =]/)[0]) : 'an option';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${name} for ${command.name}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(err.message) ? `${name} needs a value` : `${name} takes no value`;
    default:
      return err.message;
  }
}

/** The message for a file the command could not read or write (no raw `ENOENT: …, open 'x'`). */
export function describeFileError(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  const reasons: Record<string, string> = { ENOENT: 'not found', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'is a folder, not a file', ENOTDIR: 'a part of the path is not a folder' };
  const reason = typeof e?.code === 'string' ? reasons[e.code] : undefined;
  return reason && typeof e.path === 'string' ? `${e.syscall === 'open' || e.syscall === 'read' ? 'cannot read' : 'cannot use'} ${e.path}: ${reason}` : undefined;
}

/** A command-line word as it may be echoed in an error: no control characters, at most 60 characters. */
function printable(word: string): string {
  const clean = word.replace(/\p{Cc}/gu, '?');
  return clean.length > 60 ? `${clean.slice(0, 59)}…` : clean;
}
