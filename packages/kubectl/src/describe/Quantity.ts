/**
 * A small port of `k8s.io/apimachinery/pkg/api/resource.Quantity`: exact values (in
 * nano-units, as bigints), the suffix format they were written in, addition, comparison and
 * the canonical `String()` kubectl prints (`100m`, `128Mi`, `1k`, `16331136Ki`).
 */

/** How a quantity is written: `BinarySI` (Ki, Mi...), `DecimalSI` (m, k, M...) or `DecimalExponent` (e3). */
export type QuantityFormat = "BinarySI" | "DecimalSI" | "DecimalExponent";

const NANO = 1_000_000_000n;

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** An exact quantity. */
export interface Quantity {
  /** The value times 10^9, rounded up to a whole nano-unit as Go's Quantity does. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

/** The zero quantity (`resource.Quantity{}`), which prints as `0`. */
export const ZERO_QUANTITY: Quantity = { nanos: 0n, format: "DecimalSI" };

/** Parses `1`, `0.5`, `100m`, `128Mi`, `1e3`; undefined when the text is not a quantity. */
export function parseQuantity(text: string | number | undefined): Quantity | undefined {
  if (text === undefined) return undefined;
  const s = String(text).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const [, sign, whole = "", frac = "", suffix, exp] = m;
  const digits = BigInt(`${whole}${frac}` || "0");
  let num = digits * NANO;
  let den = 10n ** BigInt(frac.length);
  let format: QuantityFormat = "DecimalSI";
  if (suffix !== undefined && suffix in BINARY_SUFFIXES) {
    num *= 2n ** BigInt(BINARY_SUFFIXES[suffix]!);
    format = "BinarySI";
  } else if (exp !== undefined) {
    const e = Number(exp);
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
    format = "DecimalExponent";
  } else {
    const e = DECIMAL_SUFFIXES[suffix ?? ""]!;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  }
  // Go rounds a value finer than a nano-unit up (away from zero).
  let nanos = num / den + (num % den !== 0n ? 1n : 0n);
  if (sign === "-") nanos = -nanos;
  return { nanos, format };
}

/** `q.Add(other)`: the sum, in the receiver's format (a zero receiver takes the other's format). */
export function addQuantity(a: Quantity | undefined, b: Quantity): Quantity {
  if (!a) return b;
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n && a === ZERO_QUANTITY ? b.format : a.format };
}

/** `q.Cmp(other)`. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
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

/** `q.String()`: the canonical form (`CanonicalizeBytes`). */
export function formatQuantity(q: Quantity): string {
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  const sign = negative ? "-" : "";
  if (q.format === "BinarySI" && abs >= 1024n * NANO && abs % NANO === 0n) {
    let units = abs / NANO;
    let exp = 0;
    while (exp < 60 && units % 1024n === 0n) {
      units /= 1024n;
      exp += 10;
    }
    const suffix = Object.entries(BINARY_SUFFIXES).find(([, e]) => e === exp)?.[0] ?? "";
    return `${sign}${units}${suffix}`;
  }
  if (abs === 0n) return "0";
  // DecimalSI (and, simplified, DecimalExponent): the largest exponent multiple of 3 that keeps an integer mantissa.
  let mantissa = abs;
  let exp = -9;
  while (exp < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  if (q.format === "DecimalExponent") return `${sign}${mantissa}${exp === 0 ? "" : `e${exp}`}`;
  const suffix = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exp)?.[0] ?? "";
  return `${sign}${mantissa}${suffix}`;
}
