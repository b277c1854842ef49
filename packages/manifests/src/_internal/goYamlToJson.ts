/**
 * What sigs.k8s.io/yaml.YAMLToJSON makes of a composed document: go-yaml v2's decoder into
 * interface{} (decode.go: tags, merge keys, aliases), then convertToJSONableObject (non-string map
 * keys become strings), then json.Marshal (which refuses NaN and infinities).
 */
import { formatGoFloat } from "../formatGoFloat.js";
import { resolvePlainScalar } from "../resolvePlainScalar.js";
import type { YamlNode } from "./goYamlParser.js";
import { GoYamlError, type Mark } from "./goYamlScanner.js";

/** A Go integer as go-yaml returns it: int when it fits int64, else uint64 or *big.Int. */
class GoInt {
  constructor(readonly value: bigint) {}
}

/** A Go float64. */
class GoFloat {
  constructor(readonly value: number) {}
}

/** map[interface{}]interface{}: keys compare by Go type and value. */
class GoMap {
  readonly entries: [GoValue, GoValue][] = [];
  set(key: GoValue, value: GoValue): void {
    const existing = this.entries.find(([k]) => goKeyEqual(k, key));
    if (existing) existing[1] = value;
    else this.entries.push([key, value]);
  }
}

type GoValue = null | boolean | string | GoInt | GoFloat | GoValue[] | GoMap;

/** A failure of sigs.k8s.io/yaml after go-yaml parsed the document; `yaml` says whether go-yaml raised it. */
export class YamlToJsonError extends Error {
  constructor(
    message: string,
    readonly fromGoYaml: boolean,
    readonly mark: Mark | undefined,
  ) {
    super(message);
  }
}

function goKeyEqual(a: GoValue, b: GoValue): boolean {
  if (a instanceof GoInt) return b instanceof GoInt && a.value === b.value;
  if (a instanceof GoFloat) return b instanceof GoFloat && a.value === b.value;
  if (typeof a === "object" && a !== null) return false;
  return a === b;
}

const TAG_PREFIX = "tag:yaml.org,2002:";
const STR_TAG = `${TAG_PREFIX}str`;
const BINARY_TAG = `${TAG_PREFIX}binary`;
const TIMESTAMP_TAG = `${TAG_PREFIX}timestamp`;
const MERGE_TAG = `${TAG_PREFIX}merge`;
const RESOLVABLE = new Set([
  "",
  STR_TAG,
  `${TAG_PREFIX}bool`,
  `${TAG_PREFIX}int`,
  `${TAG_PREFIX}float`,
  `${TAG_PREFIX}null`,
  TIMESTAMP_TAG,
]);

function shortTag(tag: string): string {
  return tag.startsWith(TAG_PREFIX) ? `!!${tag.slice(TAG_PREFIX.length)}` : tag;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// base64.StdEncoding.DecodeString (which skips \r and \n), then the bytes read as a Go string:
// json.Marshal later writes each invalid UTF-8 byte as U+FFFD.
function decodeBinary(text: string): string | undefined {
  const clean = text.replace(/[\r\n]/g, "");
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i += 4) {
    const quad = clean.slice(i, i + 4);
    const n = Array.from(quad, (ch) => (ch === "=" ? 0 : BASE64.indexOf(ch)));
    const v = (n[0]! << 18) | (n[1]! << 12) | (n[2]! << 6) | n[3]!;
    bytes.push((v >> 16) & 0xff);
    if (quad[2] !== "=") bytes.push((v >> 8) & 0xff);
    if (quad[3] !== "=") bytes.push(v & 0xff);
  }
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const width =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    const tail = bytes.slice(i + 1, i + width);
    if (width === 0 || tail.length !== width - 1 || tail.some((t) => (t & 0xc0) !== 0x80)) {
      out += "\uFFFD";
      i++;
      continue;
    }
    const lead = width === 1 ? b : width === 2 ? b & 0x1f : width === 3 ? b & 0x0f : b & 0x07;
    const cp = tail.reduce((acc, t) => (acc << 6) | (t & 0x3f), lead);
    const overlong = (width === 3 && cp < 0x800) || (width === 4 && (cp < 0x10000 || cp > 0x10ffff));
    if (overlong || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += "\uFFFD";
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += width;
  }
  return out;
}

/** Go's strconv.Quote, close enough for the values that appear in kubectl's error texts. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const esc: Record<string, string> = {
      "\x07": "\\a",
      "\b": "\\b",
      "\f": "\\f",
      "\n": "\\n",
      "\r": "\\r",
      "\t": "\\t",
      "\v": "\\v",
      '"': '\\"',
      "\\": "\\\\",
    };
    if (esc[ch] !== undefined) out += esc[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** fmt's %#v for the values go-yaml decodes into interface{}. */
function goSharpV(v: GoValue, nested = false): string {
  if (v === null) return nested ? "interface {}(nil)" : "<nil>";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return goQuote(v);
  if (v instanceof GoInt) {
    if (v.value > 2n ** 63n - 1n && v.value <= 2n ** 64n - 1n) return `0x${v.value.toString(16)}`;
    return v.value.toString();
  }
  if (v instanceof GoFloat)
    return formatGoFloat(v.value)
      .replace(/^\.inf$/, "+Inf")
      .replace(/^-\.inf$/, "-Inf")
      .replace(/^\.nan$/, "NaN");
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpV(x, true)).join(", ")}}`;
  const parts = v.entries.map(([k, x]) => `${goSharpV(k, true)}:${goSharpV(x, true)}`).sort();
  return `map[interface {}]interface {}{${parts.join(", ")}}`;
}

function goTypeName(v: GoValue): string {
  if (v === null) return "%!s(<nil>)";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "string";
  if (v instanceof GoInt)
    return v.value > 2n ** 64n - 1n || v.value < -(2n ** 63n)
      ? "*big.Int"
      : v.value > 2n ** 63n - 1n
        ? "uint64"
        : "int";
  if (v instanceof GoFloat) return "float64";
  return Array.isArray(v) ? "[]interface {}" : "map[interface {}]interface {}";
}

class Decoder {
  private readonly activeAliases = new Set<YamlNode>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;

  private fail(message: string, node: YamlNode): never {
    throw new GoYamlError("composer", message, node.start, undefined);
  }

  private count(node: YamlNode): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)
    ) {
      this.fail("document contains excessive aliasing", node);
    }
  }

  decode(node: YamlNode): GoValue {
    this.count(node);
    switch (node.kind) {
      case "alias":
        return this.withAlias(node, () => this.decode(node.target));
      case "scalar":
        return this.scalar(node);
      case "sequence":
        return node.children.map((child) => this.decode(child));
      case "mapping": {
        const map = new GoMap();
        this.mappingInto(node, map);
        return map;
      }
    }
  }

  private withAlias<T>(node: YamlNode & { kind: "alias" }, f: () => T): T {
    if (this.activeAliases.has(node)) this.fail(`anchor '${node.name}' value contains itself`, node);
    this.activeAliases.add(node);
    this.aliasDepth++;
    try {
      return f();
    } finally {
      this.aliasDepth--;
      this.activeAliases.delete(node);
    }
  }

  private scalar(node: YamlNode & { kind: "scalar" }): GoValue {
    if (node.tag === "" && !node.implicit) return node.value;
    const tag = node.tag;
    if (tag === BINARY_TAG) {
      const text = decodeBinary(node.value);
      if (text === undefined) this.fail("!!binary value contains invalid base64 data", node);
      return text;
    }
    if (!RESOLVABLE.has(tag) || tag === STR_TAG) return node.value;
    let r = resolvePlainScalar(node.value);
    // Only untagged and !!timestamp scalars are tried as timestamps.
    if (r.tag === "timestamp" && tag !== "" && tag !== TIMESTAMP_TAG) r = { tag: "str" };
    const rtag = `${TAG_PREFIX}${r.tag}`;
    if (tag !== "" && tag !== rtag) {
      if (tag === `${TAG_PREFIX}float` && r.tag === "int") return new GoFloat(Number(r.value));
      this.fail(`cannot decode ${shortTag(rtag)} \`${node.value}\` as a ${shortTag(tag)}`, node);
    }
    switch (r.tag) {
      case "null":
        return null;
      case "bool":
        return r.value;
      case "int":
        return new GoInt(r.value);
      case "float":
        return new GoFloat(r.value);
      default:
        return node.value;
    }
  }

  private mappingInto(node: YamlNode & { kind: "mapping" }, map: GoMap): void {
    const { children } = node;
    for (let i = 0; i + 1 < children.length; i += 2) {
      const keyNode = children[i]!;
      const valueNode = children[i + 1]!;
      if (
        keyNode.kind === "scalar" &&
        keyNode.value === "<<" &&
        (keyNode.implicit || keyNode.tag === MERGE_TAG)
      ) {
        this.merge(valueNode, map);
        continue;
      }
      const key = this.decode(keyNode);
      if (Array.isArray(key) || key instanceof GoMap) this.fail(`invalid map key: ${goSharpV(key)}`, keyNode);
      map.set(key, this.decode(valueNode));
    }
  }

  // decode.go merge(): v2 writes merged keys into the map as they come, so a key written before
  // "<<" is overwritten by the merged value.
  private merge(node: YamlNode, map: GoMap): void {
    const wantMap = (): never => this.fail("map merge requires map or sequence of maps as the value", node);
    const into = (n: YamlNode): void => {
      this.count(n);
      if (n.kind === "alias") {
        this.withAlias(n, () => into(n.target));
      } else if (n.kind === "mapping") {
        this.mappingInto(n, map);
      } else {
        wantMap();
      }
    };
    if (node.kind === "mapping") {
      into(node);
    } else if (node.kind === "alias") {
      if (node.target.kind !== "mapping") wantMap();
      into(node);
    } else if (node.kind === "sequence") {
      for (let i = node.children.length - 1; i >= 0; i--) {
        const item = node.children[i]!;
        if (item.kind === "alias" ? item.target.kind !== "mapping" : item.kind !== "mapping") wantMap();
        into(item);
      }
    } else {
      wantMap();
    }
  }
}

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

/** A JSON value as the rest of kubectl sees it after YAMLToJSON. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function keyString(key: GoValue, value: GoValue): string {
  if (typeof key === "string") return key;
  if (typeof key === "boolean") return key ? "true" : "false";
  if (key instanceof GoInt && key.value >= -(2n ** 63n) && key.value <= 2n ** 63n - 1n)
    return key.value.toString();
  if (key instanceof GoFloat) return formatGoFloat(key.value, 32);
  const keyText = key instanceof GoInt ? goSharpV(key) : "<nil>";
  throw new YamlToJsonError(
    `unsupported map key of type: ${goTypeName(key)}, key: ${keyText}, value: ${goSharpV(value)}`,
    false,
    undefined,
  );
}

function toJsonable(v: GoValue): JsonValue {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (v instanceof GoInt) return Number(v.value);
  if (v instanceof GoFloat) return Object.is(v.value, -0) ? 0 : v.value;
  if (Array.isArray(v)) return v.map(toJsonable);
  const out: { [key: string]: JsonValue } = {};
  for (const [k, x] of v.entries) {
    // defineProperty keeps "__proto__" an ordinary key.
    Object.defineProperty(out, keyString(k, x), {
      value: toJsonable(x),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Code-point order, which is the byte order Go sorts UTF-8 map keys in. */
export function compareGoStrings(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

// json.Marshal walks maps in sorted key order and stops at the first NaN or infinity.
function checkMarshalable(v: JsonValue): void {
  if (typeof v === "number" && !Number.isFinite(v)) {
    const text = Number.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
    throw new YamlToJsonError(`json: unsupported value: ${text}`, false, undefined);
  }
  if (Array.isArray(v)) v.forEach(checkMarshalable);
  else if (v !== null && typeof v === "object") {
    for (const k of Object.keys(v).sort(compareGoStrings)) checkMarshalable(v[k]!);
  }
}

/**
 * Converts a composed document to the JSON value kubectl reads from it.
 *
 * @throws GoYamlError for go-yaml decoding failures ("yaml: ..."), YamlToJsonError for the
 *   conversion's own failures (unsupported map keys, unsupported float values).
 */
export function yamlNodeToJson(node: YamlNode): JsonValue {
  const value = toJsonable(new Decoder().decode(node));
  checkMarshalable(value);
  return value;
}
