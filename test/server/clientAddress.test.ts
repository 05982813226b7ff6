import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import type * as restify from 'restify';
import { lineLogger } from '../../src/core/logger';
import { buildServer } from '../../src/server/buildServer';
import {
  clientAddress,
  clientResolver,
  describeTrustProxy,
  MAX_FORWARDED_CHARS,
  normaliseAddress,
  parseTrustProxy,
  TRUST_NONE,
  type TrustProxy,
} from '../../src/server/clientAddress';

/** The parsed setting, failing the test when it does not parse. */
function trust(value: string): TrustProxy {
  const parsed = parseTrustProxy(value);
  if (!parsed.ok) assert.fail(`${value}: ${parsed.problem}`);
  return parsed.trust;
}

describe('normaliseAddress', () => {
  it('gives one canonical form per address: IPv4, IPv6 compressed and lower case, IPv4-mapped as IPv4, ports dropped', () => {
    assert.equal(normaliseAddress(' 203.0.113.5 '), '203.0.113.5');
    assert.equal(normaliseAddress('203.0.113.5:51234'), '203.0.113.5');
    assert.equal(normaliseAddress('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
    assert.equal(normaliseAddress('[2001:db8::1]:443'), '2001:db8::1');
    assert.equal(normaliseAddress('[2001:db8::1]'), '2001:db8::1');
    assert.equal(normaliseAddress('::ffff:203.0.113.5'), '203.0.113.5');
    assert.equal(normaliseAddress('::FFFF:cb00:7105'), '203.0.113.5');
    assert.equal(normaliseAddress('::1'), '::1');
  });

  it('refuses what is not an IP address', () => {
    for (const bad of ['', ' ', 'unknown', 'example.com', '01.2.3.4', '1.2.3', '256.1.1.1', '1.2.3.4.5', 'fe80::1%eth0', '[2001:db8::1', '1.2.3.4:', '1.2.3.4:123456', '_hidden', '"1.2.3.4"', '1.2.3.4\u0000', `${'1'.repeat(70)}`]) {
      assert.equal(normaliseAddress(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('parseTrustProxy', () => {
  it('trusts nobody by default and for 0, false or off', () => {
    for (const v of [undefined, '', '  ', '0', 'false', 'OFF', 'no']) assert.deepEqual(parseTrustProxy(v), { ok: true, trust: TRUST_NONE }, String(v));
  });

  it('reads a hop count from 1 to 10', () => {
    assert.deepEqual(trust('1'), { kind: 'hops', hops: 1 });
    assert.deepEqual(trust(' 10 '), { kind: 'hops', hops: 10 });
    const tooMany = parseTrustProxy('11');
    assert.ok(!tooMany.ok && /hop count must be from 0 to 10/.test(tooMany.problem));
  });

  it('reads addresses and CIDR ranges, IPv4 and IPv6, mapped IPv4 as IPv4', () => {
    assert.deepEqual(trust('10.0.0.0/8, 192.168.1.7,fd00::/8 , ::1, ::ffff:172.16.0.0/108'), {
      kind: 'ranges',
      ranges: [
        { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '192.168.1.7', prefix: 32, family: 'ipv4' },
        { address: 'fd00::', prefix: 8, family: 'ipv6' },
        { address: '::1', prefix: 128, family: 'ipv6' },
        { address: '172.16.0.0', prefix: 12, family: 'ipv4' },
      ],
    });
  });

  it('refuses trusting everyone, bad addresses, bad prefixes and overlong lists, with a reason', () => {
    const cases: [string, RegExp][] = [
      ['true', /cannot trust every hop/],
      ['*', /cannot trust every hop/],
      ['0.0.0.0/0', /trusts every address/],
      ['::/0', /trusts every address/],
      ['10.0.0.0/33', /prefix length outside 0 to 32/],
      ['fd00::/129', /prefix length outside 0 to 128/],
      ['::ffff:10.0.0.0/64', /prefix length outside 96 to 128/],
      ['10.0.0.0/', /no valid prefix length/],
      ['10.0.0.0/8/8', /not an IP address/],
      ['proxy.internal', /not an IP address/],
      ['10.0.0.1:80', /not an IP address/],
      ['[::1]', /not an IP address/],
      ['-1', /not an IP address/],
      [Array.from({ length: 65 }, (_, i) => `10.0.0.${i}`).join(','), /at most 64/],
    ];
    for (const [value, problem] of cases) {
      const parsed = parseTrustProxy(value);
      assert.ok(!parsed.ok, value);
      assert.match(parsed.problem, problem, value);
    }
  });

  it('describes the setting for the start-up line', () => {
    assert.match(describeTrustProxy(TRUST_NONE), /TCP peer/);
    assert.match(describeTrustProxy(trust('2')), /2 trusted proxy hops/);
    assert.match(describeTrustProxy(trust('10.0.0.0/8')), /1 trusted proxy range$/);
  });
});

describe('clientResolver', () => {
  const PROXY = '10.0.0.2';

  it('without TRUST_PROXY the peer is the client and X-Forwarded-For is ignored', () => {
    const resolve = clientResolver(TRUST_NONE);
    assert.equal(resolve(PROXY, '203.0.113.5'), PROXY);
    assert.equal(resolve('::ffff:198.51.100.1', '203.0.113.5'), '198.51.100.1');
    assert.equal(resolve(undefined, '203.0.113.5'), 'unknown');
  });

  it('with a hop count takes the client that many entries from the right, never the spoofed leftmost ones', () => {
    const one = clientResolver(trust('1'));
    assert.equal(one(PROXY, '203.0.113.5'), '203.0.113.5');
    assert.equal(one(PROXY, '1.1.1.1, 6.6.6.6, 203.0.113.5'), '203.0.113.5', 'the client wrote the first two');
    assert.equal(one(PROXY, ['1.1.1.1', '203.0.113.5']), '203.0.113.5', 'repeated headers are one list');
    const two = clientResolver(trust('2'));
    assert.equal(two(PROXY, '1.1.1.1, 203.0.113.5, 10.0.0.1'), '203.0.113.5');
    // A shorter chain reached the inner proxy directly: the inner proxy's entry is the client.
    assert.equal(two(PROXY, '203.0.113.5'), '203.0.113.5');
  });

  it('with a list skips listed addresses from the right and trusts the header only from a listed peer', () => {
    const resolve = clientResolver(trust('10.0.0.0/8,fd00::/8'));
    assert.equal(resolve(PROXY, '203.0.113.5'), '203.0.113.5');
    assert.equal(resolve(PROXY, '6.6.6.6, 203.0.113.5, 10.1.2.3, fd00::7'), '203.0.113.5', 'two trusted hops, then the client');
    assert.equal(resolve('198.51.100.1', '203.0.113.5'), '198.51.100.1', 'a peer outside the list cannot name a client');
    // Every entry trusted: the leftmost one reached (an internal caller behind the proxies).
    assert.equal(resolve(PROXY, '10.9.9.9, 10.0.0.1'), '10.9.9.9');
  });

  it('handles IPv6 peers and entries, and IPv4-mapped IPv6 on either side', () => {
    const v6 = clientResolver(trust('fd00::/8'));
    assert.equal(v6('fd00::2', '2001:DB8::0:1'), '2001:db8::1');
    assert.equal(v6('fd00::2', '[2001:db8::1]:51234'), '2001:db8::1');
    assert.equal(v6('fd00::2', '::ffff:203.0.113.5'), '203.0.113.5');
    const v4 = clientResolver(trust('10.0.0.0/8'));
    assert.equal(v4('::ffff:10.0.0.2', '203.0.113.5'), '203.0.113.5', 'a dual-stack socket reports IPv4 peers as mapped');
    assert.equal(v4('10.0.0.2', '::ffff:10.0.0.9, ::ffff:203.0.113.5'), '203.0.113.5');
    const mappedList = clientResolver(trust('::ffff:10.0.0.0/104'));
    assert.equal(mappedList('10.0.0.2', '203.0.113.5'), '203.0.113.5');
  });

  it('falls back to the peer on a missing, empty or garbage header, and stops at a garbage entry', () => {
    const one = clientResolver(trust('1'));
    for (const header of [undefined, '', ' ', ',', 'unknown', '203.0.113.5, nonsense', '"><script>', '203.0.113.5\u0000', '203.0.113.5;rm -rf']) {
      assert.equal(one(PROXY, header), PROXY, JSON.stringify(header));
    }
    const list = clientResolver(trust('10.0.0.0/8'));
    // The trusted proxy 10.0.0.1 forwarded garbage: it is the last address established.
    assert.equal(list(PROXY, 'garbage, 10.0.0.1'), '10.0.0.1');
    // Garbage left of the client is the client's own text and is never read.
    assert.equal(list(PROXY, 'garbage, 203.0.113.5'), '203.0.113.5');
  });

  it('reads only the tail of a huge header: padding neither hides the client nor moves it onto the proxy', () => {
    const one = clientResolver(trust('1'));
    const padding = '6.6.6.6,'.repeat(100_000);
    assert.equal(one(PROXY, `${padding}203.0.113.5`), '203.0.113.5');
    assert.equal(one(PROXY, `${'x'.repeat(1_000_000)}, 203.0.113.5`), '203.0.113.5');
    // A cut at the limit falls inside an address: that piece is dropped, not read as a shorter address.
    const list = clientResolver(trust('10.0.0.0/8'));
    const hops = [407, 407, 407, 407, 405].map((n) => `10.0.0.1${' '.repeat(n - 8)}`).join(',');
    const cut = `203.0.113.55,${hops}`;
    assert.equal(cut.length - MAX_FORWARDED_CHARS, 2, 'the cut falls after "20"');
    assert.equal(list(PROXY, cut), '10.0.0.1', 'not 3.0.113.55');
    assert.equal(one(PROXY, `203.0.113.55${' '.repeat(MAX_FORWARDED_CHARS - 10)}`), PROXY, 'one cut entry: nothing left to read');
    // Many trusted entries: at most 32 are walked.
    const chain = Array.from({ length: 100 }, (_, i) => `10.0.${i}.1`).join(',');
    assert.equal(list(PROXY, `203.0.113.5,${chain}`), '10.0.68.1');
  });
});

describe('clientAddress on a real server', () => {
  let server: restify.Server | undefined;
  afterEach(async () => {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  });

  /** A server with one route that answers the resolved client address. */
  async function start(trustProxy?: TrustProxy): Promise<string> {
    server = buildServer({ plugins: [{ name: 'echo', mount: (s) => s.get('/who', (req: restify.Request, res: restify.Response, next: restify.Next) => { res.json(200, { client: clientAddress(req) }); next(); }) }], health: () => ({}), log: lineLogger(() => undefined), trustProxy });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/who`;
  }
  const who = async (url: string, forwardedFor?: string) => ((await (await fetch(url, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} })).json()) as { client: string }).client;

  it('resolves once per request before the routes run, following the trust setting', async () => {
    const plain = await start();
    assert.equal(await who(plain, '203.0.113.5'), '127.0.0.1');
    await new Promise<void>((r) => server?.close(() => r()));
    const behind = await start(trust('127.0.0.1'));
    assert.equal(await who(behind, '6.6.6.6, 203.0.113.5'), '203.0.113.5');
    assert.equal(await who(behind), '127.0.0.1');
    assert.equal(await who(behind, 'not an address'), '127.0.0.1');
  });
});
