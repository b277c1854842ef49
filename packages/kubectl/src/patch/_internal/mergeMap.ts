/**
 * The merging half of k8s.io/apimachinery/pkg/util/strategicpatch/patch.go: `mergeMap` and the
 * functions it calls, ported function for function so that results (including list order) and
 * error texts are the library's. Like the Go code, these functions mutate their arguments; the
 * public entry points hand them copies.
 *
 * Map iteration: Go walks the patch map in random order; we walk it in insertion order, which is
 * one of the orders Go may take.
 */
import { MERGEPATCH_ERRORS, PatchError } from "../PatchError.js";
import { type FieldLookup, lookupField, type PatchMeta, type PatchStrategy } from "../patchMetaFor.js";
import { goSliceStable } from "./goSliceStable.js";
import {
  formatGo,
  goEqual,
  goScalarKey,
  goTypeOf,
  goTypeString,
  has,
  isGoMap,
  isGoSlice,
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from "./jsonValue.js";

/** `$patch`: the directive marker. */
export const DIRECTIVE_MARKER = "$patch";
/** `$retainKeys`. */
export const RETAIN_KEYS_DIRECTIVE = "$retainKeys";
/** `$deleteFromPrimitiveList/<list>`. */
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = "$deleteFromPrimitiveList";
/** `$setElementOrder/<list>`. */
export const SET_ELEMENT_ORDER_PREFIX = "$setElementOrder";

/** strategicpatch.MergeOptions. */
export interface MergeOptions {
  /** Apply `$deleteFromPrimitiveList` and `$setElementOrder` (server side) rather than keep them. */
  readonly mergeParallelList: boolean;
  /** Drop nulls in the patch instead of keeping them as explicit deletions. */
  readonly ignoreUnmatchedNulls: boolean;
}

/** mergepatch.ErrNoMergeKey. */
export function errNoMergeKey(m: unknown, key: string): PatchError {
  return new PatchError(`map: ${formatGo(m)} does not contain declared merge key: ${key}`);
}

/** mergepatch.ErrBadArgType, with a typed nil of the expected type. */
export function errBadArgType(expected: "map" | "slice", actual: unknown): PatchError {
  const want = expected === "map" ? "map[string]interface {}" : "[]interface {}";
  return new PatchError(`expected a ${want}, but received a ${goTypeString(actual)}`);
}

function errBadPatchType(t: unknown, m: JsonObject): PatchError {
  return new PatchError(
    `unknown patch type: ${typeof t === "string" ? t : formatGoString(t)} in map: ${formatGo(m)}`,
  );
}

/** `%s` of a non-string value, as fmt prints it: `%!s(float64=1)`. */
function formatGoString(v: unknown): string {
  if (v === null || v === undefined) return "%!s(<nil>)";
  if (isGoMap(v) || isGoSlice(v)) return formatGo(v);
  return `%!s(${goTypeOf(v)}=${formatGo(v)})`;
}

/** extractRetainKeysPatchStrategy: splits `merge,retainKeys` into its two parts. */
export function extractRetainKeysPatchStrategy(strategies: readonly PatchStrategy[]): {
  retainKeys: boolean;
  strategy: string;
} {
  switch (strategies.length) {
    case 0:
      return { retainKeys: false, strategy: "" };
    case 1:
      return strategies[0] === "retainKeys"
        ? { retainKeys: true, strategy: "" }
        : { retainKeys: false, strategy: strategies[0]! };
    default: {
      const [a, b] = strategies;
      if (a === "retainKeys") return { retainKeys: true, strategy: b! };
      if (b === "retainKeys") return { retainKeys: true, strategy: a! };
      throw new PatchError(`unexpected patch strategy: [${strategies.join(" ")}]`);
    }
  }
}

/**
 * mergeMap: merges `patch` into `original` (both mutated) following the field metadata in `meta`.
 */
export function mergeMap(
  original: JsonObject | null,
  patch: JsonObject,
  meta: PatchMeta,
  options: MergeOptions,
): JsonObject {
  if (has(patch, DIRECTIVE_MARKER)) return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  const orig: JsonObject = original ?? {};
  applyRetainKeysDirective(orig, patch, options);
  mergePatchIntoOriginal(orig, patch, meta, options);

  for (const key of Object.keys(patch)) {
    const patchV = patch[key];
    if (patchV === undefined) continue;
    const pre = preprocessDeletionListForMerging(key, orig, patchV, options.mergeParallelList);
    if (pre.skip) continue;
    const k = pre.noPrefixKey || key;

    if (patchV === null) {
      delete orig[k];
      if (options.ignoreUnmatchedNulls) continue;
    }

    if (!Object.hasOwn(orig, k)) {
      if (!pre.isDeleteList) setWithoutDirectives(orig, k, patchV, options);
      continue;
    }

    const originalType = goTypeOf(orig[k]);
    if (originalType !== goTypeOf(patchV)) {
      if (!pre.isDeleteList) setWithoutDirectives(orig, k, patchV, options);
      continue;
    }
    if (isGoMap(orig[k])) {
      const field = lookupField(meta, k);
      const { strategy } = extractRetainKeysPatchStrategy(field.strategies);
      orig[k] = mergeMapHandler(orig[k], patchV, field.meta, strategy, options);
    } else if (isGoSlice(orig[k])) {
      const field = lookupField(meta, k);
      const { strategy } = extractRetainKeysPatchStrategy(field.strategies);
      orig[k] = mergeSliceHandler(orig[k], patchV, field, strategy, pre.isDeleteList, options);
    } else {
      const [v, keep] = removeDirectives(patchV);
      if (keep) orig[k] = v;
      else delete orig[k];
    }
  }
  return orig;
}

/** The branch of mergeMap for a value the original does not have (or has with another type). */
function setWithoutDirectives(orig: JsonObject, k: string, patchV: JsonValue, options: MergeOptions): void {
  if (options.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
  const [v, keep] = removeDirectives(patchV);
  if (keep) orig[k] = v;
  else delete orig[k];
}

/** discardNullValuesFromPatch: drops null members everywhere below `v`. */
function discardNullValuesFromPatch(v: JsonValue): void {
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNullValuesFromPatch(v[k]!);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) discardNullValuesFromPatch(x);
  }
}

/**
 * removeDirectives: the value without any map holding `$patch` (those are dropped from their
 * parents); `[value, keep]`, where keep is false when the value itself is such a map.
 */
export function removeDirectives(v: JsonValue): [JsonValue, boolean] {
  if (v === null) return [v, true];
  if (isJsonObject(v)) {
    if (has(v, DIRECTIVE_MARKER)) return [null, false];
    for (const k of Object.keys(v)) {
      const [nv, keep] = removeDirectives(v[k]!);
      if (keep) v[k] = nv;
      else delete v[k];
    }
    return [v, true];
  }
  if (Array.isArray(v)) {
    const res: JsonValue[] = [];
    for (const x of v) {
      const [nv, keep] = removeDirectives(x);
      if (keep) res.push(nv);
    }
    return [res, true];
  }
  return [v, true];
}

function handleDirectiveInMergeMap(directive: JsonValue | undefined, patch: JsonObject): JsonObject {
  if (directive === "replace") {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === "delete") return {};
  throw errBadPatchType(directive, patch);
}

function mergeMapHandler(
  original: JsonValue | undefined,
  patch: JsonValue,
  meta: PatchMeta,
  strategy: string,
  options: MergeOptions,
): JsonObject {
  if (!isGoMap(original)) throw errBadArgType("map", original);
  if (!isGoMap(patch)) throw errBadArgType("map", patch);
  return strategy !== "replace" ? mergeMap(original, patch, meta, options) : patch;
}

/** mergeSliceHandler. */
export function mergeSliceHandler(
  original: JsonValue | undefined,
  patch: JsonValue | undefined,
  field: FieldLookup,
  strategy: string,
  isDeleteList: boolean,
  options: MergeOptions,
): JsonValue[] {
  if (!isGoSlice(original)) throw errBadArgType("slice", original);
  if (!isGoSlice(patch)) throw errBadArgType("slice", patch);
  if (strategy === "merge")
    return mergeSlice(original, patch, field.meta, field.mergeKey, options, isDeleteList);
  return patch;
}

type ElementKind = "map" | "scalar";

/** sliceElementType: the common element type of the slices (maps or one scalar type). */
export function sliceElementType(...slices: JsonValue[][]): ElementKind {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = goTypeOf(v);
      if (prev === undefined) {
        prev = t;
        if (isGoSlice(v)) throw MERGEPATCH_ERRORS.noListOfLists();
      } else if (prev !== t) {
        throw new PatchError(`list element types are not identical: ${formatGo(slices)}`);
      }
    }
  }
  if (prev === undefined) throw new PatchError("no elements in any of the given slices");
  return prev === "map[string]interface {}" ? "map" : "scalar";
}

function mergeSlice(
  original: JsonValue[],
  patch: JsonValue[],
  meta: PatchMeta,
  mergeKey: string,
  options: MergeOptions,
  isDeleteList: boolean,
): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  let merged: JsonValue[];
  let orig = original;
  let p = patch;
  if (kind !== "map") {
    if (options.mergeParallelList && isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === "") throw new PatchError("cannot merge lists without merge key for type map");
    [orig, p] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements([...orig], p, mergeKey, meta, options);
    // Go's append may write merged maps through to the caller's backing array; the order pass
    // below only looks at merge keys, so keeping `orig` as it was is equivalent.
  }
  const [patchItems, serverOnly] =
    mergeKey === ""
      ? partitionPrimitivesByPresentInList(merged, p)
      : partitionMapsByPresentInList(merged, p, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, p, orig, mergeKey, kind);
}

function mergeSliceWithSpecialElements(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
): [JsonValue[], JsonValue[]] {
  const withoutSpecial: JsonValue[] = [];
  let replace = false;
  let orig = original;
  for (const v of patch) {
    const typed = v as JsonObject;
    if (!has(typed, DIRECTIVE_MARKER)) {
      withoutSpecial.push(v);
      continue;
    }
    const patchType = typed[DIRECTIVE_MARKER];
    if (patchType === "delete") {
      if (!has(typed, mergeKey)) throw errNoMergeKey(typed, mergeKey);
      orig = deleteMatchingEntries(orig, mergeKey, typed[mergeKey]);
    } else if (patchType === "replace") {
      replace = true;
    } else if (patchType === "merge") {
      throw new PatchError("merging lists cannot yet be specified in the patch");
    } else {
      throw errBadPatchType(patchType, typed);
    }
  }
  return replace ? [withoutSpecial, []] : [orig, withoutSpecial];
}

function deleteMatchingEntries(
  original: JsonValue[],
  mergeKey: string,
  mergeValue: JsonValue | undefined,
): JsonValue[] {
  const out = [...original];
  for (;;) {
    const found = findMapInSliceBasedOnKeyValue(out, mergeKey, mergeValue);
    if (!found) return out;
    out.splice(found.index, 1);
  }
}

function mergeSliceWithoutSpecialElements(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
  meta: PatchMeta,
  options: MergeOptions,
): JsonValue[] {
  for (const v of patch) {
    const typed = v as JsonObject;
    if (!has(typed, mergeKey)) throw errNoMergeKey(typed, mergeKey);
    const found = findMapInSliceBasedOnKeyValue(original, mergeKey, typed[mergeKey]);
    if (found) original[found.index] = mergeMap(found.map, typed, meta, options);
    else original.push(v);
  }
  return original;
}

/** deleteFromSlice: `current` without the scalars in `toDelete`. */
function deleteFromSlice(current: JsonValue[], toDelete: JsonValue[]): JsonValue[] {
  const drop = new Set(toDelete.map(goScalarKey));
  return current.filter((v) => !drop.has(goScalarKey(v)));
}

/** findMapInSliceBasedOnKeyValue: the first map in `m` whose `key` equals `value` (Go `==`). */
export function findMapInSliceBasedOnKeyValue(
  m: JsonValue[],
  key: string,
  value: JsonValue | undefined,
): { map: JsonObject; index: number } | undefined {
  for (let i = 0; i < m.length; i++) {
    const v = m[i];
    if (!isGoMap(v)) throw new PatchError(`value for key ${i} is not a map.`);
    if (has(v, key) && goEqual(v[key], value)) return { map: v, index: i };
  }
  return undefined;
}

/** deduplicateScalars, with Go's order-changing swap-with-last removal. */
export function deduplicateScalars(s: JsonValue[]): JsonValue[] {
  const out = [...s];
  let length = out.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEqual(out[i], out[j])) {
        out[j] = out[length]!;
        out.length = length;
        length--;
        j--;
      }
    }
  }
  return out;
}

function partitionPrimitivesByPresentInList(
  original: JsonValue[],
  partitionBy: JsonValue[],
): [JsonValue[], JsonValue[]] {
  const inPatch = new Set(partitionBy.map(goScalarKey));
  const patch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const v of original) (inPatch.has(goScalarKey(v)) ? patch : serverOnly).push(v);
  return [patch, serverOnly];
}

function partitionMapsByPresentInList(
  original: JsonValue[],
  partitionBy: JsonValue[],
  mergeKey: string,
): [JsonValue[], JsonValue[]] {
  const patch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const v of original) {
    if (!isGoMap(v)) throw errBadArgType("map", v);
    if (!has(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (findMapInSliceBasedOnKeyValue(partitionBy, mergeKey, v[mergeKey]) ? patch : serverOnly).push(v);
  }
  return [patch, serverOnly];
}

/** index: the position of `value` in `l`, by merge key for maps. */
function indexOf(l: readonly JsonValue[], value: JsonValue, mergeKey: string, kind: ElementKind): number {
  const get = (item: JsonValue): JsonValue | undefined =>
    kind === "map" ? (isGoMap(item) ? item[mergeKey] : undefined) : item;
  const want = get(value);
  return l.findIndex((v) => goEqual(want, get(v)));
}

/** extractToDeleteItems: splits items with `$patch: delete` from the others. */
function extractToDeleteItems(l: JsonValue[]): [JsonValue[], JsonValue[]] {
  const nonDelete: JsonValue[] = [];
  const toDelete: JsonValue[] = [];
  for (const v of l) {
    if (!isGoMap(v)) throw errBadArgType("map", v);
    (has(v, DIRECTIVE_MARKER) && v[DIRECTIVE_MARKER] === "delete" ? toDelete : nonDelete).push(v);
  }
  return [nonDelete, toDelete];
}

function validateMergeKeyInLists(mergeKey: string, ...lists: JsonValue[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isGoMap(item)) throw errBadArgType("map", item);
      if (!has(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** normalizeSliceOrder: sorts `toSort` by the positions of its items in `order`. */
export function normalizeSliceOrder(
  toSort: JsonValue[],
  order: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  let items = [...toSort];
  let toDelete: JsonValue[] = [];
  if (kind === "map") {
    validateMergeKeyInLists(mergeKey, items, [...order]);
    [items, toDelete] = extractToDeleteItems(items);
  }
  goSliceStable(items, (a, b) => {
    const ia = indexOf(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexOf(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...items, ...toDelete];
}

function normalizeElementOrder(
  patch: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** mergeSortedSlice: interleaves server-only items (left) into patch items (right) by server order. */
function mergeSortedSlice(
  left: JsonValue[],
  right: JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  const size = left.length + right.length;
  for (let k = 0; k < size; k++) {
    if (i >= left.length && j < right.length) out.push(right[j++]!);
    else if (j >= right.length && i < left.length) out.push(left[i++]!);
    else {
      const li = indexOf(serverOrder, left[i]!, mergeKey, kind);
      const ri = indexOf(serverOrder, right[j]!, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}

/** extractKey: `$deleteFromPrimitiveList/finalizers` -> `finalizers`. */
function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf("/");
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX)
      throw MERGEPATCH_ERRORS.badPatchFormatForPrimitiveList();
    throw MERGEPATCH_ERRORS.badPatchFormatForSetElementOrderList();
  }
  return s.slice(slash + 1);
}

function preprocessDeletionListForMerging(
  key: string,
  original: JsonObject,
  patchVal: JsonValue,
  mergeDeletionList: boolean,
): { skip: boolean; isDeleteList: boolean; noPrefixKey: string } {
  if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX))
    return { skip: false, isDeleteList: false, noPrefixKey: "" };
  if (!mergeDeletionList) {
    original[key] = patchVal;
    return { skip: true, isDeleteList: false, noPrefixKey: "" };
  }
  return { skip: false, isDeleteList: true, noPrefixKey: extractKey(key, DELETE_FROM_PRIMITIVE_LIST_PREFIX) };
}

function applyRetainKeysDirective(original: JsonObject, patch: JsonObject, options: MergeOptions): void {
  if (!has(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retainKeysInPatch = patch[RETAIN_KEYS_DIRECTIVE]!;
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!options.mergeParallelList) {
    if (has(original, RETAIN_KEYS_DIRECTIVE)) {
      if (JSON.stringify(original[RETAIN_KEYS_DIRECTIVE]) !== JSON.stringify(retainKeysInPatch)) {
        throw new PatchError(
          `${formatGo(original[RETAIN_KEYS_DIRECTIVE])} and ${formatGo(retainKeysInPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
      }
    } else {
      original[RETAIN_KEYS_DIRECTIVE] = retainKeysInPatch;
    }
    return;
  }
  if (!Array.isArray(retainKeysInPatch)) throw MERGEPATCH_ERRORS.badPatchFormatForRetainKeys();
  const retain = new Set(retainKeysInPatch.map(goScalarKey));
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (
      v === null ||
      k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
      k.startsWith(SET_ELEMENT_ORDER_PREFIX)
    )
      continue;
    if (!retain.has(goScalarKey(k))) throw MERGEPATCH_ERRORS.badPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!retain.has(goScalarKey(k))) delete original[k];
}

function validatePatchWithSetOrderList(
  patchList: JsonValue | undefined,
  setOrderList: JsonValue,
  mergeKey: string,
): void {
  if (!Array.isArray(setOrderList)) throw MERGEPATCH_ERRORS.badPatchFormatForSetElementOrderList();
  const typedPatchList = patchList === undefined ? [] : patchList;
  if (!Array.isArray(typedPatchList)) throw MERGEPATCH_ERRORS.badPatchFormatForSetElementOrderList();
  if (setOrderList.length === 0 || typedPatchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(typedPatchList)[0] : typedPatchList;
  let patchIndex = 0;
  let setOrderIndex = 0;
  while (patchIndex < nonDelete.length && setOrderIndex < setOrderList.length) {
    const item = nonDelete[patchIndex]!;
    if (isGoMap(item) && has(item, DIRECTIVE_MARKER)) {
      patchIndex++;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrderList[setOrderIndex]!, mergeKey)) patchIndex++;
    setOrderIndex++;
  }
  if (patchIndex < nonDelete.length && setOrderIndex >= setOrderList.length) {
    throw new PatchError(
      `The order in patch list:\n${formatGo(typedPatchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${formatGo(setOrderList)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: JsonValue, right: JsonValue, mergeKey: string): boolean {
  if (mergeKey === "") return goEqual(left, right);
  if (!isGoMap(left)) throw errBadArgType("map", left);
  if (!isGoMap(right)) throw errBadArgType("map", right);
  if (!has(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!has(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return goEqual(left[mergeKey], right[mergeKey]);
}

/** mergePatchIntoOriginal: handles `$setElementOrder/<list>` together with the list it orders. */
function mergePatchIntoOriginal(
  original: JsonObject,
  patch: JsonObject,
  meta: PatchMeta,
  options: MergeOptions,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const setElementOrderInPatch = patch[key]!;
    if (!options.mergeParallelList) {
      if (has(original, key)) {
        if (JSON.stringify(original[key]) !== JSON.stringify(setElementOrderInPatch)) {
          throw MERGEPATCH_ERRORS.badPatchFormatForSetElementOrderList();
        }
      } else {
        original[key] = setElementOrderInPatch;
      }
    }
    delete patch[key];

    if (!Array.isArray(setElementOrderInPatch)) throw errBadArgType("slice", setElementOrderInPatch);
    const originalKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = Object.hasOwn(original, originalKey);
    const foundPatch = Object.hasOwn(patch, originalKey);
    const originalList = original[originalKey];
    const patchList = patch[originalKey];
    if (foundOriginal && !Array.isArray(originalList)) throw errBadArgType("slice", originalList);
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType("slice", patchList);
    const originalFieldValue = foundOriginal ? (originalList as JsonValue[]) : [];
    const patchFieldValue = foundPatch ? (patchList as JsonValue[]) : [];
    const field = lookupField(meta, originalKey);
    const { strategy } = extractRetainKeysPatchStrategy(field.strategies);
    validatePatchWithSetOrderList(patchFieldValue, setElementOrderInPatch, field.mergeKey);

    let merged: JsonValue[];
    if (foundOriginal && !foundPatch) merged = originalFieldValue;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchFieldValue)[0] as JsonValue[];
    else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(originalList, patchList, field, strategy, false, options);
    } else continue;

    const [patchItems, serverOnly] =
      field.mergeKey === ""
        ? partitionPrimitivesByPresentInList(merged, setElementOrderInPatch)
        : partitionMapsByPresentInList(merged, setElementOrderInPatch, field.mergeKey);
    const kind = sliceElementType(originalFieldValue, patchFieldValue);
    original[originalKey] = normalizeElementOrder(
      patchItems,
      serverOnly,
      setElementOrderInPatch,
      originalFieldValue,
      field.mergeKey,
      kind,
    );
    delete patch[originalKey];
  }
}
