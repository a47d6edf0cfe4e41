import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once, then at most once per interval, and always runs after the last call', () => {
    let calls = 0;
    const throttled = throttle(() => calls++, 1000);
    throttled();
    expect(calls).toBe(1);
    throttled();
    throttled();
    expect(calls).toBe(1);
    vi.advanceTimersByTime(999);
    expect(calls).toBe(1);
    vi.advanceTimersByTime(1);
    expect(calls).toBe(2);
    vi.advanceTimersByTime(5000);
    expect(calls).toBe(2);
    throttled();
    expect(calls).toBe(3);
  });

  it('cancel drops a pending trailing call', () => {
    let calls = 0;
    const throttled = throttle(() => calls++, 1000);
    throttled();
    throttled();
    throttled.cancel();
    vi.advanceTimersByTime(2000);
    expect(calls).toBe(1);
  });
});
