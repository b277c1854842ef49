import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareGoStrings, goQuote, utf8Length } from "./goStrings.js";

// Expected strings were printed by Go's strconv.Quote (go1.19) for the same input.
describe("goQuote (Go strconv.Quote)", () => {
  it("escapes quotes, backslashes and named control characters", () => {
    expect(goQuote('a"b\\c\n\t\u0007\b\f\r\v')).toBe('"a\\"b\\\\c\\n\\t\\a\\b\\f\\r\\v"');
  });

  it("prints other control characters as \\x, non-printable runes as \\u / \\U with lower-case hex", () => {
    expect(goQuote("\u0000\u007f\u00a0\u200b\u{e0001}")).toBe('"\\x00\\x7f\\u00a0\\u200b\\U000e0001"');
  });

  it("keeps printable non-ASCII runes as they are", () => {
    expect(goQuote("é日本語😀")).toBe('"é日本語😀"');
    expect(goQuote("")).toBe('""');
  });

  it("treats a lone surrogate as U+FFFD, as Go's JSON decoder does", () => {
    expect(goQuote("\ud800")).toBe('"\ufffd"');
  });
});

describe("utf8Length (Go len)", () => {
  it("counts UTF-8 bytes", () => {
    expect(utf8Length("abc")).toBe(3);
    expect(utf8Length("é")).toBe(2);
    expect(utf8Length("日")).toBe(3);
    expect(utf8Length("😀")).toBe(4);
  });

  it("agrees with TextEncoder on well-formed strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
      }),
    );
  });
});

describe("compareGoStrings (Go byte order)", () => {
  it("orders a supplementary character after U+FFFD, unlike UTF-16 comparison", () => {
    expect("😀" < "\ufffd").toBe(true); // JavaScript's own order
    expect(compareGoStrings("😀", "\ufffd")).toBeGreaterThan(0);
  });

  it("orders like comparing UTF-8 bytes", () => {
    const bytes = (s: string) => Array.from(new TextEncoder().encode(s));
    const byteCompare = (a: string, b: string) => {
      const x = bytes(a);
      const y = bytes(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    };
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(Math.sign(compareGoStrings(a, b))).toBe(Math.sign(byteCompare(a, b)));
      }),
    );
  });
});
