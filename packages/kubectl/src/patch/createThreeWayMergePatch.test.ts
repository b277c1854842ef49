/**
 * The three-way patch `kubectl apply` computes, checked against the test table of
 * k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go (`createStrategicMergePatchTestCaseData`
 * and `strategicMergePatchRawTestCases`, the ThreeWay and Result columns, which hold for
 * `overwrite=true`, kubectl's default). The table uses the test type `MergeItem`, described below
 * with the same patch tags. As in the Go test, lists merged by key are compared sorted by key.
 */
import { describe, expect, it } from "vitest";
import { isJsonObject, type JsonObject, type JsonValue } from "./_internal/jsonValue.js";
import { createThreeWayMergePatch } from "./createThreeWayMergePatch.js";
import type { PatchMeta } from "./patchMetaFor.js";
import { strategicMergePatch } from "./strategicMergePatch.js";

/** `MergeItem` of patch_test.go: mergingList by name, mergingIntList as a set, retainKeysMap. */
const MERGE_ITEM: PatchMeta = { fields: {} };
Object.assign(MERGE_ITEM.fields, {
  mergingList: { strategies: ["merge"], mergeKey: "name", type: MERGE_ITEM },
  mergingIntList: { strategies: ["merge"] },
  retainKeysMap: { strategies: ["retainKeys"] },
  retainKeysMergingList: { strategies: ["merge", "retainKeys"], mergeKey: "name", type: MERGE_ITEM },
});

/** sortMergeListsByName: merged lists by their key's text, scalar merged lists by value. */
function sortMergeLists(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sortMergeLists);
  if (!isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    let y = sortMergeLists(x);
    if (Array.isArray(y) && (k === "mergingList" || k === "retainKeysMergingList")) {
      y = [...y].sort((a, b) => String((a as JsonObject).name).localeCompare(String((b as JsonObject).name)));
    } else if (Array.isArray(y) && (k === "mergingIntList" || k.startsWith("$deleteFromPrimitiveList/"))) {
      y = [...y].sort((a, b) => Number(a) - Number(b));
    }
    out[k] = y;
  }
  return out;
}

interface ThreeWayCase {
  readonly description: string;
  readonly original: JsonObject;
  readonly modified: JsonObject;
  readonly current: JsonObject;
  readonly threeWay: JsonObject;
  readonly result: JsonObject;
}

const CASES: readonly ThreeWayCase[] = [
  {
    description: "nil original",
    original: {},
    modified: { name: 1, value: 1 },
    current: { name: 1, other: "a" },
    threeWay: { value: 1 },
    result: { name: 1, value: 1, other: "a" },
  },
  {
    description: "add field to map with conflict",
    original: { name: 1 },
    modified: { name: 1, value: 1 },
    current: { name: "a", other: "a" },
    threeWay: { name: 1, value: 1 },
    result: { name: 1, value: 1, other: "a" },
  },
  {
    description: "add field and delete field from map",
    original: { name: 1 },
    modified: { value: 1 },
    current: { name: 1, other: "a" },
    threeWay: { name: null, value: 1 },
    result: { value: 1, other: "a" },
  },
  {
    description: "delete field from nested map with conflict",
    original: { simpleMap: { key1: 1, key2: 1 } },
    modified: { simpleMap: { key1: 1 } },
    current: { simpleMap: { key1: "a", key2: 1, other: "a" } },
    threeWay: { simpleMap: { key1: 1, key2: null } },
    result: { simpleMap: { key1: 1, other: "a" } },
  },
  {
    description: "replace list of scalars with conflict",
    original: { nonMergingIntList: [1, 2] },
    modified: { nonMergingIntList: [2, 3] },
    current: { nonMergingIntList: [1, 4] },
    threeWay: { nonMergingIntList: [2, 3] },
    result: { nonMergingIntList: [2, 3] },
  },
  {
    description: "delete all maps from merging list with conflict",
    original: { mergingList: [{ name: 1 }, { name: 2 }] },
    modified: { mergingList: [] },
    current: {
      mergingList: [
        { name: 1, other: "a" },
        { name: 2, other: "b" },
      ],
    },
    threeWay: {
      mergingList: [
        { name: 1, $patch: "delete" },
        { name: 2, $patch: "delete" },
      ],
    },
    result: { mergingList: [] },
  },
  {
    description: "defined null values should propagate removing original fields",
    original: { name: "original-name", value: "original-value" },
    modified: { name: "modified-name", value: null },
    current: { name: "original-name", value: "original-value", other: "current-other" },
    threeWay: { name: "modified-name", value: null },
    result: { name: "modified-name", other: "current-other" },
  },
  {
    description: "delete items in lists of scalars",
    original: { mergingIntList: [1, 2, 3] },
    modified: { mergingIntList: [1, 2] },
    current: { mergingIntList: [1, 2, 3, 4] },
    threeWay: { "$setElementOrder/mergingIntList": [1, 2], "$deleteFromPrimitiveList/mergingIntList": [3] },
    result: { mergingIntList: [1, 2, 4] },
  },
  {
    description: "merge lists of maps with conflict",
    original: { mergingList: [{ name: 1 }, { name: 2, value: 2 }] },
    modified: { mergingList: [{ name: 1 }, { name: 2, value: 2 }, { name: 3, value: 3 }] },
    current: {
      mergingList: [
        { name: 1, other: "a" },
        { name: 2, value: 3, other: "b" },
      ],
    },
    threeWay: {
      "$setElementOrder/mergingList": [{ name: 1 }, { name: 2 }, { name: 3 }],
      mergingList: [
        { name: 2, value: 2 },
        { name: 3, value: 3 },
      ],
    },
    result: {
      mergingList: [
        { name: 1, other: "a" },
        { name: 2, value: 2, other: "b" },
        { name: 3, value: 3 },
      ],
    },
  },
  {
    description: "add duplicate field to map in merging list",
    original: { mergingList: [{ name: 1 }, { name: 2, value: 2 }] },
    modified: {
      mergingList: [
        { name: 1, value: 1 },
        { name: 2, value: 2 },
      ],
    },
    current: {
      mergingList: [
        { name: 1, value: 1, other: "a" },
        { name: 2, value: 2, other: "b" },
      ],
    },
    threeWay: {},
    result: {
      mergingList: [
        { name: 1, value: 1, other: "a" },
        { name: 2, value: 2, other: "b" },
      ],
    },
  },
  {
    description: "delete missing map from merging list with conflict",
    original: { mergingList: [{ name: 1 }, { name: 2 }] },
    modified: { mergingList: [{ name: 2 }] },
    current: { mergingList: [{ name: 3, other: "a" }] },
    threeWay: {
      "$setElementOrder/mergingList": [{ name: 2 }],
      mergingList: [{ name: 2 }, { name: 1, $patch: "delete" }],
    },
    result: { mergingList: [{ name: 2 }, { name: 3, other: "a" }] },
  },
  {
    description: "add map and delete map from merging list with conflict",
    original: { mergingList: [{ name: 1 }, { name: 2 }] },
    modified: { mergingList: [{ name: 2 }, { name: 3 }] },
    current: {
      mergingList: [
        { name: 1, other: "a" },
        { name: 4, other: "c" },
      ],
    },
    threeWay: {
      "$setElementOrder/mergingList": [{ name: 2 }, { name: 3 }],
      mergingList: [{ name: 2 }, { name: 3 }, { name: 1, $patch: "delete" }],
    },
    result: { mergingList: [{ name: 4, other: "c" }, { name: 2 }, { name: 3 }] },
  },
  {
    description: "delete missing field from map in merging list with conflict",
    original: {
      mergingList: [
        { name: 1, value: 1 },
        { name: 2, value: 2 },
      ],
    },
    modified: { mergingList: [{ name: 1 }, { name: 2, value: 2 }] },
    current: {
      mergingList: [
        { name: 1, other: "a" },
        { name: 2, other: "b" },
      ],
    },
    threeWay: {
      "$setElementOrder/mergingList": [{ name: 1 }, { name: 2 }],
      mergingList: [
        { name: 1, value: null },
        { name: 2, value: 2 },
      ],
    },
    result: {
      mergingList: [
        { name: 1, other: "a" },
        { name: 2, value: 2, other: "b" },
      ],
    },
  },
  {
    description: "replace non merging list nested in merging list with deletion conflict",
    original: {
      mergingList: [{ name: 1, nonMergingList: [{ name: 1 }, { name: 2, value: 2 }] }, { name: 2 }],
    },
    modified: { mergingList: [{ name: 1, nonMergingList: [{ name: 1, value: 1 }] }, { name: 2 }] },
    current: {
      mergingList: [
        { name: 1, other: "a", nonMergingList: [{ name: 2, value: 2 }] },
        { name: 2, other: "b" },
      ],
    },
    threeWay: {
      "$setElementOrder/mergingList": [{ name: 1 }, { name: 2 }],
      mergingList: [{ name: 1, nonMergingList: [{ name: 1, value: 1 }] }],
    },
    result: {
      mergingList: [
        { name: 1, other: "a", nonMergingList: [{ name: 1, value: 1 }] },
        { name: 2, other: "b" },
      ],
    },
  },
  {
    description: "retainKeys map with no change should not be present",
    original: { name: "a", retainKeysMap: { name: "foo" } },
    modified: { name: "a", value: "b", retainKeysMap: { name: "foo" } },
    current: { name: "a", other: "c", retainKeysMap: { name: "foo" } },
    threeWay: { value: "b" },
    result: { name: "a", value: "b", other: "c", retainKeysMap: { name: "foo" } },
  },
];

describe("createThreeWayMergePatch (strategicpatch/patch_test.go)", () => {
  it.each(CASES)("$description", (c) => {
    const patch = createThreeWayMergePatch(c.original, c.modified, c.current, MERGE_ITEM);
    expect(sortMergeLists(patch)).toEqual(sortMergeLists(c.threeWay));
    expect(sortMergeLists(strategicMergePatch(c.current, patch, MERGE_ITEM))).toEqual(
      sortMergeLists(c.result),
    );
  });

  it("builds $retainKeys for a retainKeys field that changed", () => {
    const patch = createThreeWayMergePatch(
      { retainKeysMap: { name: "foo", value: "a" } },
      { retainKeysMap: { name: "foo", other: "b" } },
      { retainKeysMap: { name: "foo", value: "a" } },
      MERGE_ITEM,
    );
    expect(patch).toEqual({ retainKeysMap: { $retainKeys: ["name", "other"], other: "b", value: null } });
  });
});
