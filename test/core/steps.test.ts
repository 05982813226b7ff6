import { strict as assert } from 'node:assert';
import { runSteps, runStepsPausing, type Steps } from '../../src/core/steps';

function* count(to: number): Steps<number> {
  let sum = 0;
  for (let i = 1; i <= to; i++) {
    sum += i;
    yield;
  }
  return sum;
}

describe('steps', () => {
  it('runs to the end at once, and with a pause at every yield, to the same result', async () => {
    assert.equal(runSteps(count(4)), 10);
    const order: string[] = [];
    const result = await runStepsPausing(count(3), async () => void order.push('pause'));
    assert.equal(result, 6);
    assert.deepEqual(order, ['pause', 'pause', 'pause']);
  });
  it('passes a throw from the work on', async () => {
    function* failing(): Steps<number> {
      yield;
      throw new Error('broken');
    }
    assert.throws(() => runSteps(failing()), /broken/);
    await assert.rejects(runStepsPausing(failing(), async () => undefined), /broken/);
  });
});
