/**
 * The channel-neutral conversation: one entry point, incoming message → reply. Commands (help, reindex),
 * the admin check and the language decision live here; answering is the engine's.
 */
import { randomUUID } from 'node:crypto';
import { silentLogger, type Logger } from '../core/logger';
import { answer } from '../core/query/answer';
import { cleanQuestion } from '../core/query/clean';
import type { SearchIndex } from '../core/searchIndex';
import type { Lang } from '../core/types';
import type { Texts } from './i18n';
import type { Bot, BotReply, IncomingMessage, ReindexReport, Surface, TurnHooks } from './types';

/** Who asked for a reindex, for the audit log. */
export interface ReindexRequest {
  who: string;
  surface: Surface;
}

/** Options of {@link createBot}: everything it needs is injected. */
export interface CreateBotOptions {
  /** The index currently serving (a reindex swaps it). */
  index: () => SearchIndex;
  texts: Texts;
  /** Admin check per surface (Teams AAD object ids, Slack user ids). */
  isAdmin: (surface: Surface, userId: string) => boolean;
  /** Starts (or joins) a reindex; resolves with its report. Absent: reindex is not offered. */
  reindex?: (request: ReindexRequest) => Promise<ReindexReport>;
  /** True while a reindex is running (a request then joins it). */
  reindexRunning?: () => boolean;
  log?: Logger;
}

const HELP = new Set(['help', 'hulp', '?', 'start', 'menu']);
const REINDEX = new Set(['reindex', 'herindexeer', 'herindexeren']);

/** Lower-cased text without punctuation, for recognising one-word commands. */
function commandWord(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}?]+/gu, ' ').trim();
}

/** Maps a client locale ("nl-NL", "en-US") to a language, when it is one we speak. */
export function langOfHint(hint: string | undefined): Lang | undefined {
  const base = (typeof hint === 'string' ? hint : '').toLowerCase().split(/[-_]/)[0];
  return base === 'nl' || base === 'en' ? base : undefined;
}

/** A short list for a chat message: the first few names, then a count. */
function list(items: string[], texts: Texts, lang: Lang): string {
  if (items.length === 0) return texts.t('reindex.none', lang);
  return items.length > 8 ? `${items.slice(0, 8).join(', ')} (+${items.length - 8})` : items.join(', ');
}

/** The text reporting a finished reindex. */
export function reindexText(report: ReindexReport, texts: Texts, lang: Lang): string {
  if (!report.ok) {
    const reason = report.problems.map((p) => `${p.file}: ${p.reason}`).join('; ');
    return texts.t('reindex.failed', lang, { reason });
  }
  return texts.t('reindex.done', lang, {
    // A number, so i18next formats it for the locale ("0,9" in Dutch).
    seconds: report.durationMs / 1000,
    documents: report.documents,
    nl: report.passages.nl,
    en: report.passages.en,
    added: list(report.added, texts, lang),
    removed: list(report.removed, texts, lang),
    changed: list(report.changed, texts, lang),
  });
}

/** Creates the bot. */
export function createBot(options: CreateBotOptions): Bot {
  const { texts } = options;
  const log = options.log ?? silentLogger;

  const examplesReply = (kind: 'help' | 'welcome', lang: Lang): BotReply => ({
    kind,
    language: lang,
    text: texts.t(kind === 'help' ? 'help.text' : 'welcome.text', lang),
    examples: texts.examples(lang),
  });

  const startReindex = (message: IncomingMessage, lang: Lang, hooks?: TurnHooks): BotReply => {
    const who = message.userId;
    if (!options.reindex || !options.isAdmin(message.surface, who)) {
      log.warn({ surface: message.surface, user: who }, 'reindex refused');
      return { kind: 'refusal', language: lang, text: texts.t('reindex.refused', lang) };
    }
    const joined = options.reindexRunning?.() ?? false;
    options
      .reindex({ who, surface: message.surface })
      .then((report) => hooks?.followUp?.({ kind: 'reindex-done', language: lang, text: reindexText(report, texts, lang), report }))
      .catch((err: Error) => log.warn({ err: err.message }, 'reindex follow-up failed'));
    return { kind: 'reindex-started', language: lang, text: texts.t(joined ? 'reindex.joined' : 'reindex.started', lang) };
  };

  return {
    welcome(localeHint) {
      return examplesReply('welcome', langOfHint(localeHint) ?? 'en');
    },
    async handle(message, hooks) {
      const hint = langOfHint(message.localeHint);
      let lang: Lang = hint ?? 'en';
      try {
        const text = cleanQuestion(message.text);
        const word = commandWord(text);
        if (word === '' || HELP.has(word)) {
          lang = word === 'hulp' ? 'nl' : word === 'help' && hint !== 'nl' ? 'en' : lang;
          return examplesReply('help', lang);
        }
        if (REINDEX.has(word)) return startReindex(message, word === 'reindex' ? lang : 'nl', hooks);
        const index = options.index();
        // The engine decides the language from the text; the client locale only breaks a tie.
        const a = answer(text, { index, suggestions: texts.examples, fallbackLang: hint });
        lang = a.language;
        return { kind: 'answer', language: a.language, answer: a };
      } catch (err) {
        const correlationId = randomUUID();
        log.error({ correlationId, surface: message.surface, err: (err as Error).message }, 'turn failed');
        return { kind: 'error', language: lang, text: texts.t('error.turn', lang, { id: correlationId }), correlationId };
      }
    },
  };
}
