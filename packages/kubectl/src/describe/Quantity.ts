/**
 * What `kubectl describe` does with `k8s.io/apimachinery/pkg/api/resource.Quantity` beyond what the
 * API server does (parsing, comparing and the canonical `String()` come from @kubesim/core):
 * sums for a node's allocated resources, and the milli and whole values of its percentages.
 */
import { parseQuantity as parseCanonical, type Quantity } from "@kubesim/core";

export { compareQuantities as compareQuantity, formatQuantity, type Quantity } from "@kubesim/core";

const NANO = 1_000_000_000n;

/** The zero quantity (`resource.Quantity{}`), which prints as `0`. */
export const ZERO_QUANTITY: Quantity = { nanos: 0n, format: "DecimalSI" };

/** Parses `1`, `0.5`, `100m`, `128Mi`, `1e3` (or a number); undefined when it is not a quantity. */
export function parseQuantity(text: string | number | undefined): Quantity | undefined {
  return text === undefined ? undefined : (parseCanonical(String(text)) ?? undefined);
}

/** `q.Add(other)`: the sum, in the receiver's format (a zero receiver takes the other's format). */
export function addQuantity(a: Quantity | undefined, b: Quantity): Quantity {
  if (!a) return b;
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n && a === ZERO_QUANTITY ? b.format : a.format };
}

/** `q.MilliValue()`: thousandths, rounded up. */
export function milliValue(q: Quantity): number {
  const d = 1_000_000n;
  return Number(q.nanos / d + (q.nanos % d > 0n ? 1n : 0n));
}

/** `q.Value()`: whole units, rounded up. */
export function value(q: Quantity): number {
  return Number(q.nanos / NANO + (q.nanos % NANO > 0n ? 1n : 0n));
}
