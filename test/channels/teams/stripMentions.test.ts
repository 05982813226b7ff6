/**
 * Mention stripping in linear time: the same result as the old pattern on ordinary text, and a message
 * built to make the old pattern backtrack (`"<at".repeat(40000)`) does not hold up a concurrent /healthz.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { createTexts } from '../../../src/bot/i18n';
import { capText, MAX_TEAMS_TEXT, stripAtTags } from '../../../src/channels/teams/stripMentions';
import { createTeamsPlugin } from '../../../src/channels/teams/teamsPlugin';
import { silentLogger } from '../../../src/core/logger';
import { buildServer } from '../../../src/server/buildServer';
import { makeActivity, startFakeConnector, type FakeConnector } from '../../helpers/fakeConnector';
import { createFakeBot, type FakeBot } from './fakeBot';

/** The pattern this replaces, for comparison on inputs it handles quickly. */
const OLD = /<at[^>]*>(.*?)<\/at>/gi;

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('stripAtTags', () => {
  it('keeps the names of mentions and everything else', () => {
    assert.equal(stripAtTags('<at>Privacy Bot</at> where is <AT id="1">Jan</At>\'s data?'), "Privacy Bot where is Jan's data?");
    assert.equal(stripAtTags('no tags < at all > here'), 'no tags < at all > here');
    assert.equal(stripAtTags('<at>open only'), '<at>open only');
    assert.equal(stripAtTags('<at a="x">one</at><at>two</at>'), 'onetwo');
    assert.equal(stripAtTags('<at>a</at'), '<at>a</at');
  });

  it('gives the same result as the old pattern on line-free text', () => {
    const piece = fc.constantFrom('<at>', '<AT x="1">', '</at>', '</AT>', '<a', '<at', '>', '<', 'name', ' ', 'é', '</a>');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 3 }).map((s) => s.replace(/[\n\r\u2028\u2029]/g, ''))), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        assert.equal(stripAtTags(text), text.replace(OLD, '$1'), JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('caps text without splitting a surrogate pair', () => {
    assert.equal(capText('abc', 5), 'abc');
    assert.equal(capText('abcdef', 3), 'abc');
    assert.equal(capText('ab\u{1F600}', 3), 'ab');
    assert.equal(capText('x'.repeat(MAX_TEAMS_TEXT + 10)).length, MAX_TEAMS_TEXT);
  });
});

describe('a Teams message built to stall the old pattern (real server)', function () {
  this.timeout(30_000);
  let connector: FakeConnector;
  let server: ReturnType<typeof buildServer>;
  let base: string;
  let bot: FakeBot;

  before(async () => {
    connector = await startFakeConnector();
    bot = createFakeBot();
    const plugin = createTeamsPlugin({ bot, auth: {}, texts: createTexts(), feedbackLog: { record: async () => undefined }, log: silentLogger });
    server = buildServer({ plugins: [plugin], health: () => ({ probe: 'teams' }), log: silentLogger });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // One ordinary message first, so lazy loading inside botbuilder is not timed below.
    await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(makeActivity({ serviceUrl: connector.url, text: 'warm up' })) });
  });
  after(async () => {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await connector.close();
  });

  for (const [name, text] of [
    ['"<at".repeat(40000)', '<at'.repeat(40_000)],
    ['"<at>".repeat(30000)', '<at>'.repeat(30_000)],
    ['"<at>x</a".repeat(20000)', '<at>x</a'.repeat(20_000)],
  ] as [string, string][]) {
    it(`answers ${name} and a concurrent /healthz correctly`, async () => {
      const body = JSON.stringify(makeActivity({ serviceUrl: connector.url, conversationId: `stall-${name}`, text }));
      const started = performance.now();
      const message = fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      // Sent while the message is being handled.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const healthStarted = performance.now();
      const health = await get(`${base}/healthz`);
      const healthMs = performance.now() - healthStarted;
      const res = await message;
      assert.equal(health.status, 200);
      assert.deepEqual(JSON.parse(health.body), { status: 'ok', probe: 'teams' });
      assert.equal(res.status, 200, await res.text());
      // Timing is reported, not asserted (the bench owns speed).
      console.log(`      ${name} (${text.length} chars): message ${Math.round(performance.now() - started)} ms, concurrent /healthz ${healthMs.toFixed(1)} ms`);
      const received = bot.received.at(-1);
      assert.ok(received && received.text.length <= 8000, 'the bot got the capped text');
    });
  }
});
