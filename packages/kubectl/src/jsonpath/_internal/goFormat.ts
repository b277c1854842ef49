/**
 * Go's fmt and strconv formatting, as far as jsonpath output and kubectl's jsonpath error
 * messages need it: `%v` of scalars and of `map[string]interface{}` trees, `%#v` (the debug
 * dump kubectl prints when a template fails), `%q` (strconv.Quote) and `%#U`.
 */

import { GoFloat, goKind, isInt64, sortedKeys } from "./goValue.js";

/** `fmt.Sprint(int64)`: exact decimal, also above 2^53 where `String(n)` would switch to exponents. */
export function formatGoInt(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

/**
 * `fmt.Sprint(float64)`, i.e. `%v`, which is strconv's `'g'` format with the shortest digits
 * that round-trip and, because the precision is the shortest one, an exponent as soon as the
 * decimal exponent is below -4 or at least 6 (go/src/strconv/ftoa.go `formatDigits`):
 * 1234567.5 prints `1.2345675e+06`, 0.00001 prints `1e-05`, 100000.5 prints `100000.5`.
 */
export function formatGoFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  // toExponential() without an argument gives the shortest round-trip digits, as Go does.
  const e = x.toExponential();
  const at = e.indexOf("e");
  const exp = Number(e.slice(at + 1));
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${e.slice(0, at)}e${exp < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
  }
  // JavaScript writes exponents -4..5 in plain decimal notation, like Go's %f with shortest digits.
  return String(x);
}

/** A number as `%v` prints it, after classifying it as int64 or float64 the way kubectl decodes JSON. */
export function formatGoNumber(v: number | GoFloat): string {
  if (v instanceof GoFloat) return formatGoFloat(v.value);
  return isInt64(v) ? formatGoInt(v) : formatGoFloat(v);
}

/**
 * `fmt.Sprintf("%v", v)` with fmt's default formats: `<nil>` for a nil interface,
 * `<invalid reflect.Value>` for an invalid reflect.Value, `map[k:v k2:v2]` with sorted keys,
 * `[a b]` for slices, strings unquoted.
 */
export function formatGoDefault(v: unknown): string {
  switch (goKind(v)) {
    case "invalid":
      return "<invalid reflect.Value>";
    case "nil":
      return "<nil>";
    case "bool":
      return String(v);
    case "int":
    case "float":
      return formatGoNumber(v as number | GoFloat);
    case "string":
      return v as string;
    case "slice":
      return `[${(v as unknown[]).map(formatGoDefault).join(" ")}]`;
    case "map": {
      const m = v as Record<string, unknown>;
      return `map[${sortedKeys(m)
        .map((k) => `${k}:${formatGoDefault(m[k])}`)
        .join(" ")}]`;
    }
  }
}

/**
 * `fmt.Sprintf("%#v", v)` for a `map[string]interface{}` tree, as in kubectl's
 * "object given to jsonpath engine was:" dump: `map[string]interface {}{"a":1, "b":interface {}(nil)}`.
 */
export function formatGoSyntax(v: unknown): string {
  // At the top level fmt sees the dynamic value, so a nil interface prints as <nil>.
  return goKind(v) === "nil" || goKind(v) === "invalid" ? "<nil>" : formatGoSyntaxElem(v);
}

function formatGoSyntaxElem(v: unknown): string {
  switch (goKind(v)) {
    case "invalid":
    case "nil":
      return "interface {}(nil)";
    case "bool":
      return String(v);
    case "int":
    case "float":
      return formatGoNumber(v as number | GoFloat);
    case "string":
      return quoteGo(v as string);
    case "slice":
      return `[]interface {}{${(v as unknown[]).map(formatGoSyntaxElem).join(", ")}}`;
    case "map": {
      const m = v as Record<string, unknown>;
      return `map[string]interface {}{${sortedKeys(m)
        .map((k) => `${quoteGo(k)}:${formatGoSyntaxElem(m[k])}`)
        .join(", ")}}`;
    }
  }
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return printable.test(String.fromCodePoint(cp));
}

const shortEscapes: Readonly<Record<number, string>> = {
  7: "\\a",
  8: "\\b",
  12: "\\f",
  10: "\\n",
  13: "\\r",
  9: "\\t",
  11: "\\v",
};

/** `strconv.Quote(s)`, i.e. `%q`: double-quoted with Go escapes, printable Unicode kept as is. */
export function quoteGo(s: string): string {
  let out = '"';
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") {
      out += "\\" + ch;
    } else if (isGoPrint(cp)) {
      out += ch;
    } else if (shortEscapes[cp] !== undefined) {
      out += shortEscapes[cp];
    } else if (cp < 0x20 || cp === 0x7f) {
      out += "\\x" + cp.toString(16).padStart(2, "0");
    } else {
      // A lone surrogate cannot come from Go's JSON decoder, which would have made it U+FFFD.
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      out +=
        cp < 0x10000 ? "\\u" + cp.toString(16).padStart(4, "0") : "\\U" + cp.toString(16).padStart(8, "0");
    }
  }
  return out + '"';
}

/** `fmt.Sprintf("%#U", r)`: `U+002A '*'`, or just `U+0009` when the rune is not printable. */
export function formatGoRune(cp: number): string {
  const hex = "U+" + cp.toString(16).toUpperCase().padStart(4, "0");
  return isGoPrint(cp) ? `${hex} '${String.fromCodePoint(cp)}'` : hex;
}
