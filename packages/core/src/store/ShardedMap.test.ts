import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api/KubeObject.js";
import {
  EMPTY_SHARDED_MAP,
  type ShardedMap,
  ShardedMapEditor,
  shardedMapGet,
  shardedMapValues,
} from "./ShardedMap.js";

function obj(name: string, v = 0): KubeObject {
  return Object.freeze({ apiVersion: "v1", kind: "ConfigMap", metadata: Object.freeze({ name }), v });
}

function contents(map: ShardedMap): Map<string, unknown> {
  return new Map(shardedMapValues(map).map((o) => [o.metadata.name!, o.v]));
}

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

describe("ShardedMapEditor", () => {
  it("behaves as a map: sets, replaces and deletes, keeping size (checked against Map)", () => {
    // From a handful of names (one leaf) to a few hundred (leaves split into branches, two levels).
    const names = Array.from({ length: 400 }, (_, i) => `pod-${i}`);
    const op = fc.record({
      set: fc.nat(3).map((n) => n > 0), // three sets to one delete, so maps grow
      name: fc.oneof(fc.constantFrom(..."abcdefghij".split("")), fc.constantFrom(...names)),
      v: fc.nat(9),
    });
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 200 }), { maxLength: 8 }), (batches) => {
        let map = EMPTY_SHARDED_MAP;
        const model = new Map<string, unknown>();
        for (const batch of batches) {
          const editor = new ShardedMapEditor(map);
          for (const { set, name, v } of batch) {
            if (set) {
              editor.set(name, obj(name, v));
              model.set(name, v);
            } else {
              editor.delete(name);
              model.delete(name);
            }
          }
          map = editor.finish();
          expect(map.size).toBe(model.size);
          expect(contents(map)).toEqual(model);
          for (const name of [..."abcdefghijk", ...names.slice(0, 50)])
            expect(shardedMapGet(map, name)?.v).toBe(model.get(name));
        }
      }),
    );
  });

  it("never changes the map it starts from, and returns a frozen map", () => {
    const editor = new ShardedMapEditor(EMPTY_SHARDED_MAP);
    for (let i = 0; i < 500; i++) editor.set(`pod-${i}`, obj(`pod-${i}`, i));
    const before = editor.finish();
    const json = JSON.stringify(before);
    const next = new ShardedMapEditor(before);
    next.set("pod-7", obj("pod-7", -1));
    next.set("new", obj("new"));
    next.delete("pod-8");
    const after = next.finish();
    expect(JSON.stringify(before)).toBe(json);
    expect(shardedMapGet(before, "pod-7")?.v).toBe(7);
    expect(shardedMapGet(after, "pod-7")?.v).toBe(-1);
    expect(shardedMapGet(after, "pod-8")).toBeUndefined();
    expect(after.size).toBe(500);
    expect(isDeepFrozen(after)).toBe(true);
  });

  it("shares every branch a batch did not write, and deleting an absent name copies nothing", () => {
    const editor = new ShardedMapEditor(EMPTY_SHARDED_MAP);
    for (let i = 0; i < 2000; i++) editor.set(`pod-${i}`, obj(`pod-${i}`));
    const before = editor.finish();
    const next = new ShardedMapEditor(before);
    next.set("pod-1", obj("pod-1", 1));
    next.delete("absent");
    const after = next.finish();
    const changed = after.root.filter((branch, i) => branch !== before.root[i]);
    expect(changed).toHaveLength(1);
  });
});
