/**
 * The diffing half of k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (`diffMaps` and the
 * functions it calls), which `kubectl apply` uses to compute the patch it sends. Ported function
 * for function; inputs are copies and may be mutated (Go sorts scalar lists in place, too).
 */
import { PatchError } from "../PatchError.js";
import { lookupField, type PatchMeta } from "../patchMetaFor.js";
import {
  formatGo,
  goEqual,
  goStringLess,
  goTypeOf,
  has,
  isGoMap,
  type JsonObject,
  type JsonValue,
  jsonEqual,
} from "./jsonValue.js";
import {
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  deduplicateScalars,
  errNoMergeKey,
  extractRetainKeysPatchStrategy,
  normalizeSliceOrder,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  sliceElementType,
} from "./mergeMap.js";

/** strategicpatch.DiffOptions. */
export interface DiffOptions {
  /** Generate `$setElementOrder` lists. */
  readonly setElementOrder?: boolean;
  readonly ignoreChangesAndAdditions?: boolean;
  readonly ignoreDeletions?: boolean;
  /** Generate `$retainKeys` (for fields whose patch strategy includes retainKeys). */
  readonly buildRetainKeysDirective?: boolean;
}

/** sortScalars: sorted by `%v` text, as Go's SortableSliceOfScalars does. */
function sortScalars(s: JsonValue[]): JsonValue[] {
  return [...s].sort((a, b) => {
    const x = formatGo(a);
    const y = formatGo(b);
    return x === y ? 0 : goStringLess(x, y) ? -1 : 1;
  });
}

/** A patch that turns `original` into `modified`, following the field metadata in `meta`. */
export function diffMaps(
  original: JsonObject,
  modified: JsonObject,
  meta: PatchMeta,
  options: DiffOptions,
): JsonObject {
  const patch: JsonObject = {};
  const retainKeysList: string[] = [];
  for (const key of Object.keys(modified)) {
    const modifiedValue = modified[key];
    if (modifiedValue === undefined) continue;
    if (options.buildRetainKeysDirective && modifiedValue !== null) retainKeysList.push(key);
    if (!Object.hasOwn(original, key) || original[key] === undefined) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key]!;
    if (key === DIRECTIVE_MARKER) {
      if (typeof originalValue !== "string" || typeof modifiedValue !== "string") {
        throw new PatchError(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      }
      if (modifiedValue !== originalValue) patch[DIRECTIVE_MARKER] = modifiedValue;
      continue;
    }
    if (goTypeOf(originalValue) !== goTypeOf(modifiedValue)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isGoMap(originalValue)) {
      handleMapDiff(key, originalValue, modifiedValue as JsonObject, patch, meta, options);
    } else if (Array.isArray(originalValue)) {
      handleSliceDiff(key, originalValue, modifiedValue as JsonValue[], patch, meta, options);
    } else if (!options.ignoreChangesAndAdditions && !jsonEqual(originalValue, modifiedValue)) {
      patch[key] = modifiedValue;
    }
  }
  if (!options.ignoreDeletions) {
    for (const key of Object.keys(original)) {
      if (original[key] !== undefined && (!Object.hasOwn(modified, key) || modified[key] === undefined)) {
        patch[key] = null;
      }
    }
  }
  if (
    retainKeysList.length > 0 &&
    (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))
  ) {
    patch[RETAIN_KEYS_DIRECTIVE] = sortScalars(retainKeysList);
  }
  return patch;
}

function hasAdditionalNewField(original: JsonObject, modified: JsonObject): boolean {
  return Object.keys(original).some(
    (k) => original[k] !== null && original[k] !== undefined && !Object.hasOwn(modified, k),
  );
}

function handleMapDiff(
  key: string,
  originalValue: JsonObject,
  modifiedValue: JsonObject,
  patch: JsonObject,
  meta: PatchMeta,
  options: DiffOptions,
): void {
  const field = lookupField(meta, key);
  const { retainKeys, strategy } = extractRetainKeysPatchStrategy(field.strategies);
  const opts = { ...options, buildRetainKeysDirective: retainKeys };
  if (strategy === "replace") {
    if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
    return;
  }
  const patchValue = diffMaps(originalValue, modifiedValue, field.meta, opts);
  if (Object.keys(patchValue).length > 0) patch[key] = patchValue;
}

function handleSliceDiff(
  key: string,
  originalValue: JsonValue[],
  modifiedValue: JsonValue[],
  patch: JsonObject,
  meta: PatchMeta,
  options: DiffOptions,
): void {
  const field = lookupField(meta, key);
  const { retainKeys, strategy } = extractRetainKeysPatchStrategy(field.strategies);
  if (strategy !== "merge") {
    if (!options.ignoreChangesAndAdditions && !jsonEqual(originalValue, modifiedValue))
      patch[key] = modifiedValue;
    return;
  }
  const opts = { ...options, buildRetainKeysDirective: retainKeys };
  const { addList, deletionList, setOrderList } = diffLists(
    originalValue,
    modifiedValue,
    field.meta,
    field.mergeKey,
    opts,
  );
  if (addList.length > 0) patch[key] = addList;
  if (deletionList.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`] = deletionList;
  if (setOrderList.length > 0) patch[`${SET_ELEMENT_ORDER_PREFIX}/${key}`] = setOrderList;
}

function diffLists(
  original: JsonValue[],
  modified: JsonValue[],
  meta: PatchMeta,
  mergeKey: string,
  options: DiffOptions,
): { addList: JsonValue[]; deletionList: JsonValue[]; setOrderList: JsonValue[] } {
  if (original.length === 0) {
    if (modified.length === 0 || options.ignoreChangesAndAdditions) {
      return { addList: [], deletionList: [], setOrderList: [] };
    }
    return { addList: modified, deletionList: [], setOrderList: [] };
  }
  const kind = sliceElementType(original, modified);
  let patchList: JsonValue[];
  let deleteList: JsonValue[];
  let setOrderList: JsonValue[] = [];
  if (kind === "map") {
    [patchList, deleteList] = diffListsOfMaps(original, modified, meta, mergeKey, options);
    patchList = normalizeSliceOrder(patchList, modified, mergeKey, kind);
    const orderSame = isOrderSame(original, modified, mergeKey);
    patchList = [...patchList, ...deleteList];
    deleteList = [];
    if (
      options.setElementOrder &&
      ((!options.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) ||
        (!options.ignoreDeletions && patchList.length > 0))
    ) {
      setOrderList = modified.map((v) => ({ [mergeKey]: (v as JsonObject)[mergeKey]! }));
    }
  } else {
    [patchList, deleteList] = diffListsOfScalars(original, modified, options);
    patchList = normalizeSliceOrder(patchList, modified, mergeKey, kind);
    if (
      options.setElementOrder &&
      ((!options.ignoreDeletions && deleteList.length > 0) ||
        (!options.ignoreChangesAndAdditions && !jsonEqual(original, modified)))
    ) {
      setOrderList = modified;
    }
  }
  return { addList: patchList, deletionList: deleteList, setOrderList };
}

function isOrderSame(original: JsonValue[], modified: JsonValue[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => {
    const o = original[i]!;
    if (!isGoMap(o) || !isGoMap(m)) return false;
    if (!has(o, mergeKey)) throw errNoMergeKey(o, mergeKey);
    if (!has(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
    return goEqual(o[mergeKey], m[mergeKey]);
  });
}

function diffListsOfScalars(
  original: JsonValue[],
  modified: JsonValue[],
  options: DiffOptions,
): [JsonValue[], JsonValue[]] {
  const originalScalars = sortScalars(original);
  const modifiedScalars = sortScalars(modified);
  let oi = 0;
  let mi = 0;
  const addList: JsonValue[] = [];
  const deletionList: JsonValue[] = [];
  for (;;) {
    const oIn = oi < originalScalars.length;
    const mIn = mi < modifiedScalars.length;
    if (!oIn && !mIn) break;
    const os = oIn ? formatGo(originalScalars[oi]) : "";
    const ms = mIn ? formatGo(modifiedScalars[mi]) : "";
    if (oIn && mIn && os === ms) {
      oi++;
      mi++;
    } else if (!oIn || (oIn && mIn && goStringLess(ms, os))) {
      if (!options.ignoreChangesAndAdditions) addList.push(modifiedScalars[mi]!);
      mi++;
    } else {
      if (!options.ignoreDeletions) deletionList.push(originalScalars[oi]!);
      oi++;
    }
  }
  return [addList, deduplicateScalars(deletionList)];
}

/** sortMergeListsByNameArray without recursion: maps sorted by the `%v` of their merge key. */
function sortByMergeKey(s: JsonValue[], mergeKey: string): JsonObject[] {
  for (const v of s) if (!isGoMap(v)) throw new PatchError(`expected a map[string]interface {}`);
  const key = (v: JsonValue) => formatGo((v as JsonObject)[mergeKey] ?? null);
  return ([...s] as JsonObject[]).sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x === y ? 0 : goStringLess(x, y) ? -1 : 1;
  });
}

function diffListsOfMaps(
  original: JsonValue[],
  modified: JsonValue[],
  meta: PatchMeta,
  mergeKey: string,
  options: DiffOptions,
): [JsonValue[], JsonValue[]] {
  const patch: JsonValue[] = [];
  const deletionList: JsonValue[] = [];
  const originalSorted = sortByMergeKey(original, mergeKey);
  const modifiedSorted = sortByMergeKey(modified, mergeKey);
  let oi = 0;
  let mi = 0;
  for (;;) {
    const oIn = oi < originalSorted.length;
    const mIn = mi < modifiedSorted.length;
    if (!oIn && !mIn) break;
    const oEl = oIn ? originalSorted[oi]! : undefined;
    const mEl = mIn ? modifiedSorted[mi]! : undefined;
    if (oEl && !has(oEl, mergeKey)) throw errNoMergeKey(oEl, mergeKey);
    if (mEl && !has(mEl, mergeKey)) throw errNoMergeKey(mEl, mergeKey);
    const os = oEl ? formatGo(oEl[mergeKey]) : "";
    const ms = mEl ? formatGo(mEl[mergeKey]) : "";
    if (oEl && mEl && os === ms) {
      const patchValue = diffMaps(oEl, mEl, meta, options);
      if (Object.keys(patchValue).length > 0) {
        patchValue[mergeKey] = mEl[mergeKey]!;
        patch.push(patchValue);
      }
      oi++;
      mi++;
    } else if (!oEl || (mEl && goStringLess(ms, os))) {
      if (!options.ignoreChangesAndAdditions) patch.push(mEl!);
      mi++;
    } else {
      if (!options.ignoreDeletions)
        deletionList.push({ [mergeKey]: oEl[mergeKey]!, [DIRECTIVE_MARKER]: "delete" });
      oi++;
    }
  }
  return [patch, deletionList];
}
