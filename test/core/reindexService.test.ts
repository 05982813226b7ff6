import { strict as assert } from 'node:assert';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAuditLog } from '../../src/bot/auditLog';
import { answer } from '../../src/core/query/answer';
import { fingerprintContent, openIndex, readIndex } from '../../src/core/indexStore';
import { unbuiltStructures } from '../../src/core/query/prepareIndex';
import { resourcesOf, typoVocabulary } from '../../src/core/query/resources';
import { buildTypoIndex } from '../../src/core/query/typos';
import { createReindexService, diffIndexes, type AuditEntry, type ReindexServiceOptions } from '../../src/core/reindexService';
import type { Answer } from '../../src/core/types';
import { lineLogger, recordingLogger } from '../../src/core/logger';

const CONTENT = resolve(__dirname, '../../content');
const LATER_MTP = resolve(__dirname, '../../../shared/corpus/m365-security-nl-NL/microsoft-365/security/defender/data-privacy.md');

/** A private copy of the real content folder plus an index path, and the index opened from it. */
function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'reindex-'));
  const content = join(root, 'content');
  cpSync(CONTENT, content, { recursive: true });
  const indexPath = join(root, 'data', 'index.json');
  const initial = openIndex([content], indexPath).index;
  return { root, content, indexPath, initial };
}

function isAnswer(a: Answer): boolean {
  return typeof a.answered === 'boolean' && Array.isArray(a.lines) && Array.isArray(a.seeAlso) && Array.isArray(a.citations) && (a.language === 'nl' || a.language === 'en');
}

describe('reindex service', () => {
  let ws: ReturnType<typeof workspace>;
  let audit: AuditEntry[];
  const service = (extra: Partial<ReindexServiceOptions> = {}) =>
    createReindexService({ contentDirs: [ws.content], indexPath: ws.indexPath, initial: ws.initial, audit: (e) => audit.push(e), ...extra });

  beforeEach(() => {
    ws = workspace();
    audit = [];
  });
  afterEach(() => rmSync(ws.root, { recursive: true, force: true }));

  it('keeps answering every question while a reindex runs and swaps in the new index', async () => {
    appendFileSync(join(ws.content, 'mcas-data-security-privacy.en-US.md'), '\n\n## Reindex marker\n\nThe reindex marker sentence is stored in Amsterdam.\n');
    const svc = service();
    const questions = ['Where is Defender for Endpoint data stored?', 'Waar worden gegevens van Cloud App Security opgeslagen?', 'Where is the reindex marker stored?', ''];
    const seen = new Set<string>();
    let calls = 0;
    const failures: unknown[] = [];
    const run = svc.reindex({ who: 'alice', surface: 'teams' });
    assert.equal(svc.running(), true);
    assert.equal(svc.health().reindexing, true);
    let done = false;
    void run.finally(() => (done = true));
    // Several concurrent "request handlers", each answering in a loop until the run has finished.
    await Promise.all(Array.from({ length: 4 }, async (_, worker) => {
      for (let i = worker; !done; i++) {
        try {
          const index = svc.current();
          seen.add(index.version);
          const a = answer(questions[i % questions.length], { index });
          if (!isAnswer(a)) failures.push(a);
          calls++;
        } catch (err) {
          failures.push(err);
        }
        await new Promise((r) => setImmediate(r));
      }
    }));
    const report = await run;
    assert.deepEqual(failures, []);
    assert.ok(calls > 20, `only ${calls} answers during the reindex`);
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.deepEqual(report.changed, ['mcas-data-security-privacy']);
    assert.notEqual(report.version, ws.initial.version);
    assert.ok(seen.has(ws.initial.version), 'the old index served during the build');
    assert.equal(svc.current().version, report.version);
    assert.equal(svc.running(), false);
    assert.equal(report.documents, 4);
    assert.ok(report.passages.nl > 0 && report.passages.en > 0);
    assert.ok(report.durationMs >= 0);
    const after = answer('Where is the reindex marker stored?', { index: svc.current() });
    assert.match(after.lines.map((l) => l.text).join('\n'), /Amsterdam/);
    assert.deepEqual(audit.map((e) => [e.who, e.surface, e.result]), [['alice', 'teams', 'ok']]);
    assert.ok(!Number.isNaN(Date.parse(audit[0].at)));
  });

  for (const [name, bytes] of [
    ['unclosed YAML front matter', Buffer.from('---\ntitle: [unclosed\n---\n# Heading\n\nText.\n')],
    ['binary bytes', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a, 0xff, 0x00])],
  ] as const) {
    it(`rejects a build with a corrupt file (${name}) and keeps serving the old index`, async () => {
      writeFileSync(join(ws.content, 'mcas-data-security-privacy.en-US.md'), bytes);
      const svc = service();
      const report = await svc.reindex({ who: 'bob', surface: 'slack' });
      assert.equal(report.ok, false);
      assert.ok(report.problems.some((p) => p.file.endsWith('mcas-data-security-privacy.en-US.md') && p.reason.length > 0), JSON.stringify(report.problems));
      assert.equal(report.version, ws.initial.version);
      assert.equal(svc.current(), ws.initial);
      const a = answer('Where is Defender for Endpoint data stored?', { index: svc.current() });
      assert.equal(a.answered, true);
      assert.equal(readIndex(ws.indexPath)?.version, ws.initial.version, 'the persisted index is untouched');
      assert.equal(existsSync(`${ws.indexPath}.next`), false);
      assert.equal(audit[0].result, 'failed');
      assert.match(audit[0].detail ?? '', /mcas-data-security-privacy\.en-US\.md/);
    });
  }

  it('reports the new page revision as changed and answers from it', async function () {
    if (!existsSync(LATER_MTP)) this.skip();
    const question = 'Where is Microsoft 365 Defender data stored?';
    const before = answer(question, { index: ws.initial });
    copyFileSync(LATER_MTP, join(ws.content, 'mtp-data-privacy.nl-NL.sxs.md'));
    const svc = service();
    const report = await svc.reindex({ who: 'carol', surface: 'http' });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.deepEqual(report.changed, ['mtp-data-privacy']);
    assert.deepEqual(report.added, []);
    assert.deepEqual(report.removed, []);
    const after = answer(question, { index: svc.current() });
    assert.equal(after.answered, true);
    assert.notEqual(after.lines.map((l) => l.text).join('\n'), before.lines.map((l) => l.text).join('\n'));
    assert.match(after.lines.map((l) => l.text).join('\n'), /Microsoft 365 Defender/);
    assert.equal(after.citations[0].docId, 'mtp-data-privacy');
  });

  it('coalesces concurrent requests into one build', async () => {
    const svc = service();
    const first = svc.reindex({ who: 'alice', surface: 'teams' });
    const second = svc.reindex({ who: 'bob', surface: 'slack' });
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.coalesced, false);
    assert.equal(b.coalesced, true);
    assert.deepEqual({ ...b, coalesced: false }, a);
    assert.deepEqual(audit.map((e) => [e.who, e.result]).sort(), [['alice', 'ok'], ['bob', 'joined']]);
    // After the run a new request starts a new build.
    const c = await svc.reindex({ who: 'carol', surface: 'cli' });
    assert.equal(c.coalesced, false);
    assert.equal(audit.filter((e) => e.result === 'ok').length, 2);
  });

  it('persists the new index so a restart reads it without rebuilding', async () => {
    writeFileSync(join(ws.content, 'extra.en-US.md'), '# Extra page\n\n## Storage\n\nExtra data is kept in the Netherlands.\n');
    const manifest = JSON.parse(readFileSync(join(ws.content, 'sources.json'), 'utf8'));
    manifest.sources.push({ id: 'extra', files: [{ path: 'extra.en-US.md', lang: 'en' }], languages: ['en'], url: { en: 'https://example.com/extra' } });
    writeFileSync(join(ws.content, 'sources.json'), JSON.stringify(manifest));
    const svc = service();
    const report = await svc.reindex({ who: 'alice', surface: 'cli' });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.deepEqual(report.added, ['extra']);
    assert.equal(readIndex(ws.indexPath, fingerprintContent([ws.content]))?.version, report.version);
    const reopened = openIndex([ws.content], ws.indexPath);
    assert.equal(reopened.built, false);
    assert.equal(reopened.index.version, report.version);
    assert.equal(existsSync(`${ws.indexPath}.next`), false);
  });

  it('serves a good index even when it cannot be persisted, with a warning', async () => {
    appendFileSync(join(ws.content, 'mcas-data-security-privacy.en-US.md'), '\n\n## Persist marker\n\nThe persist marker is kept in Paris.\n');
    writeFileSync(join(ws.root, 'blocker'), 'a file where a folder should be');
    const svc = service({ indexPath: join(ws.root, 'blocker', 'index.json') });
    const report = await svc.reindex({ who: 'alice', surface: 'cli' });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.deepEqual(report.changed, ['mcas-data-security-privacy']);
    assert.match(report.warnings.map((w) => w.reason).join('\n'), /not persisted/);
    assert.equal(svc.current().version, report.version);
  });

  it('rejects an index that loses a language the serving one has', async () => {
    const manifest = JSON.parse(readFileSync(join(ws.content, 'sources.json'), 'utf8'));
    manifest.sources = manifest.sources.filter((s: { id: string }) => s.id === 'o365-privacy-security-transparency');
    writeFileSync(join(ws.content, 'sources.json'), JSON.stringify(manifest));
    const svc = service();
    const report = await svc.reindex({ who: 'alice', surface: 'cli' });
    assert.equal(report.ok, false);
    assert.match(report.problems.map((p) => p.reason).join('\n'), /no nl passages/);
    assert.deepEqual(report.removed.sort(), ['mcas-data-security-privacy', 'mde-data-storage-privacy', 'mtp-data-privacy']);
    assert.equal(svc.current(), ws.initial);
  });

  it('reports a missing manifest as a failed build, not a crash', async () => {
    unlinkSync(join(ws.content, 'sources.json'));
    const svc = service();
    const report = await svc.reindex({ who: 'alice', surface: 'cli' });
    assert.equal(report.ok, false);
    assert.match(report.problems[0].reason, /no sources\.json/);
    assert.equal(svc.current(), ws.initial);
    assert.equal(svc.running(), false);
  });

  it('serves a reindexed index with its query structures built, the typo index as the worker made it', async () => {
    const svc = service();
    const report = await svc.reindex({ who: 'alice', surface: 'cli' });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    const served = svc.current();
    assert.notEqual(served, ws.initial);
    assert.deepEqual(unbuiltStructures(served), []);
    // Built in the worker and carried over, equal to the one the main thread would build.
    assert.deepEqual(resourcesOf(served).typos, buildTypoIndex(typoVocabulary(served)));
    // The index that served before was never asked a question: nothing was built for it.
    assert.ok(unbuiltStructures(ws.initial).includes('typo index'));
  });

  it('serves the index opened at start with its query structures built', async () => {
    const svc = createReindexService({ contentDirs: [ws.content], indexPath: ws.indexPath, audit: (e) => audit.push(e) });
    const report = await svc.open();
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.deepEqual(unbuiltStructures(svc.current()), []);
  });

  it('also builds in-process when workers are off', async () => {
    appendFileSync(join(ws.content, 'mcas-data-security-privacy.en-US.md'), '\n\n## In-process marker\n\nThe in-process marker lives in Dublin.\n');
    const svc = service({ worker: false });
    const report = await svc.reindex({ who: 'alice', surface: 'cli' });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.deepEqual(report.changed, ['mcas-data-security-privacy']);
    assert.equal(readIndex(ws.indexPath)?.version, report.version);
    assert.deepEqual(unbuiltStructures(svc.current()), []);
  });

  it('audits refused attempts and reports health', () => {
    const svc = service({ now: () => new Date('2024-05-01T10:00:00Z') });
    svc.refused({ who: 'mallory', surface: 'slack' });
    assert.deepEqual(audit, [{ at: '2024-05-01T10:00:00.000Z', who: 'mallory', surface: 'slack', result: 'refused', detail: undefined }]);
    const h = svc.health();
    assert.deepEqual(h, {
      indexVersion: ws.initial.version,
      builtAt: ws.initial.builtAt,
      documents: ws.initial.documents.length,
      passages: ws.initial.passages.length,
      reindexing: false,
    });
  });

  it('writes the audit trail as JSON lines through createAuditLog', async () => {
    const path = join(ws.root, 'logs', 'audit.jsonl');
    const lines: string[] = [];
    const auditLog = createAuditLog({ path, log: lineLogger((l) => lines.push(l)) });
    const svc = service({ audit: (e) => auditLog.record(e) });
    svc.refused({ who: 'eve\n{"forged":true}', surface: 'teams' });
    await svc.reindex({ who: 'alice\u202e', surface: 'cli' });
    await auditLog.flush();
    const entries = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditEntry);
    // A refused attempt is not an admin's: without a key its id is not stored; an admin's is, cleaned.
    assert.deepEqual(entries.map((e) => [e.who, e.result]), [['(not an admin)', 'refused'], ['alice', 'ok']]);
    assert.equal(lines.length, 2);
  });

  it('logs the progress of a reindex: loading N files, indexing, persisting, swapped, with counts and ms', async () => {
    const log = recordingLogger();
    const report = await service({ log }).reindex({ who: 'alice', surface: 'cli' });
    assert.equal(report.ok, true);
    const stages = log.records.filter((r) => r.msg === 'index progress' && r.run === 'reindex');
    assert.deepEqual(stages.map((r) => r.stage), ['loading', 'indexing', 'persisting', 'persisted', 'swapped']);
    assert.ok(Number(stages[0].files) > 0, 'the file count');
    assert.equal(stages[1].documents, report.documents);
    assert.ok(stages.slice(1).every((r) => typeof r.ms === 'number'));
    assert.equal(stages[4].passages, report.passages.nl + report.passages.en);
  });

  it('diffs documents by id and hash', () => {
    const d = (id: string, hash: string) => ({ id, hash });
    assert.deepEqual(diffIndexes([d('a', '1'), d('b', '1'), d('c', '1')], [d('b', '1'), d('c', '2'), d('e', '1')]), {
      added: ['e'],
      removed: ['a'],
      changed: ['c'],
    });
  });
});
