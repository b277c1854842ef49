import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** A JumpableRandomGenerator from pure-rand, as we use it (mutable `next()`). */
type Generator = ReturnType<typeof xoroshiro128plus>;

/**
 * One seeded stream of pseudo-random numbers. Each purpose (uids, name suffixes,
 * the scheduler's tie-breaks, kube-proxy's endpoint choice, ...) draws from its own
 * stream, so adding a consumer never shifts the numbers another consumer sees.
 */
export class RandomStream {
  readonly #rng: Generator;

  /** @internal Created by {@link RandomStreams.stream}. */
  constructor(rng: Generator) {
    this.#rng = rng;
  }

  /** A uniformly distributed integer in `[min, max]` (both inclusive). */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new Error(`RandomStream.int: invalid range [${min}, ${max}]`);
    }
    return uniformInt(this.#rng, min, max);
  }

  /** A float in `[0, 1)` with 32 bits of randomness. */
  float(): number {
    return (this.#rng.next() >>> 0) / 0x1_0000_0000;
  }

  /** Picks one element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("RandomStream.pick: empty array");
    return items[this.int(0, items.length - 1)] as T;
  }

  /**
   * An independent copy at the current position: it draws the numbers this stream would draw
   * next, and drawing from it leaves this stream where it is (dry runs peek this way).
   */
  fork(): RandomStream {
    return new RandomStream(this.#rng.clone());
  }

  /** The generator's internal state, for snapshots. */
  state(): readonly number[] {
    return this.#rng.getState();
  }
}

/**
 * The set of independent random streams of one simulation, all derived from one seed.
 * A stream's seed is a hash of (simulation seed, stream name), so streams are
 * independent of each other and of the order in which they are first used.
 */
export class RandomStreams {
  readonly seed: number;
  readonly #streams = new Map<string, RandomStream>();

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new Error(`RandomStreams: seed must be a non-negative safe integer, got ${seed}`);
    }
    this.seed = seed;
  }

  /** The stream for `purpose`, created on first use. */
  stream(purpose: string): RandomStream {
    let stream = this.#streams.get(purpose);
    if (!stream) {
      stream = new RandomStream(xoroshiro128plus(streamSeed(this.seed, purpose)));
      this.#streams.set(purpose, stream);
    }
    return stream;
  }
}

/** FNV-1a over the seed's decimal digits, a separator and the purpose, as a 32-bit seed. */
function streamSeed(seed: number, purpose: string): number {
  let hash = 0x811c9dc5;
  const text = `${seed}\u0000${purpose}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
