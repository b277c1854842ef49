/**
 * The meaning kubectl gives to an unquoted YAML scalar.
 *
 * kubectl reads manifests with sigs.k8s.io/yaml, which decodes through its fork of go-yaml v2
 * (YAML 1.1 rules), and writes `-o yaml` through the same library. Both directions go through
 * one function, `resolve` in sigs.k8s.io/yaml/goyaml.v2/resolve.go, ported here: the decoder
 * uses it to type plain scalars, the encoder to decide that a string needs quotes.
 */

/** The tag go-yaml v2 resolves an unquoted scalar to, with its value where kubectl keeps one. */
export type ResolvedScalar =
  | { readonly tag: "str" }
  | { readonly tag: "null" }
  | { readonly tag: "bool"; readonly value: boolean }
  | { readonly tag: "int"; readonly value: bigint }
  | { readonly tag: "float"; readonly value: number }
  /** go-yaml v2 recognises timestamps but hands them to interface{} targets as the original string. */
  | { readonly tag: "timestamp" };

const STR: ResolvedScalar = { tag: "str" };
const NULL: ResolvedScalar = { tag: "null" };
const TIMESTAMP: ResolvedScalar = { tag: "timestamp" };

// resolveMap in goyaml.v2/resolve.go. Only consulted when the first character has a "hint",
// which is why "<<" (first character '<', no hint) resolves to a plain string there.
const RESOLVE_MAP: ReadonlyMap<string, ResolvedScalar> = new Map<string, ResolvedScalar>([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].map(
    (s) => [s, { tag: "bool", value: true }] as const,
  ),
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"].map(
    (s) => [s, { tag: "bool", value: false }] as const,
  ),
  ...["", "~", "null", "Null", "NULL"].map((s) => [s, NULL] as const),
  ...[".nan", ".NaN", ".NAN"].map((s) => [s, { tag: "float", value: Number.NaN }] as const),
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map(
    (s) => [s, { tag: "float", value: Number.POSITIVE_INFINITY }] as const,
  ),
  ...["-.inf", "-.Inf", "-.INF"].map((s) => [s, { tag: "float", value: Number.NEGATIVE_INFINITY }] as const),
]);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// strconv.ParseInt/ParseUint with base 0, after go-yaml removed every '_'. A leading "0"
// means octal; the 0b/0o/0x prefixes need at least one digit after them (len(s) >= 3).
const GO_INT_SYNTAX = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
// yamlStyleFloat in resolve.go.
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// strconv.ParseFloat on a string that starts with '.': only decimal forms can match.
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

function goIntMagnitude(digits: string): bigint {
  // BigInt() understands 0x/0o/0b but not Go's bare leading-zero octal.
  if (/^0[0-7]+$/.test(digits)) return BigInt(`0o${digits.slice(1)}`);
  return BigInt(digits.toLowerCase());
}

function resolveNumberLike(input: string): ResolvedScalar {
  if (isGoYamlTimestamp(input)) return TIMESTAMP;
  const plain = input.replaceAll("_", "");
  const m = GO_INT_SYNTAX.exec(plain);
  let uintRangeError = false;
  if (m) {
    const sign = m[1] ?? "";
    const magnitude = goIntMagnitude(m[2] ?? "0");
    const value = sign === "-" ? -magnitude : magnitude;
    if (value >= INT64_MIN && value <= INT64_MAX) return { tag: "int", value };
    // ParseUint takes no sign; only an unsigned literal gets a second chance as uint64.
    if (sign === "") {
      if (value <= UINT64_MAX) return { tag: "int", value };
      uintRangeError = true;
    }
  }
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain);
    // strconv.ParseFloat reports ErrRange (and go-yaml falls through) when the value overflows.
    if (Number.isFinite(f)) return { tag: "float", value: f };
  }
  // The big.Int fallback only runs when ParseUint failed with ErrRange.
  if (uintRangeError && m) return { tag: "int", value: goIntMagnitude(m[2] ?? "0") };
  return STR;
}

/**
 * Resolves an unquoted (plain) YAML scalar the way go-yaml v2 does for an untyped target:
 * `yes`/`on`/`y` are booleans, `~`/`null`/empty are null, `0x1F`, `017`, `0o17`, `0b101`,
 * `1_000` are integers, `1e3`/`.5` are floats, `2001-12-14` is a timestamp, `190:20:30` is a string.
 *
 * @param value - the scalar's text exactly as written, without quotes.
 */
export function resolvePlainScalar(value: string): ResolvedScalar {
  const first = value.charCodeAt(0);
  const c = value.length === 0 ? "" : value[0]!;
  let hint: "M" | "." | "D" | "S" | "N" | undefined;
  if (value.length === 0) hint = "N";
  else if (c === "+" || c === "-") hint = "S";
  else if (first >= 48 && first <= 57) hint = "D";
  else if ("yYnNtTfFoO~".includes(c)) hint = "M";
  else if (c === ".") hint = ".";
  if (hint === undefined) return STR;
  const mapped = RESOLVE_MAP.get(value);
  if (mapped) return mapped;
  if (hint === ".") {
    if (DOT_FLOAT.test(value)) {
      const f = Number(value);
      if (Number.isFinite(f)) return { tag: "float", value: f };
    }
    return STR;
  }
  if (hint === "D" || hint === "S") return resolveNumberLike(value);
  return STR;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// The layouts go-yaml v2 tries with time.Parse (allowedTimestampFormats):
// "2006-1-2T15:4:5.999999999Z07:00", the same with a lower-case "t",
// "2006-1-2 15:4:5.999999999" and "2006-1-2". Go's getnum reads one or two digits greedily.
const TS_DATE = /^(\d{4})-(\d\d?)-(\d\d?)/;
const TS_TIME = /^(\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?/;
const TS_ZONE = /^(?:Z|[+-](\d\d):(\d\d))$/;

/**
 * Whether go-yaml v2 (resolve.go parseTimestamp) reads this plain scalar as a timestamp.
 * Such strings are written quoted by `kubectl -o yaml`.
 */
export function isGoYamlTimestamp(s: string): boolean {
  const date = TS_DATE.exec(s);
  if (!date) return false;
  // getnum is greedy: a third digit where "-" is expected fails the parse.
  const month = Number(date[2]);
  const day = Number(date[3]);
  const year = Number(date[1]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  let rest = s.slice(date[0].length);
  if (rest === "") return true;
  const sep = rest[0];
  if (sep !== "T" && sep !== "t" && sep !== " ") return false;
  rest = rest.slice(1);
  const time = TS_TIME.exec(rest);
  if (!time) return false;
  if (Number(time[1]) >= 24 || Number(time[2]) >= 60 || Number(time[3]) >= 60) return false;
  rest = rest.slice(time[0].length);
  if (sep === " ") return rest === "";
  const zone = TS_ZONE.exec(rest);
  if (!zone) return false;
  // time.Parse accepts offsets up to 24h and 60m ("some people do write offsets of 24 hours").
  return zone[1] === undefined || (Number(zone[1]) <= 24 && Number(zone[2]) <= 60);
}
