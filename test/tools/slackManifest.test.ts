import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

interface SlackManifest {
  features: { slash_commands: { command: string; url: string }[]; app_home: { messages_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
}

describe('manifest/slack-app.yml', () => {
  const m = parse(readFileSync(resolve(__dirname, '../../manifest/slack-app.yml'), 'utf8')) as SlackManifest;

  it('declares /privacy, events and interactivity on the one route the server serves', () => {
    assert.deepEqual(m.features.slash_commands.map((c) => c.command), ['/privacy']);
    const urls = [m.features.slash_commands[0].url, m.settings.event_subscriptions.request_url, m.settings.interactivity.request_url];
    for (const u of urls) assert.match(u, /^https:\/\/YOUR-HOST\/slack\/events$/);
    assert.equal(m.settings.interactivity.is_enabled, true);
    assert.deepEqual([...m.settings.event_subscriptions.bot_events].sort(), ['app_mention', 'message.im']);
    assert.equal(m.features.app_home.messages_tab_enabled, true, 'users can DM the bot');
  });

  it('asks for the scopes the bot uses and nothing more', () => {
    assert.deepEqual([...m.oauth_config.scopes.bot].sort(), ['app_mentions:read', 'chat:write', 'commands', 'im:history']);
  });
});

describe('manifest/slack-app.socket.yml', () => {
  const read = (name: string) => parse(readFileSync(resolve(__dirname, '../../manifest', name), 'utf8')) as Record<string, unknown>;
  const socket = read('slack-app.socket.yml');
  const http = read('slack-app.yml');

  it('turns Socket Mode on and has no request URL anywhere', () => {
    assert.equal((socket.settings as { socket_mode_enabled: boolean }).socket_mode_enabled, true);
    assert.doesNotMatch(JSON.stringify(socket), /"(url|request_url)"|https:\/\/YOUR-HOST/);
  });

  it('is otherwise the HTTP manifest (same command, events, scopes and texts)', () => {
    const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'url' || k === 'request_url' || k === 'socket_mode_enabled' ? undefined : x)));
    assert.deepEqual(strip(socket), strip(http));
  });
});
