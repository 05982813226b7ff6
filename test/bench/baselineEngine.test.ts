import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadBaselineEngine } from '../../src/bench/baselineEngine';
import { CONTENT, realIndex } from '../helpers/engine';

describe('loadBaselineEngine', () => {
  it('refuses a folder without a build, naming the missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baseline-'));
    try {
      assert.throws(() => loadBaselineEngine(dir, [CONTENT]), (e: Error) => e.message.includes(join(dir, 'dist', 'core')) && /npm run build/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("loads a build's engine with its own index of the same content (this checkout's dist, built by npm test)", function () {
    this.timeout(30_000);
    const engine = loadBaselineEngine(resolve(__dirname, '../..'), [CONTENT]);
    assert.equal(engine.passages, realIndex().index.passages.length);
    const a = engine.answer('Waar worden mijn gegevens opgeslagen?') as { answered: boolean; citations: { url: string }[] };
    assert.equal(a.answered, true);
    assert.match(a.citations[0].url, /^https:\/\/learn\.microsoft\.com\/nl-nl\//);
  });
});
