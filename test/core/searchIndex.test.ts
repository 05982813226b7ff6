import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintContent, openIndex, readIndex, saveIndex } from '../../src/core/indexStore';
import { deserializeIndex, serializeIndex } from '../../src/core/searchIndex';
import { ask, CONTENT, realIndex } from '../helpers/engine';

const QUESTIONS = ['Where is my data stored?', 'Hoe lang bewaart Microsoft mijn gegevens?', 'Wat is Customer Lockbox?', 'Is the data encrypted at rest?', 'pannenkoek'];

describe('search index persistence', () => {
  it('gives the same answers after a JSON round trip', () => {
    const { index } = realIndex();
    const restored = deserializeIndex(JSON.parse(JSON.stringify(serializeIndex(index))));
    assert.equal(restored.version, index.version);
    for (const q of QUESTIONS) assert.deepEqual(ask(q, undefined, restored), ask(q, undefined, index));
  });

  it('persists with a content fingerprint and reloads instead of rebuilding', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pb-index-')), 'index.json');
    const first = openIndex([CONTENT], path);
    assert.equal(first.built, true);
    const second = openIndex([CONTENT], path);
    assert.equal(second.built, false);
    assert.equal(second.index.version, first.index.version);
    assert.deepEqual(ask(QUESTIONS[1], undefined, second.index), ask(QUESTIONS[1], undefined, first.index));
  });

  it('ignores a persisted index of other content or of another format', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pb-index-')), 'index.json');
    saveIndex(realIndex().index, path, 'other-fingerprint');
    assert.equal(readIndex(path, fingerprintContent([CONTENT])), undefined);
    assert.ok(readIndex(path, 'other-fingerprint'));
    assert.throws(() => deserializeIndex({ format: -1 }), /not a privacy-bot index/);
  });
});
