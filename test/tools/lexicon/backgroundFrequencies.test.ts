import { strict as assert } from 'node:assert';
import { backgroundFrequencies } from '../../../src/tools/lexicon/backgroundFrequencies';

describe('backgroundFrequencies', () => {
  const pairs = [
    { nl: 'Gegevens worden opgeslagen in Europa.', en: 'Data is stored in Europe.' },
    { nl: 'De gegevens worden versleuteld.', en: 'The data is encrypted, data at rest too.' },
    { nl: 'Waarschuwingen worden bewaard.', en: 'Alerts are retained.' },
    { nl: '', en: 'the of and' },
  ];

  it('counts sentences per stem (once per sentence), as the index analyses text', () => {
    const bg = backgroundFrequencies(pairs, 1);
    assert.equal(bg.en!.df.data, 2, 'twice in one sentence counts once');
    assert.equal(bg.en!.df.store, 1);
    assert.equal(bg.nl!.df.gegeven, 2);
    // Sentences without a content word (empty, stop words only) are not counted.
    assert.equal(bg.en!.units, 3);
    assert.equal(bg.nl!.units, 3);
  });

  it('leaves out stems under the minimum count, with sorted keys', () => {
    const bg = backgroundFrequencies(pairs, 2);
    assert.deepEqual(bg.en!.df, { data: 2 });
    const all = Object.keys(backgroundFrequencies(pairs, 1).en!.df);
    assert.deepEqual(all, [...all].sort());
  });
});
