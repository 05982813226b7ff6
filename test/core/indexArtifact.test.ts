import { strict as assert } from 'node:assert';
import { decodeArtifact, encodeArtifact } from '../../src/core/indexArtifact';
import { splitSerialized } from '../../src/core/indexWorker';
import { unbuiltStructures } from '../../src/core/query/prepareIndex';
import { serializeIndex } from '../../src/core/searchIndex';
import { ask, realIndex } from '../helpers/engine';

describe('core/indexArtifact', () => {
  it('round-trips the index exactly and answers alike', async () => {
    const { index } = realIndex();
    const artifact = await encodeArtifact(index);
    assert.match(artifact.id, /^[0-9a-f]{64}$/);
    assert.ok(artifact.gz.length < artifact.rawBytes / 3, `gzip ${artifact.gz.length} of ${artifact.rawBytes}`);
    const back = await decodeArtifact(artifact.gz, artifact.id);
    assert.deepEqual(serializeIndex(back), serializeIndex(index));
    // Ready for questions before a replica serves it.
    assert.deepEqual(unbuiltStructures(back), []);
    const q = 'Where does Cloud App Security store my data?';
    assert.deepEqual(ask(q, undefined, back), ask(q, undefined, index));
  });

  it('is content-addressed: the same index gives the same id', async () => {
    const { index } = realIndex();
    assert.equal((await encodeArtifact(index)).id, (await encodeArtifact(index)).id);
    assert.notEqual((await encodeArtifact({ ...index, builtAt: '2000-01-01T00:00:00.000Z' })).id, (await encodeArtifact(index)).id);
  });

  it('gives the same artifact from the build worker\'s JSON pieces as from the index', async () => {
    const { index } = realIndex();
    const pieces = splitSerialized(serializeIndex(index));
    assert.equal((await encodeArtifact(index, pieces)).id, (await encodeArtifact(index)).id);
  });

  it('refuses a damaged, truncated or mislabelled artifact', async () => {
    const artifact = await encodeArtifact(realIndex().index);
    const flipped = Buffer.from(artifact.gz);
    flipped[Math.floor(flipped.length / 2)] ^= 0xff;
    await assert.rejects(decodeArtifact(flipped, artifact.id));
    await assert.rejects(decodeArtifact(artifact.gz.subarray(0, artifact.gz.length - 100), artifact.id));
    await assert.rejects(decodeArtifact(artifact.gz, '0'.repeat(64)), /damaged/);
  });
});
