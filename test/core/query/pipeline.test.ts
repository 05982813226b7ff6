/**
 * The query pipeline's steps on a tiny inline corpus: planning (products, unknown words), retrieval
 * (why a hit matched, the parts of its score), the decision and its reasons, and the long-paste rule.
 */
import { strict as assert } from 'node:assert';
import { parseLexicon } from '../../../src/core/lexicon';
import { analyse, answer } from '../../../src/core/query/answer';
import { DEFAULT_TUNING } from '../../../src/core/query/tuning';
import { tinyIndex } from '../../helpers/tinyCorpus';

const index = tinyIndex([
  {
    id: 'alpha',
    products: ['Alpha Guard'],
    sections: [
      ['en', 'data-location', 'Data location', 'Customer data is stored in datacenters in the European Union.'],
      ['en', 'retention', 'Data retention', 'Alerts are kept for 180 days. Activity logs are kept for one year.'],
      ['en', 'encryption', 'Encryption', 'Customer data is encrypted at rest with keys per tenant.'],
      ['nl', 'data-location', 'Gegevenslocatie', 'Klantgegevens worden opgeslagen in datacenters in de Europese Unie.'],
      ['nl', 'retention', 'Bewaartermijn', 'Waarschuwingen worden 180 dagen bewaard.'],
    ],
  },
  {
    id: 'beta',
    products: ['Beta Shield'],
    sections: [
      ['en', 'data-location', 'Data location', 'Beta Shield stores customer data in datacenters in the United States.'],
      ['en', 'support', 'Support access', 'Engineers get access to data only after approval by an administrator.'],
    ],
  },
]);

const ask = (q: string) => answer(q, { index });
const trace = (q: string) => analyse(q, { index });

describe('query pipeline (tiny corpus)', () => {
  describe('plan', () => {
    it('marks a named product and keeps its words out of the gate', () => {
      const { plan } = trace('Are Beta Shield alerts kept?');
      assert.deepEqual([...plan.namedDocs], ['beta']);
      const product = plan.concepts.filter((c) => c.product).map((c) => c.word);
      assert.deepEqual(product, ['beta', 'shield']);
      assert.ok(plan.concepts.filter((c) => c.product).every((c) => !c.gate));
      assert.ok(plan.concepts.some((c) => c.word === 'alerts' && c.gate));
    });
    it('translates a word of the other language back, but not a word the question\'s own language uses', () => {
      const ix = {
        ...index,
        lexicon: parseLexicon({ translations: { nl: { standar: [['default', 0.8]], bewartermijn: [['retent', 0.8]] } } }),
      };
      const forms = (q: string, word: string) => analyse(q, { index: ix, lang: 'en' }).plan.concepts.find((c) => c.word === word)?.alts.map((a) => `${a.lang}:${a.stem}`) ?? [];
      // Read as Dutch, "standards" has the stem of "standaard" (standar), which translates to "default"; but the English pages use "standards".
      const ixStd = { ...tinyIndex([{ id: 'alpha', products: ['Alpha Guard'], sections: [['en', 'std', 'Standards', 'Alpha Guard meets industry standards. Alerts are kept by default.']] }]), lexicon: ix.lexicon };
      const std = analyse('Which standards does it meet?', { index: ixStd, lang: 'en' }).plan.concepts.find((c) => c.word === 'standards')?.alts.map((a) => `${a.lang}:${a.stem}`) ?? [];
      assert.ok(std.length > 0 && !std.includes('en:default'), std.join(' '));
      assert.ok(forms('what is the bewaartermijn of alerts?', 'bewaartermijn').includes('en:retent'), 'a Dutch word in an English question still translates back');
    });
    it('reads a word on the lexicon\'s function-word list as filler, not as a topic of its own', () => {
      const ix = { ...index, lexicon: parseLexicon({ functionWords: { en: ['zorblax'] } }) };
      const plan = analyse('zorblax where is customer data stored?', { index: ix }).plan;
      assert.deepEqual([plan.filler, plan.offTopic], [['zorblax'], []]);
      assert.deepEqual(trace('zorblax where is customer data stored?').plan.offTopic, ['zorblax']);
    });
    it('does not make a concept of a word no page uses: a non-word is a topic of its own', () => {
      const { plan } = trace('Where is customer data stored zorblax?');
      assert.ok(!plan.concepts.some((c) => c.word === 'zorblax'));
      assert.deepEqual(plan.offTopic, ['zorblax']);
    });
    it('ignores chat filler no page uses, so it does not sink a good match', () => {
      const a = analyse('Where is customer data stored anyway?', { index });
      assert.deepEqual(a.plan.filler, ['anyway']);
      assert.equal(a.decision.kind, 'answer');
    });
    it('reads the words of an aside clause with no known word as conversation, not as off-topic', () => {
      const aside = trace('morning all, where is customer data stored?').plan;
      assert.ok(aside.filler.includes('morning') && !aside.offTopic.includes('morning'));
      // In the clause that asks, the same word is a topic of its own.
      const asked = trace('where is customer data stored on a morning?').plan;
      assert.ok(asked.offTopic.includes('morning'));
    });
    it('corrects a typo into the vocabulary at reduced weight', () => {
      const { plan } = trace('How long are alerts kpet?');
      assert.deepEqual(plan.corrections.map((c) => c.target), ['kept']);
      assert.ok(plan.concepts.some((c) => c.alts.some((a) => a.via === 'typo')));
    });
    it('reads an English word under a Dutch -en ending (a loan verb or plural) in a Dutch question', () => {
      const ix = tinyIndex([{ id: 'alpha', products: ['Alpha Guard'], sections: [['en', 'scan', 'Scanning', 'Alpha Guard can inspect files without storing them.'], ['nl', 'loc', 'Locatie', 'De bestanden staan in Europa.']] }]);
      const t = analyse('Kan Alpha Guard de bestanden inspecteren?', { index: ix });
      const concept = t.plan.concepts.find((c) => c.word === 'inspecteren');
      assert.ok(concept?.alts.some((a) => a.lang === 'en' && a.stem === 'inspect' && a.via === 'other-language'));
      assert.ok(!t.plan.offTopic.includes('inspecteren'));
    });

    it('weighs an off-topic word by its class in the question\'s language first', () => {
      // Dutch "zit" is a verb (and now and then a noun); English WordNet knows "zit" only as a noun.
      const { plan } = trace('hoe zit het met de bewaartermijn van Alpha Guard?');
      assert.deepEqual(plan.offTopic, ['zit']);
      assert.ok(plan.offTopicWeight < 1, `weight ${plan.offTopicWeight}`);
    });

    it('reads a slip of a function word the pages never write as that word, not as a topic of its own', () => {
      const { plan } = trace('shoud Alpha Guard encrypt data?');
      assert.deepEqual(plan.corrections.map((c) => [c.word, c.target]), [['shoud', 'should']]);
      assert.deepEqual(plan.offTopic, []);
    });

    it('never counts a product name the pages do not spell out as an unknown word', () => {
      const { plan } = trace('Are Alpha Guard alerts kept?');
      assert.deepEqual([...plan.namedDocs], ['alpha']);
      assert.deepEqual(plan.unknown, []);
    });
    it('judges a question that is only a product name on the name', () => {
      const { plan } = trace('Beta Shield?');
      assert.ok(plan.concepts.length > 0 && plan.concepts.every((c) => c.gate));
    });
  });

  describe('retrieve', () => {
    it('records which concept matched which form in which field, and the parts of the score', () => {
      const { hits } = trace('How long are alerts kept?');
      const top = hits[0];
      assert.equal(top.passage.id, 'alpha#retention~0');
      const alerts = top.why.find((m) => m.concept === 'alerts');
      assert.deepEqual(alerts && { form: alerts.form, field: alerts.field, via: alerts.via }, { form: 'alert', field: 'body', via: 'stem' });
      const p = top.parts;
      assert.ok(Math.abs((p.coverage + p.heading + p.lunr + p.lead + p.product + p.declared) * p.language - top.score) < 1e-9);
    });
    it('gives declared pages their bonus only over bulk pages, never as a constant on declared pages only', () => {
      assert.equal(index.hasBulkPages, false);
      assert.ok(trace('How long are alerts kept?').hits.every((h) => h.parts.declared === 0));
      const mixed = tinyIndex([
        { id: 'alpha', products: ['Alpha Guard'], sections: [['en', 'retention', 'Data retention', 'Alerts are kept for 180 days.']] },
        { id: 'bulk', sections: [['en', 'retention', 'Retention', 'Alerts are kept for a while.']] },
      ]);
      assert.equal(mixed.hasBulkPages, true);
      const hits = analyse('How long are alerts kept?', { index: mixed }).hits;
      const declaredOf = (doc: string) => hits.find((h) => h.passage.docId === doc)?.parts.declared;
      assert.deepEqual([declaredOf('alpha'), declaredOf('bulk')], [DEFAULT_TUNING.declaredPage, 0]);
    });
    it('counts a compound no page writes as nearly the word where all its parts are, as one part elsewhere', () => {
      const nl = tinyIndex([
        {
          id: 'gamma',
          sections: [
            ['nl', 'stored', 'Opslag van gegevens', 'Gegevens worden versleuteld opgeslagen.'],
            ['nl', 'location', 'Locatie van gegevens', 'De locatie hangt af van de regio van de klant.'],
          ],
        },
      ]);
      const q = 'gegevenslocatie klant';
      const hits = analyse(q, { index: nl, lang: 'nl' }).hits;
      assert.equal(hits[0].passage.id, 'gamma#location~0');
      const m = hits[0].why.find((w) => w.concept === 'gegevenslocatie');
      assert.deepEqual(m && { form: m.form, via: m.via, field: m.field, strength: m.strength }, { form: 'gegeven+locatie', via: 'compound', field: 'heading', strength: DEFAULT_TUNING.compoundWhole });
      assert.equal(hits.find((h) => h.passage.id === 'gamma#stored~0')?.why.find((w) => w.concept === 'gegevenslocatie')?.strength, DEFAULT_TUNING.compoundPart);
      const off = analyse(q, { index: nl, lang: 'nl', tuning: { compoundWhole: DEFAULT_TUNING.compoundPart } }).hits;
      assert.ok(off.find((h) => h.passage.id === 'gamma#location~0')!.coverage < hits[0].coverage);
    });
    it('reads a page\'s title section by its text, not its heading, when the page has further sections', () => {
      const ix = tinyIndex([
        {
          id: 'gamma',
          products: ['Gamma Vault'],
          sections: [
            ['en', 'title', 'Gamma Vault data storage and privacy', 'This article describes the service.'],
            ['en', 'location', 'Location', 'Gamma Vault keeps customer data in Europe.'],
          ],
        },
        { id: 'delta', products: ['Delta Desk'], sections: [['en', 'title', 'Delta Desk data storage', 'Delta Desk stores data in Europe.']] },
      ]);
      const hits = analyse('Where does Gamma Vault store data?', { index: ix }).hits;
      assert.equal(hits[0].passage.id, 'gamma#location~0');
      const title = hits.find((h) => h.passage.id === 'gamma#title~0');
      assert.ok(!title || title.why.every((m) => m.field === 'body'), 'no heading match in the title section');
      // A page of one section keeps its heading.
      const one = analyse('Where does Delta Desk store data?', { index: ix }).hits.find((h) => h.passage.id === 'delta#title~0');
      assert.ok(one?.why.some((m) => m.field === 'heading'));
    });
    it('finds the heading when the heading holds the word', () => {
      const { hits } = trace('encryption of customer data');
      const m = hits[0].why.find((w) => w.concept === 'encryption');
      assert.equal(m?.field, 'heading');
    });
    it('scores a section whose words are all common, when the postings budget allows it', () => {
      // Twelve sections say "customer", "other" and "data"; the one that answers says nothing rarer. A share
      // limit on common terms left only "tenants" (one unrelated section) to find candidates.
      const filler = Array.from({ length: 12 }, (_, i): ['en', string, string, string] => ['en', `s${i}`, `Topic ${i}`, `Each customer and other customer data settings, part ${i}.`]);
      const small = tinyIndex([
        { id: 'faq', sections: [['en', 'shared', 'Is data shared with other customers?', 'No. Customer data is isolated from other customers.'], ...filler] },
        { id: 'misc', sections: [['en', 'tenants', 'Sign-in', 'Tenants sign in with their own account.']] },
      ]);
      const q = 'Do other tenants get our customer data?';
      const ids = (tuning?: Partial<typeof DEFAULT_TUNING>) => analyse(q, { index: small, tuning }).hits.map((h) => h.passage.id);
      assert.ok(!ids({ maxDfShare: 0.1 }).includes('faq#shared~0'), 'with a share limit the answering section is never scored');
      const scored = ids();
      assert.ok(scored.includes('faq#shared~0'));
      // Of the sections with only common words, the one that holds them all ranks first.
      assert.equal(scored.filter((id) => id.startsWith('faq#'))[0], 'faq#shared~0');
    });
  });

  describe('concept weights', () => {
    const weight = (ix: typeof index, q: string, word: string, tuning = {}) => analyse(q, { index: ix, tuning }).plan.concepts.find((c) => c.word === word)!.weight;
    const q = 'Are alerts encrypted?';

    it('weighs a word common in the background collection less than the index alone would', () => {
      const withBackground = { ...index, lexicon: parseLexicon({ background: { en: { units: 10_000, df: { alert: 6_000 } } } }) };
      assert.ok(weight(withBackground, q, 'alerts') < weight(index, q, 'alerts') * 0.8);
      // A stem the background does not list is rare there: it does not lose weight.
      assert.ok(weight(withBackground, q, 'encrypted') >= weight(index, q, 'encrypted'));
      // backgroundIdf 0 is the index alone.
      assert.equal(weight(withBackground, q, 'alerts', { backgroundIdf: 0 }), weight(index, q, 'alerts'));
    });

    it('ignores a background no larger than the index', () => {
      const tiny = { ...index, lexicon: parseLexicon({ background: { en: { units: 2, df: { alert: 2 } } } }) };
      assert.equal(weight(tiny, q, 'alerts'), weight(index, q, 'alerts'));
    });
  });

  describe('named products', () => {
    it('searches a named product\'s page in the language it is written in, however well the question\'s own language covers it', () => {
      // Every word of the question is in alpha's Dutch passage, so its coverage alone would not send the search to English.
      const ix = {
        ...tinyIndex([
          { id: 'alpha', products: ['Alpha Guard'], sections: [['nl', 'loc', 'Locatie', 'De gegevens van Omega Suite staan volgens Alpha Guard in Europa.'], ['en', 'loc', 'Location', 'Alpha Guard data is in Europe.']] },
          { id: 'omega', products: ['Omega Suite'], sections: [['en', 'loc', 'Data location', 'Omega Suite stores data in the United States.']] },
        ]),
        lexicon: parseLexicon({ translations: { nl: { gegeven: [['data', 0.9]], staan: [['store', 0.8]] } } }),
      };
      const t = analyse('Waar staan de gegevens van Omega Suite?', { index: ix });
      assert.equal(t.plan.lang, 'nl');
      assert.equal(t.decision.kind, 'answer');
      assert.equal(t.decision.sections[0].passage.id, 'omega#loc~0');
    });

    it('counts an alias for its language only when it holds that language\'s words, not an acronym', () => {
      const ix = tinyIndex([
        {
          id: 'alpha',
          products: ['Alpha Guard'],
          aliases: { en: ['AGX'], nl: ['Alpha voor Eindpunt'] },
          sections: [['nl', 'retention', 'Bewaartermijn', 'Waarschuwingen worden 180 dagen bewaard.'], ['en', 'retention', 'Retention', 'Alerts are kept for 180 days.']],
        },
      ]);
      const acronym = analyse('AGX bewaartermijn', { index: ix }).plan;
      assert.deepEqual([...acronym.namedDocs], ['alpha']);
      assert.equal(acronym.lang, 'nl');
      assert.equal(acronym.language.en, 0, 'the acronym is no English evidence');
      const translated = analyse('Alpha voor Eindpunt', { index: ix }).plan;
      assert.deepEqual([translated.lang, translated.language.nl], ['nl', 1]);
    });

    it('reads a name the asker writes that pages know only through a translation as a product they do not cover', () => {
      const ix = {
        ...tinyIndex([{ id: 'alpha', products: ['Alpha Guard'], sections: [['nl', 'flow', 'Uitwisseling', 'De uitwisseling van gegevens is versleuteld.'], ['en', 'flow', 'Flow', 'Data flows are encrypted.']] }]),
        lexicon: parseLexicon({ translations: { en: { exchang: [['uitwissel', 0.8]] }, nl: { uitwissel: [['exchang', 0.8]] } } }),
      };
      const named = analyse('Is our data encrypted in Exchange?', { index: ix });
      assert.ok(named.plan.foreignProducts.includes('Exchange'));
      assert.equal(named.decision.kind === 'abstain' && named.decision.reason, 'foreign-product');
      assert.deepEqual(analyse('is the exchange of our data encrypted?', { index: ix }).plan.foreignProducts, []);
    });
  });

  describe('decide', () => {
    it('lets a passage answer about a foreign product its other language version names', () => {
      const ix = tinyIndex([
        {
          id: 'alpha',
          products: ['Alpha Guard'],
          sections: [
            ['en', 'staff', 'Staff screening', 'Staff who handle data in Azure Government are screened. Azure Government datacenters are separate.'],
            ['nl', 'staff', 'Screening van medewerkers', 'Medewerkers die gegevens in de overheidscloud van Azure verwerken worden gescreend.'],
          ],
        },
      ]);
      const t = analyse('Worden medewerkers in Azure Government gescreend?', { index: ix });
      assert.deepEqual(t.plan.foreignProducts, ['Azure Government']);
      assert.equal(t.decision.sections[0]?.passage.lang, 'nl');
      assert.equal(t.decision.kind, 'answer');
    });
    it('reads a name the asker writes that no page uses as a product the pages do not cover, and a place as no product', () => {
      const zoom = analyse('Where does Zorblax store customer data?', { index });
      assert.deepEqual(zoom.plan.foreignProducts, ['Zorblax']);
      assert.equal(zoom.decision.kind, 'abstain');
      assert.equal(zoom.decision.kind === 'abstain' && zoom.decision.reason, 'foreign-product');
      // Written in lower case it is only a topic word; the rule reads the asker's capital.
      assert.deepEqual(analyse('Where does zorblax store customer data?', { index }).plan.foreignProducts, []);
      const place = analyse('Is customer data stored in Ireland?', { index });
      assert.deepEqual(place.plan.foreignProducts, []);
      assert.ok(place.plan.offTopic.includes('ireland'));
    });
    it('refuses a question whose off-topic words weigh as much as the known concepts it asks', () => {
      const half = analyse('What is the recipe of the alerts?', { index });
      assert.deepEqual([half.plan.offTopic, half.plan.offTopicWeight], [['recipe'], 1]);
      assert.equal(half.decision.kind === 'abstain' && half.decision.reason, 'off-topic');
      // Two known concepts outweigh one off-topic word: the gate decides.
      const more = analyse('How long are alerts kept in a recipe?', { index });
      assert.ok(more.plan.offTopic.includes('recipe'));
      assert.equal(more.decision.kind, 'answer');
    });
    it('refuses a question whose only known words are a product name, next to a topic no page speaks of', () => {
      const install = analyse('How do I install Beta Shield on a laptop?', { index });
      assert.deepEqual(install.plan.offTopic, ['install', 'laptop']);
      assert.equal(install.decision.kind === 'abstain' && install.decision.reason, 'off-topic');
      // The name alone is a question about the product.
      assert.equal(analyse('Beta Shield?', { index }).decision.kind, 'answer');
    });
    it('gives the margin credit only in proportion to coverage: a lone candidate page is no evidence', () => {
      const { decision } = trace('Do engineers approve scooters?');
      const gate = decision.gate!;
      assert.equal(gate.margin, 1, 'one page is the only candidate');
      assert.ok(gate.coverage < 0.7, 'the off-topic word lowers coverage');
      const t = DEFAULT_TUNING;
      assert.ok(Math.abs(gate.score - (t.gateCoverage * gate.coverage + t.gateMatched * gate.matchedShare + t.gateMargin * gate.margin * gate.coverage)) < 1e-9);
      // A full match still gets the whole margin credit.
      const good = trace('Which engineers approve access?').decision;
      assert.equal(good.kind, 'answer');
      assert.ok(Math.abs(good.gate!.score - (t.gateCoverage + t.gateMatched + t.gateMargin)) < 1e-9);
    });


    it('counts a product named by an alias alone as part of a specific keyword question, not of a vague one', () => {
      const ix = tinyIndex([
        {
          id: 'alpha',
          products: ['Alpha Guard'],
          aliases: { en: ['AGX'] },
          sections: [
            ['en', 'location', 'Data location', 'Customer data is stored in the European Union.'],
            ['en', 'encryption', 'Encryption', 'Customer data is encrypted at rest.'],
            ['en', 'retention', 'Data retention', 'Data is kept for 180 days.'],
            ['en', 'export', 'Exporting data', 'Admins can export data.'],
            ['en', 'deletion', 'Deleting data', 'Data is deleted on request.'],
          ],
        },
      ]);
      const tuning = { minSpecificity: 3 };
      const specific = analyse('AGX encryption', { index: ix, tuning });
      assert.equal(specific.decision.kind, 'answer');
      assert.equal(specific.decision.sections[0].passage.id, 'alpha#encryption~0');
      const vague = analyse('AGX data', { index: ix, tuning });
      assert.equal(vague.decision.kind === 'abstain' && vague.decision.reason, 'vague', '"data" is in every passage');
    });

    it('abstains with a reason: empty, no match, other product, low coverage', () => {
      assert.equal(ask('   ').reason, 'empty');
      assert.equal(ask('zorblax quux?').reason, 'no-match');
      // Beta Shield's page says nothing of alerts; Alpha Guard's does, but it is another product.
      assert.ok(['other-product', 'low-coverage'].includes(String(ask('Are Beta Shield alerts kept?').reason)));
      assert.equal(analyse('Are Beta Shield alerts kept?', { index, tuning: { product: 0 } }).decision.kind === 'abstain', true);
      assert.equal(ask('Are alerts sent to the United Nations by approval of pigeons?').answered, false);
      // An off-topic word that weighs nothing (a verb) is no reason: the gate's own is.
      const verb = analyse('Worden waarschuwingen van Alpha Guard bewaard nadat ze kwamen?', { index, tuning: { gateThreshold: 5 } });
      assert.deepEqual(verb.plan.offTopic, ['kwamen']);
      assert.equal(verb.decision.kind === 'abstain' && verb.decision.reason, 'low-coverage');
    });
    it('answers with a line per product when several pages answer, one when a product is named', () => {
      const both = ask('Where is customer data stored?');
      assert.ok(both.answered);
      assert.deepEqual(both.lines.map((l) => l.label).sort(), ['Alpha Guard', 'Beta Shield']);
      const one = ask('Where does Beta Shield store customer data?');
      assert.equal(one.lines.length, 1);
      assert.equal(one.citations[0].docId, 'beta');
    });
    it('quotes the reply language when the page has it, without penalising the other language in ranking', () => {
      const a = ask('Hoe lang worden waarschuwingen bewaard?');
      assert.ok(a.answered);
      assert.equal(a.citations[0].language, 'nl');
      assert.equal(DEFAULT_TUNING.otherLanguage <= 1, true);
    });
  });

  describe('cues', () => {
    const glossary = [{ nl: ['locatie'], en: ['location'], cues: { nl: ['waar'], en: ['where'] } }];
    const ix = tinyIndex([{ id: 'alpha', products: ['Alpha Guard'], sections: [['en', 'loc', 'Data location', 'Customer data is stored in one location.'], ['en', 'ret', 'Retention', 'Customer data is stored for one year.']] }], glossary);
    const cue = (q: string) => analyse(q, { index: ix }).plan.concepts.find((c) => c.cue);
    it('reads a mistyped question word as the cue it implies, at the strength of the correction', () => {
      const plain = cue('where is customer data stored?');
      assert.equal(plain?.weight, DEFAULT_TUNING.cueWeight);
      const plan = analyse('wehre is customer data stored?', { index: ix }).plan;
      const fix = plan.corrections.find((c) => c.word === 'wehre' && c.target === 'where');
      assert.ok(fix, JSON.stringify(plan.corrections));
      const typed = plan.concepts.find((c) => c.cue);
      assert.equal(typed?.word, 'where');
      assert.ok(Math.abs(typed!.weight - DEFAULT_TUNING.cueWeight * fix.weight) < 1e-9);
      const d = analyse('wehre is customer data stored?', { index: ix }).decision;
      assert.equal(d.kind === 'answer' ? d.lines[0].passage.anchor : d.kind, 'loc');
    });
  });

  describe('chat words the pages use', () => {
    it('ranks with a known word mostly used as an adverb, short ones too, but keeps it out of the gate', () => {
      const ix = tinyIndex([{ id: 'alpha', products: ['Alpha Guard'], sections: [['en', 'a', 'Alerts', 'Alerts still show up in the portal after one hour.']] }]);
      const concepts = analyse('Do alerts still show up in the portal?', { index: ix }).plan.concepts;
      for (const w of ['still', 'up']) assert.equal(concepts.find((c) => c.word === w)?.general, true, w);
      assert.equal(concepts.find((c) => c.word === 'portal')?.general, false);
      assert.ok(concepts.filter((c) => c.general).every((c) => !c.gate));
    });
  });

  describe('statements before the question', () => {
    it('does not count a word no page uses against the question when only a statement before it says it', () => {
      const q = 'Our zorblax customer data moved last week. Where is it stored?';
      const t = trace(q);
      assert.deepEqual(t.plan.offTopic, []);
      assert.ok(t.plan.filler.includes('zorblax'));
      assert.ok(ask(q).answered);
      // Asked in the question itself, it is a topic no page covers.
      assert.ok(trace('Where is zorblax customer data stored?').plan.offTopic.includes('zorblax'));
    });
    it('still reads a name said there as a product the pages do not cover', () => {
      const q = 'Our customer data moved to Zorblax last week. Where is it stored?';
      assert.ok(trace(q).plan.foreignProducts.includes('Zorblax'), JSON.stringify(trace(q).plan.foreignProducts));
      assert.equal(ask(q).answered, false);
    });
  });

  describe('a covered product and one no page covers', () => {
    const ix = tinyIndex([
      {
        id: 'alpha',
        products: ['Alpha Guard'],
        sections: [
          ['en', 'loc', 'Data location', 'Alpha Guard stores customer data in datacenters in the European Union.'],
          ['en', 'flow', 'Data flow', 'Alpha Guard sends its alerts to Azure Gamma. Azure Gamma keeps the alerts it gets.'],
        ],
      },
    ]);
    const t = (q: string) => analyse(q, { index: ix });
    it('abstains when the question itself names the other product and no page of the named one speaks of it', () => {
      const d = t('Does Alpha Guard store customer data from Zorblax devices in the European Union?').decision;
      assert.equal(d.kind === 'abstain' && d.reason, 'foreign-product');
    });
    it('answers when a page of the named product speaks of the other one', () => {
      const plan = t('Which alerts does Alpha Guard send to Azure Gamma?').plan;
      assert.deepEqual(plan.askedForeign, ['Azure Gamma']);
      assert.equal(t('Which alerts does Alpha Guard send to Azure Gamma?').decision.kind, 'answer');
    });
    it('does not count a foreign product named only after the question as asked', () => {
      const plan = t('Where does Alpha Guard store customer data? We also use Azure Gamma.').plan;
      assert.ok(plan.foreignProducts.includes('Azure Gamma'));
      assert.deepEqual(plan.askedForeign, []);
    });
    it('answers when the other product is named only in a statement before the question', () => {
      const q = 'Our customer data moved out of Zorblax last week. Where does Alpha Guard store customer data?';
      const plan = t(q).plan;
      assert.ok(plan.foreignProducts.includes('Zorblax'));
      assert.deepEqual(plan.askedForeign, []);
      assert.equal(t(q).decision.kind, 'answer');
    });
  });

  describe('words after the question', () => {
    it('reads what follows the question as context: it neither decides coverage nor counts as off-topic', () => {
      const t = trace('Where is customer data stored? Our zorblax auditors keep asking');
      assert.equal(t.plan.focused, 'after');
      assert.deepEqual(t.plan.offTopic, []);
      assert.ok(t.plan.concepts.filter((c) => c.word === 'auditors' || c.word === 'asking').every((c) => c.context && !c.gate));
      assert.ok(ask('Where is customer data stored? Our zorblax auditors keep asking').answered);
      // Said inside the question, the same word is a topic no page covers.
      assert.deepEqual(trace('Where is customer data of zorblax auditors stored?').plan.offTopic.length > 0, true);
    });
    it('takes the product named after the question as the question\'s own when the question names none', () => {
      const t = trace('Where is customer data stored? It is about Beta Shield.');
      assert.deepEqual([...t.plan.namedDocs], ['beta']);
      assert.equal(ask('Where is customer data stored? It is about Beta Shield.').citations[0].docId, 'beta');
      // The question's own product wins over one named after it.
      assert.deepEqual([...trace('Where does Alpha Guard store customer data? We compared it with Beta Shield.').plan.namedDocs], ['alpha']);
    });
  });

  describe('long paste', () => {
    it('answers the question at the end of a 4 KB paste', () => {
      const noise = 'Our printer in room 4 jams every Tuesday and the canteen serves soup. '.repeat(60);
      assert.ok(noise.length > 4000);
      const a = ask(`${noise}Are alerts kept for 180 days?`);
      assert.ok(a.answered, a.reason);
      assert.equal(a.citations[0].anchor, 'retention');
      assert.equal(trace(`${noise}Are alerts kept for 180 days?`).plan.focused, 'paste');
    });
  });
});
