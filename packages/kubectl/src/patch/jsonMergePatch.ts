import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from "./_internal/jsonValue.js";
import { PatchError } from "./PatchError.js";

/**
 * Applies a JSON merge patch (RFC 7386) as `kubectl patch --type merge` and the API server do
 * (github.com/evanphx/json-patch v4 `MergePatch`): objects merge recursively, `null` removes a
 * member, anything else (arrays included) replaces. Nulls inside values that are added rather than
 * merged are dropped; a patch that is an array replaces the document.
 *
 * Pure: neither argument is changed.
 *
 * @throws PatchError `Invalid JSON Patch` when the patch is not an object or an array.
 */
export function jsonMergePatch(doc: JsonValue, patch: JsonValue): JsonValue {
  if (Array.isArray(patch)) return pruneArrayNulls(cloneJson(patch));
  if (!isJsonObject(patch)) throw new PatchError("Invalid JSON Patch", "BadRequest");
  const p = cloneJson(patch);
  if (!isJsonObject(doc)) return pruneDocNulls(p);
  const d = cloneJson(doc);
  mergeDocs(d, p);
  return d;
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    if (cur === undefined || cur === null) {
      pruneNulls(v);
      doc[k] = v;
    } else if (!isJsonObject(cur)) {
      pruneNulls(v);
      doc[k] = v;
    } else if (!isJsonObject(v)) {
      doc[k] = v;
    } else {
      mergeDocs(cur, v);
    }
  }
}

function pruneNulls(v: JsonValue): void {
  if (isJsonObject(v)) pruneDocNulls(v);
  else if (Array.isArray(v)) pruneArrayNulls(v);
}

function pruneDocNulls(doc: JsonObject): JsonObject {
  for (const k of Object.keys(doc)) {
    const v = doc[k];
    if (v === null) delete doc[k];
    else if (v !== undefined) pruneNulls(v);
  }
  return doc;
}

/** pruneAryNulls: keeps null items, prunes nulls inside the objects among them. */
function pruneArrayNulls(ary: JsonValue[]): JsonValue[] {
  for (const v of ary) if (v !== null) pruneNulls(v);
  return ary;
}
