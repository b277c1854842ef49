import fc from "fast-check";
import { freeze, produce } from "immer";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/KubeObject.js";
import { EventLog } from "./EventLog.js";

/** An edit of one version into the next, as a controller's write would make it. */
type Edit =
  | { op: "set"; path: number[]; value: unknown }
  | { op: "add"; path: number[]; key: string; value: unknown }
  | { op: "remove"; path: number[] }
  | { op: "insert"; path: number[]; at: number; value: unknown }
  | { op: "cut"; path: number[]; at: number; count: number }
  | { op: "reorder"; path: number[] };

const valueArb = fc.jsonValue({ maxDepth: 2 });
const pathArb = fc.array(fc.nat({ max: 5 }), { maxLength: 4 });
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant("set" as const), path: pathArb, value: valueArb }),
  fc.record({
    op: fc.constant("add" as const),
    path: pathArb,
    key: fc.constantFrom("x", "y", "0", "status"),
    value: valueArb,
  }),
  fc.record({ op: fc.constant("remove" as const), path: pathArb }),
  fc.record({ op: fc.constant("insert" as const), path: pathArb, at: fc.nat({ max: 4 }), value: valueArb }),
  fc.record({
    op: fc.constant("cut" as const),
    path: pathArb,
    at: fc.nat({ max: 4 }),
    count: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ op: fc.constant("reorder" as const), path: pathArb }),
);

/** Follows `path` (indices into each container's keys) from `root`; returns the container and key reached. */
function locate(
  root: Record<string, unknown>,
  path: number[],
): [Record<string | number, unknown>, string] | undefined {
  let at: Record<string | number, unknown> = root;
  let key: string | undefined;
  for (const step of path) {
    if (key !== undefined) {
      const next = at[key];
      if (typeof next !== "object" || next === null) break;
      at = next as Record<string | number, unknown>;
    }
    const keys = Object.keys(at).filter((k) => k !== "metadata");
    if (keys.length === 0) return undefined;
    key = keys[step % keys.length]!;
  }
  return key === undefined ? undefined : [at, key];
}

function edit(version: KubeObject, e: Edit, rv: number): KubeObject {
  const next = produce(version, (d) => {
    const draft = d as unknown as Record<string, unknown>;
    const found = locate(draft, e.path);
    if (found) {
      const [container, key] = found;
      const target = container[key];
      if (e.op === "set") container[key] = e.value;
      else if (e.op === "remove" && !Array.isArray(container)) delete container[key];
      else if (e.op === "add" && typeof target === "object" && target && !Array.isArray(target))
        (target as Record<string, unknown>)[e.key] = e.value;
      else if (e.op === "insert" && Array.isArray(target))
        target.splice(Math.min(e.at, target.length), 0, e.value);
      else if (e.op === "cut" && Array.isArray(target)) target.splice(e.at, e.count);
      else if (e.op === "reorder" && typeof target === "object" && target && !Array.isArray(target)) {
        const entries = Object.entries(target).reverse();
        for (const [k] of entries) delete (target as Record<string, unknown>)[k];
        for (const [k, v] of entries) (target as Record<string, unknown>)[k] = v;
      }
    }
    d.metadata.resourceVersion = String(rv);
  });
  return freeze(next, true);
}

function initial(name: string, rv: number): KubeObject {
  return freeze(
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name, namespace: "default", resourceVersion: String(rv), labels: { app: name } },
      data: { a: "1", b: "2" },
      spec: { list: [1, { x: [2, 3] }, "a", "b", [4]], nested: { deep: { value: "v" } } },
    },
    true,
  );
}

function deeplyFrozen(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}

describe("EventLog", () => {
  it("gives back every version exactly (keys in their order) while it keeps older ones as reverse deltas", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { weight: 6, arbitrary: fc.record({ name: fc.constantFrom("a", "b", "c"), edit: editArb }) },
            { weight: 1, arbitrary: fc.record({ restoreTo: fc.nat({ max: 30 }) }) },
          ),
          { maxLength: 60 },
        ),
        (steps) => {
          const log = new EventLog();
          const expected: string[] = [];
          const live = new Map<string, KubeObject>();
          let rv = 0;
          const record = (type: "ADDED" | "MODIFIED", object: KubeObject, older?: KubeObject) => {
            log.push(expected.length * 10, type, object, older);
            expected.push(JSON.stringify(object));
          };
          for (const step of steps) {
            if ("restoreTo" in step) {
              // A restore sets the counter back: the same resourceVersions name other versions now.
              rv = Math.min(rv, step.restoreTo);
              continue;
            }
            const old = live.get(step.name);
            const next = old ? edit(old, step.edit, ++rv) : initial(step.name, ++rv);
            live.set(step.name, next);
            record(old ? "MODIFIED" : "ADDED", next, old);
          }
          const entries = log.entries();
          expect(entries.map((e) => JSON.stringify(e.object))).toEqual(expected);
          expect(entries.map((e) => e.seq)).toEqual(expected.map((_, i) => i + 1));
          expect(entries.map((e) => e.timeMs)).toEqual(expected.map((_, i) => i * 10));
          for (const e of entries) expect(deeplyFrozen(e.object)).toBe(true);
        },
      ),
    );
  });

  it("keeps a replaced version as a delta that shares the newer version's unchanged parts", () => {
    const log = new EventLog();
    const v1 = initial("a", 1);
    const v2 = edit(v1, { op: "set", path: [2], value: { a: "changed", b: "2" } }, 2);
    log.push(0, "ADDED", v1, undefined);
    log.push(0, "MODIFIED", v2, v1);
    const [first, second] = log.entries();
    expect(second!.object).toBe(v2);
    expect(first!.object).not.toBe(v1);
    expect(first!.object).toEqual(v1);
    // Only the containers on the way to the changed fields are rebuilt.
    expect((first!.object as unknown as { spec: unknown }).spec).toBe(
      (v2 as unknown as { spec: unknown }).spec,
    );
    expect(first!.object.metadata.labels).toBe(v2.metadata.labels);
  });

  it("keeps a version whole when its older version is not this log's entry", () => {
    const log = new EventLog();
    const v1 = initial("a", 1);
    const copy = freeze(structuredClone(v1), true);
    log.push(0, "ADDED", v1, undefined);
    // The same resourceVersion, another object (a restored state's): the entry must stay as it was.
    log.push(0, "MODIFIED", edit(copy, { op: "set", path: [2], value: 1 }, 2), copy);
    expect(log.entries()[0]!.object).toBe(v1);
  });
});
