/**
 * Helpers shared by the simulated command-line tools: the run context, output accumulation,
 * option parsing in the style of getopt_long, name resolution and the constants the real
 * programs and the Linux kernel use.
 *
 * @module
 */
import type { ToolEnvironment, ToolOutcome } from "../ToolEnvironment.js";

/**
 * The version string of the BusyBox binary in the `busybox` and `alpine` images. The build
 * date is what `busybox:1.36.1` prints in its banner; it differs between builds (not verified
 * against a primary source, only the `BusyBox v1.36.1 (...) multi-call binary.` shape is).
 */
export const BUSYBOX_BANNER = "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.";

/** The curl release whose wording the curl tool prints (`curlimages/curl:8.11.1`). */
export const CURL_VERSION = "8.11.1";

/**
 * How long a Linux `connect()` waits for a SYN-ACK before failing with ETIMEDOUT:
 * `net.ipv4.tcp_syn_retries` defaults to 6, so the SYN is sent at 0, 1, 3, 7, 15, 31 and 63 s
 * and the kernel gives up 64 s after the last one: 127 s (Documentation/networking/ip-sysctl.rst,
 * `tcp_syn_retries`). Tools without their own connect timeout (busybox wget and nc without
 * `-T`/`-w`, curl whose default 300 s connect timeout is longer) fail at this point.
 */
export const KERNEL_TCP_CONNECT_TIMEOUT_MS = 127_000;

/**
 * How long musl's resolver (the libc of busybox, alpine and curlimages/curl) waits for a DNS
 * server that does not answer: `timeout:5` times `attempts:2` (musl `src/network/resolvconf.c`
 * defaults).
 */
export const RESOLVER_TIMEOUT_MS = 10_000;

/** What one command run gets besides its arguments. */
export interface ToolContext {
  readonly env: ToolEnvironment;
  readonly image: string;
  /** Standard input (a pipe's data or `RunCommandOptions.stdin`); empty means immediate EOF. */
  readonly stdin: string;
  /** Whether stdout/stderr are a terminal (`kubectl exec -t`). */
  readonly tty: boolean;
  /** How long a command that would wait forever runs before it counts as hung. */
  readonly maxWaitMs: number;
}

/** What a command printed, its exit status and its virtual duration. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly elapsedMs: number;
  /** True when the real program would still be waiting (no timeout of its own): it was stopped at `maxWaitMs`. */
  readonly hung: boolean;
}

/** An output accumulator local to one command run. */
export interface Output {
  out: string;
  err: string;
  elapsedMs: number;
}

/** A fresh accumulator. */
export function newOutput(): Output {
  return { out: "", err: "", elapsedMs: 0 };
}

/** Finishes a run. */
export function finish(o: Output, exitCode: number, hung = false): CommandOutput {
  return { stdout: o.out, stderr: o.err, exitCode, elapsedMs: o.elapsedMs, hung };
}

/** Whether `s` is a dotted-quad IPv4 literal. */
export function isIPv4(s: string): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  return parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** The number of bytes of `s` in UTF-8 (what Content-Length and progress meters count). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** A host name resolved to one address, or why it could not be. */
export type HostLookup =
  | { readonly ok: true; readonly ip: string }
  | { readonly ok: false; readonly elapsedMs: number };

/** Resolves `host` (an IPv4 literal or a name) as getaddrinfo would: first address wins. */
export function lookupHost(env: ToolEnvironment, host: string): HostLookup {
  if (isIPv4(host)) return { ok: true, ip: host };
  const r = env.resolve(host);
  if (r.ok) {
    const ip = r.ips[0];
    if (ip !== undefined) return { ok: true, ip };
    return { ok: false, elapsedMs: 0 };
  }
  return { ok: false, elapsedMs: r.elapsedMs ?? (r.error === "timeout" ? RESOLVER_TIMEOUT_MS : 0) };
}

/** The errno text a failed `connect()` reports for an outcome (glibc/musl `strerror`). */
export function connectErrorText(outcome: ToolOutcome): string {
  switch (outcome.verdict) {
    case "refused":
      return "Connection refused";
    case "unreachable":
      return "No route to host";
    default:
      return "Connection timed out";
  }
}

/** Whether the client never hears back (the tool's own timeout decides). */
export function isSilent(outcome: ToolOutcome): boolean {
  return outcome.verdict === "dropped" || outcome.verdict === "timed-out";
}

/** One option a getopt-style parser knows. */
export interface OptionSpec {
  /** Canonical key the parsed result uses. */
  readonly key: string;
  readonly short?: string;
  readonly long?: readonly string[];
  readonly hasArg: boolean;
}

/** The parsed command line. */
export interface ParsedOptions {
  /** Options in command-line order (repeatable ones appear several times). */
  readonly options: readonly { readonly key: string; readonly value: string }[];
  readonly operands: readonly string[];
}

/** A command-line error, worded as glibc's getopt_long prints it. */
export interface OptionError {
  readonly error: string;
  /** The offending argument as the user wrote it (`--foo`, `-Z`). */
  readonly option: string;
  readonly kind: "unknown" | "missing-argument" | "unexpected-argument";
}

/**
 * Parses `args` the way glibc `getopt_long` does for busybox applets and curl: short options
 * bundle (`-qO-`), an option's argument may be attached or the next word, long options take
 * `--name=value` or `--name value`, operands and options may interleave, `--` ends options.
 */
export function parseOptions(
  prog: string,
  args: readonly string[],
  specs: readonly OptionSpec[],
): ParsedOptions | OptionError {
  const options: { key: string; value: string }[] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = specs.find((s) => s.long?.includes(name));
      if (spec === undefined)
        return { error: `${prog}: unrecognized option '${a}'`, option: a, kind: "unknown" };
      if (!spec.hasArg) {
        if (eq >= 0)
          return {
            error: `${prog}: option '--${name}' doesn't allow an argument`,
            option: `--${name}`,
            kind: "unexpected-argument",
          };
        options.push({ key: spec.key, value: "" });
        continue;
      }
      if (eq >= 0) {
        options.push({ key: spec.key, value: a.slice(eq + 1) });
        continue;
      }
      const next = args[i + 1];
      if (next === undefined)
        return {
          error: `${prog}: option '--${name}' requires an argument`,
          option: `--${name}`,
          kind: "missing-argument",
        };
      options.push({ key: spec.key, value: next });
      i++;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        const spec = specs.find((s) => s.short === c);
        if (spec === undefined)
          return { error: `${prog}: invalid option -- '${c}'`, option: `-${c}`, kind: "unknown" };
        if (!spec.hasArg) {
          options.push({ key: spec.key, value: "" });
          continue;
        }
        const rest = a.slice(j + 1);
        if (rest !== "") {
          options.push({ key: spec.key, value: rest });
        } else {
          const next = args[i + 1];
          if (next === undefined)
            return {
              error: `${prog}: option requires an argument -- '${c}'`,
              option: `-${c}`,
              kind: "missing-argument",
            };
          options.push({ key: spec.key, value: next });
          i++;
        }
        break;
      }
      continue;
    }
    operands.push(a);
  }
  return { options, operands };
}

/** The last value of an option, if given. */
export function lastValue(p: ParsedOptions, key: string): string | undefined {
  let v: string | undefined;
  for (const o of p.options) if (o.key === key) v = o.value;
  return v;
}

/** Whether a flag was given (any number of times). */
export function has(p: ParsedOptions, key: string): boolean {
  return p.options.some((o) => o.key === key);
}

/** How many times a flag was given (`-vv`). */
export function count(p: ParsedOptions, key: string): number {
  return p.options.filter((o) => o.key === key).length;
}

/** All values of a repeatable option, in order. */
export function allValues(p: ParsedOptions, key: string): string[] {
  return p.options.filter((o) => o.key === key).map((o) => o.value);
}

/** Formats a duration in milliseconds as busybox and ping print `%u.%03u` (microsecond precision). */
export function millis3(ms: number): string {
  const us = Math.max(0, Math.round(ms * 1000));
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, "0")}`;
}

/** Parses a whole decimal number as busybox `xatou` does; undefined when invalid. */
export function parseUnsigned(s: string): number | undefined {
  return /^\d+$/.test(s) ? Number(s) : undefined;
}
