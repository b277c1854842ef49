import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flatString } from "./flatString.js";

describe("flatString", () => {
  it("returns the same text for any string, including text NFC would change", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), fc.string(), (a, b) => {
        const built = `${a}:${b}`;
        expect(flatString(built)).toBe(built);
      }),
    );
    // "e" + combining acute accent: NFC would fold it into one character.
    const decomposed = "Created container: cafe\u0301-with-a-long-name";
    expect(flatString(decomposed)).toBe(decomposed);
  });
});
