/** Shared fixtures for engine tests: the real content folder, loaded and indexed once. */
import { resolve } from 'node:path';
import { createTexts } from '../../src/bot/i18n';
import { replyText } from '../../src/bot/replyText';
import { answer } from '../../src/core/query/answer';
import { loadCorpus } from '../../src/core/loadCorpus';
import { buildIndex, type SearchIndex } from '../../src/core/searchIndex';
import type { Answer, Corpus, Lang } from '../../src/core/types';

export const CONTENT = resolve(__dirname, '../../content');
export const SHARED = resolve(__dirname, '../../../shared');

let cached: { corpus: Corpus; index: SearchIndex } | undefined;

/** The real corpus and its index (built once per test run). */
export function realIndex(): { corpus: Corpus; index: SearchIndex } {
  cached ??= (() => {
    const corpus = loadCorpus([CONTENT]);
    return { corpus, index: buildIndex(corpus) };
  })();
  return cached;
}

export const texts = createTexts();

/** Answers with the real index and the real i18n texts. */
export function ask(q: unknown, lang?: Lang, index: SearchIndex = realIndex().index): Answer {
  return answer(q, { index, suggestions: texts.examples, lang });
}

/** The reply text the bot would make of an answer (lines with markers, see-also, note). */
export function textOf(a: Answer): string {
  return replyText(a, texts.t).text;
}
