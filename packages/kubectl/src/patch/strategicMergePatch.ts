import { cloneJson, type JsonObject } from "./_internal/jsonValue.js";
import { mergeMap } from "./_internal/mergeMap.js";
import type { PatchMeta } from "./patchMetaFor.js";

/**
 * Applies a strategic merge patch as the API server does
 * (k8s.io/apimachinery/pkg/util/strategicpatch `StrategicMergeMapPatch`): objects merge field by
 * field and `null` deletes a field; lists with a merge key (`containers` by `name`, `ports` by
 * `containerPort`, ...) merge item by item, lists of scalars with the merge strategy merge as sets,
 * other lists are replaced; the directives `$patch: replace|delete`, `$retainKeys`,
 * `$deleteFromPrimitiveList/<list>` and `$setElementOrder/<list>` are honoured. Item order follows
 * the library exactly (patch items first unless the live order says otherwise).
 *
 * Pure: neither argument is changed.
 *
 * @param original - the live object.
 * @param patch - the patch (a JSON object).
 * @param meta - the kind's patch metadata ({@link patchMetaFor}).
 * @returns the patched object.
 * @throws PatchError with the library's message, e.g.
 *   `map: map[image:x] does not contain declared merge key: name`.
 */
export function strategicMergePatch(original: JsonObject, patch: JsonObject, meta: PatchMeta): JsonObject {
  return mergeMap(cloneJson(original), cloneJson(patch), meta, {
    mergeParallelList: true,
    ignoreUnmatchedNulls: true,
  });
}
