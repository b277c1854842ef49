/**
 * JSON patch (RFC 6902) as evanphx/json-patch v4.12 applies it for kubectl and the API server.
 * Results and error texts were recorded from `kubectl patch --local --type json` v1.32.4 on the
 * document below (kubectl rewrites one message, "doc is missing key", into
 * "Object to be patched is missing field (...)"; the library's own text is checked here).
 */
import { describe, expect, it } from "vitest";
import type { JsonObject } from "./_internal/jsonValue.js";
import { applyJsonPatch } from "./applyJsonPatch.js";
import { PatchError } from "./PatchError.js";

const DOC: JsonObject = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "x" },
  data: { a: "1", b: "2" },
  spec: { list: [1, 2, 3], obj: { k: "v" } },
};

interface Case {
  readonly name: string;
  readonly patch: unknown;
  /** The document without apiVersion, kind and metadata. */
  readonly want?: JsonObject;
  readonly error?: string;
}

const CASES: readonly Case[] = [
  {
    name: "add a member",
    patch: [{ op: "add", path: "/data/c", value: "3" }],
    want: { data: { a: "1", b: "2", c: "3" }, spec: { list: [1, 2, 3], obj: { k: "v" } } },
  },
  {
    name: "add into a list at an index, at the end with -, and with a negative index",
    patch: [
      { op: "add", path: "/spec/list/1", value: 9 },
      { op: "add", path: "/spec/list/-", value: 8 },
      { op: "add", path: "/spec/list/-1", value: 7 },
    ],
    want: { data: { a: "1", b: "2" }, spec: { list: [1, 9, 2, 3, 8, 7], obj: { k: "v" } } },
  },
  {
    name: "add beyond the end of a list",
    patch: [{ op: "add", path: "/spec/list/4", value: 9 }],
    error:
      "error in add for path: '/spec/list/4': Unable to access invalid index: 4: invalid index referenced",
  },
  {
    name: "add with an index that is not a number",
    patch: [{ op: "add", path: "/spec/list/x", value: 9 }],
    error:
      "error in add for path: '/spec/list/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax",
  },
  {
    name: "add under a missing parent",
    patch: [{ op: "add", path: "/nope/c", value: "3" }],
    error: 'add operation does not apply: doc is missing path: "/nope/c": missing value',
  },
  {
    name: 'add to the path /, the member named ""',
    patch: [{ op: "add", path: "/", value: "3" }],
    want: { "": "3", data: { a: "1", b: "2" }, spec: { list: [1, 2, 3], obj: { k: "v" } } },
  },
  {
    name: "remove a member and a list item counted from the end",
    patch: [
      { op: "remove", path: "/data/a" },
      { op: "remove", path: "/spec/list/-1" },
    ],
    want: { data: { b: "2" }, spec: { list: [1, 2], obj: { k: "v" } } },
  },
  {
    name: "remove a missing member",
    patch: [{ op: "remove", path: "/data/zz" }],
    error: "error in remove for path: '/data/zz': Unable to remove nonexistent key: zz: missing value",
  },
  {
    name: "remove a missing list item",
    patch: [{ op: "remove", path: "/spec/list/3" }],
    error:
      "error in remove for path: '/spec/list/3': Unable to access invalid index: 3: invalid index referenced",
  },
  {
    name: "replace a missing member adds it",
    patch: [{ op: "replace", path: "/data/zz", value: "1" }],
    want: { data: { a: "1", b: "2", zz: "1" }, spec: { list: [1, 2, 3], obj: { k: "v" } } },
  },
  {
    name: "replace a missing list item",
    patch: [{ op: "replace", path: "/spec/list/3", value: 9 }],
    error: "replace operation does not apply: doc is missing key: /spec/list/3: missing value",
  },
  {
    name: "move within a list",
    patch: [{ op: "move", from: "/spec/list/0", path: "/spec/list/2" }],
    want: { data: { a: "1", b: "2" }, spec: { list: [2, 3, 1], obj: { k: "v" } } },
  },
  {
    name: "move from a missing member",
    patch: [{ op: "move", from: "/data/zz", path: "/data/z" }],
    error: "error in move for path: 'zz': Unable to remove nonexistent key: zz: missing value",
  },
  {
    name: "move into what the move removed",
    patch: [{ op: "move", from: "/spec/obj", path: "/spec/obj/k" }],
    error: "move operation does not apply: doc is missing destination path: /spec/obj/k: missing value",
  },
  {
    name: "copy a member, and a missing one as null",
    patch: [
      { op: "copy", from: "/data/a", path: "/data/z" },
      { op: "copy", from: "/data/zz", path: "/data/y" },
    ],
    want: { data: { a: "1", b: "2", y: null, z: "1" }, spec: { list: [1, 2, 3], obj: { k: "v" } } },
  },
  {
    name: "copy from a missing list item",
    patch: [{ op: "copy", from: "/spec/list/5", path: "/spec/b" }],
    error:
      "error in copy for from: '/spec/list/5': Unable to access invalid index: 5: invalid index referenced",
  },
  {
    name: "test a value that matches, then replace",
    patch: [
      { op: "test", path: "/data/a", value: "1" },
      { op: "replace", path: "/data/a", value: "2" },
    ],
    want: { data: { a: "2", b: "2" }, spec: { list: [1, 2, 3], obj: { k: "v" } } },
  },
  {
    name: "test a value that differs",
    patch: [{ op: "test", path: "/data/a", value: "2" }],
    error: "testing value /data/a failed: test failed",
  },
  {
    name: "test a missing member against null",
    patch: [{ op: "test", path: "/data/zz", value: null }],
    want: { data: { a: "1", b: "2" }, spec: { list: [1, 2, 3], obj: { k: "v" } } },
  },
  {
    name: "test 1.0 against 1",
    patch: [{ op: "test", path: "/spec/list/0", value: 1.0 }],
    want: { data: { a: "1", b: "2" }, spec: { list: [1, 2, 3], obj: { k: "v" } } },
  },
  {
    name: "test a whole object",
    patch: [{ op: "test", path: "/spec/obj", value: { k: "v" } }],
    want: { data: { a: "1", b: "2" }, spec: { list: [1, 2, 3], obj: { k: "v" } } },
  },
  {
    name: "test beyond the end of a list",
    patch: [{ op: "test", path: "/spec/list/5", value: 9 }],
    error:
      "error in test for path: '/spec/list/5': Unable to access invalid index: 5: invalid index referenced",
  },
  { name: "an unknown op", patch: [{ op: "bogus", path: "/data/a" }], error: "Unexpected kind: bogus" },
  { name: "an operation without op", patch: [{ path: "/data/a" }], error: "Unexpected kind: unknown" },
  {
    name: "add without a path",
    patch: [{ op: "add", value: 1 }],
    error: "add operation failed to decode path: missing value",
  },
  {
    name: "replace without a path",
    patch: [{ op: "replace", value: 1 }],
    error: "replace operation failed to decode path: operation missing path field: missing value",
  },
  {
    name: "move without from",
    patch: [{ op: "move", path: "/data/x" }],
    error: "move operation failed to decode from: operation, missing from field: missing value",
  },
  {
    name: "escaped path segments",
    patch: [{ op: "add", path: "/spec/obj/a~1b~0c", value: 9 }],
    want: { data: { a: "1", b: "2" }, spec: { list: [1, 2, 3], obj: { "a/b~c": 9, k: "v" } } },
  },
  {
    name: "a patch that is an object",
    patch: { op: "add" },
    error: "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
  },
  {
    name: "a patch whose operation is a string",
    patch: ["x"],
    error: "json: cannot unmarshal string into Go value of type jsonpatch.Operation",
  },
];

describe("applyJsonPatch (recorded from kubectl patch --local --type json v1.32.4)", () => {
  it.each(CASES)("$name", (c) => {
    if (c.error !== undefined) {
      expect(() => applyJsonPatch(DOC, c.patch)).toThrow(PatchError);
      expect(() => applyJsonPatch(DOC, c.patch)).toThrow(expect.objectContaining({ message: c.error }));
      return;
    }
    const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = applyJsonPatch(DOC, c.patch) as JsonObject;
    expect(rest).toEqual(c.want);
  });

  it("reports a failed test as a 422 (the server's 'The request is invalid') and a malformed patch as BadRequest", () => {
    const failed = (() => {
      try {
        applyJsonPatch(DOC, [{ op: "test", path: "/data/a", value: "2" }]);
      } catch (err) {
        return err as PatchError;
      }
      return undefined;
    })();
    expect(failed?.status).toBe("Invalid");
    expect(() => applyJsonPatch(DOC, {})).toThrow(expect.objectContaining({ status: "BadRequest" }));
  });

  it("does not change the document it is given", () => {
    const before = JSON.stringify(DOC);
    applyJsonPatch(DOC, [
      { op: "remove", path: "/data/a" },
      { op: "add", path: "/spec/list/0", value: 0 },
    ]);
    expect(JSON.stringify(DOC)).toBe(before);
  });
});
