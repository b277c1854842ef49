/**
 * JSON merge patch: the examples of RFC 7386 appendix A, and the ways evanphx/json-patch v4
 * (what kubectl and the API server use) departs from them, as `kubectl patch --local --type merge`
 * v1.32.4 shows: a null or scalar patch is refused, nulls are pruned from objects added anywhere
 * below (also inside lists), null list items are kept.
 */
import { describe, expect, it } from "vitest";
import type { JsonValue } from "./_internal/jsonValue.js";
import { jsonMergePatch } from "./jsonMergePatch.js";

describe("jsonMergePatch", () => {
  it.each<[JsonValue, JsonValue, JsonValue]>([
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [
      ["a", "b"],
      ["c", "d"],
      ["c", "d"],
    ],
    [{ a: "b" }, ["c"], ["c"]],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])("RFC 7386 appendix A: %j patched with %j is %j", (doc, patch, want) => {
    expect(jsonMergePatch(doc, patch)).toEqual(want);
  });

  it("refuses a null or scalar patch with evanphx's `Invalid JSON Patch`", () => {
    expect(() => jsonMergePatch({ a: "foo" }, null)).toThrow("Invalid JSON Patch");
    expect(() => jsonMergePatch({ a: "foo" }, "bar")).toThrow("Invalid JSON Patch");
  });

  it("prunes nulls from added objects, also inside lists, but keeps null list items", () => {
    expect(
      jsonMergePatch({ data: { a: "1" } }, { data: { a: null, n: { x: null, y: [null, { z: null }] } } }),
    ).toEqual({
      data: { n: { y: [null, {}] } },
    });
  });

  it("does not change its arguments", () => {
    const doc = { a: { b: "c" } };
    const patch = { a: { b: null, d: { e: null } } };
    jsonMergePatch(doc, patch);
    expect(doc).toEqual({ a: { b: "c" } });
    expect(patch).toEqual({ a: { b: null, d: { e: null } } });
  });
});
