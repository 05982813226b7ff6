/**
 * Rejected requests (a wrong admin token, a bad Slack signature, a missing Teams token, a throttled
 * client) are counted, not logged one line each: an attacker sending thousands must not flood the log or
 * the audit trail. The first rejection of an interval is reported at once (so an operator sees an attack
 * start); the rest of that interval is reported as one summary line when it ends.
 */
import type { Logger } from '../core/logger';

/** What one interval saw, handed to the log line and to `onReport`. */
export interface RejectionReport {
  /** `first`: the first rejection of an interval; `summary`: the rest of it, when it ends. */
  kind: 'first' | 'summary';
  total: number;
  /** Count per reason code (`wrong_token`, `invalid_signature`, …). */
  reasons: Record<string, number>;
  /** Distinct client addresses seen (counted up to {@link RejectionSummaryOptions.maxClients}). */
  clients: number;
  /** Up to three clients with the most rejections, for the audit trail. */
  topClients: { client: string; count: number }[];
  intervalS: number;
}

/** Counts rejections and reports them at most twice per interval. */
export interface RejectionSummary {
  record(reason: string, client?: string): void;
  /** Reports what is pending now (used at shutdown and by tests). */
  flush(): void;
  /** Flushes and stops the timer. */
  stop(): void;
}

/** Options of {@link createRejectionSummary}. */
export interface RejectionSummaryOptions {
  log: Logger;
  /** Which surface counts (a field of every line). */
  surface: string;
  /** Length of one interval (default 60 s). */
  intervalMs?: number;
  /** Distinct reasons kept per interval; more are counted as `other` (default 32). */
  maxReasons?: number;
  /** Distinct clients counted per interval (default 1000). */
  maxClients?: number;
  /** Also told of every report (the admin surface writes it to the audit trail). */
  onReport?: (report: RejectionReport) => void;
}

/** Creates an in-memory rejection counter. Its timer is unref'd: it never keeps the process alive. */
export function createRejectionSummary(options: RejectionSummaryOptions): RejectionSummary {
  const { log, surface } = options;
  const intervalMs = options.intervalMs ?? 60_000;
  const maxReasons = options.maxReasons ?? 32;
  const maxClients = options.maxClients ?? 1000;
  let reasons = new Map<string, number>();
  let clients = new Map<string, number>();
  let total = 0;
  let timer: NodeJS.Timeout | undefined;

  const report = (kind: RejectionReport['kind']) => {
    const r: RejectionReport = {
      kind,
      total,
      reasons: Object.fromEntries(reasons),
      clients: clients.size,
      topClients: [...clients].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([client, count]) => ({ client, count })),
      intervalS: Math.round(intervalMs / 1000),
    };
    // Client addresses go to the audit hook only; the log line carries counts.
    const fields = { kind, total, reasons: r.reasons, clients: r.clients, intervalS: r.intervalS };
    log.warn({ surface, ...fields }, kind === 'first' ? 'rejected request' : 'rejected requests (summary of the interval)');
    try {
      options.onReport?.(r);
    } catch (err) {
      log.warn({ surface, err: (err as Error).message }, 'rejection report hook failed');
    }
    reasons = new Map();
    clients = new Map();
    total = 0;
  };

  const endInterval = () => {
    timer = undefined;
    if (total > 0) report('summary');
  };

  return {
    record(reason, client) {
      const key = reasons.has(reason) || reasons.size < maxReasons ? reason : 'other';
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
      if (client !== undefined && (clients.has(client) || clients.size < maxClients)) clients.set(client, (clients.get(client) ?? 0) + 1);
      total += 1;
      if (timer === undefined) {
        // A fresh interval: say so now, count the rest.
        report('first');
        timer = setTimeout(endInterval, intervalMs);
        timer.unref();
      }
    },
    flush() {
      if (total > 0) report('summary');
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (total > 0) report('summary');
    },
  };
}
