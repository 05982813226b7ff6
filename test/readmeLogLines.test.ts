import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Every `.ts` file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('README: Log lines', () => {
  const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Log lines'), readme.indexOf('\n## ', readme.indexOf('## Log lines') + 5));
  const src = resolve(__dirname, '../src');
  // `log.info({ … }, 'message')` or `log[level](fields, 'message')`, also across lines; the message is always a fixed string.
  const CALL = /(?:\.(?:debug|info|warn|error)|\])\(\s*(?:\{[^;]*?\}|[a-zA-Z]+),\s*'([^']+)'\s*,?\s*\)/g;
  const messages = new Set(sources(src).filter((f) => !f.includes(`${join('src', 'bench')}`) && !f.endsWith('cli.ts')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(CALL)].map((m) => m[1])));

  it('finds the log calls', () => {
    assert.ok(messages.size >= 40, `only ${messages.size} messages found`);
    for (const m of ['request', 'turn', 'listening', 'slack socket mode: connected']) assert.ok(messages.has(m), m);
  });

  it('lists no message the code no longer logs', () => {
    const code = sources(src).map((f) => readFileSync(f, 'utf8')).join('\n');
    const listed = section.split('\n').filter((l) => l.startsWith('| `')).flatMap((l) => [...l.split(' | ')[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    assert.ok(listed.length >= 40);
    // The SDK lines are built from a template (`slack(${source}) warn`).
    const stale = listed.filter((m) => m !== 'msg' && !m.startsWith('slack(') && !code.includes(`'${m}'`));
    assert.deepEqual(stale, []);
  });

  it('explains every message the server logs', () => {
    const missing = [...messages].filter((m) => !section.includes(`\`${m}\``));
    assert.deepEqual(missing, []);
  });
});
