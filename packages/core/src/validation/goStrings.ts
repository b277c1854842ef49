/**
 * Go string semantics that Kubernetes messages depend on.
 *
 * Kubernetes is written in Go, where a string is a sequence of UTF-8 bytes: `len(s)` counts bytes,
 * `sort.Strings` orders by bytes and `%q` quotes with `strconv.Quote`. JavaScript strings are UTF-16,
 * so each of these needs a small shim to reproduce the exact text and order Kubernetes produces.
 *
 * @module
 */

const LOWER_HEX = "0123456789abcdef";

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space (U+0020).
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function hex(value: number, digits: number): string {
  let out = "";
  for (let shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out += LOWER_HEX[(value >> shift) & 0xf];
  }
  return out;
}

/**
 * Quotes `s` exactly as Go's `strconv.Quote` (and therefore `fmt`'s `%q` verb) does: double quotes,
 * `\"` and `\\` escaped, printable runes kept as they are, `\a \b \f \n \r \t \v` by name, other control
 * characters as `\xNN`, other non-printable runes as `\uNNNN` or `\UNNNNNNNN` (lower-case hex).
 *
 * A lone UTF-16 surrogate has no UTF-8 encoding; it is treated as U+FFFD, the rune Go's JSON decoder
 * substitutes for it, so the result matches what an API server would print for the same request.
 *
 * @example goQuote('a"b\n') === '"a\\"b\\n"'
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    let r = ch.codePointAt(0)!;
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    const rune = String.fromCodePoint(r);
    if (r === 0x22 || r === 0x5c) {
      out += "\\" + rune;
      continue;
    }
    if (PRINTABLE.test(rune)) {
      out += rune;
      continue;
    }
    switch (r) {
      case 0x07:
        out += "\\a";
        break;
      case 0x08:
        out += "\\b";
        break;
      case 0x0c:
        out += "\\f";
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x0b:
        out += "\\v";
        break;
      default:
        if (r < 0x20 || r === 0x7f) out += "\\x" + hex(r, 2);
        else if (r < 0x10000) out += "\\u" + hex(r, 4);
        else out += "\\U" + hex(r, 8);
    }
  }
  return out + '"';
}

/**
 * The length of `s` in UTF-8 bytes, which is what Go's `len(s)` returns and therefore what every
 * Kubernetes length limit ("must be no more than 63 characters", the 256 KiB annotation limit) counts.
 */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r < 0x80) bytes += 1;
    else if (r < 0x800) bytes += 2;
    else if (r < 0x10000)
      bytes += 3; // lone surrogates become U+FFFD, also 3 bytes
    else bytes += 4;
  }
  return bytes;
}

// Maps a UTF-16 code unit so that comparing mapped units orders strings by code point (= UTF-8 byte
// order): surrogates (which encode code points above U+FFFF) must sort after U+E000..U+FFFF.
function codePointOrderUnit(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/**
 * Compares two strings the way Go compares strings (`a < b` on UTF-8 bytes), for use as an
 * `Array.prototype.sort` comparator wherever Kubernetes output is sorted with `sort.Strings`.
 * Returns a negative number, zero or a positive number.
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrderUnit(x) - codePointOrderUnit(y);
  }
  return a.length - b.length;
}
