import type { Flags } from "../../cli/parseFlags.js";
import type { Output } from "../../KubectlContext.js";

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

/**
 * Reads a `--timeout` duration flag (default `0s`) as cobra/pflag parse it; on bad text prints
 * pflag's error (`Error: invalid argument "x" for "--timeout" flag: time: invalid duration "x"`)
 * naming `kubectl <command>`, sets exit code 1 and returns undefined.
 */
export function parseTimeoutFlag(flags: Flags, out: Output, command: string): number | undefined {
  const text = flags.string("timeout", "0s");
  const ms = parseGoDuration(text);
  if (ms === undefined) {
    out.err(
      `Error: invalid argument ${JSON.stringify(text)} for "--timeout" flag: time: invalid duration ${JSON.stringify(text)}\nSee 'kubectl ${command} --help' for usage.\n`,
    );
    out.exitCode = 1;
  }
  return ms;
}
