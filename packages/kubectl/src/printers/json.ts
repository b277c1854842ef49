/**
 * `kubectl -o json`, byte for byte.
 *
 * kubectl's JSONPrinter (k8s.io/cli-runtime/pkg/printers/json.go) writes
 * `json.MarshalIndent(obj, "", "    ")` and a newline. Go's encoder escapes HTML-sensitive
 * characters (<, >, & as \u003c, \u003e, \u0026) and U+2028/U+2029, and since Go 1.22 writes
 * \b and \f short. Members keep the object's own order: kubectl prints typed objects in struct
 * field order and unstructured ones in sorted order, so the caller decides.
 */

const SHORT_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '\\"'],
  ["\\", "\\\\"],
  ["\b", "\\b"],
  ["\f", "\\f"],
  ["\n", "\\n"],
  ["\r", "\\r"],
  ["\t", "\\t"],
]);

function unicodeEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * A JSON string literal as Go's encoding/json writes it with HTML escaping on (the default for
 * json.Marshal). Lone surrogates, which UTF-8 cannot hold, come out as \ufffd like invalid UTF-8.
 */
export function goJsonString(s: string): string {
  const body = s.replace(
    /["\\\u0000-\u001f<>&\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (ch) => {
      const short = SHORT_ESCAPES.get(ch);
      if (short !== undefined) return short;
      if (ch >= "\uD800" && ch <= "\uDFFF") return "\\ufffd";
      return unicodeEscape(ch);
    },
  );
  return `"${body}"`;
}

function isSkipped(v: unknown): boolean {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}

function encode(value: unknown, depth: number, path: string, out: string[]): void {
  let v = value;
  if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") {
    v = (v as { toJSON: () => unknown }).toJSON();
  }
  if (v === null || isSkipped(v)) {
    out.push("null");
    return;
  }
  if (typeof v === "boolean") {
    out.push(v ? "true" : "false");
    return;
  }
  if (typeof v === "bigint") {
    out.push(v.toString());
    return;
  }
  if (typeof v === "number") {
    // json.Marshal fails with "json: unsupported value: NaN"; a resource holding one is a bug.
    if (!Number.isFinite(v)) throw new Error(`printJson: unsupported value ${v} at ${path}`);
    // ECMAScript's number-to-string picks the same shortest digits and the same switch to
    // exponent form (below 1e-6, from 1e21) as Go's float64 encoding.
    out.push(JSON.stringify(v));
    return;
  }
  if (typeof v === "string") {
    out.push(goJsonString(v));
    return;
  }
  const inner = "\n" + "    ".repeat(depth + 1);
  const outer = "\n" + "    ".repeat(depth);
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push("[]");
      return;
    }
    out.push("[");
    v.forEach((item, i) => {
      out.push(i === 0 ? inner : `,${inner}`);
      encode(item, depth + 1, `${path}[${i}]`, out);
    });
    out.push(`${outer}]`);
    return;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, item]) => !isSkipped(item));
  if (entries.length === 0) {
    out.push("{}");
    return;
  }
  out.push("{");
  entries.forEach(([k, item], i) => {
    out.push(i === 0 ? inner : `,${inner}`, goJsonString(k), ": ");
    encode(item, depth + 1, `${path}.${k}`, out);
  });
  out.push(`${outer}}`);
}

/**
 * Renders an object the way `kubectl get -o json` prints it: four-space indentation, Go's string
 * escaping, a trailing newline. Members appear in the object's own order (note that JavaScript
 * puts integer-like keys such as "80" first). `undefined` members are left out and `toJSON` is
 * honoured, as with JSON.stringify; `bigint` is accepted for int64 values beyond 2^53.
 *
 * Several objects printed by one JSONPrinter are simply concatenated, so callers join outputs.
 *
 * @param obj - a plain object such as a Kubernetes resource.
 */
export function printJson(obj: unknown): string {
  const out: string[] = [];
  encode(obj, 0, "$", out);
  out.push("\n");
  return out.join("");
}

/**
 * The `List` wrapper `kubectl get` prints around several objects (k8s.io/kubectl/pkg/cmd/get/get.go
 * builds an unstructured List, so its members are in sorted order): apiVersion, items, kind,
 * metadata.resourceVersion "".
 *
 * @param items - the objects, already in the order kubectl would list them.
 * @param resourceVersion - the list's resourceVersion; kubectl prints "" when it has none.
 */
export function listObject(items: readonly unknown[], resourceVersion = ""): Record<string, unknown> {
  return { apiVersion: "v1", items: [...items], kind: "List", metadata: { resourceVersion } };
}
