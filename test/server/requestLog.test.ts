import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import * as restify from 'restify';
import { recordingLogger } from '../../src/core/logger';
import { buildServer } from '../../src/server/buildServer';
import { completionLevel, installRequestLog, requestLogger } from '../../src/server/requestLog';

describe('requestLog', () => {
  const log = recordingLogger();
  let server: restify.Server;
  let base: string;

  before(async () => {
    server = buildServer({
      plugins: [{
        name: 'test',
        mount: (s) => {
          s.get('/boom', async () => Promise.reject(new Error('internal detail')));
          s.post('/admin/thing', (req: restify.Request, res: restify.Response, next: restify.Next) => {
            requestLogger(req, log).info({ step: 'handler' }, 'inside');
            res.json(200, { ok: true });
            return next();
          });
        },
      }],
      health: () => ({}),
      log,
    });
    installRequestLog(server, log);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server?.server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  beforeEach(() => log.records.splice(0));

  const lines = () => log.records.filter((r) => r.msg === 'request');
  const waitForLine = async () => {
    for (let i = 0; i < 50 && lines().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    return lines();
  };

  it('gives every request an id, sends it as X-Request-Id and logs the completion with it', async () => {
    const res = await fetch(`${base}/healthz?token=abc`);
    const id = res.headers.get('x-request-id');
    assert.match(String(id), /^[0-9a-f]{8}-[0-9a-f]{4}-/);
    const [line] = await waitForLine();
    assert.deepEqual({ ...line, ms: typeof line.ms }, { requestId: id, method: 'GET', route: '/healthz', status: 200, client: '127.0.0.1', ms: 'number', level: 'debug', msg: 'request' });
    assert.doesNotMatch(JSON.stringify(log.records), /token=abc/);
  });

  it('keeps a well-formed caller id and replaces one that could inject text', async () => {
    const kept = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'gateway-1234.abcd' } });
    assert.equal(kept.headers.get('x-request-id'), 'gateway-1234.abcd');
    const replaced = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'x"} {"level":"error' } });
    assert.notEqual(replaced.headers.get('x-request-id'), 'x"} {"level":"error');
    assert.match(String(replaced.headers.get('x-request-id')), /^[0-9a-f-]{36}$/);
  });

  it('binds the request id to the handler logger too', async () => {
    const res = await fetch(`${base}/admin/thing`, { method: 'POST' });
    const inside = log.records.find((r) => r.msg === 'inside');
    assert.equal(inside?.requestId, res.headers.get('x-request-id'));
    const [line] = await waitForLine();
    assert.equal(line.level, 'info', 'a success off the hot paths is info');
  });

  it('logs 4xx at debug and 5xx at warn, with the route (or the path when nothing matched)', async () => {
    await (await fetch(`${base}/missing/page`)).text();
    await (await fetch(`${base}/boom`)).text();
    for (let i = 0; i < 50 && lines().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    const missing = lines().find((r) => r.status === 404);
    const boom = lines().find((r) => r.status === 500);
    assert.equal(missing?.level, 'debug', 'refusals are counted by the rejection summary, not logged one by one at info');
    assert.equal(missing?.route, '/missing/page');
    assert.equal(boom?.level, 'warn');
    assert.equal(boom?.route, '/boom');
  });

  it('levels: 5xx warn, 4xx debug, 2xx debug on hot paths, info elsewhere', () => {
    assert.equal(completionLevel(503, '/readyz'), 'warn');
    assert.equal(completionLevel(401, '/api/messages'), 'debug');
    assert.equal(completionLevel(200, '/api/messages'), 'debug');
    assert.equal(completionLevel(200, '/slack/events'), 'debug');
    assert.equal(completionLevel(202, '/admin/reindex'), 'info');
  });
});
