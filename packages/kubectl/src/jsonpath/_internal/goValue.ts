/**
 * How client-go's jsonpath sees JSON data. kubectl hands the engine `map[string]interface{}`
 * trees (unstructured content), so every value is one of a few Go kinds. Two JavaScript values
 * stand for the two kinds of "nothing" Go distinguishes there:
 *
 * - `null` is a nil `interface{}` (a JSON `null` inside a map or slice): skipped by field, index,
 *   `*` and `..`, printed as `null`;
 * - `undefined` is an invalid `reflect.Value`, which is what the engine holds when a `{range}`
 *   item is a JSON `null` (the item goes through `value.Interface()` and `reflect.ValueOf(nil)`):
 *   printed as `<no value>`.
 *
 * A property whose value is `undefined` counts as absent, as it would after a trip through JSON.
 */

import { encodeUtf8 } from "./utf8.js";

/**
 * A float64 produced by a template literal such as `1.5` or `1.0`. Data numbers need no wrapper:
 * kubectl decodes JSON numbers to int64 when they are integral and fit, else to float64, and a
 * JavaScript number carries exactly that information. A literal `1.0`, though, is a float64 in
 * Go (`strconv.Atoi` fails on it), so comparing it with the int64 `1` is an error there.
 */
export class GoFloat {
  constructor(readonly value: number) {}
}

/** The Go kinds that matter to the engine. */
export type GoKind = "invalid" | "nil" | "bool" | "int" | "float" | "string" | "map" | "slice";

const twoTo63 = 2 ** 63;

/** Whether kubectl would hold this JSON number as an int64 rather than a float64. */
export function isInt64(n: number): boolean {
  return Number.isInteger(n) && n >= -twoTo63 && n < twoTo63;
}

/** The Go kind of `v`. */
export function goKind(v: unknown): GoKind {
  if (v === undefined) return "invalid";
  if (v === null) return "nil";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
      return isInt64(v) ? "int" : "float";
    case "string":
      return "string";
    case "object":
      if (v instanceof GoFloat) return "float";
      return Array.isArray(v) ? "slice" : "map";
    default:
      // Functions, symbols and bigints never come out of JSON; treat them as absent.
      return "invalid";
  }
}

/** Go's `reflect.Type.String()` for a value of this kind, as `"%v is not array or slice"` prints it. */
export function goTypeName(v: unknown): string {
  switch (goKind(v)) {
    case "map":
      return "map[string]interface {}";
    case "slice":
      return "[]interface {}";
    case "int":
      return "int64";
    case "float":
      return "float64";
    case "bool":
      return "bool";
    case "string":
      return "string";
    default:
      return "interface {}";
  }
}

/** Compares strings as Go does (bytewise on UTF-8, which is code point order). */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates (U+D800-DFFF) encode code points above U+FFFF, which sort after U+E000-FFFF.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca < cb ? -1 : 1;
  }
  return a.length - b.length;
}

/** The present keys of a map value, sorted the way Go's fmt and encoding/json sort them. */
export function sortedKeys(map: object): string[] {
  return Object.keys(map)
    .filter((k) => (map as Record<string, unknown>)[k] !== undefined)
    .sort(compareGoStrings);
}

/** The value under `key`, or `undefined` when the map has no such key. */
export function mapIndex(map: object, key: string): unknown {
  return Object.hasOwn(map, key) ? (map as Record<string, unknown>)[key] : undefined;
}

/**
 * What `*` and `..` visit inside a value: a map's values, a slice's elements, a string's bytes
 * (as uint8 numbers, exactly as `reflect.Value.Index` yields them on a Go string).
 *
 * Go takes map values in `reflect.Value.MapKeys()` order, which is random: the same kubectl
 * command prints `{.metadata.labels.*}` in a different order from run to run. We visit keys in
 * sorted order, which is deterministic and is one of the orders kubectl can print.
 */
export function goChildren(v: unknown): unknown[] {
  switch (goKind(v)) {
    case "map":
      return sortedKeys(v as object).map((k) => (v as Record<string, unknown>)[k]);
    case "slice":
      return [...(v as unknown[])];
    case "string":
      return encodeUtf8(v as string);
    default:
      return [];
  }
}
