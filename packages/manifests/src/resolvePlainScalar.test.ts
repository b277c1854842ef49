import { describe, expect, it } from "vitest";
import { isGoYamlTimestamp, resolvePlainScalar } from "./resolvePlainScalar.js";

// Values checked against kubectl v1.32.4 (`kubectl label --local -f FILE foo=bar -o json` on a
// file holding each scalar unquoted) and goyaml.v2/resolve.go.
describe("resolvePlainScalar", () => {
  it.each([
    ["yes", { tag: "bool", value: true }],
    ["Y", { tag: "bool", value: true }],
    ["on", { tag: "bool", value: true }],
    ["OFF", { tag: "bool", value: false }],
    ["n", { tag: "bool", value: false }],
    ["tRue", { tag: "str" }],
    ["~", { tag: "null" }],
    ["", { tag: "null" }],
    ["NULL", { tag: "null" }],
    ["nULL", { tag: "str" }],
    ["0x1F", { tag: "int", value: 31n }],
    ["017", { tag: "int", value: 15n }],
    ["0o17", { tag: "int", value: 15n }],
    ["0b101", { tag: "int", value: 5n }],
    ["1_000", { tag: "int", value: 1000n }],
    ["+5", { tag: "int", value: 5n }],
    ["18446744073709551615", { tag: "int", value: 18446744073709551615n }],
    ["99999999999999999999", { tag: "float", value: 1e20 }],
    ["1e3", { tag: "float", value: 1000 }],
    [".5", { tag: "float", value: 0.5 }],
    ["1.", { tag: "float", value: 1 }],
    ["08", { tag: "float", value: 8 }],
    ["1e999", { tag: "str" }],
    ["190:20:30", { tag: "str" }],
    ["2001-12-14", { tag: "timestamp" }],
    ["<<", { tag: "str" }],
    ["0x", { tag: "str" }],
  ])("%s", (input, expected) => {
    const r = resolvePlainScalar(input);
    if (expected.tag === "float" && "value" in expected) {
      expect(r.tag).toBe("float");
      expect((r as { value: number }).value).toBe(expected.value);
    } else {
      expect(r).toEqual(expected);
    }
  });

  it("reads .inf and .nan as the floats json.Marshal later refuses", () => {
    expect(resolvePlainScalar("-.Inf")).toEqual({ tag: "float", value: Number.NEGATIVE_INFINITY });
    expect(resolvePlainScalar(".NaN").tag).toBe("float");
  });
});

describe("isGoYamlTimestamp", () => {
  it.each([
    ["2001-12-14", true],
    ["2001-1-2", true],
    ["2001-12-14t21:59:43.10-05:00", true],
    ["2001-12-14T21:59:43Z", true],
    ["2001-12-14 21:59:43.10", true],
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["2001-13-01", false],
    ["2001-012-14", false],
    ["2001-12-14 21:59:43 -5", false],
    ["20011-12-14", false],
  ])("%s", (input, expected) => {
    expect(isGoYamlTimestamp(input)).toBe(expected);
  });
});
