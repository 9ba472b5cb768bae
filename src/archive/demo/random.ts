/** Small deterministic PRNG (mulberry32): the same seed gives the same demo and benchmark data. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  /** Heavy-tailed count in [min, max]: most clients have few documents, a few have very many. */
  pareto(min: number, max: number, alpha = 1.1): number {
    const u = 1 - this.next();
    return Math.min(max, Math.floor(min / Math.pow(u, 1 / alpha)));
  }
}
