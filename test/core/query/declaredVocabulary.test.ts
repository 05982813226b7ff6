/** Which stems the declared pages use, and how the plan reads words that only bulk pages use. */
import { strict as assert } from 'node:assert';
import { analyse } from '../../../src/core/query/answer';
import { usedOnDeclaredPages } from '../../../src/core/query/declaredVocabulary';
import { stem } from '../../../src/core/analyzer';
import { tinyIndex, type TinyPage } from '../../helpers/tinyCorpus';

const curated: TinyPage = {
  id: 'alpha',
  products: ['Alpha Guard'],
  sections: [
    ['en', 'retention', 'Data retention', 'Alerts are kept for 180 days. Activity logs are kept for one year.'],
    ['en', 'location', 'Data location', 'Customer data is stored in datacenters in the European Union.'],
  ],
};
const bulk: TinyPage = {
  id: 'tree-page',
  sections: [['en', 'devices', 'Onboard devices', 'Onboard laptops and servers with the deployment package.']],
};
const declaredOnly = tinyIndex([curated]);
const mixed = tinyIndex([curated, bulk]);

describe('declaredVocabulary', () => {
  it('tells stems of declared pages from stems only bulk pages use', () => {
    assert.equal(usedOnDeclaredPages(mixed, 'en', stem('alerts', 'en')), true);
    assert.equal(usedOnDeclaredPages(mixed, 'en', stem('laptops', 'en')), false);
    assert.equal(usedOnDeclaredPages(mixed, 'en', stem('zorblax', 'en')), false);
    // Asked twice (memoised), the same answer.
    assert.equal(usedOnDeclaredPages(mixed, 'en', stem('laptops', 'en')), false);
  });
  it('counts every known stem as declared when there are no bulk pages', () => {
    assert.equal(usedOnDeclaredPages(declaredOnly, 'en', stem('alerts', 'en')), true);
    assert.equal(usedOnDeclaredPages(declaredOnly, 'en', stem('laptops', 'en')), false);
  });
  it('reads a word only bulk pages use as the declared pages alone would: ranked, but not in the gate', () => {
    const q = 'How long are alerts kept on laptops?';
    const alone = analyse(q, { index: declaredOnly }).plan;
    const withBulk = analyse(q, { index: mixed }).plan;
    const laptops = withBulk.concepts.find((c) => c.word === 'laptops');
    assert.ok(laptops && laptops.bulkOnly && !laptops.gate, 'a ranking concept outside the gate');
    assert.ok(!alone.concepts.some((c) => c.word === 'laptops'));
    assert.deepEqual(withBulk.offTopic, alone.offTopic);
    assert.ok(withBulk.offTopic.includes('laptops'));
    const gateWords = (p: typeof alone) => p.concepts.filter((c) => c.gate).map((c) => c.word);
    assert.deepEqual(gateWords(withBulk), gateWords(alone));
  });
  it('reads a Dutch compound only bulk pages write through its parts, as the declared pages alone would', () => {
    const nl: TinyPage = { id: 'alpha', products: ['Alpha Guard'], sections: [['nl', 'locatie', 'Locatie', 'De gegevens van klanten staan op een locatie in de Europese Unie.']] };
    const tree: TinyPage = { id: 'tree-page', sections: [['nl', 'kaart', 'Kaart', 'De gegevenslocatie staat op de kaart van het portaal.']] };
    const q = 'Alpha Guard gegevenslocatie';
    const alone = analyse(q, { index: tinyIndex([nl]) });
    const withBulk = analyse(q, { index: tinyIndex([nl, tree]) });
    const parts = (t: typeof alone) => t.plan.concepts.find((c) => c.word === 'gegevenslocatie')?.alts.filter((a) => a.via === 'compound').map((a) => a.stem);
    assert.deepEqual(parts(alone), [stem('gegevens', 'nl'), stem('locatie', 'nl')]);
    assert.deepEqual(parts(withBulk), parts(alone));
    assert.equal(withBulk.plan.concepts.find((c) => c.word === 'gegevenslocatie')?.gate, true);
  });
});
