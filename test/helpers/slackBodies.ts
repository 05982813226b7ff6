/** Request bodies Slack sends, for tests that post them signed to a real server. */

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
