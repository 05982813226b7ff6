#!/usr/bin/env node
'use strict';
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through postinstall).
require('../dist/cli.js').runCli(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`privacy-bot: ${err && err.message ? err.message : String(err)}\n`); process.exitCode = 1; },
);
