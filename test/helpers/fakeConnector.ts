/**
 * A loopback fake of the Bot Framework connector service (what Teams / the Emulator expose at `serviceUrl`),
 * plus helpers to post activities to a bot endpoint the way the Emulator does. Reusable by every
 * Bot Framework surface test.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bot made to the connector. */
export interface ConnectorCall {
  method: string;
  /** Decoded conversation id from the URL. */
  conversationId: string;
  /** Set for `POST /v3/conversations/{id}/activities/{replyToId}` (a reply), absent for a plain send. */
  replyToId?: string;
  /** The activity the bot sent (parsed JSON body). */
  activity: Record<string, unknown> & { type?: string; text?: string };
  /** The id the fake returned for it. */
  returnedId: string;
  authorization?: string;
}

/** A running fake connector. */
export interface FakeConnector {
  /** Use as the activity's `serviceUrl` (no trailing slash). */
  url: string;
  calls: ConnectorCall[];
  /** Resolves with the first call (already recorded or future) that matches, or rejects after `timeoutMs`. */
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/** Options of {@link startFakeConnector}. */
export interface FakeConnectorOptions {
  /** HTTP status to answer a received activity with instead of 200 (the call is still recorded, without id). */
  statusFor?: (activity: ConnectorCall['activity']) => number | undefined;
}

/** Starts the fake on 127.0.0.1 on a free port. Every accepted send gets a fresh id `generated-id-<n>`. */
export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const waiters: { predicate: (call: ConnectorCall) => boolean; resolve: (call: ConnectorCall) => void }[] = [];
  let counter = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = ACTIVITY_PATH.exec((req.url ?? '').split('?')[0]);
      if (!match || req.method !== 'POST') {
        // Updates, deletes, member look-ups: accepted but not recorded.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
        return;
      }
      let activity: ConnectorCall['activity'];
      try {
        activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ConnectorCall['activity'];
      } catch {
        res.writeHead(400);
        res.end();
        return;
      }
      const status = options.statusFor?.(activity) ?? 200;
      if (status !== 200) {
        calls.push({ method: req.method, conversationId: decodeURIComponent(match[1]), activity, returnedId: '' });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'BadArgument', message: `fake status ${status}` } }));
        return;
      }
      counter += 1;
      const call: ConnectorCall = {
        method: req.method,
        conversationId: decodeURIComponent(match[1]),
        replyToId: match[2] === undefined ? undefined : decodeURIComponent(match[2]),
        activity,
        returnedId: `generated-id-${counter}`,
        authorization: req.headers.authorization,
      };
      calls.push(call);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(call)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: call.returnedId }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    waitFor(predicate, timeoutMs = 3000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<ConnectorCall>((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (call: ConnectorCall) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`fake connector: no matching call within ${timeoutMs} ms (got ${calls.length} calls)`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The messages (not typing indicators) the bot sent to `conversationId`, in order. */
export function messagesIn(connector: FakeConnector, conversationId: string): ConnectorCall[] {
  return connector.calls.filter((c) => c.conversationId === conversationId && c.activity.type === 'message');
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Fields of an Emulator-style activity a test usually varies. */
export interface ActivityInit {
  serviceUrl: string;
  type?: string;
  text?: string;
  conversationId?: string;
  conversationType?: 'personal' | 'channel' | 'groupChat';
  locale?: string;
  channelId?: string;
  from?: { id: string; name?: string; aadObjectId?: string };
  recipientId?: string;
  [extra: string]: unknown;
}

let activityCounter = 0;

/** Builds an incoming activity as the Emulator / Teams would post it to the bot. */
export function makeActivity(init: ActivityInit): Record<string, unknown> {
  const { serviceUrl, type, text, conversationId, conversationType, locale, channelId, from, recipientId, ...extra } = init;
  activityCounter += 1;
  return {
    type: type ?? 'message',
    id: `incoming-${activityCounter}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: channelId ?? 'msteams',
    conversation: { id: conversationId ?? 'conv-1', conversationType: conversationType ?? 'personal' },
    from: from ?? { id: 'user-1', name: 'Test User', aadObjectId: 'aad-user-1' },
    recipient: { id: recipientId ?? 'bot-id', name: 'Privacy Bot' },
    locale: locale ?? 'en-US',
    ...(text === undefined ? {} : { text }),
    ...extra,
  };
}

/** Result of posting to the bot endpoint. */
export interface PostResult {
  status: number;
  body: string;
}

/** POSTs an activity as JSON to `url` (the bot's `/api/messages`). */
export async function postActivity(url: string, activity: unknown, headers: Record<string, string> = {}): Promise<PostResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  return { status: response.status, body: await response.text() };
}
