/**
 * Property-based hostile input over the real app's Teams and Slack handlers (createApp, the real engine
 * on content/, fake connector and fake Slack API on loopback): whatever the user types — any Unicode,
 * huge text, NUL bytes, Teams and Slack markup, HTML, markdown, JSON — the bot answers with a
 * well-formed reply, never a 5xx, never lets the user's text become a Slack mention, and keeps serving.
 */
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import fc from 'fast-check';
import { questionText } from '../../src/channels/teams/teamsHandler';
import { makeActivity, postActivity, type ConnectorCall } from '../helpers/fakeConnector';
import { TEST_SIGNING_SECRET, useRealAppWithPeers } from '../helpers/realApp';
import { signedHeaders } from '../helpers/signSlack';

/** Markup and oddities users (or attackers) put in messages. */
const NASTY = [
  '<at>x</at>', '<at>Privacy Bot</at>', '<at></at>', '<at>', '</at>',
  '<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@U123|bob>', '<@W0>', '<!subteam^S123|@team>', '<!date^1392734382^{date}|x>',
  '<https://evil.example|click me>', '<mailto:a@b.c>', '&lt;!channel&gt;', '&amp;', '&', '<', '>', '|',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<b>bold</b>', '<!-- c -->',
  '**bold** _it_ ~~s~~ `code`', '```\nblock\n```', '[link](javascript:alert(1))', '![img](http://x/y.png)', '# Heading', '> quote', '- item',
  '{"type":"message","text":"hi"}', '{"blocks":[]}', '[1,2,3]', 'null', '{{t}}', '${x}', '%s%n', '\\', '"', "'",
  '\u0000', 'a\u0000b', '\u0000'.repeat(10), '\r\n', '\t', '\u200b', '\u202e', '\ufeff', '\ud800', '\udfff', '🏳️‍🌈', 'é', 'é',
  'help', 'hulp', 'reindex', 'Where is my data stored?', 'Waar worden mijn gegevens opgeslagen?',
];

const nasty = fc.constantFrom(...NASTY);
/** A mix of markup and random text of every kind. */
const mixed = fc
  .array(fc.oneof(nasty, fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-composite' })), { maxLength: 8 })
  .map((parts) => parts.join(' '));
/** Huge text: up to 20 000 characters. */
const huge = (maxLength: number) =>
  fc.oneof(
    fc.string({ minLength: 5000, maxLength }),
    fc.string({ unit: 'grapheme-ascii', minLength: 5000, maxLength }),
    fc.tuple(nasty, fc.integer({ min: 100, max: 2000 })).map(([s, n]) => s.repeat(n).slice(0, maxLength)),
  );
const hostileText = (maxHuge: number) =>
  fc.oneof(
    { weight: 5, arbitrary: mixed },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 2000 }) },
    { weight: 1, arbitrary: huge(maxHuge) },
  );

/** Every string under a `text` or `alt_text` key, anywhere in a Slack message. */
function slackTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => slackTexts(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'text' || k === 'alt_text') && typeof v === 'string') out.push(v);
      else slackTexts(v, out);
    }
  }
  return out;
}

describe('hostile input through the real app (property-based)', function () {
  this.timeout(60_000);
  const h = useRealAppWithPeers();
  let n = 0;

  const assertHealthy = async () => {
    const res = await fetch(`${h.real.base}/healthz`);
    assert.equal(res.status, 200);
  };

  it('Teams: any text gets HTTP 200 and a reply with text or a card (when there is a question at all)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(20_000), fc.constantFrom('en-US', 'nl-NL', 'de-DE', undefined), fc.boolean(), async (text, locale, inChannel) => {
        n += 1;
        const conversationId = `hostile-teams-${n}`;
        const mention = '<at>Privacy Bot</at>';
        const activity = makeActivity({
          serviceUrl: h.connector.url,
          conversationId,
          conversationType: inChannel ? 'channel' : 'personal',
          text: inChannel ? `${mention} ${text}` : text,
          ...(locale ? { locale } : {}),
          ...(inChannel ? { entities: [{ type: 'mention', text: mention, mentioned: { id: 'bot-id', name: 'Privacy Bot' } }] } : {}),
        });
        const res = await postActivity(`${h.real.base}/api/messages`, activity);
        assert.equal(res.status, 200, `HTTP ${res.status}: ${res.body.slice(0, 200)}`);
        // The response comes after the turn, so the reply (if any) has reached the connector by now.
        const replies = h.connector.calls.filter((c: ConnectorCall) => c.conversationId === conversationId && c.activity.type === 'message');
        if (questionText(activity as unknown as Activity) === '') {
          assert.equal(replies.length, 0, 'no question, no reply');
          return;
        }
        assert.equal(replies.length, 1, `one reply (got ${replies.length})`);
        const reply = replies[0].activity as { text?: unknown; attachments?: { contentType?: unknown; content?: unknown }[] };
        const hasText = typeof reply.text === 'string' && reply.text.trim().length > 0;
        const hasCard = Array.isArray(reply.attachments) && reply.attachments.length > 0 && reply.attachments.every((a) => typeof a.contentType === 'string' && a.content);
        assert.ok(hasText || hasCard, `reply has text or a card: ${JSON.stringify(reply).slice(0, 300)}`);
      }),
      { numRuns: 150 },
    );
    assert.ok(!h.real.logs.some((l) => /teams (turn|request) error/.test(l)), h.real.logs.filter((l) => /error/.test(l)).join('\n'));
    await assertHealthy();
  });

  it('Slack: any slash command text gets 200 with blocks and text, and never an unescaped mention from the user', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(20_000), async (text) => {
        n += 1;
        const body = new URLSearchParams({
          token: 'x', team_id: 'T1', team_domain: 't', channel_id: 'C1', channel_name: 'general', user_id: 'UASK1', user_name: 'ann',
          command: '/privacy', text, api_app_id: 'A1', response_url: h.slackApi.responseUrl(`hostile-${n}`), trigger_id: `tr${n}`,
        }).toString();
        const res = await fetch(`${h.real.base}/slack/events`, { method: 'POST', body, headers: signedHeaders(TEST_SIGNING_SECRET, body, 'application/x-www-form-urlencoded') });
        const raw = await res.text();
        assert.equal(res.status, 200, `HTTP ${res.status}: ${raw.slice(0, 200)}`);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        const message = JSON.parse(raw) as { blocks?: unknown; text?: unknown };
        assert.ok(Array.isArray(message.blocks) && message.blocks.length > 0, `blocks: ${raw.slice(0, 300)}`);
        assert.ok(typeof message.text === 'string' && message.text.length > 0, 'fallback text');
        for (const t of slackTexts(message)) {
          // The bot builds only <https://…|label> links itself; <!…> and <@…> can only have come from the user.
          assert.ok(!/<[!@#]/.test(t), `unescaped Slack markup in ${JSON.stringify(t.slice(0, 300))}`);
        }
      }),
      { numRuns: 150 },
    );
    assert.ok(!h.real.logs.some((l) => /slack: (listener error|processing failed|request failed|bot\.handle threw)/.test(l)), h.real.logs.join('\n'));
    await assertHealthy();
  });

  it('Slack: any direct message gets a chat.postMessage with blocks and text, and never an unescaped mention', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(20_000).filter((t) => t !== ''), async (text) => {
        n += 1;
        const channel = `D${n}`;
        const body = JSON.stringify({
          token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `Ev${n}`, event_time: Math.floor(Date.now() / 1000),
          event: { type: 'message', channel_type: 'im', channel, user: 'UASK1', text, ts: `1700000000.${String(n).padStart(6, '0')}` },
        });
        const res = await fetch(`${h.real.base}/slack/events`, { method: 'POST', body, headers: signedHeaders(TEST_SIGNING_SECRET, body, 'application/json') });
        assert.equal(res.status, 200, `HTTP ${res.status}`);
        await res.text();
        const post = await h.slackApi.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === channel, 5000);
        assert.ok(Array.isArray(post.body.blocks) && post.body.blocks.length > 0, 'blocks');
        assert.ok(typeof post.body.text === 'string' && post.body.text.length > 0, 'fallback text');
        for (const t of slackTexts({ text: post.body.text, blocks: post.body.blocks })) {
          assert.ok(!/<[!@#]/.test(t), `unescaped Slack markup in ${JSON.stringify(t.slice(0, 300))}`);
        }
      }),
      { numRuns: 100 },
    );
    await assertHealthy();
  });
});
