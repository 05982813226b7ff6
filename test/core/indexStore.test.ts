/**
 * Integrity of the persisted index: its own checksum and shape are checked on load, a damaged file is
 * rebuilt (never served), leftovers of a killed write are removed, and unreadable content does not stop
 * a valid persisted index from serving.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintContent, openIndex, readIndexChecked, removeLeftovers } from '../../src/core/indexStore';
import { createReindexService } from '../../src/core/reindexService';
import { recordingLogger } from '../../src/core/logger';
import { CONTENT } from '../helpers/engine';

const HEADER = /^\{"fingerprint":"([^"]*)","checksum":"([0-9a-f]{64})","index":/;

describe('indexStore', () => {
  let root: string;
  let content: string;
  let indexPath: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'index-store-'));
    content = join(root, 'content');
    cpSync(CONTENT, content, { recursive: true });
    indexPath = join(root, 'data', 'index.json');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes its own sha256 checksum of the payload and reads the file back intact', () => {
    openIndex([content], indexPath);
    const text = readFileSync(indexPath, 'utf8');
    const head = HEADER.exec(text);
    assert.ok(head, 'header with fingerprint and checksum');
    assert.equal(head[1], fingerprintContent([content]));
    assert.equal(createHash('sha256').update(text.slice(head[0].length, -1)).digest('hex'), head[2]);
    const read = readIndexChecked(indexPath);
    assert.equal(read.status, 'ok');
    assert.equal(openIndex([content], indexPath).built, false, 'the next start loads it');
  });

  it('a file with the right fingerprint but a changed byte inside is rebuilt with a warning, never served', () => {
    const first = openIndex([content], indexPath);
    const text = readFileSync(indexPath, 'utf8');
    // Damage inside a passage text: still valid JSON, same fingerprint header.
    const at = text.indexOf('"text":[') + 20;
    writeFileSync(indexPath, text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1));
    assert.deepEqual(readIndexChecked(indexPath), { status: 'damaged', reason: 'checksum mismatch' });
    const again = openIndex([content], indexPath);
    assert.equal(again.built, true, 'rebuilt');
    assert.ok(again.problems.some((p) => /persisted index is damaged \(checksum mismatch\): rebuilt/.test(p.reason)));
    assert.equal(again.index.version, first.index.version);
    assert.equal(readIndexChecked(indexPath).status, 'ok', 'and saved intact again');
  });

  it('a file whose checksum matches but whose shape is broken is rebuilt', () => {
    openIndex([content], indexPath);
    const text = readFileSync(indexPath, 'utf8');
    const head = HEADER.exec(text)!;
    const data = JSON.parse(text.slice(head[0].length, -1));
    data.passages.doc = data.passages.doc.slice(1); // one passage loses its document
    const payload = JSON.stringify(data);
    const sum = createHash('sha256').update(payload).digest('hex');
    writeFileSync(indexPath, `{"fingerprint":"${head[1]}","checksum":"${sum}","index":${payload}}`);
    const read = readIndexChecked(indexPath);
    assert.equal(read.status, 'damaged');
    assert.match((read as { reason: string }).reason, /passage column doc is damaged/);
    assert.equal(openIndex([content], indexPath).built, true);
  });

  it('an intact index of another format (an upgrade) is rebuilt and reported as such, not as damage', () => {
    openIndex([content], indexPath);
    const text = readFileSync(indexPath, 'utf8');
    const head = HEADER.exec(text)!;
    const data = JSON.parse(text.slice(head[0].length, -1));
    data.format -= 1;
    const payload = JSON.stringify(data);
    const sum = createHash('sha256').update(payload).digest('hex');
    writeFileSync(indexPath, `{"fingerprint":"${head[1]}","checksum":"${sum}","index":${payload}}`);
    assert.deepEqual(readIndexChecked(indexPath), { status: 'outdated', format: data.format });
    const again = openIndex([content], indexPath);
    assert.equal(again.built, true);
    assert.ok(again.problems.some((p) => new RegExp(`persisted index has format ${data.format}, this version writes ${data.format + 1}: rebuilt`).test(p.reason)), JSON.stringify(again.problems));
    assert.ok(!again.problems.some((p) => /damaged/.test(p.reason)));
    assert.equal(readIndexChecked(indexPath).status, 'ok');
  });

  it('a truncated file, an old file without a checksum and a folder are reported, not thrown', () => {
    openIndex([content], indexPath);
    const text = readFileSync(indexPath, 'utf8');
    writeFileSync(indexPath, text.slice(0, text.length / 2));
    assert.equal(readIndexChecked(indexPath).status, 'damaged');
    writeFileSync(indexPath, '{"fingerprint":"x","index":{}}');
    assert.match((readIndexChecked(indexPath) as { reason: string }).reason, /no checksum header/);
    rmSync(indexPath);
    assert.deepEqual(readIndexChecked(indexPath), { status: 'missing' });
  });

  it('serves an intact persisted index when a content file has become unreadable, and lists the file', () => {
    const first = openIndex([content], indexPath);
    rmSync(join(content, 'NOTICE.md'));
    symlinkSync(join(root, 'nowhere.md'), join(content, 'NOTICE.md'));
    const again = openIndex([content], indexPath);
    assert.equal(again.built, false);
    assert.equal(again.index.version, first.index.version);
    assert.ok(again.problems.some((p) => p.file.endsWith('NOTICE.md') && /cannot be read/.test(p.reason)));
  });

  it('removes leftovers of a killed write (index.json.next, *.tmp) and nothing else', () => {
    openIndex([content], indexPath);
    const dir = join(root, 'data');
    for (const name of ['index.json.next', 'index.json.4242.tmp', 'index.json.next.77.tmp', 'feedback.jsonl']) writeFileSync(join(dir, name), 'x');
    assert.deepEqual(removeLeftovers(indexPath).sort(), ['index.json.4242.tmp', 'index.json.next', 'index.json.next.77.tmp']);
    assert.ok(existsSync(indexPath));
    assert.ok(existsSync(join(dir, 'feedback.jsonl')));
  });

  it('the reindex service opens the index at start: leftovers removed, progress logged, damaged file rebuilt', async () => {
    openIndex([content], indexPath);
    writeFileSync(`${indexPath}.next`, '{half');
    writeFileSync(indexPath, readFileSync(indexPath, 'utf8').replace('"builtAt":"', '"builtAt":"X'));
    const log = recordingLogger();
    const svc = createReindexService({ contentDirs: [content], indexPath, audit: () => undefined, log, worker: false });
    assert.equal(svc.ready(), false);
    assert.throws(() => svc.current(), /not loaded yet/);
    const report = await svc.open();
    assert.equal(report.ok, true);
    assert.equal(report.built, true);
    assert.ok(report.problems.some((p) => /checksum mismatch/.test(p.reason)));
    assert.equal(svc.ready(), true);
    assert.equal(existsSync(`${indexPath}.next`), false);
    assert.ok(log.records.some((r) => r.msg === 'removed leftovers of an interrupted index write'));
    const stages = log.records.filter((r) => r.msg === 'index progress').map((r) => r.stage);
    assert.deepEqual(stages, ['opening', 'reading persisted', 'read persisted', 'loading', 'indexing', 'persisting', 'persisted', 'swapped']);
    const indexing = log.records.find((r) => r.stage === 'indexing');
    assert.equal(typeof indexing?.ms, 'number');
    assert.ok(Number(indexing?.documents) > 0);
  });
});
