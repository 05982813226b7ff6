import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../src/cli';

const ROOT = resolve(__dirname, '..');
const HOSTILE = ['', ' '.repeat(5), 'x'.repeat(20000), 'data:location', 'retention~2', '*', '"unbalanced', 'nul\u0000bytes\u0000', '🔒🙂', '<b onmouseover=alert(1)>hi</b>', 'Where is my data stored?', 'Wat is Customer Lockbox?'];

async function cli(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s), stdin: Readable.from([stdin]) });
  return { code, out, err };
}

describe('privacy-bot CLI', () => {
  const data = mkdtempSync(join(tmpdir(), 'pb-cli-'));
  const common = ['--content', join(ROOT, 'content'), '--data', data];

  it('ask --json answers one JSON object per stdin line, whatever the line holds', async () => {
    const r = await cli(['ask', '--json', ...common], HOSTILE.join('\n') + '\n');
    assert.equal(r.code, 0);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.length, HOSTILE.length);
    for (const line of lines) {
      const o = JSON.parse(line) as Record<string, unknown>;
      assert.deepEqual(Object.keys(o), ['question', 'language', 'answered', 'text', 'citations']);
    }
    const last = JSON.parse(lines[lines.length - 1]) as { language: string; answered: boolean; citations: { n: number; url: string }[] };
    assert.equal(last.language, 'nl');
    assert.equal(last.answered, true);
    assert.match(last.citations[0].url, /#customer-lockbox$/);
    assert.doesNotMatch(r.err, /at .*\(.*:\d+:\d+\)/, 'no stack trace');
  });

  it('ask prints a readable answer with numbered sources', async () => {
    const r = await cli(['ask', ...common, 'Hoe', 'lang', 'worden', 'waarschuwingen', 'in', 'Cloud', 'App', 'Security', 'bewaard?']);
    assert.equal(r.code, 0);
    assert.match(r.out, /\[1\]/);
    assert.match(r.out, /Bronnen:\n\[1\] .* — Bewaren van gegevens \(nl\)\n +https:\/\/learn\.microsoft\.com\/nl-nl\/cloud-app-security\/cas-compliance-trust#data-retention/);
  });

  it('--lang overrides the reply language', async () => {
    const r = await cli(['ask', '--json', '--lang', 'en', ...common, 'Hoe lang bewaart Microsoft mijn gegevens?']);
    assert.equal((JSON.parse(r.out) as { language: string }).language, 'en');
  });

  it('reindex reports documents, passages per language and time', async () => {
    const r = await cli(['reindex', ...common]);
    assert.equal(r.code, 0);
    assert.match(r.out, /documents: 4\npassages: nl \d+, en \d+\nversion: \S+\ntime: \d+ ms/);
  });

  it('eval prints the scores', async () => {
    const r = await cli(['eval', '--questions', join(ROOT, 'test/fixtures/questions.extra.jsonl'), ...common]);
    assert.equal(r.code, 0);
    assert.match(r.out, /top-1: \d+\.\d %\nrecall@3: \d+\.\d %\nlanguage match: 100\.0 %/);
  });

  it('rejects bad usage with exit code 2 and the usage text', async () => {
    for (const args of [['nonsense'], ['ask', '--lang', 'fr', 'x'], ['eval'], ['ask', '--bogus']]) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /usage:/);
    }
  });

  it('the installed bin never exits non-zero on hostile stdin', function () {
    const bin = join(ROOT, 'bin/privacy-bot.js');
    if (!existsSync(join(ROOT, 'dist/cli.js'))) this.skip(); // built by `npm test` before mocha runs
    const r = spawnSync(process.execPath, [bin, 'ask', '--json', ...common], { input: HOSTILE.join('\n'), encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, HOSTILE.length);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
