/**
 * A set of offsets `[0, size)` as a bitmap, with the compact text form Kubernetes stores in a
 * `RangeAllocation` object's `data` (K8s `pkg/registry/core/service/allocator/bitmap.go`
 * `Snapshot`: the bytes of a `big.Int` whose bit i is offset i, big-endian without leading zero
 * bytes, base64-encoded as JSON encodes `[]byte`).
 *
 * @module
 */

/** A mutable set of offsets in `[0, size)`. Build one per operation; store its {@link Bitmap.encode} text. */
export class Bitmap {
  /** The number of offsets the bitmap covers. */
  readonly size: number;
  /** Bit i lives in byte i >> 3 at position i & 7 (little-endian internally; the encoding reverses bytes). */
  readonly #bytes: Uint8Array;
  #count = 0;

  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`Bitmap: bad size ${size}`);
    this.size = size;
    this.#bytes = new Uint8Array(Math.ceil(size / 8));
  }

  /** A bitmap holding the given offsets. */
  static fromOffsets(size: number, offsets: Iterable<number>): Bitmap {
    const b = new Bitmap(size);
    for (const o of offsets) b.set(o);
    return b;
  }

  /**
   * Reads the text of {@link Bitmap.encode} (or a Kubernetes `RangeAllocation.data`). Bits at or
   * beyond `size` are dropped, as a range that shrank no longer holds them. Throws on text that
   * is not base64: that is a corrupted store, not user input.
   */
  static decode(data: string, size: number): Bitmap {
    const b = new Bitmap(size);
    const bytes = base64Decode(data);
    for (let k = 0; k < bytes.length; k++) {
      const byte = bytes[bytes.length - 1 - k]!;
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++) {
        const i = k * 8 + bit;
        if (byte & (1 << bit) && i < size) b.set(i);
      }
    }
    return b;
  }

  /** The compact text: base64 of the big-endian bytes of the set as a big integer ("" when empty). */
  encode(): string {
    let top = this.#bytes.length;
    while (top > 0 && this.#bytes[top - 1] === 0) top--;
    const out = new Uint8Array(top);
    for (let k = 0; k < top; k++) out[top - 1 - k] = this.#bytes[k]!;
    return base64Encode(out);
  }

  /** The number of offsets in the set. */
  get count(): number {
    return this.#count;
  }

  /** Whether the offset is in the set (false outside `[0, size)`). */
  has(offset: number): boolean {
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.size) return false;
    return (this.#bytes[offset >> 3]! & (1 << (offset & 7))) !== 0;
  }

  /** Adds the offset; returns false if it was already there. Throws outside `[0, size)`. */
  set(offset: number): boolean {
    this.#check(offset);
    if (this.has(offset)) return false;
    this.#bytes[offset >> 3]! |= 1 << (offset & 7);
    this.#count++;
    return true;
  }

  /** Removes the offset; returns false if it was not there. Offsets outside the range are ignored. */
  clear(offset: number): boolean {
    if (!this.has(offset)) return false;
    this.#bytes[offset >> 3]! &= ~(1 << (offset & 7));
    this.#count--;
    return true;
  }

  /** The offsets in the set, ascending. */
  offsets(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.#bytes.length; k++) {
      const byte = this.#bytes[k]!;
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) out.push(k * 8 + bit);
    }
    return out;
  }

  #check(offset: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.size) {
      throw new RangeError(`Bitmap: offset ${offset} out of range [0,${this.size})`);
    }
  }
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 with padding (Go's `base64.StdEncoding`, what `encoding/json` uses for `[]byte`). */
export function base64Encode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += ALPHABET[a >> 2];
    out += ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? "=" : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? "=" : ALPHABET[c & 63];
  }
  return out;
}

/** Decodes {@link base64Encode}'s text; throws on anything else. */
export function base64Decode(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error(`base64Decode: length ${text.length} is not a multiple of 4`);
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const q: number[] = [];
    for (let j = 0; j < 4; j++) {
      const ch = text[i + j]!;
      if (ch === "=" && i + 4 === text.length && j >= 4 - padding) {
        q.push(0);
        continue;
      }
      const v = ALPHABET.indexOf(ch);
      if (v < 0) throw new Error(`base64Decode: bad character ${JSON.stringify(ch)}`);
      q.push(v);
    }
    const n = (q[0]! << 18) | (q[1]! << 12) | (q[2]! << 6) | q[3]!;
    if (o < out.length) out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}
