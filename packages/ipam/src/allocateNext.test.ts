import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateNext } from "./allocateNext.js";

/** A seeded Intn from fast-check's random values, recorded so tests can see what was asked. */
function scripted(values: readonly number[]) {
  const calls: number[] = [];
  let k = 0;
  const random = (n: number) => {
    calls.push(n);
    return (values[k++ % Math.max(values.length, 1)] ?? 0) % n;
  };
  return { random, calls };
}

/** Runs allocations until the range is full, returning the offsets in order. */
function allocateAll(size: number, rangeOffset: number, seeds: readonly number[]): number[] {
  const used = new Set<number>();
  const { random } = scripted(seeds);
  const out: number[] = [];
  for (;;) {
    const at = allocateNext(size, rangeOffset, random, (o) => used.has(o));
    if (at === undefined) break;
    used.add(at);
    out.push(at);
    if (out.length > size) throw new Error("allocated more than the range holds");
  }
  return out;
}

const arbRange = fc
  .integer({ min: 1, max: 300 })
  .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 })));
const arbSeeds = fc.array(fc.nat(), { minLength: 1, maxLength: 20 });

describe("allocateNext (randomScanStrategyWithOffset)", () => {
  it("starts at the random offset inside the upper band and scans forward with wrap-around", () => {
    const used = new Set([10 + 5, 10 + 6]);
    expect(
      allocateNext(
        20,
        10,
        () => 5,
        (o) => used.has(o),
      ),
    ).toBe(17);
    const wrapped = new Set([18, 19]);
    expect(
      allocateNext(
        20,
        10,
        () => 8,
        (o) => wrapped.has(o),
      ),
    ).toBe(10);
  });

  it("asks random(size - rangeOffset) first and random(rangeOffset) only when the upper band is full", () => {
    const { random, calls } = scripted([3]);
    allocateNext(100, 16, random, () => false);
    expect(calls).toEqual([84]);
    const full = scripted([3]);
    const at = allocateNext(100, 16, full.random, (o) => o >= 16);
    expect(full.calls).toEqual([84, 16]);
    expect(at).toBe(3);
  });

  it("property: allocations are unique, in range, and the range is exhausted exactly at its size", () => {
    fc.assert(
      fc.property(arbRange, arbSeeds, ([size, offset], seeds) => {
        const got = allocateAll(size, offset, seeds);
        expect(got.length).toBe(size);
        expect(new Set(got).size).toBe(size);
        for (const o of got) expect(o >= 0 && o < size).toBe(true);
      }),
    );
  });

  it("property: the upper band is used up before any lower-band offset is handed out", () => {
    fc.assert(
      fc.property(arbRange, arbSeeds, ([size, offset], seeds) => {
        const got = allocateAll(size, offset, seeds);
        const firstLower = got.findIndex((o) => o < offset);
        if (firstLower >= 0) expect(firstLower).toBe(size - offset);
        expect(got.slice(0, size - offset).every((o) => o >= offset)).toBe(true);
      }),
    );
  });

  it("property: a released offset is handed out again (here as the only free one)", () => {
    fc.assert(
      fc.property(arbRange, arbSeeds, fc.nat(), ([size, offset], seeds, pick) => {
        const used = new Set(allocateAll(size, offset, seeds));
        const released = pick % size;
        used.delete(released);
        const { random } = scripted(seeds);
        expect(allocateNext(size, offset, random, (o) => used.has(o))).toBe(released);
      }),
    );
  });

  it("same random values, same choices", () => {
    fc.assert(
      fc.property(arbRange, arbSeeds, ([size, offset], seeds) => {
        expect(allocateAll(size, offset, seeds)).toEqual(allocateAll(size, offset, seeds));
      }),
    );
  });

  it("refuses impossible arguments", () => {
    expect(
      allocateNext(
        0,
        0,
        () => 0,
        () => false,
      ),
    ).toBeUndefined();
    expect(() =>
      allocateNext(
        10,
        10,
        () => 0,
        () => false,
      ),
    ).toThrow(RangeError);
    expect(() =>
      allocateNext(
        10,
        0,
        () => 10,
        () => false,
      ),
    ).toThrow(RangeError);
  });
});
