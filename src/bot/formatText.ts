/**
 * Plain-text rendering of an answer (CLI, and the fallback text of chat messages).
 */
import type { Answer } from '../core/types';
import type { Texts } from './i18n';
import { plainAnswerText, sourceLabel } from './replyText';

/** The answer text followed by its numbered sources, or the abstention with suggestions. */
export function formatAnswer(a: Answer, texts: Texts): string {
  const lines = [plainAnswerText(a, texts.t)];
  if (a.citations.length > 0) {
    lines.push('', `${texts.t('card.sources', a.language)}:`);
    for (const c of a.citations) lines.push(`[${c.n}] ${sourceLabel(c)} (${c.language})`, `    ${c.url}`);
  }
  if (!a.answered && a.suggestions.length > 0) {
    lines.push('', texts.t('answer.suggestionsIntro', a.language));
    for (const s of a.suggestions) lines.push(`  • ${s}`);
  }
  return lines.join('\n');
}
