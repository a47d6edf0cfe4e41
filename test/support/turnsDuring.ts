// How many turns of the event loop passed while some work ran: a long job that yields between slices lets
// other work in, one that blocks for all of it lets in none.
import { setImmediate as nextTurn } from 'node:timers/promises';

export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const counting = (async () => {
    while (running) {
      await nextTurn();
      turns++;
    }
  })();
  try {
    return { result: await work(), turns };
  } finally {
    running = false;
    await counting;
  }
}
