/**
 * JSON values as the Go patch libraries see them (`map[string]interface{}` trees): helpers for
 * copying them, telling their Go types apart, comparing them with Go's `==` and printing them with
 * `%v`, so that patch results and error messages match apimachinery's byte for byte.
 */
import { formatGoDefault } from "../../jsonpath/_internal/goFormat.js";
import { compareGoStrings, goKind, goTypeName } from "../../jsonpath/_internal/goValue.js";

/** A decoded JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A decoded JSON object (`map[string]interface{}`). */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Whether `v` is a JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A deep copy of plain JSON-like data, dropping `undefined` members as a trip through JSON would.
 * The Go algorithms mutate their inputs; working on copies keeps callers' (frozen) objects intact.
 */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : cloneJson(x))) as T;
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = cloneJson(x);
    return out as T;
  }
  return v;
}

/**
 * The Go dynamic type of a decoded value, as `reflect.TypeOf` distinguishes them: integral numbers
 * decode to int64 and others to float64 (k8s.io/apimachinery/pkg/util/json), null is a nil interface.
 */
export function goTypeOf(v: unknown): string {
  if (v === null || v === undefined) return "nil";
  return goTypeName(v);
}

/** Whether `v` is a `map[string]interface{}`. */
export function isGoMap(v: unknown): v is JsonObject {
  return goKind(v) === "map";
}

/** Whether `v` is a `[]interface{}`. */
export function isGoSlice(v: unknown): v is JsonValue[] {
  return Array.isArray(v);
}

/**
 * Go's `==` on two `interface{}` values: equal dynamic types and equal values. Go panics when both
 * hold maps or slices; no API object has a merge key of those types, so they simply compare unequal.
 */
export function goEqual(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a === "object" || typeof b === "object") return false;
  return goTypeOf(a) === goTypeOf(b) && a === b;
}

/** A key under which Go's `map[interface{}]` would hash a scalar: its type and value. */
export function goScalarKey(v: unknown): string {
  return `${goTypeOf(v)}:${String(v)}`;
}

/** `fmt.Sprintf("%v", v)`: `map[a:1 b:[x y]]`, `<nil>`, strings unquoted. */
export function formatGo(v: unknown): string {
  return formatGoDefault(v === undefined ? null : v);
}

/** `reflect.TypeOf(v)` as `%s` prints it, for mergepatch.ErrBadArgType. */
export function goTypeString(v: unknown): string {
  return v === null || v === undefined ? "%!s(<nil>)" : goTypeName(v);
}

/** Go's `a < b` on strings (bytewise UTF-8 order). */
export function goStringLess(a: string, b: string): boolean {
  return compareGoStrings(a, b) < 0;
}

/** Structural equality of decoded JSON values (`reflect.DeepEqual` on them, int64 and float64 apart). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const ak = Object.keys(a).filter((k) => a[k] !== undefined);
    const bk = Object.keys(b).filter((k) => b[k] !== undefined);
    return ak.length === bk.length && ak.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Whether `obj` has `key` as its own member (Go's `_, ok := m[key]`). */
export function has(obj: object, key: string): boolean {
  return Object.hasOwn(obj, key) && (obj as Record<string, unknown>)[key] !== undefined;
}
