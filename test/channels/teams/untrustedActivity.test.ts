import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { questionText } from '../../../src/channels/teams/teamsHandler';
import { turnErrorText } from '../../../src/channels/teams/teamsPlugin';
import { langOfHint } from '../../../src/bot/createBot';

/** Activities are untrusted JSON: fields can have any type. */
const activity = (fields: Record<string, unknown>) => ({ type: 'message', recipient: { id: 'bot' }, ...fields }) as unknown as Activity;

describe('Teams handler on malformed activities', () => {
  it('treats a non-string text as no question', () => {
    for (const text of [42, { a: 1 }, ['x'], null, true]) assert.equal(questionText(activity({ text })), '');
  });
  it('ignores entities that are not an array of objects', () => {
    for (const entities of ['x', [null], [1, 2], { type: 'mention' }]) {
      assert.equal(questionText(activity({ text: 'hello <at>Bot</at>', entities })), 'hello Bot');
    }
  });
  it('still removes the bot\'s own mention from a well-formed activity', () => {
    const a = activity({ text: '<at>Privacy</at> where is my data?', entities: [{ type: 'mention', text: '<at>Privacy</at>', mentioned: { id: 'bot', name: 'Privacy' } }] });
    assert.equal(questionText(a), 'where is my data?');
  });
  it('picks the apology language from any locale value without throwing', () => {
    for (const locale of [undefined, 42, {}, 'nl-NL', 'en']) assert.equal(typeof turnErrorText(locale as string, 'id-1'), 'string');
    for (const hint of [undefined, 42, {}, 'nl-BE']) assert.ok(langOfHint(hint as string) === undefined || langOfHint(hint as string) === 'nl');
  });
});
