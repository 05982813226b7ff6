/**
 * The bot's i18next instance and the plain functions the engine and channels get from it.
 * Resource files: src/bot/locales/{nl,en}.json.
 */
import i18next, { type i18n } from 'i18next';
import type { Lang, Translate } from '../core/types';
import en from './locales/en.json';
import nl from './locales/nl.json';

/** Translation functions handed to the engine and the channel renderers. */
export interface Texts {
  t: Translate;
  /** Example questions in a language. */
  examples: (lang: Lang) => string[];
  instance: i18n;
}

/** Creates an isolated, synchronously initialised i18next instance. */
export function createTexts(): Texts {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: { en: { translation: en }, nl: { translation: nl } },
    fallbackLng: 'en',
    supportedLngs: ['en', 'nl'],
    // Texts are plain strings; each channel escapes for its own markup.
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  const t: Translate = (key, lang, vars) => instance.t(key, { lng: lang, ...(vars ?? {}) }) as string;
  const examples = (lang: Lang) => {
    const list = instance.t('examples', { lng: lang, returnObjects: true }) as unknown;
    return Array.isArray(list) ? list.map(String) : [];
  };
  return { t, examples, instance };
}
