/**
 * The three-way merge `kubectl apply` performs, in JSON merge-patch form
 * (k8s.io/apimachinery/pkg/util/jsonmergepatch `CreateThreeWayJSONMergePatch`):
 * fields in the new configuration (`modified`) win; fields that were in the last applied
 * configuration (`original`) but are gone from the new one are removed; fields that only the
 * live object has (set by the server or by other clients) are kept. `null` in `modified`
 * removes the field.
 *
 * Simplification: lists are replaced as a whole, as JSON merge patch does. kubectl uses a
 * strategic merge patch for built-in kinds, which merges some lists by key (containers by
 * name, ports by port); see docs/reference/fidelity.md.
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

/** A JSON string escaped as Go's encoding/json does (HTML-safe: <, >, & as \u003c, \u003e, \u0026). */
export function goJsonString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
