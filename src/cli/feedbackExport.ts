/**
 * `privacy-bot feedback export [--stream feedback|unanswered|audit] [--since TIME] [--data DIR]`:
 * writes one admin log as JSON lines on stdout. With `REDIS_URL` set it reads the shared Redis stream
 * every replica writes; otherwise the local files (`feedback.jsonl` holds feedback and unanswered
 * questions, told apart by `kind`; `audit.jsonl` the audit trail). `--since` takes an ISO time or a
 * duration back from now (`24h`, `7d`). Lines that are not JSON are skipped and counted on stderr.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseDuration, type RedisConfig } from '../config';
import { silentLogger } from '../core/logger';
import { keyLayout } from '../state/keys';
import { createRedisConnection } from '../state/redisConnection';
import { readStream, STREAMS, type StreamName } from '../state/streamSink';

/** Usage line for the CLI's help. */
export const FEEDBACK_USAGE = '  privacy-bot feedback export [--stream feedback|unanswered|audit] [--since ISO-TIME|24h] [--data DIR]';

interface ExportArgs {
  stream: StreamName;
  sinceMs?: number;
  data: string;
}

/** Thrown for a bad command line (exit code 2). */
export class FeedbackUsageError extends Error {}

function parse(argv: string[], now: number): ExportArgs {
  if (argv[0] !== 'export') throw new FeedbackUsageError(argv[0] ? `unknown feedback command ${argv[0]}` : 'feedback needs a command: export');
  const args: ExportArgs = { stream: 'feedback', data: 'data' };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[++i];
    if (v === undefined) throw new FeedbackUsageError(`${a} needs a value`);
    if (a === '--stream') {
      if (!(STREAMS as readonly string[]).includes(v)) throw new FeedbackUsageError(`--stream must be one of ${STREAMS.join(', ')}`);
      args.stream = v as StreamName;
    } else if (a === '--since') {
      const back = parseDuration(v);
      const at = back !== undefined ? now - back : Date.parse(v);
      if (!Number.isFinite(at)) throw new FeedbackUsageError('--since must be an ISO time or a duration like 24h');
      args.sinceMs = at;
    } else if (a === '--data') args.data = v;
    else throw new FeedbackUsageError(`unknown option ${a}`);
  }
  return args;
}

/** True when the entry's `at` is at or after `sinceMs` (entries without a readable time are kept). */
function isRecent(entry: Record<string, unknown>, sinceMs: number | undefined): boolean {
  if (sinceMs === undefined) return true;
  const at = typeof entry.at === 'string' ? Date.parse(entry.at) : NaN;
  return !Number.isFinite(at) || at >= sinceMs;
}

async function fromFile(args: ExportArgs, out: (s: string) => void): Promise<{ read: number; damaged: number }> {
  const file = join(args.data, args.stream === 'audit' ? 'audit.jsonl' : 'feedback.jsonl');
  let read = 0;
  let damaged = 0;
  if (!existsSync(file)) return { read, damaged };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      damaged += 1;
      continue;
    }
    if (args.stream !== 'audit' && entry.kind !== args.stream) continue;
    if (!isRecent(entry, args.sinceMs)) continue;
    out(`${JSON.stringify(entry)}\n`);
    read += 1;
  }
  return { read, damaged };
}

async function fromRedis(redis: RedisConfig, args: ExportArgs, out: (s: string) => void): Promise<{ read: number; damaged: number }> {
  const conn = createRedisConnection({ url: redis.url, log: silentLogger, commandTimeoutMs: 5000 });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Redis not reachable (REDIS_URL)')), 5000);
      conn.onReady(() => (clearTimeout(timer), resolve()));
    });
    // The stream id is the time it was added: start there, then check `at` for the exact bound.
    return await readStream(conn, keyLayout(redis.keyPrefix), args.stream, ({ entry }) => {
      if (isRecent(entry, args.sinceMs)) out(`${JSON.stringify(entry)}\n`);
    }, { sinceMs: args.sinceMs });
  } finally {
    await conn.close();
  }
}

/** Runs `feedback …`; resolves to the exit code. `redis` is the loaded Redis config (undefined: files). */
export async function runFeedbackExport(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void; redis: RedisConfig | undefined; now?: number },
): Promise<number> {
  const args = parse(argv, io.now ?? Date.now());
  const { read, damaged } = io.redis ? await fromRedis(io.redis, args, io.out) : await fromFile(args, io.out);
  io.err(`${read} ${args.stream} entries from ${io.redis ? 'Redis' : args.data}${damaged ? `; ${damaged} damaged lines skipped` : ''}\n`);
  return 0;
}
