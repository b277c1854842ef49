import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { addQuantity, formatQuantity, milliValue, parseQuantity, value } from "./Quantity.js";

const q = (s: string) => parseQuantity(s)!;

describe("Quantity.String() canonical forms (apimachinery resource.Quantity)", () => {
  it.each([
    ["4", "4"],
    ["100m", "100m"],
    ["0.5", "500m"],
    ["1.5", "1500m"],
    ["1000", "1k"],
    ["128Mi", "128Mi"],
    ["16331136Ki", "16331136Ki"],
    ["1024Ki", "1Mi"],
    ["512", "512"],
    ["0", "0"],
  ])("%s prints as %s", (text, expected) => {
    expect(formatQuantity(q(text))).toBe(expected);
  });

  it("a sum keeps the first addend's format", () => {
    expect(formatQuantity(addQuantity(q("100m"), q("250m")))).toBe("350m");
    expect(formatQuantity(addQuantity(q("128Mi"), q("128Mi")))).toBe("256Mi");
    expect(formatQuantity(addQuantity(q("1"), q("500m")))).toBe("1500m");
  });

  it("MilliValue and Value round up", () => {
    expect(milliValue(q("100m"))).toBe(100);
    expect(milliValue(q("4"))).toBe(4000);
    expect(value(q("1Ki"))).toBe(1024);
    expect(value(q("1500m"))).toBe(2);
  });

  it("rejects what is not a quantity", () => {
    expect(parseQuantity("abc")).toBeUndefined();
    expect(parseQuantity("1Qi")).toBeUndefined();
  });

  test.prop([fc.integer({ min: 0, max: 1_000_000 })])(
    "whole numbers of Mi round-trip through String()",
    (n) => {
      expect(value(q(formatQuantity(q(`${n}Mi`))))).toBe(n * 1024 * 1024);
    },
  );
});
