/**
 * A fake Slack Socket Mode endpoint on loopback: a `ws` WebSocket server that greets every connection
 * with `{type:'hello'}`, lets a test push envelopes, and records what the client sends back (acks are
 * `{envelope_id, payload}`). Pair it with the fake Web API, whose `apps.connections.open` answers with
 * {@link FakeSocketMode.url}.
 */
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

/** One message the bot sent on the socket. */
export interface SocketMessage {
  envelope_id?: string;
  payload?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A running fake Socket Mode server. */
export interface FakeSocketMode {
  /** `ws://127.0.0.1:<port>/link`, for `apps.connections.open`. */
  url: string;
  /** How many connections were opened so far. */
  connections: number;
  /** Everything received from clients, in order. */
  received: SocketMessage[];
  /** Sends an envelope to the newest connection (waits for one to be open). */
  send(envelope: Record<string, unknown>): Promise<void>;
  /** Resolves with the ack for `envelopeId`; rejects after `timeoutMs`. */
  ackFor(envelopeId: string, timeoutMs?: number): Promise<SocketMessage>;
  /** Resolves once `n` connections have been opened. */
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  /** Closes every open connection (the client should reconnect). */
  dropAll(): void;
  /** When false, new connections get no hello. */
  greet: boolean;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const server = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const sockets: WebSocket[] = [];

  const fake: FakeSocketMode = {
    url: `ws://127.0.0.1:${port}/link`,
    connections: 0,
    received: [],
    greet: true,
    async send(envelope) {
      await until(() => sockets.some((s) => s.readyState === WebSocket.OPEN), 3000, 'no open connection');
      const socket = [...sockets].reverse().find((s) => s.readyState === WebSocket.OPEN);
      socket?.send(JSON.stringify(envelope));
    },
    ackFor: (envelopeId, timeoutMs = 5000) =>
      until(() => fake.received.find((m) => m.envelope_id === envelopeId), timeoutMs, `no ack for ${envelopeId}`),
    waitForConnections: async (n, timeoutMs = 5000) => {
      await until(() => fake.connections >= n || undefined, timeoutMs, `fewer than ${n} connections`);
    },
    dropAll: () => sockets.forEach((s) => s.terminate()),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.terminate());
        server.close(() => resolve());
      }),
  };

  server.on('connection', (socket) => {
    sockets.push(socket);
    fake.connections += 1;
    socket.on('message', (data) => {
      try {
        fake.received.push(JSON.parse(String(data)) as SocketMessage);
      } catch {
        fake.received.push({ raw: String(data) });
      }
    });
    if (fake.greet) socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' } }));
  });

  /** Polls `get` every 20 ms until it returns something truthy. */
  function until<T>(get: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const deadline = setTimeout(() => (clearInterval(poll), reject(new Error(`fake Socket Mode: ${what}`))), timeoutMs);
      const check = () => {
        const v = get();
        if (v) {
          clearTimeout(deadline);
          clearInterval(poll);
          resolve(v);
          return true;
        }
        return false;
      };
      const poll = setInterval(check, 20);
      check();
    });
  }
  return fake;
}
