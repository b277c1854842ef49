import { goJsonString } from "./printers/json.js";

/**
 * The three-way merge `kubectl apply` performs, in JSON merge-patch form
 * (k8s.io/apimachinery/pkg/util/jsonmergepatch `CreateThreeWayJSONMergePatch`):
 * fields in the new configuration (`modified`) win; fields that were in the last applied
 * configuration (`original`) but are gone from the new one are removed; fields that only the
 * live object has (set by the server or by other clients) are kept. `null` in `modified`
 * removes the field.
 *
 * `kubectl apply` uses it, as kubectl does, for kinds without strategic-merge metadata (custom
 * resources, kubesim's internal kinds): lists are replaced as a whole. Built-in kinds go
 * through the strategic merge in `patch/` (see `patch/mergeForApply.ts`).
 */
export function threeWayMerge(original: unknown, modified: unknown, live: unknown): unknown {
  if (!isPlainObject(modified) || !isPlainObject(live)) return modified;
  const orig = isPlainObject(original) ? original : {};
  const result: Record<string, unknown> = { ...live };
  for (const [key, value] of Object.entries(modified)) {
    if (value === null) delete result[key];
    else result[key] = threeWayMerge(orig[key], value, live[key]);
  }
  for (const key of Object.keys(orig)) {
    if (!(key in modified)) delete result[key];
  }
  return result;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * JSON with object keys sorted, as Go's encoding/json writes maps: the form of the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation.
 */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${goJsonString(k)}:${sortedJson(value[k])}`).join(",")}}`;
  }
  if (typeof value === "string") return goJsonString(value);
  return JSON.stringify(value) ?? "null";
}
