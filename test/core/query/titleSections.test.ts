import { strict as assert } from 'node:assert';
import { titleSectionsOf } from '../../../src/core/query/titleSections';
import { tinyIndex } from '../../helpers/tinyCorpus';

describe('titleSectionsOf', () => {
  it('marks the first section of a page with further sections in that language, and nothing of a one-section page', () => {
    const index = tinyIndex([
      {
        id: 'many',
        products: ['Alpha Guard'],
        sections: [
          ['en', 'title', 'Alpha Guard data privacy', 'About the service. More about it.'],
          ['en', 'location', 'Location', 'Data is in Europe.'],
          ['nl', 'title', 'Privacy van Alpha Guard', 'Over de service.'],
        ],
      },
      { id: 'one', products: ['Beta Shield'], sections: [['en', 'title', 'Beta Shield data', 'Data is in Europe.']] },
    ]);
    const marked = titleSectionsOf(index);
    const ids = index.passages.filter((_, i) => marked[i] === 1).map((p) => `${p.lang}:${p.id}`);
    // English "many" has two sections: its first is the title section, every passage of it; Dutch "many" and "one" have one.
    assert.deepEqual([...new Set(ids)].sort(), index.passages.filter((p) => p.docId === 'many' && p.lang === 'en' && p.anchor === 'title').map((p) => `en:${p.id}`).sort());
    assert.ok(ids.length > 0);
  });
});
