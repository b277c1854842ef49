/**
 * Go's `encoding/json` output for `map[string]interface{}` trees, which is how jsonpath prints a
 * map or a slice: keys sorted, no spaces, and HTML-safe escaping (`<`, `>`, `&` as `\u003c`,
 * `\u003e`, `\u0026`), all of which `JSON.stringify` does differently.
 */

import { formatGoInt } from "./goFormat.js";
import { GoFloat, goKind, sortedKeys } from "./goValue.js";

/**
 * `json.Marshal(v)`, or `json.MarshalIndent(v, "", indent)` when `indent` is not empty.
 * An invalid value (`undefined`) marshals as `null`; Go would panic on it, which only happens
 * with `-o jsonpath-as-json` and a `{range}` over a JSON `null`.
 */
export function marshalGoJson(v: unknown, indent = ""): string {
  return marshal(v, indent, "");
}

function marshal(v: unknown, indent: string, prefix: string): string {
  switch (goKind(v)) {
    case "invalid":
    case "nil":
      return "null";
    case "bool":
      return String(v);
    case "int":
      return formatGoInt(v as number);
    case "float":
      return formatJsonFloat(v instanceof GoFloat ? v.value : (v as number));
    case "string":
      return quoteJson(v as string);
    case "slice": {
      const items = v as unknown[];
      if (items.length === 0) return "[]";
      if (indent === "") return `[${items.map((x) => marshal(x, indent, prefix)).join(",")}]`;
      const inner = prefix + indent;
      return `[\n${items.map((x) => inner + marshal(x, indent, inner)).join(",\n")}\n${prefix}]`;
    }
    case "map": {
      const m = v as Record<string, unknown>;
      const keys = sortedKeys(m);
      if (keys.length === 0) return "{}";
      if (indent === "")
        return `{${keys.map((k) => `${quoteJson(k)}:${marshal(m[k], indent, prefix)}`).join(",")}}`;
      const inner = prefix + indent;
      return `{\n${keys.map((k) => `${inner}${quoteJson(k)}: ${marshal(m[k], indent, inner)}`).join(",\n")}\n${prefix}}`;
    }
  }
}

/**
 * encoding/json's float64 format: plain decimal with the shortest digits unless the magnitude
 * is below 1e-6 or at least 1e21, then an exponent without padding (`1e-7`, `1e+21`). Those are
 * exactly ECMAScript's Number-to-String rules, except that Go keeps the sign of -0.
 */
function formatJsonFloat(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

const hex = "0123456789abcdef";

/** encoding/json's string encoder with HTML escaping on (the `json.Marshal` default). */
export function quoteJson(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      // A valid surrogate pair passes through; a lone surrogate is invalid UTF-8 to Go: U+FFFD.
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else {
        out += "\\ufffd";
      }
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += "\\\\";
        continue;
      case 0x0a:
        out += "\\n";
        continue;
      case 0x0d:
        out += "\\r";
        continue;
      case 0x09:
        out += "\\t";
        continue;
      // Go 1.22 and later (kubectl 1.30+) write these two short forms.
      case 0x08:
        out += "\\b";
        continue;
      case 0x0c:
        out += "\\f";
        continue;
    }
    if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += "\\u" + hex[(c >> 12) & 15]! + hex[(c >> 8) & 15]! + hex[(c >> 4) & 15]! + hex[c & 15]!;
      continue;
    }
    out += s[i]!;
  }
  return out + '"';
}
