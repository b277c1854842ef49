import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Controller } from "./controller/Controller.js";
import { splitObjectKey } from "./controller/Controller.js";
import { Simulation } from "./Simulation.js";

const cm = (name: string, data: Record<string, string> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "default" },
  data,
});

/** Copies every ConfigMap `x` to `x-copy`, a minimal controller. */
function copier(log: string[]): Controller {
  return {
    name: "copier",
    watches: [{ filter: { kind: "ConfigMap" } }],
    reconcile(key, { tx, nowMs }) {
      const { namespace, name } = splitObjectKey(key);
      log.push(`${nowMs} ${key}`);
      if (name.endsWith("-copy")) return undefined;
      const src = tx.get("ConfigMap", namespace, name);
      const dst = tx.get("ConfigMap", namespace, `${name}-copy`);
      if (src && !dst) tx.create({ ...cm(`${name}-copy`), data: src.data });
      if (!src && dst) tx.delete({ kind: "ConfigMap", namespace, name: `${name}-copy` });
      return undefined;
    },
  };
}

describe("Simulation", () => {
  it("starts its clock at a fixed, configurable instant", () => {
    expect(new Simulation().clock.nowTimestamp()).toBe("2025-01-01T00:00:00Z");
    expect(new Simulation({ startTime: "2030-06-01T12:00:00Z" }).clock.nowTimestamp()).toBe(
      "2030-06-01T12:00:00Z",
    );
    expect(() => new Simulation({ startTime: "tomorrow" })).toThrow(/RFC 3339/);
  });

  it("runs scheduled callbacks in (time, sequence) order as time advances", () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.schedule(2000, () => order.push("b"));
    sim.schedule(1000, () => order.push("a"));
    sim.schedule(2000, () => order.push("c"));
    sim.advance(1500);
    expect(order).toEqual(["a"]);
    expect(sim.nowMs - Date.UTC(2025, 0, 1)).toBe(1500);
    sim.advance(500);
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("reconciles watched objects at the current instant, including those that existed before", () => {
    const sim = new Simulation();
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
    sim.store.create(cm("early"));
    const log: string[] = [];
    sim.addController(copier(log));
    sim.store.create(cm("late"));
    sim.advance(0);
    expect(sim.store.get("ConfigMap", "default", "early-copy")).toBeDefined();
    expect(sim.store.get("ConfigMap", "default", "late-copy")).toBeDefined();
    sim.store.delete({ kind: "ConfigMap", namespace: "default", name: "late" });
    expect(sim.settle()).toBe(true);
    expect(sim.store.get("ConfigMap", "default", "late-copy")).toBeUndefined();
  });

  it("requeues after the requested delay", () => {
    const sim = new Simulation();
    const times: number[] = [];
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } });
    sim.addController({
      name: "ticker",
      watches: [{ filter: { kind: "Namespace" } }],
      reconcile(_key, { nowMs }) {
        times.push(nowMs);
        return times.length < 3 ? { requeueAfterMs: 10_000 } : undefined;
      },
    });
    expect(sim.settle()).toBe(true);
    const t0 = times[0]!;
    expect(times.map((t) => t - t0)).toEqual([0, 10_000, 20_000]);
  });

  it("settle() ignores background timers, runUntil() stops when its condition holds", () => {
    const sim = new Simulation();
    let beats = 0;
    const beat = () => {
      beats++;
      sim.schedule(10_000, beat, { background: true });
    };
    sim.schedule(10_000, beat, { background: true });
    let done = false;
    sim.schedule(25_000, () => {
      done = true;
    });
    expect(sim.settle()).toBe(true);
    expect(done).toBe(true);
    expect(beats).toBe(2);
    expect(sim.runUntil(() => beats >= 5)).toBe(true);
    expect(beats).toBe(5);
    expect(sim.runUntil(() => false, { timeoutMs: 1000 })).toBe(false);
  });

  it("reports a controller that never stops reconciling", () => {
    const sim = new Simulation({ maxReconcilesPerKeyPerInstant: 100 });
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
    sim.store.create(cm("a"));
    sim.addController({
      name: "flapper",
      watches: [{ filter: { kind: "ConfigMap" } }],
      reconcile(key, { tx }) {
        const { namespace, name } = splitObjectKey(key);
        tx.mutate({ kind: "ConfigMap", namespace, name }, (d) => {
          const data = (d.data ?? {}) as Record<string, string>;
          data.n = String(Number(data.n ?? 0) + 1);
          d.data = data;
        });
        return undefined;
      },
    });
    expect(() => sim.advance(0)).toThrow(
      /flapper reconciled default\/a more than 100 times at one instant; the controller is looping/,
    );
  });

  it("does not take a burst of many keys at one instant for a loop", () => {
    const sim = new Simulation({ maxReconcilesPerKeyPerInstant: 2 });
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
    sim.store.transaction((tx) => {
      for (let i = 0; i < 50; i++) tx.create(cm(`c${i}`));
    });
    const seen: string[] = [];
    sim.addController({
      name: "reader",
      watches: [{ filter: { kind: "ConfigMap" } }],
      reconcile(key) {
        seen.push(key);
        return undefined;
      },
    });
    sim.advance(0);
    expect(seen).toHaveLength(50);
  });

  it("reconciles queued keys first come, first served, each once while queued (property)", () => {
    // Each reconcile of key k queues the keys follow[k]; a queued key is not queued twice, and a
    // key queued while its own reconcile runs comes again after those already waiting.
    const keys = ["a", "b", "c", "d", "e", "f"];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...keys), { maxLength: 6 }),
        fc.dictionary(fc.constantFrom(...keys), fc.array(fc.constantFrom(...keys), { maxLength: 3 })),
        fc.array(fc.constantFrom(...keys), { maxLength: 4 }),
        (initial, follow, later) => {
          const sim = new Simulation({ maxReconcilesPerKeyPerInstant: 4 });
          const seen: string[] = [];
          sim.addController({
            name: "c",
            watches: [],
            reconcile(key) {
              seen.push(key);
              for (const k of follow[key] ?? []) sim.enqueue("c", k);
              return undefined;
            },
          });
          const want: string[] = [];
          // Both drains run at instant 0, so the per-instant reconcile count carries over.
          const counts = new Map<string, number>();
          const model = (start: string[]) => {
            const queue: string[] = [];
            for (const k of start) if (!queue.includes(k)) queue.push(k);
            while (queue.length > 0) {
              const k = queue.shift() as string;
              const n = (counts.get(k) ?? 0) + 1;
              counts.set(k, n);
              if (n > 4) return false;
              want.push(k);
              for (const f of follow[k] ?? []) if (!queue.includes(f)) queue.push(f);
            }
            return true;
          };
          // A controller that keeps queuing itself is reported as looping; the model says when.
          const finite = model(initial) && model(later);
          const run = () => {
            for (const k of initial) sim.enqueue("c", k);
            sim.advance(0);
            // The queue emptied; keys queued afterwards (still at instant 0) start a new drain.
            for (const k of later) sim.enqueue("c", k);
            sim.advance(1000);
          };
          if (!finite) {
            expect(run).toThrow(/looping/);
            return;
          }
          run();
          expect(seen).toEqual(want);
        },
      ),
    );
  });

  it("emits inspection events after commits", () => {
    const sim = new Simulation();
    const types: string[] = [];
    sim.inspector.on("event", (e) => types.push(e.type));
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
    sim.schedule(1, () => {}, { label: "tick" });
    sim.advance(1);
    expect(types).toEqual(["commit", "timer"]);
  });
});
