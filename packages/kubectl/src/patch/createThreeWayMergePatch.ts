import { diffMaps } from "./_internal/diffMaps.js";
import { cloneJson, type JsonObject } from "./_internal/jsonValue.js";
import { mergeMap } from "./_internal/mergeMap.js";
import type { PatchMeta } from "./patchMetaFor.js";

/**
 * The strategic merge patch `kubectl apply` sends for a built-in kind
 * (k8s.io/apimachinery/pkg/util/strategicpatch `CreateThreeWayMergePatch`, with `overwrite` true as
 * kubectl's default): everything in `modified` that differs from `current`, plus deletions of what
 * was in `original` (the last applied configuration) and is gone from `modified`. Fields that only
 * `current` has (set by the server or other clients) are left alone. Lists merged by key get
 * `$patch: delete` items and `$setElementOrder` lists; lists of scalars `$deleteFromPrimitiveList`.
 *
 * Pure: no argument is changed.
 *
 * @param original - the last applied configuration (`{}` when there is none).
 * @param modified - the new configuration, with its last-applied annotation.
 * @param current - the live object.
 * @param meta - the kind's patch metadata.
 * @returns the patch, `{}` when nothing is to change.
 * @throws PatchError when a list item lacks its merge key, and the like.
 */
export function createThreeWayMergePatch(
  original: JsonObject,
  modified: JsonObject,
  current: JsonObject,
  meta: PatchMeta,
): JsonObject {
  const delta = diffMaps(cloneJson(current), cloneJson(modified), meta, {
    ignoreDeletions: true,
    setElementOrder: true,
  });
  const deletions = diffMaps(cloneJson(original), cloneJson(modified), meta, {
    setElementOrder: true,
    ignoreChangesAndAdditions: true,
  });
  return mergeMap(deletions, delta, meta, { mergeParallelList: false, ignoreUnmatchedNulls: false });
}
