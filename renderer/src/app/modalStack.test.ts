import { describe, expect, it } from 'vitest';
import { createModalStack } from './modalStack';

describe('modal stack', () => {
  it('is open while any dialog is, and the newest is on top', () => {
    const stack = createModalStack();
    expect(stack.isOpen()).toBe(false);
    const photo = stack.push();
    const question = stack.push();
    expect(stack.isOpen()).toBe(true);
    expect(stack.isTop(question)).toBe(true);
    expect(stack.isTop(photo)).toBe(false);
    question();
    expect(stack.isTop(photo)).toBe(true);
    photo();
    expect(stack.isOpen()).toBe(false);
  });

  it('takes a dialog off from the middle and forgets a second removal', () => {
    const stack = createModalStack();
    const first = stack.push();
    const second = stack.push();
    const third = stack.push();
    second();
    second();
    expect(stack.isTop(third)).toBe(true);
    third();
    expect(stack.isTop(first)).toBe(true);
  });
});
