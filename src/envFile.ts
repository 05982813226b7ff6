/**
 * Reads a `.env` file into a plain object, with Node's own dotenv parser (`util.parseEnv`, the parser
 * behind `process.loadEnvFile`, Node ≥ 20.12). `process.loadEnvFile` itself writes into `process.env`;
 * parsing into a copy lets `src/config.ts` merge it under the real environment and stay the only place
 * that reads `process.env`.
 *
 * Node's parser is lenient in a way that loses data: a line without `=` is glued onto the next line's
 * name, so `PORT` followed by `HOST=x` silently defines a variable called "PORT\nHOST". Each line is
 * therefore checked first, and a malformed file is refused with the line numbers (never the content,
 * which may hold a secret).
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** Variables from a file, or why it was refused. */
export type EnvFileResult =
  | { status: 'missing' }
  | { status: 'ok'; vars: Record<string, string> }
  | { status: 'invalid'; problems: string[] };

const ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=(.*)$/;

/** Line numbers (1-based) of lines that are neither blank, a comment, `NAME=value`, nor inside a quoted multi-line value. */
export function malformedLines(text: string): number[] {
  const bad: number[] = [];
  let openQuote: string | undefined;
  let openedAt = 0;
  text.split(/\r?\n/).forEach((line, i) => {
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = undefined;
      return;
    }
    if (/^\s*(#.*)?$/.test(line)) return;
    const m = ASSIGNMENT.exec(line);
    if (!m) {
      bad.push(i + 1);
      return;
    }
    const value = m[1].trim();
    const quote = value[0];
    // A value that opens a quote and does not close it on this line continues on the next ones.
    if ((quote === '"' || quote === "'" || quote === '`') && value.indexOf(quote, 1) === -1) {
      openQuote = quote;
      openedAt = i + 1;
    }
  });
  if (openQuote) bad.push(openedAt);
  return bad;
}

/** Reads and parses `path`. A missing file is not an error; an unreadable or malformed one is. */
export function readEnvFile(path: string): EnvFileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { status: 'missing' };
    return { status: 'invalid', problems: [`${path} could not be read (${code ?? (err as Error).message})`] };
  }
  const bad = malformedLines(text.replace(/^\uFEFF/, ''));
  if (bad.length > 0) {
    const lines = bad.length > 5 ? `${bad.slice(0, 5).join(', ')} and ${bad.length - 5} more` : bad.join(', ');
    const which = bad.length === 1 ? `line ${lines} is` : `lines ${lines} are`;
    return { status: 'invalid', problems: [`${path}: ${which} not NAME=value (or a # comment), so the file was not used`] };
  }
  return { status: 'ok', vars: parseEnv(text.replace(/^\uFEFF/, '')) as Record<string, string> };
}
