import { strict as assert } from 'node:assert';
import { settleWithin } from '../../../src/channels/slack/settleWithin';

describe('settleWithin', () => {
  it('gives the value when the promise fulfils in time, boxed so that undefined is a value too', async () => {
    assert.deepEqual(await settleWithin(Promise.resolve(7), 1000), { value: 7 });
    assert.deepEqual(await settleWithin(Promise.resolve(undefined), 1000), { value: undefined });
  });
  it('gives undefined when the promise has not settled by the deadline', async () => {
    const never = new Promise<number>(() => undefined);
    const started = Date.now();
    assert.equal(await settleWithin(never, 30), undefined);
    assert.ok(Date.now() - started >= 25);
  });
  it('rejects with the promise\'s own error when it rejects first', async () => {
    await assert.rejects(settleWithin(Promise.reject(new Error('boom')), 1000), /boom/);
  });
  it('leaves no rejection unhandled when the promise rejects after the deadline', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const late = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('late')), 20));
      assert.equal(await settleWithin(late, 5), undefined);
      await new Promise((r) => setTimeout(r, 40));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
