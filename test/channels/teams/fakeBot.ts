/**
 * A canned {@link Bot} for the Teams tests: replies depend only on the text, so the tests exercise the
 * Teams layer without the answer engine.
 */
import type { Bot, BotReply, IncomingMessage, TurnHooks } from '../../../src/bot/types';
import type { Answer, Lang } from '../../../src/core/types';

/** The fake bot plus what it received. */
export interface FakeBot extends Bot {
  received: IncomingMessage[];
  welcomed: (string | undefined)[];
}

function langOf(text: string): Lang {
  return /\b(waar|hoe|mijn|gegevens|wordt|opgeslagen)\b/i.test(text) ? 'nl' : 'en';
}

/**
 * An answer with one quoted line [1] and a "see also" [2]; Dutch questions cite English text
 * (cross-language). `text` is the engine's old composed text, which the renderers no longer read.
 */
export function cannedAnswer(question: string, language: Lang): Answer {
  const nl = language === 'nl';
  return {
    question,
    language,
    answered: true,
    lines: [
      {
        label: 'Microsoft Defender for Endpoint',
        text: nl ? 'Je gegevens worden opgeslagen in de regio van je tenant.' : 'Your data is stored in the region of your tenant.',
        citations: [1],
        language: 'en',
      },
    ],
    citations: [
      {
        n: 1,
        title: 'Microsoft Defender for Endpoint data storage and privacy',
        section: 'Where is my data stored?',
        url: 'https://learn.microsoft.com/defender-endpoint/data-storage-privacy#where-is-my-data-stored',
        language: 'en',
        docId: 'mde',
        anchor: 'where-is-my-data-stored',
      },
      {
        n: 2,
        title: 'Microsoft Defender for Endpoint data storage and privacy',
        section: 'Data retention',
        url: 'https://learn.microsoft.com/defender-endpoint/data-storage-privacy#data-retention',
        language: 'en',
        docId: 'mde',
        anchor: 'data-retention',
      },
    ],
    seeAlso: [2],
    crossLanguage: nl,
    suggestions: [],
  };
}

/**
 * Creates the fake. Texts: "help" → help; containing "boom" → throws; containing "slowly" → answers after 400 ms; containing "weather" → not answered;
 * "reindex" → replies "started" and later, after the turn, sends "done" through `hooks.followUp`;
 * anything else → {@link cannedAnswer}.
 */
export function createFakeBot(): FakeBot {
  const received: IncomingMessage[] = [];
  const welcomed: (string | undefined)[] = [];
  return {
    received,
    welcomed,
    async handle(message: IncomingMessage, hooks?: TurnHooks): Promise<BotReply> {
      received.push(message);
      const text = message.text;
      const language = langOf(text);
      if (text.includes('boom')) throw new Error('engine exploded');
      if (text.includes('slowly')) await new Promise((resolve) => setTimeout(resolve, 400));
      if (text === 'help') {
        return { kind: 'help', language, text: 'I answer questions about data storage.', examples: ['Where is my data stored?', 'How long is my data kept?'] };
      }
      if (text === 'reindex') {
        setTimeout(() => {
          const report = { ok: true, version: 'v2', documents: 3, passages: { nl: 1, en: 2 }, added: [], removed: [], changed: [], durationMs: 5, problems: [], coalesced: false };
          void hooks?.followUp?.({ kind: 'reindex-done', language, text: 'Reindex done.', report });
        }, 50);
        return { kind: 'reindex-started', language, text: 'Reindex started.' };
      }
      if (text.includes('weather')) {
        return {
          kind: 'answer',
          language,
          answer: {
            question: text,
            language,
            answered: false,
            reason: 'off-topic',
            lines: [],
            seeAlso: [],
            citations: [],
            crossLanguage: false,
            suggestions: ['Where is my data stored?'],
          },
        };
      }
      return { kind: 'answer', language, answer: cannedAnswer(text, language) };
    },
    welcome(localeHint?: string): BotReply {
      welcomed.push(localeHint);
      const language: Lang = localeHint?.startsWith('nl') ? 'nl' : 'en';
      return { kind: 'welcome', language, text: language === 'nl' ? 'Welkom!' : 'Welcome!', examples: ['Where is my data stored?'] };
    },
  };
}
