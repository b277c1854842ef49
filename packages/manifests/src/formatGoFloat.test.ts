import { expect, it } from "vitest";
import { formatGoFloat } from "./formatGoFloat.js";

// Every expected text below appeared in kubectl v1.32.4 output (`-o yaml` values, and float map
// keys turned into strings by sigs.k8s.io/yaml).
it.each([
  [1234567.5, 64, "1.2345675e+06"],
  [123456.5, 64, "123456.5"],
  [0.0001, 64, "0.0001"],
  [0.00001, 64, "1e-05"],
  [1e-7, 64, "1e-07"],
  [1e21, 64, "1e+21"],
  [18446744073709552000, 64, "1.8446744073709552e+19"],
  [5e-324, 64, "5e-324"],
  [1.7976931348623157e308, 64, "1.7976931348623157e+308"],
  [-2.5, 64, "-2.5"],
  [1.5, 32, "1.5"],
  [0.1, 32, "0.1"],
  [1000, 32, "1000"],
  [1e20, 32, "1e+20"],
] as const)("%d (%d-bit) is written %s", (f, bits, text) => {
  expect(formatGoFloat(f, bits)).toBe(text);
});
