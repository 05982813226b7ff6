/**
 * The answering health behind `/healthz`: degraded when the self-test fails or turns keep failing.
 */
import { strict as assert } from 'node:assert';
import { createBot } from '../../src/bot/createBot';
import { createServiceHealth, selfTestQuestion } from '../../src/bot/serviceHealth';
import { realIndex, texts } from '../helpers/engine';
import type { SearchIndex } from '../../src/core/searchIndex';

describe('serviceHealth', () => {
  it('the self-test passes on the real index through the real bot', async () => {
    const { index } = realIndex();
    const health = createServiceHealth();
    const bot = createBot({ index: () => index, texts, isAdmin: () => false });
    assert.ok(selfTestQuestion(index));
    assert.equal(await health.selfTest(bot, index), true);
    assert.equal(health.status().status, 'ok');
  });

  it('an index that cannot answer makes the self-test fail and the service degraded', async () => {
    const { index } = realIndex();
    // Same passages, but the lunr indexes are gone: every search throws inside the engine.
    const broken = { ...index, langs: {} } as SearchIndex;
    const health = createServiceHealth();
    const bot = createBot({ index: () => broken, texts, isAdmin: () => false, onTurnFailure: () => health.turnFailed() });
    assert.equal(await health.selfTest(bot, broken), false);
    const s = health.status();
    assert.equal(s.status, 'degraded');
    assert.match(s.reasons[0], /self-test failed/);
  });

  it('counts failed turns in a window, bounded, and recovers when they age out', () => {
    let now = 1_000_000;
    const health = createServiceHealth({ windowMs: 60_000, maxFailures: 3, maxRemembered: 10, now: () => now });
    for (let i = 0; i < 2; i++) health.turnFailed();
    assert.equal(health.status().status, 'ok');
    for (let i = 0; i < 100; i++) health.turnFailed();
    assert.equal(health.status().recentTurnFailures, 10, 'memory is bounded');
    assert.equal(health.status().status, 'degraded');
    now += 61_000;
    assert.deepEqual(health.status(), { status: 'ok', reasons: [], recentTurnFailures: 0 });
  });

  it('a message before the index is loaded gets the "starting up" reply in its language', async () => {
    const bot = createBot({ index: () => undefined, texts, isAdmin: () => false });
    const en = await bot.handle({ surface: 'slack', text: 'Where is my data stored?', userId: 'U1' });
    assert.equal(en.kind, 'refusal');
    assert.equal((en as { text: string }).text, texts.t('starting.text', 'en'));
    const nl = await bot.handle({ surface: 'teams', text: 'Waar worden mijn gegevens opgeslagen?', userId: 'U1', localeHint: 'nl-NL' });
    assert.equal((nl as { text: string }).text, texts.t('starting.text', 'nl'));
  });
});
