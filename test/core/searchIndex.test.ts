import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintContent, openIndex, readIndex, saveIndex } from '../../src/core/indexStore';
import { deserializeIndex, deserializeIndexInSteps, serializeIndex } from '../../src/core/searchIndex';
import { ask, CONTENT, realIndex } from '../helpers/engine';

const QUESTIONS = ['Where is my data stored?', 'Hoe lang bewaart Microsoft mijn gegevens?', 'Wat is Customer Lockbox?', 'Is the data encrypted at rest?', 'pannenkoek'];

describe('search index persistence', () => {
  it('gives the same answers after a JSON round trip', () => {
    const { index } = realIndex();
    const restored = deserializeIndex(JSON.parse(JSON.stringify(serializeIndex(index))));
    assert.equal(restored.version, index.version);
    for (const q of QUESTIONS) assert.deepEqual(ask(q, undefined, restored), ask(q, undefined, index));
  });

  it('restores in steps, pausing between parts, to an index that answers the same', async () => {
    const { index } = realIndex();
    const data = () => JSON.parse(JSON.stringify(serializeIndex(index))) as unknown;
    const pausesWith = async (chunk: number) => {
      let pauses = 0;
      return { restored: await deserializeIndexInSteps(data(), async () => void pauses++, chunk), pauses };
    };
    // After the passages and after each language at least; the lunr loads add one per chunk.
    assert.equal((await pausesWith(Infinity)).pauses, 1 + Object.keys(index.langs).length);
    const { restored, pauses } = await pausesWith(50);
    assert.ok(pauses > 1 + Object.keys(index.langs).length + index.passages.length / 50, `paused ${pauses} times`);
    for (const q of QUESTIONS) assert.deepEqual(ask(q, undefined, restored), ask(q, undefined, index));
    await assert.rejects(deserializeIndexInSteps({ format: 'other' }, async () => undefined), /not a privacy-bot index/);
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
