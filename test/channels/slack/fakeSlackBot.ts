/**
 * A canned {@link Bot} for the Slack plugin tests: replies depend only on the text, so the tests exercise
 * the Slack layer (signatures, acks, Block Kit, buttons) without the answer engine.
 */
import type { Bot, BotReply, IncomingMessage, TurnHooks } from '../../../src/bot/types';
import type { Answer } from '../../../src/core/types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A canned answer that echoes the question, to prove the adapter escapes what the bot repeats. */
export function cannedAnswer(question: string): Answer {
  return {
    question,
    language: 'en',
    answered: true,
    lines: [{ label: 'Defender', text: `You asked: ${question}. Data is stored in the EU.`, citations: [1, 2], language: 'en' }],
    citations: [
      { n: 1, title: 'Defender for Endpoint', section: 'Data storage', url: 'https://learn.example.com/defender#storage', language: 'en', docId: 'd', anchor: 'storage' },
      { n: 2, title: 'Purview', section: 'Retention', url: 'https://learn.example.com/purview#retention', language: 'en', docId: 'p', anchor: 'retention' },
    ],
    seeAlso: [],
    crossLanguage: false,
    suggestions: [],
  };
}

/**
 * A fake Bot: canned replies by text, records what it was asked. "help"/"hulp"/empty → help;
 * "reindex" → started, then done via `hooks.followUp` 20 ms later ("reindex now": at once); "refuse…" → refusal; "…weather…" → not answered;
 * "slow…" → answers after 300 ms; anything else → {@link cannedAnswer}.
 */
export function fakeBot(): Bot & { calls: IncomingMessage[] } {
  const calls: IncomingMessage[] = [];
  return {
    calls,
    welcome: () => ({ kind: 'welcome', language: 'en', text: 'Welcome', examples: [] }),
    async handle(message: IncomingMessage, hooks?: TurnHooks): Promise<BotReply> {
      calls.push(message);
      const t = message.text.trim().toLowerCase();
      if (t === '' || t === 'help' || t === 'hulp') return { kind: 'help', language: t === 'hulp' ? 'nl' : 'en', text: 'Ask me about data.', examples: ['Where is Defender data stored?'] };
      if (t === 'reindex' || t === 'reindex now') {
        const report = { ok: true, version: 'v2', documents: 3, passages: { nl: 1, en: 2 }, added: [], removed: [], changed: [], durationMs: 5, problems: [], coalesced: false };
        const done = () => void hooks?.followUp?.({ kind: 'reindex-done', language: 'en', text: 'Reindex done: 3 documents.', report });
        // "reindex now" reports before "started" is even returned, like a very fast run.
        if (t === 'reindex now') done();
        else setTimeout(done, 20);
        return { kind: 'reindex-started', language: 'en', text: 'Reindex started.' };
      }
      if (t.startsWith('refuse')) return { kind: 'refusal', language: 'en', text: 'Not allowed.' };
      if (t.includes('weather')) {
        return { kind: 'answer', language: 'en', answer: { ...cannedAnswer(message.text), answered: false, reason: 'off-topic', lines: [], citations: [], suggestions: ['Where is Purview data stored?'] } };
      }
      if (t.startsWith('slow')) await sleep(300);
      return { kind: 'answer', language: 'en', answer: cannedAnswer(message.text) };
    },
  };
}
