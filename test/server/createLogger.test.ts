import { strict as assert } from 'node:assert';
import { createLogger, prettyLine } from '../../src/server/createLogger';

describe('createLogger', () => {
  const capture = (format: 'json' | 'pretty', level: 'debug' | 'info' = 'info') => {
    const lines: string[] = [];
    const log = createLogger({ level, format, write: (l) => lines.push(l), color: false });
    return { log, lines };
  };

  it('writes one JSON object per line with the level as a label, an ISO time and the fields', () => {
    const { log, lines } = capture('json');
    log.info({ count: 3 }, 'hello');
    log.child({ requestId: 'r1' }).warn({}, 'careful');
    assert.equal(lines.length, 2);
    const [a, b] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(a.level, 'info');
    assert.equal(a.msg, 'hello');
    assert.equal(a.count, 3);
    assert.match(String(a.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual([b.level, b.requestId], ['warn', 'r1']);
    assert.ok(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n')));
  });

  it('its methods work when picked off the logger (pino methods read `this`)', () => {
    const { log, lines } = capture('json', 'debug');
    const pick = (slow: boolean) => (slow ? log.debug : log.error);
    pick(false)({ n: 1 }, 'error line');
    const { warn } = log.child({ requestId: 'r2' });
    warn({}, 'child line');
    assert.deepEqual(lines.map((l) => JSON.parse(l) as Record<string, unknown>).map((r) => [r.level, r.msg, r.requestId]), [['error', 'error line', undefined], ['warn', 'child line', 'r2']]);
  });

  it('drops lines below the level', () => {
    const { log, lines } = capture('json', 'info');
    log.debug({}, 'hidden');
    log.error({}, 'shown');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { msg: string }).msg), ['shown']);
  });

  it('redacts secret-named fields and keeps only method and path of a request object', () => {
    const { log, lines } = capture('json');
    log.warn({ token: 'xoxb-1', slack: { signingSecret: 's3cr3t' }, req: { method: 'GET', url: '/x?token=q', headers: { authorization: 'Bearer zzz' } } }, 'restify warning');
    assert.doesNotMatch(lines[0], /xoxb-1|s3cr3t|zzz|token=q/);
    const r = JSON.parse(lines[0]) as { req: unknown };
    assert.deepEqual(r.req, { method: 'GET', url: '/x' });
  });

  it('pretty format: time, level, message and key=value', () => {
    const { log, lines } = capture('pretty');
    log.info({ route: '/healthz', status: 200, detail: 'two words' }, 'request');
    assert.match(lines[0], /^\d\d:\d\d:\d\d\.\d{3} INFO {2}request route=\/healthz status=200 detail="two words"\n$/);
  });

  it('prettyLine colours by level and passes a non-JSON line through', () => {
    assert.ok(prettyLine('{"level":"error","time":"2026-01-01T10:00:00.000Z","msg":"x"}', true).endsWith('\u001b[31mERROR\u001b[0m x'));
    assert.equal(prettyLine('plain text\n'), 'plain text');
  });
});
