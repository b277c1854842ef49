import { type KubeObject, newBadRequest } from "@kubesim/core";
import { threeWayMerge } from "../threeWayMerge.js";
import { isJsonObject, type JsonObject } from "./_internal/jsonValue.js";
import { createThreeWayMergePatch } from "./createThreeWayMergePatch.js";
import { PatchError } from "./PatchError.js";
import { patchMetaFor } from "./patchMetaFor.js";
import { strategicMergePatch } from "./strategicMergePatch.js";

/**
 * What the live object becomes when `kubectl apply` updates it: for built-in kinds, the three-way
 * strategic merge patch kubectl computes (k8s.io/kubectl/pkg/cmd/apply/patcher.go, with
 * `--overwrite` true) applied by the API server, so that lists merge by key (a container added by
 * another client survives, a container removed from the manifest is deleted); for custom resources,
 * the three-way JSON merge patch kubectl falls back to for kinds it has no Go type for.
 *
 * Pure: no argument is changed.
 *
 * @param original - the last applied configuration, parsed; undefined when there is none.
 * @param modified - the new configuration, with its new last-applied annotation.
 * @param live - the object as stored.
 * @throws StatusError (BadRequest) with the patch library's message when the patch cannot be
 *   computed or applied (a list item without its merge key, ...). kubectl words these failures
 *   at more length (it prints the three documents); the message is the library's.
 */
export function mergeForApply(original: unknown, modified: KubeObject, live: KubeObject): KubeObject {
  const meta = patchMetaFor(modified.apiVersion, modified.kind);
  if (!meta) return threeWayMerge(original, modified, live) as KubeObject;
  try {
    const current = live as unknown as JsonObject;
    const patch = createThreeWayMergePatch(
      isJsonObject(original) ? original : {},
      modified as unknown as JsonObject,
      current,
      meta,
    );
    return strategicMergePatch(current, patch, meta) as unknown as KubeObject;
  } catch (err) {
    if (err instanceof PatchError) throw newBadRequest(err.message);
    throw err;
  }
}
