/**
 * Resource quantities (`resource.Quantity`, `k8s.io/apimachinery/pkg/api/resource/quantity.go`), as far
 * as the API server's behaviour shows to users: parsing, comparing, the canonical form every stored
 * quantity is printed in (`1024Mi` is stored and shown as `1Gi`, `0.5` as `500m`) and the rounding to
 * milli-units that `SetDefaults_ResourceList` applies.
 *
 * Values are held exactly as integers of nano-units (10^-9), the finest precision Kubernetes keeps;
 * finer digits are rounded up, as Go does.
 *
 * @module
 */

/** The suffix family a quantity was written in, which its canonical form keeps. */
export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

/** A parsed quantity: its value in nano-units and the format of its suffix. */
export interface Quantity {
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

/**
 * The error a malformed quantity gets when the API server decodes a request (it never reaches
 * validation): `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`.
 */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const NANO = 1_000_000_000n;

const BINARY_SUFFIXES: Readonly<Record<string, bigint>> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};

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

const DECIMAL_EXPONENT_SUFFIX: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(DECIMAL_SUFFIXES).map(([suffix, exp]) => [exp, suffix]),
);

const QUANTITY_RE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Divides rounding towards positive infinity (Go rounds lost precision "up"). */
function divCeil(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? q + 1n : q;
}

/** `resource.ParseQuantity`: the quantity, or `null` where Go returns an error. */
export function parseQuantity(text: string): Quantity | null {
  const m = QUANTITY_RE.exec(text.trim());
  if (m === null) return null;
  const [, sign = "", whole = "", frac = "", suffix = ""] = m;
  if (whole === "" && frac === "") return null;
  // digits * 10^-fracLen * multiplier, held as a rational scaled to nano-units.
  let numerator = BigInt((whole || "0") + frac);
  let exp10 = -frac.length;
  let format: QuantityFormat;
  let binary = 1n;
  if (Object.hasOwn(BINARY_SUFFIXES, suffix)) {
    format = "BinarySI";
    binary = BINARY_SUFFIXES[suffix]!;
  } else if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) {
    format = "DecimalSI";
    exp10 += DECIMAL_SUFFIXES[suffix]!;
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    format = "DecimalExponent";
    exp10 += Number.parseInt(suffix.slice(1), 10);
  } else {
    return null;
  }
  numerator *= binary;
  // Scale to nano-units: multiply by 10^(exp10 + 9), rounding up what falls below a nano-unit.
  const shift = exp10 + 9;
  const nanos = shift >= 0 ? numerator * pow10(shift) : divCeil(numerator, pow10(-shift));
  return { nanos: sign === "-" ? -nanos : nanos, format };
}

/** `Quantity.Cmp`: negative, zero or positive as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** `Quantity.RoundUp(-3)`: rounds up to whole milli-units (what `SetDefaults_ResourceList` does). */
export function roundUpToMilli(q: Quantity): Quantity {
  const milli = 1_000_000n;
  const nanos = divCeil(q.nanos, milli) * milli;
  return nanos === q.nanos ? q : { nanos, format: q.format };
}

function decimalCanonical(nanos: bigint, format: QuantityFormat): string {
  const negative = nanos < 0n;
  let mantissa = negative ? -nanos : nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  // The exponent is lowered to a multiple of three, growing the mantissa to match.
  const rem = ((exponent % 3) + 3) % 3;
  mantissa *= pow10(rem);
  exponent -= rem;
  let suffix: string;
  if (format === "DecimalExponent") suffix = exponent === 0 ? "" : "e" + exponent;
  else suffix = DECIMAL_EXPONENT_SUFFIX[exponent] ?? "e" + exponent;
  return (negative ? "-" : "") + mantissa.toString() + suffix;
}

/**
 * `Quantity.String()`: the canonical form, e.g. `500m` for `0.5`, `1Gi` for `1024Mi`, `1536Mi` for
 * `1.5Gi`, `1k` for `1000`. Binary quantities below 1024 or with a fraction print in decimal SI.
 */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return "0";
  if (q.format === "BinarySI") {
    const abs = q.nanos < 0n ? -q.nanos : q.nanos;
    if (abs < 1024n * NANO || abs % NANO !== 0n) return decimalCanonical(q.nanos, "DecimalSI");
    let value = abs / NANO;
    let power = 0;
    while (power < 6 && value % 1024n === 0n) {
      value /= 1024n;
      power++;
    }
    const suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][power]!;
    return (q.nanos < 0n ? "-" : "") + value.toString() + suffix;
  }
  return decimalCanonical(q.nanos, q.format);
}

/**
 * The stored form of a quantity string after defaulting (`SetDefaults_ResourceList`): rounded up to
 * milli-units and canonical. Malformed input is returned unchanged (decoding rejects it first).
 */
export function canonicalResourceQuantity(text: string): string {
  const q = parseQuantity(text);
  return q === null ? text : formatQuantity(roundUpToMilli(q));
}
