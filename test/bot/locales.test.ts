/**
 * The i18next resource files: both languages define the same keys, nothing is left empty, every
 * `{{placeholder}}` is used in both languages, and every key the source code asks for exists.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTexts } from '../../src/bot/i18n';
import en from '../../src/bot/locales/en.json';
import nl from '../../src/bot/locales/nl.json';

type Resource = { [key: string]: unknown };

/** Flattens a resource to `path → value`; arrays (such as `examples`) are one entry. */
function flatten(resource: Resource, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(resource)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of flatten(value as Resource, path)) out.set(k, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

/** The `{{name}}` placeholders of a text, sorted and without duplicates. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)].map((m) => m[1]))].sort();
}

/** Every `.ts` file below `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const locales = { en: flatten(en), nl: flatten(nl) };

describe('locale resources', () => {
  it('en.json and nl.json have exactly the same keys', () => {
    const enKeys = [...locales.en.keys()].sort();
    const nlKeys = [...locales.nl.keys()].sort();
    assert.deepEqual(
      { onlyEn: enKeys.filter((k) => !locales.nl.has(k)), onlyNl: nlKeys.filter((k) => !locales.en.has(k)) },
      { onlyEn: [], onlyNl: [] },
    );
  });

  it('has no empty texts, and every value is a string or a list of strings', () => {
    for (const [lang, entries] of Object.entries(locales)) {
      for (const [key, value] of entries) {
        const items = Array.isArray(value) ? value : [value];
        assert.ok(items.length > 0, `${lang}: ${key} is an empty list`);
        for (const item of items) {
          assert.equal(typeof item, 'string', `${lang}: ${key} is not text`);
          assert.ok((item as string).trim() !== '', `${lang}: ${key} is empty`);
        }
      }
    }
  });

  it('uses the same {{placeholders}} in both languages', () => {
    for (const [key, value] of locales.en) {
      if (typeof value !== 'string') continue;
      assert.deepEqual(placeholders(String(locales.nl.get(key))), placeholders(value), `placeholders of ${key}`);
    }
  });

  it('defines every key the source code asks for, in both languages', () => {
    const sections = new Set(Object.keys(en));
    const used = new Set<string>();
    for (const file of sourceFiles(resolve(__dirname, '../../src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'([a-z]+(?:\.[A-Za-z]+)+)'/g)) {
        if (sections.has(m[1].split('.')[0])) used.add(m[1]);
      }
    }
    assert.ok(used.has('card.sources') && used.has('slack.working') && used.has('error.turn'), [...used].join(', '));
    const missing = [...used].filter((key) => typeof locales.en.get(key) !== 'string' || typeof locales.nl.get(key) !== 'string');
    assert.deepEqual(missing, []);
  });

  it('resolves through i18next in both languages, with the variables filled in', () => {
    const { t } = createTexts();
    assert.equal(t('card.sources', 'nl'), 'Bronnen');
    assert.equal(t('card.sources', 'en'), 'Sources');
    assert.equal(t('card.sharedBy', 'nl', { user: 'Ann' }), 'Gedeeld door Ann');
    assert.match(t('error.turn', 'en', { id: 'abc' }), /\(reference abc\)$/);
  });
});
