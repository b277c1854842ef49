import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";

/** The SHA-256 digest of `text` encoded as UTF-8 (MetalLB's layer-2 leader choice hashes `node#ip`). */
export function sha256(text: string): Uint8Array {
  return nobleSha256(utf8ToBytes(text));
}

/** Byte-wise order of two digests, as Go's `bytes.Compare`. */
export function compareDigests(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
