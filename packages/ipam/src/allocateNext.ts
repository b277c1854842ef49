/**
 * Dynamic allocation over a range of offsets `[0, size)`, the way Kubernetes' allocators pick a
 * free ClusterIP or NodePort (K8s `pkg/registry/core/service/allocator/bitmap.go`,
 * `randomScanStrategyWithOffset.AllocateBit`; the IPAddress allocator in `ipallocator.go` does the
 * same over addresses).
 *
 * @module
 */

/**
 * A source of uniform random integers: `random(n)` returns an integer in `[0, n)` (Go's
 * `rand.Intn(n)`). kubesim passes one backed by a seeded stream, so runs are reproducible.
 */
export type RandomIntn = (n: number) => number;

/**
 * Picks a free offset in `[0, size)`, or undefined when every offset is used.
 *
 * The range is split at `rangeOffset`: the upper band `[rangeOffset, size)` is tried first,
 * starting at a random offset (`random(size - rangeOffset)`) and scanning forward with
 * wrap-around inside the band; only when the whole upper band is used does it try the lower band
 * `[0, rangeOffset)` the same way (`random(rangeOffset)`). The lower band is thereby kept for
 * static requests as long as possible (KEP-3070, KEP-3668).
 *
 * `random` is called once per band visited, exactly as upstream calls `rand.Intn`, so the same
 * random stream gives the same choices. Each call costs O(1) expected while the range is sparse;
 * `isUsed` is called once per offset examined.
 */
export function allocateNext(
  size: number,
  rangeOffset: number,
  random: RandomIntn,
  isUsed: (offset: number) => boolean,
): number | undefined {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`allocateNext: bad size ${size}`);
  if (!Number.isSafeInteger(rangeOffset) || rangeOffset < 0 || (size > 0 && rangeOffset >= size)) {
    throw new RangeError(`allocateNext: bad rangeOffset ${rangeOffset} for size ${size}`);
  }
  if (size === 0) return undefined;
  const upper = size - rangeOffset;
  let start = checkedRandom(random, upper);
  for (let i = 0; i < upper; i++) {
    const at = rangeOffset + ((start + i) % upper);
    if (!isUsed(at)) return at;
  }
  if (rangeOffset === 0) return undefined;
  start = checkedRandom(random, rangeOffset);
  for (let i = 0; i < rangeOffset; i++) {
    const at = (start + i) % rangeOffset;
    if (!isUsed(at)) return at;
  }
  return undefined;
}

function checkedRandom(random: RandomIntn, n: number): number {
  const r = random(n);
  if (!Number.isInteger(r) || r < 0 || r >= n)
    throw new RangeError(`allocateNext: random(${n}) returned ${r}`);
  return r;
}

/**
 * Adapts a `{ int(min, max) }` random stream (both ends inclusive, as kubesim's `RandomStream`)
 * to {@link RandomIntn}.
 */
export function intnFrom(rng: { int(min: number, max: number): number }): RandomIntn {
  return (n) => rng.int(0, n - 1);
}
