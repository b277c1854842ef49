/**
 * The pod-template-hash (K8s pkg/controller/controller_utils.go `ComputeHash`).
 *
 * @module
 */

/** The alphabet of `rand.SafeEncodeString` (k8s.io/apimachinery/pkg/util/rand): no vowels, no 0/1/3. */
const SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/**
 * `rand.SafeEncodeString`: maps each character to `alphanums[code % 27]`, so that the result cannot
 * spell words. Applied to the decimal digits of a 32-bit hash it gives 1 to 10 characters.
 */
export function safeEncodeString(s: string): string {
  let out = "";
  for (const ch of s) out += SAFE_ALPHANUMS[ch.codePointAt(0)! % SAFE_ALPHANUMS.length];
  return out;
}

/** FNV-1a, 32 bits, over bytes (Go `hash/fnv.New32a`). */
export function fnv32a(bytes: Iterable<number>, seed = 0x811c9dc5): number {
  let h = seed;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * `controller.ComputeHash(template, collisionCount)`: FNV-32a over the pod template, then the
 * collision count as 4 little-endian bytes when set, printed in decimal and passed through
 * {@link safeEncodeString}.
 *
 * Deviation: Kubernetes hashes the Go struct as printed by go-spew (`hashutil.DeepHashObject`), which
 * depends on Go type names, field order and slice capacities; kubesim hashes the template's JSON with
 * keys sorted instead. The hash is stable, template-sensitive, and has the real alphabet and length
 * distribution, but its value differs from the one a real cluster computes for the same template.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(utf8(canonicalJSON(template)));
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0;
    h = fnv32a([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff], h);
  }
  return safeEncodeString(String(h));
}

/** JSON with object keys sorted and undefined members left out: the same value gives the same text. */
export function canonicalJSON(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJSON(obj[k])}`).join(",")}}`;
}

/** The UTF-8 bytes of a string. */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}
