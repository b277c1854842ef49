/**
 * Base64 as Go's `encoding/json` applies it to `[]byte` fields (Secret `data`, ConfigMap `binaryData`):
 * standard alphabet with padding. Written out because library code may not use `btoa`/`Buffer`.
 *
 * @module
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    let r = ch.codePointAt(0)!;
    // A lone surrogate has no UTF-8 form; Go's JSON decoder turns it into U+FFFD.
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    if (r < 0x80) out.push(r);
    else if (r < 0x800) out.push(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
    else if (r < 0x10000) out.push(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
    else out.push(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  }
  return out;
}

/** The standard padded base64 of the UTF-8 bytes of `s` (how `stringData` values end up in `data`). */
export function base64EncodeUtf8(s: string): string {
  const bytes = utf8Bytes(s);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET[b0 >> 2];
    out += ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
    out += b1 === undefined ? "=" : ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)];
    out += b2 === undefined ? "=" : ALPHABET[b2 & 63];
  }
  return out;
}

/**
 * The number of bytes a padded standard base64 string decodes to, or `null` when Go's decoder would
 * reject it (bad character or length). Line breaks are ignored, as Go's decoder does.
 */
export function base64DecodedLength(s: string): number | null {
  const text = s.replace(/[\r\n]/g, "");
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}
