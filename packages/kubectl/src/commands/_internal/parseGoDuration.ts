/**
 * Go's `time.ParseDuration` (`300ms`, `1.5h`, `2h45m`, `-1m`), in milliseconds, for flags such as
 * `--timeout`. Returns undefined for text Go would refuse (`time: invalid duration "x"`).
 */
export function parseGoDuration(text: string): number | undefined {
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") return undefined;
  let total = 0;
  const re = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (s !== "") {
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]!]!;
    s = s.slice(m[0].length);
  }
  return sign * total;
}
