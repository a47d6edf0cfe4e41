export type Fault =
  | 'rate-limit-429'
  | 'server-500'
  | 'bad-gateway-502'
  | 'unavailable-503'
  | 'insufficient-credits-402'
  | 'hang'
  | 'slow'
  | 'malformed-json'
  | 'fenced-json'
  | 'prose-around-json'
  | 'empty-content'
  | 'error-in-200'
  | 'content-filter'
  | 'invalid-tags';

/** Every fault that answers (all but 'hang', 'slow' and 402, which need a timeout or the user). */
export const ALL_FAULTS: Fault[] = [
  'rate-limit-429',
  'server-500',
  'bad-gateway-502',
  'unavailable-503',
  'malformed-json',
  'fenced-json',
  'prose-around-json',
  'empty-content',
  'error-in-200',
  'content-filter',
  'invalid-tags',
];

/** mulberry32: a small seeded generator, so a fault mix is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides the fault, if any, for each incoming call: queued faults first, then the random rate. */
export class FaultPlan {
  private readonly queued: Fault[] = [];
  private rate = 0;
  private mix: Fault[] = [];
  private random = seededRandom(1);

  failNext(fault: Fault, count = 1): void {
    for (let i = 0; i < count; i++) this.queued.push(fault);
  }

  setRate(rate: number, faults: Fault[], seed: number): void {
    this.rate = rate;
    this.mix = faults;
    this.random = seededRandom(seed);
  }

  next(): Fault | null {
    const queued = this.queued.shift();
    if (queued) return queued;
    if (this.rate > 0 && this.mix.length > 0 && this.random() < this.rate) {
      return this.mix[Math.floor(this.random() * this.mix.length)]!;
    }
    return null;
  }
}
