/**
 * Unit tests of the Teams handler helpers: mention stripping, feedback text parsing, the answer memory.
 */
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { feedbackComment, questionText } from '../../../src/channels/teams/teamsHandler';
import { LruMap } from '../../../src/channels/teams/sentAnswers';

function activity(text: string, entities: unknown[] = []): Activity {
  return { type: 'message', text, entities, recipient: { id: 'bot-id', name: 'Privacy Bot' } } as unknown as Activity;
}

const botMention = { type: 'mention', text: '<at>Privacy Bot</at>', mentioned: { id: 'bot-id', name: 'Privacy Bot' } };

describe('Teams question text', function () {
  it('removes every mention of the bot and keeps other people as plain names', () => {
    const a = activity('<at>Privacy Bot</at> does <at>Jan Jansen</at> need this? <at>Privacy Bot</at>', [
      botMention,
      { type: 'mention', text: '<at>Jan Jansen</at>', mentioned: { id: 'user-jan', name: 'Jan Jansen' } },
    ]);
    assert.equal(questionText(a), 'does Jan Jansen need this?');
  });

  it('leaves text alone when the bot is not mentioned, and copes with a missing text', () => {
    assert.equal(questionText(activity('  Where is   my data? ')), 'Where is my data?');
    assert.equal(questionText({ type: 'message', recipient: { id: 'bot-id' } } as unknown as Activity), '');
  });

  it('only removes mentions whose mentioned.id is the bot', () => {
    const a = activity('<at>Privacy Bot</at> hi', [{ type: 'mention', text: '<at>Privacy Bot</at>', mentioned: { id: 'someone-else' } }]);
    assert.equal(questionText(a), 'Privacy Bot hi');
  });
});

describe('Teams feedback comment', function () {
  it('reads feedbackText from the JSON string Teams sends', () => {
    assert.equal(feedbackComment('{"feedbackText":"Too vague"}'), 'Too vague');
    assert.equal(feedbackComment('{"feedbackText":""}'), undefined);
    assert.equal(feedbackComment({ feedbackText: 'object form' }), 'object form');
  });

  it('keeps non-JSON text and ignores empty values', () => {
    assert.equal(feedbackComment('plain words'), 'plain words');
    assert.equal(feedbackComment(''), undefined);
    assert.equal(feedbackComment(undefined), undefined);
  });
});

describe('LruMap', function () {
  it('evicts the least recently used entry when full', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    assert.equal(map.get('a'), 1, 'touching a makes b the oldest');
    map.set('c', 3);
    assert.equal(map.get('b'), undefined);
    assert.equal(map.get('a'), 1);
    assert.equal(map.get('c'), 3);
    assert.equal(map.size, 2);
  });

  it('rejects a capacity below 1', () => {
    assert.throws(() => new LruMap(0), RangeError);
  });
});
