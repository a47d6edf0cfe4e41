import { describe, expect, it } from 'vitest';
import { ByteBudget } from './byteBudget';

/** Whether `promise` has settled once pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('ByteBudget', () => {
  it('grants takes that fit at once and holds one that does not until bytes are given back', async () => {
    const budget = new ByteBudget(100);
    const first = await budget.take(60);
    const second = await budget.take(30);
    expect(budget.free).toBe(10);
    const third = budget.take(20);
    expect(await settled(third)).toBe(false);
    first();
    expect(await settled(third)).toBe(true);
    expect(budget.free).toBe(100 - 30 - 20);
    second();
    (await third)();
    expect(budget.free).toBe(100);
  });

  it('lets a file larger than the whole budget run alone instead of never', async () => {
    const budget = new ByteBudget(100);
    const small = await budget.take(10);
    const huge = budget.take(5_000);
    expect(await settled(huge)).toBe(false);
    small();
    const giveBack = await huge;
    expect(budget.free).toBe(0);
    giveBack();
    expect(budget.free).toBe(100);
  });

  it('serves takers in the order they asked, so small ones do not starve a large one', async () => {
    const budget = new ByteBudget(100);
    const held = await budget.take(50);
    const order: string[] = [];
    const large = budget.take(80).then((give) => (order.push('large'), give));
    const small = budget.take(10).then((give) => (order.push('small'), give));
    // The small one would fit now, but the large one asked first.
    expect(await settled(small)).toBe(false);
    held();
    const giveLarge = await large;
    (await small)();
    giveLarge();
    expect(order).toEqual(['large', 'small']);
    expect(budget.free).toBe(100);
  });

  it('gives bytes back once however often it is called', async () => {
    const budget = new ByteBudget(100);
    const give = await budget.take(40);
    give();
    give();
    expect(budget.free).toBe(100);
  });

  it('refuses a limit that could never grant anything', () => {
    expect(() => new ByteBudget(0)).toThrow('positive limit');
  });
});
