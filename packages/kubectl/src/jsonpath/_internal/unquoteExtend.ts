/**
 * client-go's `UnquoteExtend` (util/jsonpath/parser.go): `strconv.Unquote` that also accepts
 * single quotes, applied to a quoted literal such as `"\t"` or `'\n'` in a template. It works on
 * bytes like Go: `\x` and octal escapes insert raw bytes, so `"\xc3\xa9"` is `é`.
 */

import { decodeUtf8, encodeUtf8 } from "./utf8.js";

/** The unquoted text, or `undefined` where Go returns `strconv.ErrSyntax` ("invalid syntax"). */
export function unquoteExtend(quoted: string): string | undefined {
  const bytes = encodeUtf8(quoted);
  const n = bytes.length;
  if (n < 2) return undefined;
  const quote = bytes[0]!;
  if (quote !== bytes[n - 1]) return undefined;
  if (quote !== 0x22 && quote !== 0x27) return undefined;
  const s = bytes.slice(1, n - 1);
  if (!s.includes(0x5c) && !s.includes(quote)) return quoted.slice(1, -1);

  const out: number[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === quote) return undefined;
    if (c !== 0x5c) {
      // Plain bytes, including each byte of a multibyte character, are copied unchanged.
      out.push(c);
      i++;
      continue;
    }
    if (i + 1 >= s.length) return undefined;
    const e = s[i + 1]!;
    i += 2;
    const simple = simpleEscapes[e];
    if (simple !== undefined) {
      out.push(simple);
      continue;
    }
    if (e === 0x78 || e === 0x75 || e === 0x55) {
      // \xHH, \uHHHH, \UHHHHHHHH
      const digits = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      if (i + digits > s.length) return undefined;
      let v = 0;
      for (let k = 0; k < digits; k++) {
        const h = unhex(s[i + k]!);
        if (h === undefined) return undefined;
        v = v * 16 + h;
      }
      i += digits;
      if (e === 0x78) {
        out.push(v);
      } else {
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
        out.push(...encodeUtf8(String.fromCodePoint(v)));
      }
      continue;
    }
    if (e >= 0x30 && e <= 0x37) {
      // Octal: exactly three digits, at most \377.
      if (i + 2 > s.length) return undefined;
      let v = e - 0x30;
      for (let k = 0; k < 2; k++) {
        const d = s[i + k]! - 0x30;
        if (d < 0 || d > 7) return undefined;
        v = v * 8 + d;
      }
      i += 2;
      if (v > 255) return undefined;
      out.push(v);
      continue;
    }
    if (e === 0x5c) {
      out.push(0x5c);
      continue;
    }
    // \' only inside '...' and \" only inside "..."; anything else is a syntax error.
    if ((e === 0x27 || e === 0x22) && e === quote) {
      out.push(e);
      continue;
    }
    return undefined;
  }
  return decodeUtf8(out);
}

const simpleEscapes: Readonly<Record<number, number>> = {
  97: 0x07, // \a
  98: 0x08, // \b
  102: 0x0c, // \f
  110: 0x0a, // \n
  114: 0x0d, // \r
  116: 0x09, // \t
  118: 0x0b, // \v
};

function unhex(b: number): number | undefined {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return undefined;
}
