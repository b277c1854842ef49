/**
 * Structural equality of JSON-shaped API objects, standing in for Go's `apiequality.Semantic.DeepEqual`
 * on decoded objects: an absent (or null) field equals an empty list or map, as Go's semantic equality
 * treats nil and empty slices and maps alike; otherwise values must match exactly (lists in order).
 *
 * @module
 */

function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && v !== null && Object.keys(v).length === 0;
}

/** Whether two JSON-shaped values are semantically equal. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const aNil = a === null || a === undefined;
  const bNil = b === null || b === undefined;
  if (aNil || bNil) return (aNil && bNil) || (aNil ? isEmptyCollection(b) : isEmptyCollection(a));
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!deepEqual(ra[k], rb[k])) return false;
  return true;
}
