/**
 * Unit tests of the Teams handler helpers: mention stripping, feedback text parsing, card submits.
 */
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { cardSubmit, feedbackComment, questionText } from '../../../src/channels/teams/teamsHandler';

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

describe('Teams card submits', function () {
  const submit = (value: unknown) => cardSubmit({ type: 'message', value } as unknown as Activity);

  it('reads our ask and feedback buttons, and the question of cards sent before `action` existed', () => {
    assert.deepEqual(submit({ action: 'ask', question: ' Is my data encrypted? ' }), { action: 'ask', question: 'Is my data encrypted?' });
    assert.deepEqual(submit({ question: 'Old card?', source: 'privacy-bot-example' }), { action: 'ask', question: 'Old card?' });
    assert.deepEqual(submit({ action: 'feedback', reaction: 'like', ref: 'a.b' }), { action: 'feedback', reaction: 'like', ref: 'a.b' });
  });

  it('ignores anything else', () => {
    for (const value of [undefined, null, 'text', 42, {}, { action: 'ask' }, { action: 'ask', question: '  ' }, { action: 'feedback', reaction: 'love' }, { action: 'other', question: 'q' }]) {
      assert.equal(submit(value), undefined, JSON.stringify(value));
    }
  });
});
