import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, configWarnings, describeConfig, isLoopbackHost, loadConfig, loadRedisConfig, parseDuration } from '../src/config';

const GUID = '11111111-2222-3333-4444-555555555555';

describe('config', () => {
  it('has working defaults: local unauthenticated Teams, Slack and admin off', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3978);
    assert.equal(c.host, '127.0.0.1', 'unauthenticated mode listens on this machine only');
    assert.equal(loadConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p' }).host, '0.0.0.0');
    assert.deepEqual(c.contentDirs, ['content']);
    assert.equal(c.teams.appId, undefined);
    assert.equal(c.slack, undefined);
    assert.equal(c.adminToken, undefined);
    assert.match(describeConfig(c), /UNAUTHENTICATED/);
  });

  it('reads every variable it documents', () => {
    const c = loadConfig({
      PORT: '8080', MicrosoftAppId: GUID, MicrosoftAppPassword: 'secret-password', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 't',
      TEAMS_ADMIN_IDS: 'a, b', SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_ADMIN_IDS: 'U1', ADMIN_TOKEN: 'x'.repeat(20),
      REINDEX_FETCH: 'true', REINDEX_INTERVAL: '6h', CONTENT_DIRS: 'content:corpora/x',
    });
    assert.equal(c.port, 8080);
    assert.deepEqual(c.teams.adminIds, ['a', 'b']);
    assert.deepEqual(c.slack?.adminIds, ['U1']);
    assert.equal(c.reindex.intervalMs, 6 * 3_600_000);
    assert.equal(c.reindex.fetch, true);
    assert.deepEqual(c.contentDirs, ['content', 'corpora/x']);
  });

  it('names every bad variable in one error and never echoes a secret', () => {
    try {
      loadConfig({ PORT: 'eighty', MicrosoftAppId: 'not-a-guid', SLACK_BOT_TOKEN: 'xoxb-secret-value', ADMIN_TOKEN: 'short', REINDEX_INTERVAL: '5s', REINDEX_FETCH: 'maybe' });
      assert.fail('should throw');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      const text = err.message;
      for (const name of ['PORT', 'MicrosoftAppId', 'SLACK_SIGNING_SECRET', 'ADMIN_TOKEN', 'REINDEX_INTERVAL', 'REINDEX_FETCH']) assert.match(text, new RegExp(name));
      assert.doesNotMatch(text, /xoxb-secret-value/);
      assert.equal(err.problems.length, 7); // the six above and the missing MicrosoftAppPassword
    }
  });

  it('turns each channel on only when configured, and keeps `npm start` without configuration working locally', () => {
    const none = loadConfig({});
    assert.equal(none.teams.mode, 'local', 'no configuration: local Teams on 127.0.0.1');
    assert.ok(configWarnings(none).some((w) => /UNAUTHENTICATED/.test(w)));
    const slackOnly = loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', HOST: '0.0.0.0' });
    assert.equal(slackOnly.teams.mode, 'off', 'a Slack deployment has no unauthenticated Teams endpoint');
    assert.match(describeConfig(slackOnly), /teams off/);
    assert.deepEqual(configWarnings(slackOnly), []);
    assert.equal(loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', TEAMS_LOCAL: 'true' }).teams.mode, 'local');
    assert.equal(loadConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p' }).teams.mode, 'authenticated');
    assert.equal(loadConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p', HOST: '0.0.0.0' }).teams.mode, 'authenticated');
    const remote = loadConfig({ TEAMS_LOCAL: 'true', HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED_REMOTE: 'true' });
    assert.equal(remote.teams.mode, 'local');
    assert.equal(configWarnings(remote).length, 2, 'both warnings: unauthenticated, and reachable from other machines');
    assert.equal(loadConfig({}).outbound.timeoutMs, 5000);
    assert.equal(loadConfig({ OUTBOUND_TIMEOUT_MS: '2500', TEAMS_TURN_TIMEOUT_MS: '8000' }).outbound.teamsTurnMs, 8000);
  });

  it('refuses unauthenticated Teams on a non-loopback HOST, contradictory settings and no channel at all, one line each', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        assert.ok(err instanceof ConfigError);
        return err.problems;
      }
    };
    assert.deepEqual(problems({ TEAMS_LOCAL: 'true', HOST: '0.0.0.0' }).length, 1);
    assert.match(problems({ TEAMS_LOCAL: 'true', HOST: '0.0.0.0' })[0], /HOST=0\.0\.0\.0.*ALLOW_UNAUTHENTICATED_REMOTE/);
    assert.match(problems({ HOST: '10.0.0.5' })[0], /no channel is on/, 'default local mode never turns on for a non-loopback HOST');
    assert.match(problems({ TEAMS_LOCAL: 'false' })[0], /no channel is on/);
    assert.match(problems({ TEAMS_LOCAL: 'true', MicrosoftAppId: GUID, MicrosoftAppPassword: 'p' })[0], /exclude each other/);
    assert.match(problems({ TEAMS_LOCAL: 'perhaps' })[0], /TEAMS_LOCAL must be true or false/);
    assert.match(problems({ BotOpenIdMetadata: 'ftp://x' })[0], /BotOpenIdMetadata/);
    assert.match(problems({ OUTBOUND_TIMEOUT_MS: '0' })[0], /OUTBOUND_TIMEOUT_MS/);
    assert.deepEqual(problems({ TEAMS_LOCAL: 'true', HOST: '::1' }), []);
    assert.equal(isLoopbackHost('127.0.0.1'), true);
    assert.equal(isLoopbackHost('[::1]'), true);
    assert.equal(isLoopbackHost('0.0.0.0'), false);
    assert.equal(isLoopbackHost('127.0.0.1.example.com'), false);
  });

  it('reads the log and Slack rate-limit variables, with safe defaults', () => {
    const d = loadConfig({});
    assert.deepEqual(d.logs, { feedback: true, userIdKey: undefined, maxBytes: 5 * 1024 * 1024, maxFiles: 5 });
    assert.deepEqual(d.slackOutbound, { maxWaitMs: 30_000, maxPending: 200 });
    assert.match(describeConfig(d), /user ids not stored/);
    const c = loadConfig({ FEEDBACK_LOG: 'off', LOG_USER_ID_KEY: 'k'.repeat(32), LOG_MAX_BYTES: '1048576', LOG_MAX_FILES: '3', SLACK_RATE_LIMIT_MAX_WAIT: '10s', SLACK_OUTBOUND_MAX_PENDING: '50' });
    assert.deepEqual(c.logs, { feedback: false, userIdKey: 'k'.repeat(32), maxBytes: 1048576, maxFiles: 3 });
    assert.deepEqual(c.slackOutbound, { maxWaitMs: 10_000, maxPending: 50 });
    assert.doesNotMatch(describeConfig(c), /kkkk/, 'the key is a secret');
    assert.throws(() => loadConfig({ LOG_USER_ID_KEY: 'short', FEEDBACK_LOG: 'maybe', SLACK_RATE_LIMIT_MAX_WAIT: '10m' }), (err: ConfigError) => err.problems.length === 3);
  });

  it('Socket Mode needs the app token and the bot token, not the signing secret', () => {
    const c = loadConfig({ SLACK_SOCKET_MODE: 'true', SLACK_APP_TOKEN: 'xapp-1-abc', SLACK_BOT_TOKEN: 'xoxb-1' });
    assert.deepEqual(c.slack?.socketMode, { appToken: 'xapp-1-abc' });
    assert.equal(c.slack?.signingSecret, undefined);
    assert.match(describeConfig(c), /slack \(Socket Mode\)/);
    assert.doesNotMatch(describeConfig(c), /xapp-1-abc/);
    // Over HTTP the app token is not used.
    const http = loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-abc' });
    assert.equal(http.slack?.socketMode, undefined);
    assert.equal(http.slack?.signingSecret, 's');
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    assert.match(problems({ SLACK_SOCKET_MODE: 'true', SLACK_BOT_TOKEN: 'xoxb-1' }).join(), /SLACK_APP_TOKEN/);
    assert.match(problems({ SLACK_SOCKET_MODE: 'true', SLACK_APP_TOKEN: 'xoxb-wrong', SLACK_BOT_TOKEN: 'xoxb-1' }).join(), /app-level token/);
    assert.match(problems({ SLACK_SOCKET_MODE: 'yes please' }).join(), /SLACK_SOCKET_MODE must be true or false/);
  });

  it('logging: LOG_LEVEL, LOG_FORMAT and LOG_QUESTIONS, validated', () => {
    assert.deepEqual(loadConfig({}).log, { level: 'info', format: undefined, questions: false });
    assert.deepEqual(loadConfig({ LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'pretty', LOG_QUESTIONS: 'true' }).log, { level: 'debug', format: 'pretty', questions: true });
    assert.throws(() => loadConfig({ LOG_LEVEL: 'verbose', LOG_FORMAT: 'xml' }), (err: ConfigError) => err.problems.length === 2 && /LOG_LEVEL/.test(err.message) && /LOG_FORMAT/.test(err.message));
  });

  it('TRUST_PROXY: trusts nobody by default; reads a hop count or proxy addresses; refuses bad values with one line naming it', () => {
    assert.deepEqual(loadConfig({}).trustProxy, { kind: 'none' });
    assert.match(describeConfig(loadConfig({})), /client address: the TCP peer/);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '0' }).trustProxy, { kind: 'none' });
    const hops = loadConfig({ TRUST_PROXY: '2' });
    assert.deepEqual(hops.trustProxy, { kind: 'hops', hops: 2 });
    assert.match(describeConfig(hops), /X-Forwarded-For behind 2 trusted proxy hops/);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::ffff:192.168.0.1, fd00::/8' }).trustProxy, {
      kind: 'ranges',
      ranges: [{ address: '10.0.0.0', prefix: 8, family: 'ipv4' }, { address: '192.168.0.1', prefix: 32, family: 'ipv4' }, { address: 'fd00::', prefix: 8, family: 'ipv6' }],
    });
    for (const [value, reason] of [['true', /cannot trust every hop/], ['11', /hop count must be from 0 to 10/], ['10.0.0.0/8,proxy.internal', /"proxy.internal" is not an IP address/], ['0.0.0.0/0', /trusts every address/], ['10.0.0.0/40', /prefix length/]] as const) {
      try {
        loadConfig({ TRUST_PROXY: value, PORT: 'x' });
        assert.fail(`TRUST_PROXY=${value} should be refused`);
      } catch (err) {
        assert.ok(err instanceof ConfigError, value);
        assert.equal(err.problems.length, 2, 'one line for TRUST_PROXY, one for PORT');
        const line = err.problems.find((p) => p.startsWith('TRUST_PROXY: ')) ?? '';
        assert.match(line, reason);
        assert.ok(line.includes(`(got "${value}")`), line);
      }
    }
  });

  it('parses durations', () => {
    assert.equal(parseDuration('90'), 90_000);
    assert.equal(parseDuration('30m'), 1_800_000);
    assert.equal(parseDuration('soon'), undefined);
  });

  it('.env.example documents every variable config.ts reads', () => {
    const example = readFileSync(resolve(__dirname, '../.env.example'), 'utf8');
    const source = readFileSync(resolve(__dirname, '../src/config.ts'), 'utf8');
    const read = new Set([...source.matchAll(/(?:get|int|bool)\('([A-Za-z_]+)'/g), ...source.matchAll(/env\.([A-Z_]+)/g)].map((m) => m[1]));
    assert.ok(read.size >= 18, `found ${read.size}`);
    for (const name of read) assert.match(example, new RegExp(`^${name}=`, 'm'), name);
  });

  it('REDIS_URL turns on shared state; without it there is none', () => {
    assert.equal(loadConfig({}).redis, undefined);
    const c = loadConfig({ REDIS_URL: 'redis://:s3cret@redis.internal:6379/0', REDIS_KEY_PREFIX: 'bot-prod:' });
    assert.deepEqual(c.redis, { url: 'redis://:s3cret@redis.internal:6379/0', keyPrefix: 'bot-prod:', streamMaxLen: 100_000, indexPollMs: 2000 });
    assert.ok(!describeConfig(c).includes('s3cret'));
    assert.match(describeConfig(c), /shared state on Redis/);
    assert.throws(() => loadConfig({ REDIS_URL: 'http://x' }), /REDIS_URL must be/);
    assert.throws(() => loadConfig({ REDIS_URL: 'redis://x', REDIS_KEY_PREFIX: 'a b' }), /REDIS_KEY_PREFIX/);
    assert.throws(() => loadRedisConfig({ REDIS_URL: 'redis://x', REDIS_INDEX_POLL_MS: '5' }), ConfigError);
    assert.equal(loadRedisConfig({}), undefined);
  });
});
