/**
 * Helpers that make generated objects serialise the way Go serialises them.
 *
 * kubectl prints the typed objects its generators build with `encoding/json`, which writes
 * struct fields in declaration order and map keys sorted byte-wise. Generators therefore build
 * plain objects with keys inserted in that order; these helpers do it for maps.
 */

/** Go's byte-wise string order (`sort.Strings`), never locale-aware. */
export function goLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A copy of a `map[string]string` with keys in Go's sorted order (JavaScript still puts
 * integer-like keys such as `"80"` first; Go would sort them as strings).
 */
export function sortedMap<V>(map: Readonly<Record<string, V>>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const key of Object.keys(map).sort(goLess)) out[key] = map[key]!;
  return out;
}

/** The result of a generator: the object, or the error kubectl prints (without `error: `). */
export type GenerateResult<T> =
  | { readonly ok: true; readonly object: T }
  | { readonly ok: false; readonly error: string };

/** A failed {@link GenerateResult}. */
export function fail(error: string): { readonly ok: false; readonly error: string } {
  return { ok: false, error };
}
