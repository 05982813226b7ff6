import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as restify from 'restify';
import { openIndex } from '../../src/core/indexStore';
import { createReindexService, type AuditEntry, type ReindexService } from '../../src/core/reindexService';
import * as http from 'node:http';
import { createAdminPlugin, tokenMatches, type AdminPlugin } from '../../src/server/adminPlugin';
import { createMemoryFailureThrottle } from '../../src/server/failureThrottle';
import { buildServer } from '../../src/server/buildServer';
import { lineLogger } from '../../src/core/logger';

const CONTENT = resolve(__dirname, '../../content');
const TOKEN = 's3cret-admin-token';

describe('admin HTTP plugin (real server)', () => {
  let root: string;
  let content: string;
  let service: ReindexService;
  let audit: AuditEntry[];
  let logs: string[];
  let server: restify.Server | undefined;
  let plugin: AdminPlugin;

  /** Starts a real restify server on a free port with the admin plugin; returns its base URL. */
  async function start(token: string | undefined): Promise<string> {
    plugin = createAdminPlugin({ token, service, log: lineLogger((l) => logs.push(l)) });
    server = buildServer({
      plugins: [plugin],
      health: () => ({ ...service.health() }),
      log: lineLogger((l) => logs.push(l)),
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const post = (base: string, headers: Record<string, string> = {}) => fetch(`${base}/admin/reindex`, { method: 'POST', headers });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'admin-'));
    content = join(root, 'content');
    cpSync(CONTENT, content, { recursive: true });
    const indexPath = join(root, 'index.json');
    audit = [];
    logs = [];
    service = createReindexService({ contentDirs: [content], indexPath, initial: openIndex([content], indexPath).index, audit: (e) => audit.push(e) });
  });
  afterEach(async () => {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses a request without a token with 401 and audits it', async () => {
    const base = await start(TOKEN);
    const res = await post(base);
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { error: 'unauthorized' });
    assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    assert.equal(audit.length, 1);
    assert.equal(audit[0].result, 'refused');
    assert.equal(audit[0].surface, 'http');
    assert.equal(audit[0].detail, 'no token');
    assert.equal(service.running(), false);
  });

  it('refuses a wrong token (shorter, longer, other scheme) with 401, then throttles the client with 429', async () => {
    const base = await start(TOKEN);
    for (const auth of ['Bearer nope', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const res = await post(base, { authorization: auth });
      assert.equal(res.status, 401, auth);
      assert.deepEqual(await res.json(), { error: 'unauthorized' });
    }
    const sixth = await post(base, { authorization: 'Bearer' });
    assert.equal(sixth.status, 429);
    plugin.stop();
    // The first refusal at once, the rest as one summary entry.
    assert.equal(audit.length, 2);
    assert.ok(audit.every((e) => e.result === 'refused'));
    assert.equal(audit[0].detail, 'wrong token');
    assert.match(String(audit[1].detail), /^summary: 5 more refused within 60 s: wrong token 4, throttled 1$/);
    assert.match(audit[1].who, /^http:127\.0\.0\.1 \(5\)$/);
    assert.ok(!JSON.stringify(audit).includes(TOKEN), 'the token never reaches the audit log');
  });

  it('throttles 50 wrong tokens from one client (429 with Retry-After), keeps the right token working from another, and logs a summary', async () => {
    const base = await start(TOKEN);
    const port = new URL(base).port;
    /** POSTs from a chosen loopback source address, so two "clients" can be told apart. */
    const postFrom = (localAddress: string, authorization: string) =>
      new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/admin/reindex', localAddress, headers: { authorization }, agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined }));
        });
        req.on('error', reject);
        req.end();
      });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 50; i += 1) {
      const res = await postFrom('127.0.0.2', `Bearer wrong-${i}`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= res.retryAfter;
    }
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.ok(statuses.slice(5).every((s) => s === 429), statuses.join(','));
    assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60, `Retry-After ${retryAfter}`);
    // Blocked means blocked: the right token from the throttled client does not get through either.
    assert.equal((await postFrom('127.0.0.2', `Bearer ${TOKEN}`)).status, 429);
    assert.equal((await postFrom('127.0.0.1', `Bearer ${TOKEN}`)).status, 200);
    plugin.stop();
    const refusalLines = logs.filter((l) => l.startsWith('rejected request'));
    assert.ok(refusalLines.length <= 2, refusalLines.join('\n'));
    assert.match(refusalLines.at(-1) ?? '', /"total":50,"reasons":\{"wrong token":4,"throttled":46\}/);
    assert.deepEqual(audit.map((e) => e.result), ['refused', 'ok', 'refused']);
  });

  it('reindexes with the right token and answers 200 with the report', async () => {
    const base = await start(TOKEN);
    const res = await post(base, { authorization: `Bearer ${TOKEN}` });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const report = (await res.json()) as Record<string, unknown>;
    assert.equal(report.ok, true);
    assert.equal(report.version, service.current().version);
    assert.equal(report.documents, 4);
    assert.deepEqual(report.changed, []);
    assert.equal(report.coalesced, false);
    assert.equal(typeof report.durationMs, 'number');
    assert.deepEqual(audit.map((e) => [e.surface, e.result]), [['http', 'ok']]);
    assert.match(audit[0].who, /^http:/);
  });

  it('answers 422 with the report when the new build is rejected', async () => {
    writeFileSync(join(content, 'mcas-data-security-privacy.nl-NL.md'), '---\ntitle: [unclosed\n---\n');
    const before = service.current();
    const base = await start(TOKEN);
    const res = await post(base, { authorization: `bearer  ${TOKEN}` });
    assert.equal(res.status, 422);
    const report = (await res.json()) as { ok: boolean; problems: { file: string; reason: string }[] };
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => p.file.endsWith('mcas-data-security-privacy.nl-NL.md')));
    assert.equal(service.current(), before);
  });

  it('coalesces concurrent HTTP requests into one run', async () => {
    const base = await start(TOKEN);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const [a, b] = await Promise.all([post(base, auth), post(base, auth)]);
    const reports = [(await a.json()) as { coalesced: boolean }, (await b.json()) as { coalesced: boolean }];
    assert.deepEqual(reports.map((r) => r.coalesced).sort(), [false, true]);
    assert.deepEqual(audit.map((e) => e.result).sort(), ['joined', 'ok']);
  });

  it('does not mount the route when no token is configured', async () => {
    const base = await start(undefined);
    const res = await post(base, { authorization: 'Bearer anything' });
    assert.equal(res.status, 404);
    assert.equal(audit.length, 0);
    assert.ok(logs.some((l) => /not available/.test(l)));
  });

  it('reports the index in /healthz', async () => {
    const base = await start(TOKEN);
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.status, 'ok');
    assert.equal(body.indexVersion, service.current().version);
    assert.equal(body.documents, 4);
    assert.equal(body.reindexing, false);
  });
});

describe('memory failure throttle', () => {
  it('blocks a key after maxFailures within the window, for the rest of it, and forgets the oldest keys beyond maxKeys', async () => {
    let t = 1_000_000;
    const throttle = createMemoryFailureThrottle({ maxFailures: 3, windowMs: 60_000, maxKeys: 2, now: () => t });
    for (let i = 0; i < 2; i += 1) assert.equal((await throttle.fail('a')).blocked, false);
    assert.deepEqual(await throttle.fail('a'), { blocked: true, retryAfterS: 60 });
    t += 30_500;
    assert.deepEqual(await throttle.blocked('a'), { blocked: true, retryAfterS: 30 });
    assert.equal((await throttle.blocked('b')).blocked, false);
    t += 30_000;
    assert.equal((await throttle.blocked('a')).blocked, false, 'a new window');
    for (let i = 0; i < 3; i += 1) await throttle.fail('a');
    await throttle.fail('b');
    await throttle.fail('c');
    assert.equal((await throttle.blocked('a')).blocked, false, 'a was the oldest of three keys and was forgotten');
  });
});

describe('tokenMatches', () => {
  it('accepts only "Bearer <token>" with the exact token', () => {
    assert.equal(tokenMatches('Bearer abc', 'abc'), true);
    assert.equal(tokenMatches('bearer abc', 'abc'), true);
    assert.equal(tokenMatches('Bearer abc ', 'abc'), true);
    assert.equal(tokenMatches('Bearer abcd', 'abc'), false);
    assert.equal(tokenMatches('Bearer ab', 'abc'), false);
    assert.equal(tokenMatches('abc', 'abc'), false);
    assert.equal(tokenMatches('Bearer a bc', 'abc'), false);
    assert.equal(tokenMatches(undefined, 'abc'), false);
    assert.equal(tokenMatches('', ''), false);
  });
});
