/**
 * The signed feedback context the 👍/👎 buttons carry (Teams and Slack).
 */
import { strict as assert } from 'node:assert';
import { createFeedbackSigner, MAX_REF_QUESTION } from '../../src/bot/feedbackRef';
import type { Answer } from '../../src/core/types';

const answer = (question: string): Answer => ({
  question,
  language: 'nl',
  answered: true,
  lines: [],
  seeAlso: [],
  citations: [{ n: 1, title: 'T', section: 'S', url: 'https://learn.microsoft.com/x#s', language: 'en', docId: 'd', anchor: 's' }],
  crossLanguage: false,
  suggestions: [],
});

describe('feedback tokens', () => {
  it('round-trip with the same key (another process, after a restart), and fail with another key', () => {
    const a = createFeedbackSigner('key-0123456789abcdef');
    const ref = a.refFor(answer('Waar staan mijn gegevens?'));
    const token = a.encode(ref);
    assert.deepEqual(createFeedbackSigner('key-0123456789abcdef').decode(token), ref);
    assert.equal(createFeedbackSigner('another-key-0123456').decode(token), undefined);
    assert.equal(createFeedbackSigner().decode(token), undefined, 'a random key per process');
  });

  it('caps the question and stays within Slack\'s 2000-character button value', () => {
    const s = createFeedbackSigner('k'.repeat(20));
    const token = s.encode(s.refFor({ ...answer('€'.repeat(5000)), citations: [{ ...answer('').citations[0], url: 'https://x.test/' + 'a'.repeat(5000) }] }));
    assert.ok(token.length < 2000, `${token.length}`);
    assert.equal([...(s.decode(token)?.question ?? '')].length, MAX_REF_QUESTION);
  });

  it('rejects tampered, malformed and oversized tokens', () => {
    const s = createFeedbackSigner('k'.repeat(20));
    const [payload, sig] = s.encode(s.refFor(answer('q'))).split('.');
    const other = Buffer.from(JSON.stringify({ i: 'x', q: 'forged', l: 'en' })).toString('base64url');
    for (const bad of [`${other}.${sig}`, `${payload}.`, payload, 'a.b.c', 42, null, undefined, `${payload}.${sig}`.repeat(100)]) {
      assert.equal(s.decode(bad), undefined, String(bad).slice(0, 40));
    }
  });
});
