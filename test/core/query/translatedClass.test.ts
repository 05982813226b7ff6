import { strict as assert } from 'node:assert';
import { parseLexicon } from '../../../src/core/lexicon';
import type { PosLookup, PosProfile } from '../../../src/core/query/dictionaries';
import { languageResources, resourcesOf } from '../../../src/core/query/resources';
import { translatedDutchPos } from '../../../src/core/query/translatedClass';
import { tinyIndex } from '../../helpers/tinyCorpus';

const closed: PosProfile = { noun: 0, verb: 0, adj: 0, adv: 0, closed: 1 };
const verb: PosProfile = { noun: 0, verb: 1, adj: 0, adv: 0, closed: 0 };

const base = tinyIndex([
  {
    id: 'p',
    products: ['Alpha Guard'],
    sections: [
      ['en', 'a', 'Storage', 'Data is stored during processing; geolocation is used.'],
      ['nl', 'a', 'Opslag', 'Gegevens worden opgeslagen tijdens verwerking; geolocatie wordt gebruikt.'],
    ],
  },
]);
// Learned translations (stems, as the lexicon holds them): opgeslag → store, tijden → dure ("during"), geolocatie → geoloc.
const index = {
  ...base,
  lexicon: parseLexicon({ translations: { nl: { opgeslag: [['store', 0.8]], tijden: [['dure', 0.9]], geolocatie: [['geoloc', 0.7]], zwak: [['store', 0.1]] } } }),
};
// The dictionary reads every one of these as a flagless (closed-class) entry, except "bewaard".
const posNl: PosLookup = (w) => (w === 'bewaard' ? verb : ['opgeslagen', 'tijdens', 'geolocatie', 'zwak', 'nou'].includes(w) ? closed : undefined);
const posEn: PosLookup = (w) => (w === 'stored' ? verb : undefined);
const isEnglishWord = (w: string) => ['stored', 'during'].includes(w);

describe('translatedDutchPos', () => {
  const pos = translatedDutchPos(index, posNl, posEn, isEnglishWord);

  it('classes a flagless entry by what it translates to', () => {
    assert.equal(pos('opgeslagen')?.verb, 0.8);
    assert.equal(pos('opgeslagen')?.closed, 0);
  });

  it('keeps a function word closed: its translation is a dictionary word WordNet does not class', () => {
    assert.equal(pos('tijdens')?.closed, 0.9);
    assert.equal(pos('tijdens')?.noun, 0);
  });

  it('reads a translation neither dictionary knows as a term (a noun)', () => {
    assert.equal(pos('geolocatie')?.noun, 0.7);
  });

  it('leaves the dictionary class when it has one and when translations are faint', () => {
    assert.deepEqual(pos('bewaard'), verb);
    assert.deepEqual(pos('zwak'), closed);
    assert.equal(pos('onbekend'), undefined);
  });

  it('gives a flagless entry with no translation to read no class: the missing flags alone do not make a function word', () => {
    assert.equal(pos('nou'), undefined);
  });

  it('reads translations through the declared pages only: a bulk page does not change a class', () => {
    const withBulk = tinyIndex([
      { id: 'p', products: ['Alpha Guard'], sections: [['en', 'a', 'Storage', 'Data is kept.'], ['nl', 'a', 'Opslag', 'Gegevens worden bewaard.']] },
      { id: 'bulk', sections: [['en', 'b', 'Storage', 'Data is stored.']] },
    ]);
    assert.equal(withBulk.hasBulkPages, true);
    const bulkPos = translatedDutchPos({ ...withBulk, lexicon: index.lexicon }, posNl, posEn, isEnglishWord);
    assert.equal(bulkPos('opgeslagen'), undefined, '"stored" is only on a bulk page: no translation to read');
  });

  it('without a lexicon is the dictionary lookup', () => {
    const plain = translatedDutchPos(base, posNl, posEn, isEnglishWord);
    assert.deepEqual(plain('opgeslagen'), closed);
  });
});

describe('resourcesOf: word classes', () => {
  it("keeps English as the shared WordNet lookup and reads Dutch through the index's lexicon, once per index", function () {
    this.timeout(20_000);
    const pos = resourcesOf(index).pos;
    assert.equal(pos.en, languageResources().pos.en);
    assert.equal(resourcesOf(index).pos, pos);
    // OpenTaal has no flags for "opgeslagen"; the inline lexicon translates it to "store", a verb in WordNet.
    assert.ok((pos.nl?.('opgeslagen')?.verb ?? 0) > 0);
    assert.equal(pos.nl?.('opgeslagen')?.closed, 0);
  });
});
