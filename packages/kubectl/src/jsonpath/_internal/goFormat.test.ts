import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatGoDefault,
  formatGoFloat,
  formatGoInt,
  formatGoRune,
  formatGoSyntax,
  quoteGo,
} from "./goFormat.js";
import { marshalGoJson, quoteJson } from "./goJson.js";
import { unquoteExtend } from "./unquoteExtend.js";
import { decodeUtf8, encodeUtf8 } from "./utf8.js";

describe("formatGoFloat (Go %v)", () => {
  it.each([
    [1234567.5, "1.2345675e+06"],
    [100000.5, "100000.5"],
    [0.00001, "1e-05"],
    [0.0001, "0.0001"],
    [1e21, "1e+21"],
    [1e20, "1e+20"],
    [-0.5, "-0.5"],
    [0.000001234, "1.234e-06"],
    [2 ** 63, "9.223372036854776e+18"],
    [1.5e-7, "1.5e-07"],
    [2.5e300, "2.5e+300"],
    [1, "1"],
    [-0, "-0"],
  ])("%d prints %s", (x, text) => {
    expect(formatGoFloat(x)).toBe(text);
  });

  it("always parses back to the same number", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) =>
        Object.is(Number(formatGoFloat(x)), x),
      ),
    );
  });
});

describe("formatGoInt", () => {
  it("is exact above 2^53", () => {
    expect(formatGoInt(2 ** 62)).toBe("4611686018427387904");
    expect(formatGoInt(-42)).toBe("-42");
  });
});

describe("quoteGo (strconv.Quote) and formatGoRune (%#U)", () => {
  it("escapes like Go", () => {
    expect(quoteGo('a"b\\c\n\t\x01\x7fé\u00a0😀')).toBe('"a\\"b\\\\c\\n\\t\\x01\\x7fé\\u00a0😀"');
    expect(quoteGo("x\by\fz\u0001")).toBe('"x\\by\\fz\\x01"');
  });

  it("prints printable runes with the character", () => {
    expect(formatGoRune(0x2a)).toBe("U+002A '*'");
    expect(formatGoRune(0x09)).toBe("U+0009");
    expect(formatGoRune(0x1f600)).toBe("U+1F600 '😀'");
  });
});

describe("formatGoDefault (%v) and formatGoSyntax (%#v)", () => {
  it("formats map[string]interface{} trees", () => {
    const v = { b: [1, "x", null], a: { c: true }, f: 1.5 };
    expect(formatGoDefault(v)).toBe("map[a:map[c:true] b:[1 x <nil>] f:1.5]");
    expect(formatGoSyntax(v)).toBe(
      'map[string]interface {}{"a":map[string]interface {}{"c":true}, "b":[]interface {}{1, "x", interface {}(nil)}, "f":1.5}',
    );
    expect(formatGoDefault({})).toBe("map[]");
    expect(formatGoSyntax(null)).toBe("<nil>");
  });
});

describe("marshalGoJson (encoding/json)", () => {
  it("sorts keys by code point and escapes HTML characters and line separators", () => {
    expect(marshalGoJson({ b: "<&>", a: [1, 1.5, null, true], "\u2028": {} })).toBe(
      '{"a":[1,1.5,null,true],"b":"\\u003c\\u0026\\u003e","\\u2028":{}}',
    );
  });

  it("indents like MarshalIndent", () => {
    expect(marshalGoJson({ a: [1, {}], b: [] }, "    ")).toBe(
      '{\n    "a": [\n        1,\n        {}\n    ],\n    "b": []\n}',
    );
  });

  it("is JSON that decodes to the same value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(marshalGoJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });

  it("writes lone surrogates as U+FFFD", () => {
    expect(quoteJson("a\ud800b")).toBe('"a\\ufffdb"');
  });
});

describe("UTF-8 and unquoteExtend", () => {
  it("round-trips well-formed strings", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => decodeUtf8(encodeUtf8(s)) === s));
  });

  it("replaces invalid bytes with U+FFFD", () => {
    expect(decodeUtf8([0x61, 0xff, 0xc3])).toBe("a\ufffd\ufffd");
    expect(decodeUtf8([0xed, 0xa0, 0x80])).toBe("\ufffd\ufffd\ufffd");
  });

  it("unquotes like Go's strconv, with single quotes allowed for strings", () => {
    expect(unquoteExtend("'abc'")).toBe("abc");
    expect(unquoteExtend('"\\u00e9\\U0001F600\\x41\\101"')).toBe("é😀AA");
    expect(unquoteExtend('"\\xc3\\xa9"')).toBe("é");
    expect(unquoteExtend("'\\\"'")).toBeUndefined();
    expect(unquoteExtend('"\\400"')).toBeUndefined();
    expect(unquoteExtend('"\\ud800"')).toBeUndefined();
    expect(unquoteExtend("'a")).toBeUndefined();
  });
});
