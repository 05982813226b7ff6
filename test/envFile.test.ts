import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvironment } from '../src/config';
import { malformedLines, readEnvFile } from '../src/envFile';

describe('envFile', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'privacy-bot-env-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('parses comments, export, quotes and multi-line values like Node does', () => {
    const r = readEnvFile(file('ok.env', '\uFEFF# comment\n\nPORT=8080\nexport HOST=127.0.0.1\nA="two\nlines"\nB = spaced # trailing comment\nC=\'x=y\'\n'));
    assert.deepEqual(r, { status: 'ok', vars: { PORT: '8080', HOST: '127.0.0.1', A: 'two\nlines', B: 'spaced', C: 'x=y' } });
  });

  it('a missing file is not an error', () => {
    assert.deepEqual(readEnvFile(join(dir, 'none.env')), { status: 'missing' });
  });

  it('refuses lines Node would glue onto the next name, and unclosed quotes, by line number', () => {
    assert.deepEqual(malformedLines('PORT\nHOST=x\n'), [1]);
    assert.deepEqual(malformedLines('A=1\nB="open\nC=2\n'), [2]);
    assert.deepEqual(malformedLines('A=1\n  # indented comment\n\r\nB=2'), []);
    const r = readEnvFile(file('bad.env', 'A=1\nnot an assignment\n=nothing\n'));
    assert.equal(r.status, 'invalid');
    assert.match(r.status === 'invalid' ? r.problems[0] : '', /lines 2, 3 are not NAME=value/);
    assert.equal(readEnvFile(dir).status, 'invalid', 'a directory is unreadable');
  });

  it('readEnvironment: the environment wins, the file fills in, nothing is written to process.env', () => {
    const path = file('merge.env', 'PORT=1111\nDATA_DIR=from-file\nPRIVACY_BOT_TEST_ONLY=1\n');
    const env = readEnvironment({ file: path, env: { PORT: '2222' } });
    assert.equal(env.PORT, '2222');
    assert.equal(env.DATA_DIR, 'from-file');
    assert.equal(process.env.PRIVACY_BOT_TEST_ONLY, undefined);
    assert.throws(() => readEnvironment({ file: file('broken.env', 'oops\n'), env: {} }), /line 1 is not NAME=value/);
    assert.deepEqual(readEnvironment({ file: join(dir, 'absent.env'), env: { X: '1' } }), { X: '1' });
  });
});
