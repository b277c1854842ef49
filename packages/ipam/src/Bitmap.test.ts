import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bitmap, base64Decode, base64Encode } from "./Bitmap.js";

describe("Bitmap", () => {
  it("encodes as Kubernetes' RangeAllocation.data: big.Int bytes, big-endian, base64", () => {
    expect(new Bitmap(2768).encode()).toBe("");
    expect(Bitmap.fromOffsets(2768, [0]).encode()).toBe("AQ==");
    expect(Bitmap.fromOffsets(2768, [1, 8]).encode()).toBe("AQI="); // bytes 0x01 0x02
    expect(Bitmap.fromOffsets(2768, [86]).encode()).toBe("QAAAAAAAAAAAAAA="); // 0x40 then ten zero bytes
  });

  it("property: decode(encode(set)) is the set, and count follows set/clear", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 3000 })
          .chain((size) => fc.tuple(fc.constant(size), fc.uniqueArray(fc.nat(size - 1)))),
        ([size, offsets]) => {
          const b = Bitmap.fromOffsets(size, offsets);
          expect(b.count).toBe(offsets.length);
          const back = Bitmap.decode(b.encode(), size);
          expect(back.offsets()).toEqual([...offsets].sort((x, y) => x - y));
          for (const o of offsets) expect(back.clear(o)).toBe(true);
          expect(back.count).toBe(0);
          expect(back.encode()).toBe("");
        },
      ),
    );
  });

  it("set refuses offsets outside the range; has/clear ignore them; decode drops bits beyond size", () => {
    const b = new Bitmap(10);
    expect(() => b.set(10)).toThrow(RangeError);
    expect(b.has(-1)).toBe(false);
    expect(b.clear(99)).toBe(false);
    expect(b.set(3)).toBe(true);
    expect(b.set(3)).toBe(false);
    expect(Bitmap.decode(Bitmap.fromOffsets(100, [2, 50]).encode(), 10).offsets()).toEqual([2]);
  });

  it("base64 matches the standard alphabet with padding", () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0x00, 0x10]);
    expect(base64Encode(bytes)).toBe("+/8AEA==");
    expect(base64Decode("+/8AEA==")).toEqual(bytes);
    expect(() => base64Decode("abc")).toThrow();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (a) => {
        expect(base64Decode(base64Encode(a))).toEqual(a);
      }),
    );
  });
});
