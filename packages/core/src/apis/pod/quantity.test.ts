import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalResourceQuantity,
  compareQuantities,
  formatQuantity,
  parseQuantity,
  roundUpToMilli,
} from "./quantity.js";

// apimachinery pkg/api/resource/quantity_test.go (TestQuantityParse, TestQuantityCanonicalize)
describe("resource.Quantity canonical form (quantity_test.go TestQuantityCanonicalize)", () => {
  it.each([
    ["0.5", "500m"],
    ["1000m", "1"],
    ["1000", "1k"],
    ["1500", "1500"],
    ["100m", "100m"],
    ["1024Mi", "1Gi"],
    ["1.5Gi", "1536Mi"],
    ["2000Mi", "2000Mi"],
    ["512Ki", "512Ki"],
    ["1000Ki", "1000Ki"],
    ["100Ki", "100Ki"],
    ["0.5Ki", "512"],
    ["1e3", "1e3"],
    ["1.5e3", "1500"],
    ["12e6", "12e6"],
    ["1M", "1M"],
    ["0", "0"],
    ["0Mi", "0"],
    ["-1Gi", "-1Gi"],
    ["250m", "250m"],
    ["1n", "1n"],
    ["0.000000001", "1n"],
  ])("%s is stored as %s", (input, canonical) => {
    const q = parseQuantity(input);
    expect(q).not.toBeNull();
    expect(formatQuantity(q!)).toBe(canonical);
  });

  it.each(["", "abc", "1.2.3", "1K", "1ki", "1e", "--1", "."])(
    "rejects %j as Go's ParseQuantity does",
    (input) => {
      expect(parseQuantity(input)).toBeNull();
    },
  );

  it("rounds sub-nano precision up (ParseQuantity keeps nano-units)", () => {
    expect(formatQuantity(parseQuantity("0.0000000001")!)).toBe("1n");
  });

  it("compares values across formats (Quantity.Cmp)", () => {
    expect(compareQuantities(parseQuantity("1Gi")!, parseQuantity("1024Mi")!)).toBe(0);
    expect(compareQuantities(parseQuantity("500m")!, parseQuantity("0.5")!)).toBe(0);
    expect(compareQuantities(parseQuantity("1")!, parseQuantity("999m")!)).toBe(1);
    expect(compareQuantities(parseQuantity("1k")!, parseQuantity("1Ki")!)).toBe(-1);
  });
});

describe("SetDefaults_ResourceList rounds quantities up to milli-units (defaults.go)", () => {
  it("rounds 0.0001 cpu up to 1m", () => {
    expect(canonicalResourceQuantity("0.0001")).toBe("1m");
    expect(formatQuantity(roundUpToMilli(parseQuantity("1500u")!))).toBe("2m");
  });

  it("leaves malformed text alone (decoding rejects it before defaulting)", () => {
    expect(canonicalResourceQuantity("lots")).toBe("lots");
  });

  it("canonical text parses back to the same value", () => {
    const arb = fc.tuple(
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.constantFrom("", "m", "k", "Ki", "Mi", "Gi", "M", "G"),
    );
    fc.assert(
      fc.property(arb, ([n, suffix]) => {
        const q = parseQuantity(`${n}${suffix}`)!;
        const back = parseQuantity(formatQuantity(q))!;
        expect(compareQuantities(q, back)).toBe(0);
      }),
    );
  });
});
