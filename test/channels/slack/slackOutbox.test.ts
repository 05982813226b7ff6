import { strict as assert } from 'node:assert';
import { retryAfterOf, SlackOutbox } from '../../../src/channels/slack/slackOutbox';
import { recordingLogger } from '../../../src/core/logger';

const rateLimited = (seconds: number) => Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: seconds });

describe('SlackOutbox', () => {
  it('reads Retry-After from the WebClient error and from a 429 response', () => {
    assert.equal(retryAfterOf(rateLimited(600)), 600);
    assert.equal(retryAfterOf({ response: { status: 429, headers: { 'retry-after': '7' } } }), 7);
    assert.equal(retryAfterOf(new Error('boom')), undefined);
  });

  it('gives up a post at once when Retry-After exceeds the bound, and keeps other lanes open', async () => {
    const log = recordingLogger();
    const outbox = new SlackOutbox({ maxWaitMs: 1000, log });
    let calls = 0;
    assert.equal(await outbox.send('chat.postMessage', async () => { calls++; throw rateLimited(600); }), false);
    assert.equal(await outbox.send('chat.postMessage', async () => void calls++), false, 'the lane stays paused: Slack is not called');
    assert.equal(calls, 1);
    assert.equal(await outbox.send('respond', async () => undefined, 'response_url'), true, 'another lane is not held');
    assert.deepEqual(outbox.stats(), { pending: 0, sent: 1, dropped: 0, gaveUp: 2 });
    assert.equal(log.records.filter((r) => r.msg === 'slack: rate limited, post given up').length, 1, 'one summarised line');
  });

  it('passes other errors on to the caller', async () => {
    const outbox = new SlackOutbox({ log: recordingLogger() });
    await assert.rejects(outbox.send('x', async () => { throw new Error('network down'); }), /network down/);
    assert.equal(outbox.stats().pending, 0);
  });
});
