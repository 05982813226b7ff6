import { strict as assert } from 'node:assert';
import { countryNameWords, loadPlaceNames } from '../../../src/core/query/places';

describe('places', () => {
  it('takes the WordNet places from the injected source, beside the country names', () => {
    const isPlace = loadPlaceNames(() => new Set(['zanzibar']));
    assert.ok(isPlace('zanzibar'));
    assert.ok(isPlace('nederland'), 'a country name still comes from i18n-iso-countries');
    assert.ok(!isPlace('amsterdam'), 'WordNet is read only through the injected source');
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
