import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HashIndex } from "./HashIndex.js";

/** The values under `hash`, walked as the conntrack table walks them. */
function valuesUnder<T>(index: HashIndex<T>, hash: number): T[] {
  const out: T[] = [];
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
  fc.record({ op: fc.constant("add" as const), hash: hashArb }),
  fc.record({ op: fc.constant("remove" as const), hash: hashArb, pick: fc.nat() }),
);

describe("HashIndex", () => {
  it("answers like a map from hash to the list of its values, through any adds and removes", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const index = new HashIndex<number>();
        const model = new Map<number, number[]>();
        let nextValue = 0;
        for (const o of ops) {
          const list = model.get(o.hash) ?? [];
          if (o.op === "add") {
            index.add(o.hash, nextValue);
            model.set(o.hash, [...list, nextValue]);
            nextValue++;
          } else if (list.length === 0) {
            expect(index.remove(o.hash, -1)).toBe(false);
          } else {
            const value = list[o.pick % list.length]!;
            expect(index.remove(o.hash, value)).toBe(true);
            expect(index.remove(o.hash, value)).toBe(false);
            model.set(
              o.hash,
              list.filter((v) => v !== value),
            );
          }
          const total = [...model.values()].reduce((n, l) => n + l.length, 0);
          expect(index.size).toBe(total);
        }
        for (let hash = 0; hash <= 3 * 1024 + 5; hash++)
          expect(valuesUnder(index, hash).sort((a, b) => a - b)).toEqual(
            [...(model.get(hash) ?? [])].sort((a, b) => a - b),
          );
        const seen: [number, number][] = [];
        index.forEach((hash, value) => {
          seen.push([hash, value]);
        });
        const expected = [...model].flatMap(([hash, values]) => values.map((v) => [hash, v]));
        expect(seen.sort((a, b) => a[1] - b[1])).toEqual(expected.sort((a, b) => a[1]! - b[1]!));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps a value whose probe run wrapped past the end when an earlier slot empties", () => {
    // 16 slots: 14 and 15 sit at their homes, 0 (home 0) at slot 0 after them in the run.
    const index = new HashIndex<string>();
    index.add(14, "a");
    index.add(15, "b");
    index.add(0, "c");
    index.add(30, "d"); // home 14: probes 14, 15, 0, 1
    expect(index.remove(14, "a")).toBe(true);
    expect(valuesUnder(index, 0)).toEqual(["c"]);
    expect(index.valueAt(index.first(15))).toBe("b");
    expect(index.valueAt(index.first(30))).toBe("d");
  });

  it("finds nothing in an empty table, and keeps working after growing and emptying", () => {
    const index = new HashIndex<string>();
    expect(index.first(7)).toBe(-1);
    for (let h = 0; h < 1000; h++) index.add(h * 64, `v${h}`);
    for (let h = 0; h < 990; h++) expect(index.remove(h * 64, `v${h}`)).toBe(true);
    expect(index.size).toBe(10);
    for (let h = 990; h < 1000; h++) expect(index.valueAt(index.first(h * 64))).toBe(`v${h}`);
    expect(index.first(0)).toBe(-1);
  });
});
