/**
 * A small deterministic random source (mulberry32). The simulation draws every
 * random choice from one of these so that a seed and a sequence of clock
 * advances always give the same fleet history.
 */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Scales a duration by a factor in [1 - spread, 1 + spread], so simultaneous tasks drift apart. */
  jitter(ms: number, spread?: number): number;
  hex(length: number): string;
  digits(length: number): string;
  alphanumeric(length: number): string;
  uuid(): string;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const fromAlphabet = (alphabet: string, length: number): string => {
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[int(0, alphabet.length - 1)];
    return text;
  };
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('Cannot pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    jitter: (ms, spread = 0.2) => Math.round(ms * (1 - spread + next() * 2 * spread)),
    hex: (length) => fromAlphabet('0123456789abcdef', length),
    // ECS deployment ids are 19 digits that never start with 0.
    digits: (length) => fromAlphabet('123456789', 1) + fromAlphabet('0123456789', length - 1),
    alphanumeric: (length) =>
      fromAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', length),
    uuid: () => {
      const hex = (length: number): string => fromAlphabet('0123456789abcdef', length);
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${fromAlphabet('89ab', 1)}${hex(3)}-${hex(12)}`;
    },
  };
}
