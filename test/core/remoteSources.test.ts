import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { answer } from '../../src/core/query/answer';
import { openIndex } from '../../src/core/indexStore';
import { createReindexService, type ReindexService } from '../../src/core/reindexService';
import { refreshRemote, startSchedule, validateDownload, type RemoteOptions } from '../../src/core/remoteSources';
import { startFakeDocsServer, type FakeDocsServer } from '../helpers/fakeDocsServer';
import { lineLogger, silentLogger } from '../../src/core/logger';

const CONTENT = resolve(__dirname, '../../content');
const FILE = 'mtp-data-privacy.nl-NL.sxs.md';
const PAGE = '/live/mtp-data-privacy.md';

/** The shipped page with the product renamed: a valid live revision that is easy to recognise. */
const LIVE = readFileSync(join(CONTENT, FILE), 'utf8').replace(/Microsoft Threat Protection/g, 'Contoso Live Protection');

describe('live refresh of remote sources', () => {
  let docs: FakeDocsServer;
  let root: string;
  let content: string;
  let remote: RemoteOptions;
  let svc: ReindexService;

  const liveText = () => svc.current().passages.some((p) => p.text.includes('Contoso Live Protection') || p.heading.includes('Contoso Live Protection'));
  const reindex = () => svc.reindex({ who: 'ops', surface: 'http' });

  beforeEach(async function () {
    docs = await startFakeDocsServer();
    root = mkdtempSync(join(tmpdir(), 'remote-'));
    content = join(root, 'content');
    cpSync(CONTENT, content, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(content, 'sources.json'), 'utf8'));
    manifest.sources[0].remote = { [FILE]: docs.url(PAGE) };
    writeFileSync(join(content, 'sources.json'), JSON.stringify(manifest));
    const indexPath = join(root, 'data', 'index.json');
    remote = { enabled: true, cacheDir: join(root, 'cache'), timeoutMs: 400, maxBytes: 256 * 1024 };
    // In-process builds keep these many small runs fast; the first test checks the worker path with overrides.
    const worker = this.currentTest?.title.startsWith('uses a valid download') ?? false;
    svc = createReindexService({ contentDirs: [content], indexPath, initial: openIndex([content], indexPath).index, remote, audit: () => undefined, worker });
  });
  afterEach(async () => {
    await docs.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('uses a valid download, then sends If-None-Match and reuses the cached copy on 304', async () => {
    docs.script(PAGE, { status: 200, body: LIVE, headers: { etag: '"v1"', 'last-modified': 'Tue, 01 Oct 2024 10:00:00 GMT' } }, { status: 304 });
    const first = await reindex();
    assert.equal(first.ok, true, JSON.stringify(first.problems));
    assert.deepEqual(first.warnings, []);
    assert.deepEqual(first.changed, ['mtp-data-privacy']);
    assert.ok(liveText());
    assert.equal(docs.requests[0].headers['if-none-match'], undefined);

    const second = await reindex();
    assert.equal(second.ok, true);
    assert.deepEqual(second.warnings, []);
    assert.deepEqual(second.changed, []);
    assert.equal(docs.requests[1].headers['if-none-match'], '"v1"');
    assert.equal(docs.requests[1].headers['if-modified-since'], 'Tue, 01 Oct 2024 10:00:00 GMT');
    assert.ok(liveText());
    assert.equal(readFileSync(join(content, FILE), 'utf8').includes('Contoso'), false, 'the shipped file is never modified');
    const a = answer('Where is Contoso Live Protection data stored?', { index: svc.current() });
    assert.equal(a.answered, true);
  });

  const failures: [string, Parameters<FakeDocsServer['script']>[1], RegExp][] = [
    ['a 500', { status: 500, body: 'oops' }, /HTTP 500/],
    ['a timeout', { hang: true }, /within 400 ms/],
    ['an oversized streamed body', { stream: 1024 * 1024 }, /limit/],
    ['an oversized declared body', { status: 200, body: Buffer.alloc(300 * 1024, 0x61) }, /limit/],
    ['binary garbage', { status: 200, body: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]) }, /binary/],
    ['invalid UTF-8', { status: 200, body: Buffer.from([0x23, 0x20, 0xc3, 0x28, 0xa0, 0xa1]) }, /UTF-8/],
    ['a non-page (JSON error document)', { status: 200, body: '{"error":"not found"}' }, /no nl text/],
    ['broken front matter', { status: 200, body: '---\ntitle: [unclosed\n---\n# Heading\n\nText.\n' }, /not a page/],
    ['an empty body', { status: 200, body: '' }, /no passages/],
  ];

  for (const [name, response, reason] of failures) {
    it(`keeps the last good copy after ${name}`, async () => {
      docs.script(PAGE, { status: 200, body: LIVE, headers: { etag: '"v1"' } }, response);
      const good = await reindex();
      assert.equal(good.ok, true);
      assert.ok(liveText());
      const bad = await reindex();
      assert.equal(bad.ok, true, JSON.stringify(bad.problems));
      assert.equal(bad.warnings.length, 1);
      assert.ok(bad.warnings[0].file.endsWith(FILE));
      assert.match(bad.warnings[0].reason, reason);
      assert.match(bad.warnings[0].reason, /using the copy fetched/);
      assert.deepEqual(bad.changed, []);
      assert.ok(liveText(), 'the last good live copy still serves');
    });
  }

  it('falls back to the shipped file when there is no good copy yet', async () => {
    docs.script(PAGE, { status: 200, body: Buffer.from([0, 1, 2, 3]) });
    const report = await reindex();
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.match(report.warnings[0].reason, /binary.*using the shipped file/);
    assert.deepEqual(report.changed, []);
    assert.equal(liveText(), false);
  });

  it('ignores a cached copy that is no longer valid: no conditional request, shipped file on failure', async () => {
    docs.script(PAGE, { status: 200, body: LIVE, headers: { etag: '"v1"' } }, { status: 503 });
    assert.equal((await reindex()).ok, true);
    const meta = JSON.parse(readFileSync(join(remote.cacheDir, 'remote-cache.json'), 'utf8'));
    writeFileSync(join(remote.cacheDir, meta[docs.url(PAGE)].file), Buffer.from([0, 0, 0]));
    const report = await reindex();
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.equal(docs.requests[1].headers['if-none-match'], undefined);
    assert.match(report.warnings[0].reason, /HTTP 503.*using the shipped file/);
    assert.deepEqual(report.changed, ['mtp-data-privacy'], 'back from the live copy to the shipped text');
    assert.equal(liveText(), false);
  });

  it('reports a connection failure as a warning', async () => {
    const url = docs.url(PAGE);
    await docs.close();
    const report = await refreshRemote([content], remote);
    assert.equal(report.fetched, 0);
    assert.equal(report.warnings.length, 1);
    assert.match(report.warnings[0].reason, new RegExp(`live copy ${url.replace(/[.]/g, '\\.')} not used \\(fetch failed`));
    docs = await startFakeDocsServer(); // afterEach closes it again
  });

  it('fetches nothing when disabled', async () => {
    const report = await refreshRemote([content], { ...remote, enabled: false });
    assert.deepEqual(report, { overrides: {}, warnings: [], fetched: 0, notModified: 0 });
    assert.equal(docs.requests.length, 0);
    assert.equal(existsSync(remote.cacheDir), false);
  });

  it('warns about a remote entry that names no file of its source', async () => {
    const manifest = JSON.parse(readFileSync(join(content, 'sources.json'), 'utf8'));
    manifest.sources[0].remote = { 'other.md': docs.url(PAGE) };
    writeFileSync(join(content, 'sources.json'), JSON.stringify(manifest));
    const report = await refreshRemote([content], remote);
    assert.match(report.warnings[0].reason, /not part of source "mtp-data-privacy"/);
    assert.equal(docs.requests.length, 0);
  });

  it('validates downloads: text with passages in every required language', () => {
    assert.equal(validateDownload(Buffer.from('# Title\n\nSome text.\n'), 'en', ['en']), '# Title\n\nSome text.\n');
    assert.throws(() => validateDownload(Buffer.from('# Title\n\nSome text.\n'), 'en', ['nl', 'en']), /no nl text/);
    assert.throws(() => validateDownload(Buffer.from('a\0b'), 'en', []), /binary/);
    assert.throws(() => validateDownload(Buffer.from(`# Title\n\n${'['.repeat(2 * 1024 * 1024)}`), 'en', ['en']), /download is not a page: page has 2097152 "\[" characters/);
  });

  it('runs scheduled reindexes until stopped, skipping ticks while one runs', async () => {
    const lines: string[] = [];
    let calls = 0;
    let busy = false;
    const fake = {
      running: () => busy,
      reindex: async () => {
        calls++;
        busy = true;
        await new Promise((r) => setTimeout(r, 40));
        busy = false;
        return { ok: true, version: 'v', documents: 1, passages: { nl: 1, en: 1 }, added: [], removed: [], changed: [], durationMs: 1, problems: [], coalesced: false };
      },
    };
    const stop = startSchedule(fake, 15, lineLogger((l) => lines.push(l)));
    await new Promise((r) => setTimeout(r, 120));
    stop();
    const after = calls;
    await new Promise((r) => setTimeout(r, 60));
    assert.ok(after >= 1 && after <= 4, `calls=${after}`);
    assert.equal(calls, after, 'no runs after stop');
    assert.ok(lines.some((l) => l.startsWith('scheduled reindex finished') && l.includes('"ok":true')));
    assert.ok(lines.some((l) => l.includes('skipped')));
    assert.throws(() => startSchedule(fake, 0, silentLogger), /positive/);
  });
});
