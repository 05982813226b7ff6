#!/usr/bin/env node
'use strict';
/**
 * Builds dist/ only when the sources changed since the last successful build, so `npm ci && npm start`
 * compiles once (in postinstall) instead of twice, and `npm start` after a `git pull` still runs fresh code.
 *
 *   node bin/build-if-stale.js          build when stale (prestart)
 *   node bin/build-if-stale.js --stamp  only record the current sources as built (after `tsc` in `npm run build`)
 *   node bin/build-if-stale.js --check  exit 0 when fresh, 1 when stale (no build)
 *
 * "Fresh" means dist/.build-stamp holds the SHA-256 of every file that goes into the build (src/, the
 * tsconfig files, package.json and package-lock.json: paths and contents), and dist/main.js exists.
 * Contents rather than modification times, because git sets every mtime at checkout time.
 */
const { createHash } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const stampFile = join(root, 'dist', '.build-stamp');

/** Every regular file under `dir`, sorted, as paths relative to the root. */
function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const s = statSync(path);
    if (s.isDirectory()) out.push(...filesUnder(path));
    else if (s.isFile()) out.push(relative(root, path));
  }
  return out;
}

/** The hash of everything the build reads. */
function sourceHash() {
  const hash = createHash('sha256');
  const inputs = [...filesUnder(join(root, 'src')), 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
  for (const file of inputs) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    hash.update(`${file}\0`);
    hash.update(readFileSync(path));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function isFresh(hash) {
  if (!existsSync(join(root, 'dist', 'main.js')) || !existsSync(stampFile)) return false;
  return readFileSync(stampFile, 'utf8').trim() === hash;
}

function main(argv) {
  const hash = sourceHash();
  if (argv.includes('--stamp')) {
    writeFileSync(stampFile, `${hash}\n`);
    return 0;
  }
  if (isFresh(hash)) {
    if (!argv.includes('--check')) process.stderr.write('dist/ is up to date with src/: not rebuilding\n');
    return 0;
  }
  if (argv.includes('--check')) return 1;
  process.stderr.write('dist/ is older than src/: building\n');
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  } catch {
    process.stderr.write('build failed (see the TypeScript errors above)\n');
    return 1;
  }
  // Stamp what was hashed before the build started, so an edit during the build is still seen as stale.
  writeFileSync(stampFile, `${hash}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
