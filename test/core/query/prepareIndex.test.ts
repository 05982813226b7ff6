import { strict as assert } from 'node:assert';
import { loadLanguageResources, prepareIndex, unbuiltStructures, warmUpQueryResources } from '../../../src/core/query/prepareIndex';
import { languageResources } from '../../../src/core/query/resources';
import { resourcesOf, typoVocabulary } from '../../../src/core/query/resources';
import { buildTypoIndex } from '../../../src/core/query/typos';
import { tinyIndex } from '../../helpers/tinyCorpus';

const ALL = ['typo index', 'field vectors nl', 'field terms nl', 'field vectors en', 'field terms en', 'id order', 'id ranks by position', 'id numbers by position', 'glossary lookup', 'section keys', 'title sections', 'passage sentences', 'English words by stem'];

const fresh = () =>
  tinyIndex([
    {
      id: 'alpha',
      sections: [
        ['en', 'location', 'Data location', 'Customer data is stored in datacenters in the European Union.'],
        ['nl', 'location', 'Gegevenslocatie', 'Klantgegevens worden opgeslagen in datacenters in de Europese Unie.'],
      ],
    },
  ]);

describe('prepareIndex', () => {
  it('builds every per-index structure a question would build, pausing after each', async () => {
    const index = fresh();
    assert.deepEqual(unbuiltStructures(index), ALL);
    let pauses = 0;
    await prepareIndex(index, { pause: async () => void pauses++ });
    assert.deepEqual(unbuiltStructures(index), []);
    assert.equal(pauses, ALL.length);
    // Prepared already: nothing is built again.
    await prepareIndex(index, { pause: async () => void pauses++ });
    assert.equal(pauses, ALL.length);
  });

  it('builds the typo index in parts when it may pause, equal to the one built in one go', async () => {
    const index = fresh();
    await prepareIndex(index, { pause: async () => undefined });
    assert.deepEqual(resourcesOf(index).typos, buildTypoIndex(typoVocabulary(index)));
  });

  it('uses a typo index built elsewhere', async () => {
    const index = fresh();
    const typos = buildTypoIndex([['datacenters', 1]]);
    await prepareIndex(index, { typos });
    assert.equal(resourcesOf(index).typos, typos);
  });

  it('warms up in one go: the shared dictionaries, and the structures of an index', () => {
    const index = fresh();
    warmUpQueryResources(index);
    assert.deepEqual(unbuiltStructures(index), []);
  });

  it('loads the shared language resources in parts, pausing between them, and then answers word checks at once', async function () {
    this.timeout(60_000);
    let pauses = 0;
    await loadLanguageResources(async () => void pauses++);
    assert.ok(pauses >= 6, `paused ${pauses} times`);
    const r = languageResources();
    assert.equal(r.dictionaries.isWordIn('gegevens', 'nl'), true);
    assert.equal(r.dictionaries.isWordIn('data', 'en'), true);
    assert.equal(r.pos.en?.('data')?.noun !== undefined, true);
    assert.equal(r.isPlace('amsterdam'), true);
  });
});
