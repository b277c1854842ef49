import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InstantCounts, WorkQueue } from "./WorkQueue.js";

describe("WorkQueue", () => {
  it("hands keys out in first-added order, each once while it waits, and again after it was taken", () => {
    const q = new WorkQueue();
    q.add("a");
    q.add("b");
    q.add("a"); // already waiting: no second entry
    expect(q.size).toBe(2);
    expect(q.take()).toBe("a");
    q.add("a"); // taken: waits again, at the end
    expect([q.take(), q.take(), q.take()]).toEqual(["b", "a", undefined]);
    expect(q.size).toBe(0);
  });

  // The model is what the simulation used before: a Set that deletes each key it hands out.
  it("behaves as an insertion-ordered set that deletes the keys it hands out (property)", () => {
    const op = fc.oneof(
      fc.record({ add: fc.integer({ min: 0, max: 40 }).map((n) => `k${n}`) }),
      fc.record({ take: fc.integer({ min: 1, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.constantFrom(1, 4, 1024), (ops, minKeys) => {
        // A small minKeys clears the map of taken keys often.
        const q = new WorkQueue(minKeys);
        const model = new Set<string>();
        for (const o of ops) {
          if ("add" in o) {
            q.add(o.add);
            model.add(o.add);
          } else
            for (let i = 0; i < o.take; i++) {
              const first = model.values().next();
              if (!first.done) model.delete(first.value);
              expect(q.take()).toBe(first.done ? undefined : first.value);
            }
          expect(q.size).toBe(model.size);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("keeps its order across the clearing of keys long gone", () => {
    const q = new WorkQueue();
    // Thousands of distinct keys one at a time: the map of taken keys is cleared along the way.
    for (let i = 0; i < 5000; i++) {
      q.add(`pod-${i}`);
      expect(q.take()).toBe(`pod-${i}`);
    }
    q.add("pod-0");
    q.add("pod-4999");
    q.add("pod-0");
    expect([q.take(), q.take(), q.take()]).toEqual(["pod-0", "pod-4999", undefined]);
  });
});

describe("InstantCounts", () => {
  it("counts each key from 1 within an instant, and from 1 again after a reset", () => {
    const c = new InstantCounts();
    expect([c.increment("a"), c.increment("a"), c.increment("b")]).toEqual([1, 2, 1]);
    c.reset();
    expect([c.increment("b"), c.increment("a"), c.increment("a")]).toEqual([1, 1, 2]);
  });

  // The model is what the simulation used before: a Map cleared at every instant.
  it("counts as a map cleared at every reset does (property)", () => {
    const op = fc.oneof(
      fc.record({ key: fc.integer({ min: 0, max: 30 }).map((n) => `k${n}`) }),
      fc.constant({ reset: true as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.constantFrom(1, 4, 1024), (ops, minKeys) => {
        const c = new InstantCounts(minKeys);
        const model = new Map<string, number>();
        for (const o of ops) {
          if ("reset" in o) {
            c.reset();
            model.clear();
          } else {
            const n = (model.get(o.key) ?? 0) + 1;
            model.set(o.key, n);
            expect(c.increment(o.key)).toBe(n);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
