/**
 * Every post to Slack (Web API calls and response_url posts) goes through here, so a rate limit cannot
 * park replies in memory without bound. When Slack answers 429 with `Retry-After`, posts wait for it only
 * when it is short (at most `maxWaitMs`); a longer one gives the post up at once with a log line. At most
 * `maxPending` posts wait at a time; more are dropped and counted. Log lines are summarised, at most one
 * of each kind per interval.
 */
import type { Logger } from '../../core/logger';

/** Options of {@link SlackOutbox}. */
export interface SlackOutboxOptions {
  /** Longest Retry-After honoured (default 30 s). */
  maxWaitMs?: number;
  /** Most posts in flight or waiting (default 200). */
  maxPending?: number;
  /** Retries of one post after short rate limits (default 2). */
  maxRetries?: number;
  log: Logger;
  /** Minimum time between two summary lines of one kind (default 60 s). */
  logIntervalMs?: number;
  now?: () => number;
}

/** Counters of the outbox. */
export interface OutboxStats {
  pending: number;
  sent: number;
  /** Refused because `maxPending` posts were already waiting. */
  dropped: number;
  /** Given up because Slack asked to wait longer than `maxWaitMs` (or kept rate-limiting). */
  gaveUp: number;
}

/** Seconds Slack asked to wait, when `err` is a rate limit (WebClient's error or a 429 from response_url). */
export function retryAfterOf(err: unknown): number | undefined {
  const e = err as { code?: string; retryAfter?: unknown; response?: { status?: number; headers?: Record<string, unknown> } };
  if (e?.code === 'slack_webapi_rate_limited_error') return Number(e.retryAfter) || 1;
  if (e?.response?.status === 429) return Number(e.response.headers?.['retry-after']) || 1;
  return undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** See the file comment. */
export class SlackOutbox {
  /** Until when each lane is rate-limited: Slack limits per method, so one lane's 429 does not hold another's posts. */
  private readonly pausedUntil = new Map<string, number>();
  private readonly counts: OutboxStats = { pending: 0, sent: 0, dropped: 0, gaveUp: 0 };
  private readonly lastLog = new Map<string, { at: number; suppressed: number }>();
  private readonly maxWaitMs: number;
  private readonly maxPending: number;
  private readonly now: () => number;

  constructor(private readonly options: SlackOutboxOptions) {
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.maxPending = options.maxPending ?? 200;
    this.now = options.now ?? Date.now;
  }

  /**
   * Runs `call` (one post) within the bounds. Resolves true when it was sent, false when it was dropped or
   * given up (already logged). Errors other than rate limits are passed on for the caller to log.
   * `lane` groups posts that share a rate limit (a Web API method, or response_url posts).
   */
  async send(what: string, call: () => Promise<unknown>, lane = what): Promise<boolean> {
    if (this.counts.pending >= this.maxPending) {
      this.counts.dropped++;
      this.summary('dropped', { what, maxPending: this.maxPending }, 'slack: too many posts waiting for a rate limit, post dropped');
      return false;
    }
    this.counts.pending++;
    try {
      for (let attempt = 0; ; attempt++) {
        const wait = (this.pausedUntil.get(lane) ?? 0) - this.now();
        if (wait > this.maxWaitMs || (wait > 0 && attempt > (this.options.maxRetries ?? 2))) return this.giveUp(what, wait);
        if (wait > 0) await sleep(wait);
        try {
          await call();
          this.counts.sent++;
          return true;
        } catch (err) {
          const seconds = retryAfterOf(err);
          if (seconds === undefined) throw err;
          this.pausedUntil.set(lane, Math.max(this.pausedUntil.get(lane) ?? 0, this.now() + seconds * 1000));
        }
      }
    } finally {
      this.counts.pending--;
    }
  }

  stats(): OutboxStats {
    return { ...this.counts };
  }

  private giveUp(what: string, waitMs: number): false {
    this.counts.gaveUp++;
    this.summary('gaveUp', { what, retryAfterMs: Math.round(waitMs), maxWaitMs: this.maxWaitMs }, 'slack: rate limited, post given up');
    return false;
  }

  /** The first line of a kind goes out at once, the rest within the interval are counted into the next one. */
  private summary(kind: string, fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    const last = this.lastLog.get(kind);
    if (last && now - last.at < (this.options.logIntervalMs ?? 60_000)) {
      last.suppressed++;
      return;
    }
    this.lastLog.set(kind, { at: now, suppressed: 0 });
    this.options.log.warn({ ...fields, suppressedSinceLast: last?.suppressed ?? 0, total: this.counts[kind as 'dropped' | 'gaveUp'] }, message);
  }
}
