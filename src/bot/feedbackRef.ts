/**
 * What a feedback button carries, so that any process (after a restart, another replica) can record a
 * rating without remembering the answer: the answer id, the question (capped), the reply language and
 * the top citation, signed with an HMAC so a crafted click cannot put words in the feedback log.
 * Teams (Action.Submit `data`) and Slack (button `value`) carry the same token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Answer, Lang } from '../core/types';

/** The context of one rated answer. */
export interface FeedbackRef {
  /** Random id of the answer, shared by every button of one message. */
  answerId: string;
  /** The question, at most {@link MAX_REF_QUESTION} characters. */
  question: string;
  language: Lang;
  /** URL of the first citation, at most {@link MAX_REF_URL} characters; absent when nothing was cited. */
  citation?: string;
}

/** Longest question kept in a token (code points). Slack button values hold at most 2000 characters. */
export const MAX_REF_QUESTION = 300;
/** Longest citation URL kept in a token. */
export const MAX_REF_URL = 400;
/** Longest token accepted for decoding (a bound on untrusted input). */
const MAX_TOKEN = 2000;
const SIG_BYTES = 16;

/** Encodes and verifies feedback tokens with one key. */
export interface FeedbackSigner {
  /** The context of an answer, with a fresh answer id. */
  refFor(answer: Answer): FeedbackRef;
  /** `payload.signature`, both base64url; always under 2000 characters. */
  encode(ref: FeedbackRef): string;
  /** The context, or `undefined` when the token is malformed, too long or not signed with this key. */
  decode(token: unknown): FeedbackRef | undefined;
}

function cap(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : text;
}

/**
 * Creates a signer. `key` comes from the configuration (`FEEDBACK_SIGNING_KEY`); without one a random key
 * is used, which is fine for a single process but makes tokens from before a restart unverifiable.
 */
export function createFeedbackSigner(key?: string): FeedbackSigner {
  const secret = key ? Buffer.from(key, 'utf8') : randomBytes(32);
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest().subarray(0, SIG_BYTES);

  return {
    refFor(answer) {
      const citation = answer.citations[0]?.url;
      return {
        answerId: randomBytes(9).toString('base64url'),
        question: cap(answer.question, MAX_REF_QUESTION),
        language: answer.language,
        ...(citation ? { citation: cap(citation, MAX_REF_URL) } : {}),
      };
    },
    encode(ref) {
      const body: Record<string, string> = { i: ref.answerId, q: cap(ref.question, MAX_REF_QUESTION), l: ref.language };
      if (ref.citation) body.c = cap(ref.citation, MAX_REF_URL);
      const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    decode(token) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN) return undefined;
      const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
      if (!m) return undefined;
      const given = Buffer.from(m[2], 'base64url');
      const expected = sign(m[1]);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
      const b = body as { i?: unknown; q?: unknown; l?: unknown; c?: unknown };
      if (typeof b.i !== 'string' || typeof b.q !== 'string' || (b.l !== 'nl' && b.l !== 'en')) return undefined;
      return { answerId: b.i, question: b.q, language: b.l, ...(typeof b.c === 'string' ? { citation: b.c } : {}) };
    },
  };
}
