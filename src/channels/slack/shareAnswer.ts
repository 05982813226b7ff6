/**
 * The share button: the asker publishes their ephemeral answer in the channel, once. The answer comes
 * from the shared store (any replica may get the click); a claim in the shared claim store makes a replay
 * or a double click post nothing, and is given back when the post failed so the asker can try again.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { ClaimStore } from '../../bot/claimStore';
import type { Texts } from '../../bot/i18n';
import { stripControls } from '../../bot/safeText';
import type { Logger as LogSink } from '../../core/logger';
import type { Lang } from '../../core/types';
import { decodeButtonValue, renderReply } from './renderBlocks';
import { clickOf } from './slackPayloads';
import type { CachedAnswer } from './slackPlugin';

/** How long a shared answer stays claimed: as long as its buttons live. */
const SHARE_CLAIM_MS = 24 * 60 * 60 * 1000;

/** What the share handler needs from the plugin. */
export interface ShareDeps {
  answers: { get(key: string): Promise<CachedAnswer | undefined> };
  claims: ClaimStore;
  t: Texts['t'];
  log: LogSink;
  /** Posts to the response_url, logging a failure; false when nothing was delivered. */
  respond: (respond: RespondFn | undefined, message: RespondArguments, what: string) => Promise<boolean>;
  /** The reply to a button whose answer is gone. */
  expired: (lang: Lang | undefined) => RespondArguments;
}

/** The listener of the share button. */
export function shareAnswer(deps: ShareDeps) {
  const { answers, claims, t, log, respond: safeRespond, expired } = deps;
  return async ({ ack, body, respond }: { ack: () => Promise<void>; body: unknown; respond?: RespondFn }): Promise<void> => {
    await ack();
    const { user, value } = clickOf(body);
    const ref = decodeButtonValue(value);
    const cached = ref && (await answers.get(ref.key));
    if (!ref || !cached) {
      await safeRespond(respond, expired(ref?.lang), 'share (expired)');
      return;
    }
    // Only the asker may publish their answer (the button is on an ephemeral message, but a payload can be replayed).
    if (user !== cached.userId) {
      await safeRespond(respond, { response_type: 'ephemeral', replace_original: false, text: t('slack.shareNotYours', ref.lang) }, 'share (not the asker)');
      return;
    }
    // Claimed before posting: a replayed or double click is acknowledged and posts nothing.
    const claimKey = `slack:share:${ref.key}`;
    if (!(await claims.claim(claimKey, SHARE_CLAIM_MS))) {
      log.info({ what: 'share' }, 'slack: share already posted, replay ignored');
      return;
    }
    const reply = { ...cached.reply, answer: { ...cached.reply.answer, question: stripControls(cached.reply.answer.question) } };
    const shared = renderReply(reply, t, { feedbackToken: cached.feedbackToken, sharedBy: user });
    // Post the public copy first; only then remove the ephemeral original (delete must be sent alone).
    if (await safeRespond(respond, { response_type: 'in_channel', replace_original: false, ...shared }, 'share')) {
      await safeRespond(respond, { delete_original: true }, 'share cleanup');
    } else {
      // Nothing was posted: the asker may try again, on any replica once the release is in the store.
      await claims.release(claimKey);
      log.info({ what: 'share' }, 'slack: share not posted, released for another click');
    }
  };
}
