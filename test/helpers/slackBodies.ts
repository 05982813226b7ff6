/** Request bodies Slack sends, for tests that post them signed to a real server. */
import { nowSeconds } from './signSlack';

/** The form body of a button click (`block_actions`) on one of our ephemeral answers. */
export function buttonClickBody(responseUrl: string, actionId: string, value: string, userId = 'UASK1'): string {
  const payload = {
    type: 'block_actions', user: { id: userId, username: 'ann', team_id: 'T1' }, api_app_id: 'A1', token: 'x', team: { id: 'T1', domain: 't' },
    channel: { id: 'C1', name: 'general' }, container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C1', is_ephemeral: true },
    trigger_id: 'tr2', response_url: responseUrl,
    actions: [{ type: 'button', action_id: actionId, block_id: 'answer_actions', value, action_ts: '1700000001.0001', text: { type: 'plain_text', text: 'x' } }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The form body of a `/privacy` slash command with `text`, sent by user `UASK1` in channel `C1`. */
export function slashCommandBody(responseUrl: string, text: string): string {
  return new URLSearchParams({
    token: 'x', team_id: 'T1', team_domain: 't', channel_id: 'C1', channel_name: 'general', user_id: 'UASK1', user_name: 'ann',
    command: '/privacy', text, api_app_id: 'A1', response_url: responseUrl, trigger_id: 'tr1',
  }).toString();
}

/** The JSON body of an Events API delivery (`event_callback`) of `event` with id `eventId`. */
export function eventCallbackBody(eventId: string, event: Record<string, unknown>): string {
  return JSON.stringify({ token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: nowSeconds(), event });
}
