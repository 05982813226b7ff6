import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** bin/build-if-stale.js on a tiny project of its own (the script works relative to its own folder). */
describe('bin/build-if-stale.js', function () {
  this.timeout(60_000);
  let dir: string;
  const run = (...args: string[]) => spawnSync(process.execPath, [join(dir, 'bin/build-if-stale.js'), ...args], { cwd: dir, encoding: 'utf8' });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pb-build-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'src'));
    copyFileSync(join(ROOT, 'bin/build-if-stale.js'), join(dir, 'bin/build-if-stale.js'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), '{"name":"tiny","version":"1.0.0"}\n');
    writeFileSync(join(dir, 'tsconfig.json'), '{"compilerOptions":{"strict":true,"module":"commonjs","target":"ES2022","types":[]}}\n');
    writeFileSync(join(dir, 'tsconfig.build.json'), '{"extends":"./tsconfig.json","compilerOptions":{"rootDir":"src","outDir":"dist"},"include":["src"]}\n');
    writeFileSync(join(dir, 'src/main.ts'), 'export const answer: number = 1;\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('builds when there is no dist yet, then skips while the sources are unchanged', () => {
    assert.equal(run('--check').status, 1);
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /building/);
    assert.match(readFileSync(join(dir, 'dist/main.js'), 'utf8'), /answer = 1/);
    const built = statSync(join(dir, 'dist/main.js')).mtimeMs;
    const second = run();
    assert.equal(second.status, 0);
    assert.match(second.stderr, /up to date/);
    assert.equal(second.stdout, '', 'nothing on stdout');
    assert.equal(statSync(join(dir, 'dist/main.js')).mtimeMs, built, 'not rebuilt');
    assert.equal(run('--check').status, 0);
  });

  it('rebuilds after a source edit, but not after a mere touch', () => {
    const file = join(dir, 'src/main.ts');
    writeFileSync(file, readFileSync(file));
    assert.equal(run('--check').status, 0, 'same content, new mtime: still fresh');
    writeFileSync(file, 'export const answer: number = 2;\n');
    assert.equal(run('--check').status, 1);
    assert.equal(run().status, 0);
    assert.match(readFileSync(join(dir, 'dist/main.js'), 'utf8'), /answer = 2/);
  });

  it('a failed build leaves the sources stale, so the next start tries again', () => {
    writeFileSync(join(dir, 'src/main.ts'), 'export const answer: number = "not a number";\n');
    const r = run();
    assert.equal(r.status, 1);
    assert.match(r.stderr, /build failed/);
    assert.equal(run('--check').status, 1);
  });

  it('--stamp records the current sources as built (what npm run build does after tsc)', () => {
    writeFileSync(join(dir, 'src/main.ts'), 'export const answer: number = 3;\n');
    assert.equal(run('--stamp').status, 0);
    assert.equal(run('--check').status, 0);
  });
});
