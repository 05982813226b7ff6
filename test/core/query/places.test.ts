import { strict as assert } from 'node:assert';
import { countryNameWords, loadPlaceNames, wordNetPlaces } from '../../../src/core/query/places';

describe('places', () => {
  it('takes single-word lemmas with a noun.location sense from WordNet index.sense lines', () => {
    const lines = [
      'amsterdam%1:15:00:: 08950407 1 0',
      'zoom%1:04:00:: 00281400 1 0',
      'zoom%2:38:00:: 01945550 1 2',
      'new_york%1:15:00:: 09119277 1 3',
      'china%1:06:00:: 03018209 2 0',
      'china%1:15:00:: 08860123 1 4',
    ].join('\n');
    assert.deepEqual([...wordNetPlaces(lines)].sort(), ['amsterdam', 'china']);
  });
  it('folds every word of a country file\'s official and short names', () => {
    const words = countryNameWords({ countries: { NL: ['Koninkrijk der Nederlanden', 'Nederland'], IE: 'Ierland', CI: 'Ivoorkust' } });
    for (const w of ['nederland', 'koninkrijk', 'ierland', 'ivoorkust']) assert.ok(words.has(w), w);
  });
  it('loads the shipped sources: Dutch and English country names and WordNet cities, and no product', () => {
    const isPlace = loadPlaceNames();
    for (const w of ['nederland', 'duitsland', 'frankrijk', 'netherlands', 'ireland', 'rotterdam', 'tokyo']) assert.ok(isPlace(w), w);
    for (const w of ['zoom', 'linux', 'google', 'python', 'teams']) assert.ok(!isPlace(w), w);
  });
});
