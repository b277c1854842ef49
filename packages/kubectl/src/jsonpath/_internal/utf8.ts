/**
 * UTF-8 conversions. Go strings are byte strings, and a few jsonpath behaviours are defined on
 * bytes: `*` over a string yields its bytes, and `\x` escapes in quoted literals insert raw bytes.
 * The library compiles without DOM types, so TextEncoder/TextDecoder are not available here.
 */

/** The UTF-8 bytes of `s`; a lone surrogate becomes U+FFFD, as Go's JSON decoder would have made it. */
export function encodeUtf8(s: string): number[] {
  const bytes: number[] = [];
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) {
      bytes.push(cp);
    } else if (cp < 0x800) {
      bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    } else {
      bytes.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 0x3f),
        0x80 | ((cp >> 6) & 0x3f),
        0x80 | (cp & 0x3f),
      );
    }
  }
  return bytes;
}

/**
 * Decodes UTF-8 bytes. Each byte that does not start a valid sequence becomes U+FFFD, as Go's
 * `utf8.DecodeRune` reports it; a JavaScript string cannot carry the raw byte the way Go's can.
 */
export function decodeUtf8(bytes: readonly number[]): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i += 1;
      continue;
    }
    const [size, min, lo, hi] =
      b0 >= 0xc2 && b0 <= 0xdf
        ? [2, 0x80, 0x80, 0xbf]
        : b0 === 0xe0
          ? [3, 0x800, 0xa0, 0xbf]
          : b0 === 0xed
            ? [3, 0x800, 0x80, 0x9f]
            : b0 >= 0xe1 && b0 <= 0xef
              ? [3, 0x800, 0x80, 0xbf]
              : b0 === 0xf0
                ? [4, 0x10000, 0x90, 0xbf]
                : b0 === 0xf4
                  ? [4, 0x10000, 0x80, 0x8f]
                  : b0 >= 0xf1 && b0 <= 0xf3
                    ? [4, 0x10000, 0x80, 0xbf]
                    : [0, 0, 0, 0];
    let cp = size === 2 ? b0 & 0x1f : size === 3 ? b0 & 0x0f : b0 & 0x07;
    let ok = size > 0 && i + size <= bytes.length;
    for (let k = 1; ok && k < size; k++) {
      const b = bytes[i + k]!;
      // Only the second byte has a narrowed range (overlongs and surrogates are excluded there).
      if (k === 1 ? b < lo || b > hi : b < 0x80 || b > 0xbf) ok = false;
      else cp = (cp << 6) | (b & 0x3f);
    }
    if (ok && cp >= min) {
      out += String.fromCodePoint(cp);
      i += size;
    } else {
      out += "\ufffd";
      i += 1;
    }
  }
  return out;
}
