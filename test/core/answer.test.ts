import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { detectLanguage } from '../../src/core/language';
import { ask, realIndex, textOf } from '../helpers/engine';

const path = (url: string) => new URL(url).pathname + new URL(url).hash;

describe('answer()', () => {
  describe('language', () => {
    const names = () => realIndex().index.documents.flatMap((d) => d.products);
    it('detects Dutch in short questions and despite English product names', () => {
      assert.equal(detectLanguage('Wat is Customer Lockbox?', { names: names() }), 'nl');
      assert.equal(detectLanguage('Welke gegevens verzamelt Defender for Endpoint?', { names: names() }), 'nl');
      assert.equal(detectLanguage('What is Customer Lockbox?', { names: names() }), 'en');
      assert.equal(detectLanguage('Where is my data stored?', { names: names() }), 'en');
    });
    it('falls back to the hint when the text gives no signal', () => {
      assert.equal(detectLanguage('Customer Lockbox', { names: names(), fallback: 'nl' }), 'nl');
      assert.equal(detectLanguage('', { fallback: 'nl' }), 'nl');
    });
    it('replies in the asker\'s language, and an explicit language overrides detection', () => {
      assert.equal(ask('Hoe lang worden mijn gegevens bewaard?').language, 'nl');
      assert.equal(ask('How long is my data kept?').language, 'en');
      const forced = ask('Hoe lang worden mijn gegevens bewaard?', 'en');
      assert.equal(forced.language, 'en');
      assert.ok(forced.citations.every((c) => c.url.includes('/en-us/')));
    });
  });

  describe('citations', () => {
    it('cites the section with a deep link, in the language of the quoted text', () => {
      const a = ask('How long are Cloud App Security alerts retained?');
      assert.ok(a.answered);
      assert.equal(path(a.citations[0].url), '/en-us/cloud-app-security/cas-compliance-trust#data-retention');
      assert.equal(a.citations[0].section, 'Data retention');
      assert.equal(a.citations[0].language, 'en');
      assert.match(textOf(a), /Alerts: 180 days/);
      assert.match(textOf(a), /\[1\]/);
    });
    it('numbers citations 1..n and every [n] in the text refers to one', () => {
      const a = ask('Waar worden mijn gegevens opgeslagen?');
      assert.deepEqual(a.citations.map((c) => c.n), a.citations.map((_, i) => i + 1));
      for (const m of textOf(a).matchAll(/\[(\d+)\]/g)) assert.ok(Number(m[1]) <= a.citations.length);
    });
    it('quotes a short extract, not a whole section', () => {
      const a = ask('What data does Defender for Endpoint collect from devices?');
      assert.ok(a.answered);
      assert.ok(a.lines.every((l) => l.text.length <= 460), a.lines.map((l) => l.text.length).join());
    });
  });

  describe('several products', () => {
    it('gives a line per product for "where is my data stored?", each cited', () => {
      for (const q of ['Where is my data stored?', 'Waar worden mijn gegevens opgeslagen?']) {
        const a = ask(q);
        assert.ok(a.lines.length >= 2, `${q}: ${a.lines.length} lines`);
        const docs = new Set(a.lines.map((l) => a.citations[l.citations[0] - 1].docId));
        assert.equal(docs.size, a.lines.length, 'one line per product');
        assert.ok(docs.has('mde-data-storage-privacy') && docs.has('mcas-data-security-privacy'));
      }
    });
    it('answers from the named product only when the question names one', () => {
      const a = ask('Where does Cloud App Security store my data?');
      assert.equal(a.lines.length, 1);
      assert.equal(path(a.citations[0].url), '/en-us/cloud-app-security/cas-compliance-trust#data-location');
    });
  });

  describe('cross-language fallback', () => {
    it('answers a Dutch question from the English-only page, in Dutch, and says so', () => {
      const a = ask('Wat is Customer Lockbox?');
      assert.ok(a.answered);
      assert.equal(a.language, 'nl');
      assert.equal(a.crossLanguage, true);
      assert.equal(a.citations[0].language, 'en');
      assert.match(a.citations[0].url, /privacy-security-and-transparency#customer-lockbox$/);
      assert.match(textOf(a), /Engelstalig/);
    });
    it('quotes the Dutch revision of a page when it answers about as well as the English one', () => {
      const a = ask('Wie is de eigenaar van mijn gegevens in Cloud App Security?');
      assert.equal(a.crossLanguage, false);
      assert.equal(a.citations[0].language, 'nl');
      assert.match(a.citations[0].url, /\/nl-nl\/cloud-app-security\/cas-compliance-trust#you-are-the-owner-of-your-data$/);
    });
    it('finds the English-only MCAS section for a Dutch question through the glossary', () => {
      const a = ask('Hoe kan ik gebruikersactiviteit exporteren uit Cloud App Security?');
      assert.ok(a.answered);
      assert.match(a.citations[0].url, /#exporting-personal-data$/);
    });
  });

  describe('abstention', () => {
    for (const q of ['What will the weather be in Amsterdam tomorrow?', 'Hoe maak ik een pannenkoek?', 'Who is the CEO of Microsoft?', 'data']) {
      it(`does not answer "${q}" from an unrelated passage`, () => {
        const a = ask(q);
        assert.equal(a.answered, false);
        assert.deepEqual(a.citations, []);
        assert.ok(a.suggestions.length >= 2, 'offers example questions');
      });
    }
    it('explains what it covers, in the asker\'s language', () => {
      assert.match(textOf(ask('Wat is de hoofdstad van Frankrijk?')), /documentatie/);
      assert.match(textOf(ask('Who won the world cup?')), /documentation/);
    });
  });

  describe('hostile input', () => {
    const nasty = ['', ' ', 'data:location', 'retention~2', '*', '"unbalanced', '+', '-', '^3', 'a'.repeat(20000), '\u0000\u0000', '🔒🔒🔒', '<script>alert(1)</script>', 'field:title where', '\ud800 lone surrogate'];
    for (const q of nasty) {
      it(`returns a well-formed answer for ${JSON.stringify(q.slice(0, 30))}`, () => {
        const a = ask(q);
        assert.equal(typeof textOf(a), 'string');
        assert.ok(textOf(a).length > 0);
        assert.ok(Array.isArray(a.citations));
      });
    }
    it('never throws and always returns a consistent answer (property)', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.lorem(), fc.anything()), (q) => {
          const a = ask(q);
          assert.ok(a.language === 'nl' || a.language === 'en');
          assert.equal(a.answered, a.citations.length > 0);
          assert.ok(textOf(a).length > 0);
        }),
        { numRuns: 300 },
      );
    });
  });
});
