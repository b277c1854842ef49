/**
 * strconv.FormatFloat(f, 'g', -1, bitSize): the shortest digits that read back as the same
 * float64 (or float32), in exponent form when the exponent is below -4 or at least 6.
 *
 * go-yaml writes floats this way (`1.2345675e+06`, `1e-05`), and sigs.k8s.io/yaml turns float map
 * keys into strings with bitSize 32. Infinities and NaN come out as YAML's `.inf`, `-.inf`, `.nan`.
 */
export function formatGoFloat(f: number, bitSize: 32 | 64 = 64): string {
  if (Number.isNaN(f)) return ".nan";
  if (f === Number.POSITIVE_INFINITY) return ".inf";
  if (f === Number.NEGATIVE_INFINITY) return "-.inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const sign = f < 0 ? "-" : "";
  const abs = Math.abs(f);
  let exponential = abs.toExponential();
  if (bitSize === 32) {
    const f32 = Math.fround(abs);
    for (let p = 1; p <= 9; p++) {
      const candidate = f32.toPrecision(p);
      if (Math.fround(Number(candidate)) === f32) {
        exponential = Number(candidate).toExponential(p - 1);
        break;
      }
    }
  }
  const [mantissa = "", expText = "0"] = exponential.split("e");
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const absExp = Math.abs(exp);
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${absExp < 10 ? "0" : ""}${absExp}`;
  }
  const dp = exp + 1;
  if (dp <= 0) return `${sign}0.${"0".repeat(-dp)}${digits}`;
  if (dp >= digits.length) return `${sign}${digits}${"0".repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
