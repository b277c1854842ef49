import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/KubeObject.js";
import { deepEqual } from "../ObjectStore.js";
import { shareUnchanged } from "./shareUnchanged.js";

/** JSON-like values of small alphabets, so that the two versions often share equal parts. */
const leaf = fc.oneof(fc.constantFrom("a", "b", ""), fc.integer({ min: 0, max: 2 }), fc.boolean());
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    leaf,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("x", "y", "z"), tie("value"), { maxKeys: 3 }),
  ),
}));
const object = fc.record({
  apiVersion: fc.constant("v1"),
  kind: fc.constant("ConfigMap"),
  metadata: fc.record({
    name: fc.constant("c"),
    labels: fc.dictionary(fc.constantFrom("app", "tier"), fc.constantFrom("web", "db"), { maxKeys: 2 }),
  }),
  data: value,
  spec: value,
}) as fc.Arbitrary<KubeObject>;

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}

/**
 * Every part of `shared` that equals the part at the same path of `prev` is `prev`'s object
 * (below the top level and metadata).
 */
function sharesEqualParts(shared: unknown, prev: unknown, top: boolean): boolean {
  if (typeof shared !== "object" || shared === null) return true;
  if (!top && deepEqual(shared, prev)) return shared === prev;
  if (typeof prev !== "object" || prev === null) return true;
  if (Array.isArray(shared) !== Array.isArray(prev)) return true;
  const p = prev as Record<string, unknown>;
  // metadata is the write's own too (the store stamps it); its children are shared.
  return Object.entries(shared).every(([k, v]) => sharesEqualParts(v, p[k], top && k === "metadata"));
}

describe("shareUnchanged (the store's structural sharing between versions)", () => {
  it("keeps the written data, takes equal parts from the stored version and leaves that version alone", () => {
    fc.assert(
      fc.property(object, object, fc.boolean(), (prevInput, next, frozenNext) => {
        const prev = deepFreeze(structuredClone(prevInput));
        const prevCopy = structuredClone(prev);
        const expected = structuredClone(next);
        if (frozenNext) deepFreeze(next);
        const shared = shareUnchanged(next, prev);
        expect(deepEqual(shared, expected)).toBe(true);
        expect(prev).toEqual(prevCopy);
        // The top level and metadata are the write's own: the store stamps them.
        expect(shared).not.toBe(prev);
        expect(shared.metadata).not.toBe(prev.metadata);
        expect(sharesEqualParts(shared, prev, true)).toBe(true);
      }),
    );
  });

  it("shares a list entry that moved by one place (an endpoint added in front of it)", () => {
    const endpoint = (ip: string) => ({ addresses: [ip], conditions: { ready: true } });
    const prev = deepFreeze({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "web-abcde" },
      endpoints: [endpoint("10.244.1.5"), endpoint("10.244.2.7")],
    }) as KubeObject;
    const next = {
      ...prev,
      endpoints: [endpoint("10.244.1.3"), endpoint("10.244.1.5"), endpoint("10.244.2.7")],
    } as KubeObject;
    const shared = shareUnchanged(next, prev) as unknown as { endpoints: unknown[] };
    const old = (prev as unknown as { endpoints: unknown[] }).endpoints;
    expect(shared.endpoints).toHaveLength(3);
    expect(shared.endpoints[1]).toBe(old[0]);
    expect(shared.endpoints[2]).toBe(old[1]);
    expect(shared.endpoints[0]).toEqual(endpoint("10.244.1.3"));
  });
});
