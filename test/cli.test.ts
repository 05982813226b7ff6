import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../src/cli';
import { COMMANDS, GLOBAL_OPTIONS } from '../src/cli/commands';

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
    for (const args of [['nonsense'], ['ask', '--lang', 'fr', 'x'], ['eval'], ['ask', '--bogus'], [], ['ask', '--lang'], ['reindex', 'extra'], ['bench', '--json=yes'], ['-x'], ['help', 'nope']]) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /usage:/);
      assert.equal(r.out, '', 'errors go to stderr');
    }
  });

  it('names what is wrong: the unknown option or command, the option without its value', async () => {
    assert.match((await cli(['ask', '--bogus'])).err, /^privacy-bot: unknown option --bogus for ask\nusage: privacy-bot ask \[options\] \[QUESTION\]\nprivacy-bot help ask lists its options\.\n$/);
    assert.match((await cli(['nonsense'])).err, /unknown command "nonsense"/);
    assert.match((await cli(['eval', '--questions'])).err, /--questions needs a value/);
    assert.match((await cli(['reindex', 'extra'])).err, /reindex takes no operands/);
    assert.match((await cli(['bogus\u001b[2J'])).err, /unknown command "bogus\?\[2J"/, 'no control characters echoed');
  });

  it('a missing file or folder is a clear error, not a raw ENOENT', async () => {
    const noFile = await cli(['eval', '--questions', join(data, 'nope.jsonl'), ...common]);
    assert.equal(noFile.code, 2);
    assert.match(noFile.err, /questions file not found: .*nope\.jsonl/);
    const folder = await cli(['eval', '--questions', data, ...common]);
    assert.match(folder.err, /--questions must be a file/);
    const noContent = await cli(['ask', '--content', join(data, 'nope'), 'x']);
    assert.equal(noContent.code, 2);
    assert.match(noContent.err, /content folder not found: .*nope/);
    for (const r of [noFile, folder, noContent]) assert.doesNotMatch(r.err, /ENOENT|EISDIR|\n\s+at /);
  });

  it('--help, -h and help COMMAND print help on stdout and exit 0', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const r = await cli(args);
      assert.equal(r.code, 0, args.join(' '));
      for (const c of ['ask', 'reindex', 'eval', 'bench']) assert.match(r.out, new RegExp(`^  ${c} +\\S.+$`, 'm'), `${c} listed with a summary`);
      assert.match(r.out, /--version +print the version/);
      assert.equal(r.err, '');
    }
    for (const args of [['help', 'eval'], ['eval', '--help'], ['eval', '-h', '--bogus-is-not-reached']]) {
      const r = await cli(args);
      assert.equal(r.code, args[2] ? 2 : 0, args.join(' '));
      if (args[2]) continue;
      assert.match(r.out, /^usage: privacy-bot eval \[options\]/);
      assert.match(r.out, /^ {2}--questions FILE +the question set/m);
      assert.match(r.out, /^ {2}--content DIR\.\.\. +content folder/m);
    }
  });

  it('every option of every command has a line of description in its help', async () => {
    for (const c of COMMANDS) {
      const r = await cli(['help', c.name]);
      for (const o of [...c.options, ...GLOBAL_OPTIONS]) assert.match(r.out, new RegExp(`--${o.name}\\b[^\\n]*  \\S{2,}`), `${c.name} --${o.name}`);
    }
  });

  it('feedback (its own parser) is in the help and reports its mistakes the same way', async () => {
    const help = await cli(['help', 'feedback']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^usage: privacy-bot feedback \[options\] export/);
    assert.match(help.out, /--stream feedback\|unanswered\|audit +which log/);
    assert.equal((await cli(['feedback', 'export', '--help'])).code, 0);
    const bad = await cli(['feedback', 'dump']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^privacy-bot: unknown feedback command dump\nusage: privacy-bot feedback/);
  });

  it('--version prints the version from package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await cli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.out, `${pkg.version}\n`);
  });

  it('the installed bin: --help and --version exit 0', function () {
    const bin = join(ROOT, 'bin/privacy-bot.js');
    if (!existsSync(join(ROOT, 'dist/cli.js'))) this.skip(); // built by `npm test` before mocha runs
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 60000 });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /usage: privacy-bot COMMAND/);
    const v = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8', timeout: 60000 });
    assert.equal(v.status, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
    const bad = spawnSync(process.execPath, [bin, 'frobnicate'], { encoding: 'utf8', timeout: 60000 });
    assert.equal(bad.status, 2);
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
