// What the scale benchmark needs of a running `npm run serve`: calls, the event stream, its resident memory.
import { readdirSync, readFileSync } from 'node:fs';

/** Refuses anything but loopback: a benchmark never talks to a real service. */
function loopbackOnly(url: string): string {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`the benchmark only talks to a server on loopback, not ${host}`);
  }
  return url;
}

export async function call<T>(base: string, method: string, args: unknown = {}): Promise<T> {
  const response = await fetch(new URL(`api/${method}`, loopbackOnly(base)), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  if (!response.ok) throw new Error(`${method}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Listens to /api/events until `close()`, handing each event's name and data to `onEvent`. */
export function listen(base: string, onEvent: (name: string, data: unknown) => void): { close(): void } {
  const controller = new AbortController();
  void (async () => {
    const response = await fetch(new URL('api/events', loopbackOnly(base)), { signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name && data) onEvent(name, JSON.parse(data));
      }
    }
  })().catch(() => undefined);
  return { close: () => controller.abort() };
}

/** Resident memory of a process, MB (Linux). */
/** CPU seconds (user + system, all threads) a process used so far, from /proc (clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), from its closing parenthesis: utime is the 12th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of each live thread of `pid`, by thread id, with its name ('main' for the process's own). */
export function threadCpuSeconds(pid: number): Map<number, { name: string; seconds: number }> {
  const threads = new Map<number, { name: string; seconds: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // ended between the listing and the read
    }
    const name = tid === pid ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    threads.set(tid, { name, seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
  }
  return threads;
}

/**
 * CPU ms per photo by thread name between two samples of threadCpuSeconds, given the process's total CPU
 * seconds over the same time: what threads that ended meanwhile used is what the total has beyond the rest.
 */
export function cpuMsByThread(
  before: Map<number, { name: string; seconds: number }>,
  after: Map<number, { name: string; seconds: number }>,
  totalSeconds: number,
  photos: number,
): Array<[string, number]> {
  const byName = new Map<string, number>();
  let live = 0;
  for (const [tid, { name, seconds }] of after) {
    const used = seconds - (before.get(tid)?.seconds ?? 0);
    live += used;
    byName.set(name, (byName.get(name) ?? 0) + used);
  }
  byName.set('(threads that ended)', Math.max(0, totalSeconds - live));
  return [...byName]
    .map(([name, seconds]): [string, number] => [name, (seconds * 1000) / photos])
    .sort((a, b) => b[1] - a[1]);
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
