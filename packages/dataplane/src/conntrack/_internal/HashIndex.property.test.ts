import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HashIndex } from "./HashIndex.js";

/** The values under `hash`, walked as the conntrack table walks them. */
function valuesUnder(index: HashIndex, hash: number): number[] {
  const out: number[] = [];
  for (let slot = index.first(hash); slot >= 0; slot = index.next(hash, slot)) out.push(index.valueAt(slot));
  return out;
}

// Hashes from a small range, some far apart with equal low bits: collisions of equal hashes,
// probe runs that wrap around the end of the table.
const hashArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  // Homes at both ends of a 16- or 32-slot table.
  fc.constantFrom(0, 1, 14, 15, 16, 17, 30, 31, 32, 33, 46, 47, 63),
  fc.integer({ min: 0, max: 3 }).map((k) => k * 1024 + 5),
);
const opArb = fc.oneof(
  { weight: 10, arbitrary: fc.record({ op: fc.constant("add" as const), hash: hashArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("clear" as const) }) },
);

describe("HashIndex", () => {
  it("answers like a map from hash to the list of its values, through adds, growth and clearing", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const index = new HashIndex();
        const model = new Map<number, number[]>();
        let nextValue = -3;
        for (const o of ops) {
          if (o.op === "clear") {
            const capacity = index.capacity;
            expect(index.cleared()).toBe(index);
            expect(index.capacity).toBe(capacity);
            model.clear();
            continue;
          }
          index.add(o.hash, nextValue);
          model.set(o.hash, [...(model.get(o.hash) ?? []), nextValue]);
          nextValue++;
          const total = [...model.values()].reduce((n, l) => n + l.length, 0);
          expect(index.size).toBe(total);
          expect(index.size * 2).toBeLessThanOrEqual(index.capacity);
        }
        for (let hash = 0; hash <= 3 * 1024 + 5; hash++)
          expect(valuesUnder(index, hash).sort((a, b) => a - b)).toEqual(
            [...(model.get(hash) ?? [])].sort((a, b) => a - b),
          );
      }),
      { numRuns: 500 },
    );
  });

  it("finds a value whose probe run wrapped past the end of the table", () => {
    // 16 slots: 14 and 15 sit at their homes, 30 (home 14) wraps to slot 0, 0 (home 0) to slot 1.
    const index = new HashIndex();
    index.add(14, 1);
    index.add(15, 2);
    index.add(30, 3);
    index.add(0, 4);
    expect(index.first(30)).toBe(0);
    expect(valuesUnder(index, 30)).toEqual([3]);
    expect(valuesUnder(index, 0)).toEqual([4]);
  });

  it("finds nothing in an empty table, nor after clearing, and keeps working after growing", () => {
    const index = new HashIndex();
    expect(index.first(7)).toBe(-1);
    for (let h = 0; h < 1000; h++) index.add(h * 64, h);
    expect(index.capacity).toBe(2048);
    for (let h = 0; h < 1000; h++) expect(index.valueAt(index.first(h * 64))).toBe(h);
    index.cleared();
    expect(index.size).toBe(0);
    expect(index.first(0)).toBe(-1);
    index.add(64, 7);
    expect(valuesUnder(index, 64)).toEqual([7]);
  });
});
