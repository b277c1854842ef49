/**
 * busybox 1.36 `nc` in its netcat-1.10-compatible form (networking/nc_bloaty.c,
 * NC_110_COMPAT=y, NC_EXTRA=y, the default configuration the `busybox` and `alpine` images use).
 *
 * Behaviour that differs from the small `nc.c`: failures are silent unless `-v` is given, and a
 * refused connection is reported only with `-vv` ("if we're scanning at a one -v verbosity level,
 * don't print refusals"); the message is `nc: HOST (IP:PORT): Connection refused`, not
 * `can't connect to remote host`.
 *
 * Simplifications: a TCP server that replies is assumed to close the connection after its reply;
 * `-l` (listening) is not supported.
 *
 * @module
 */
import { busyboxUsage } from "./busyboxUsage.js";
import {
  type CommandOutput,
  connectErrorText,
  count,
  finish,
  has,
  isSilent,
  KERNEL_TCP_CONNECT_TIMEOUT_MS,
  lastValue,
  lookupHost,
  newOutput,
  type OptionSpec,
  parseOptions,
  parseUnsigned,
  type ToolContext,
} from "./common.js";

const SPECS: readonly OptionSpec[] = [
  { key: "n", short: "n", hasArg: false },
  { key: "p", short: "p", hasArg: true },
  { key: "s", short: "s", hasArg: true },
  { key: "u", short: "u", hasArg: false },
  { key: "v", short: "v", hasArg: false },
  { key: "w", short: "w", hasArg: true },
  { key: "l", short: "l", hasArg: false },
  { key: "k", short: "k", hasArg: false },
  { key: "i", short: "i", hasArg: true },
  { key: "o", short: "o", hasArg: true },
  { key: "z", short: "z", hasArg: false },
];

/** Runs busybox `nc ARGS` with `ctx.stdin` as its standard input. */
export function runNc(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  const parsed = parseOptions("nc", args, SPECS);
  if ("error" in parsed) {
    o.err += `${parsed.error}\n${busyboxUsage("nc")}`;
    return finish(o, 1);
  }
  // opt_complementary "?2": at most two operands; outbound mode needs the host.
  if (parsed.operands.length > 2 || parsed.operands.length === 0 || has(parsed, "l")) {
    if (has(parsed, "l")) o.err += "nc: listen mode is not simulated\n";
    else o.err += busyboxUsage("nc");
    return finish(o, 1);
  }
  const host = parsed.operands[0] as string;
  const portText = parsed.operands[1] ?? "0";
  const port = parseUnsigned(portText);
  if (port === undefined || port > 65535) {
    o.err += `nc: bad port '${portText}'\n`;
    return finish(o, 1);
  }
  const wText = lastValue(parsed, "w");
  const wait = wText === undefined ? 0 : parseUnsigned(wText);
  if (wait === undefined) {
    o.err += `nc: invalid number '${wText}'\n`;
    return finish(o, 1);
  }
  const verbose = count(parsed, "v");
  const udp = has(parsed, "u");
  const zero = has(parsed, "z");
  const lookup = lookupHost(ctx.env, host);
  if (!lookup.ok) {
    o.elapsedMs += lookup.elapsedMs;
    o.err += `nc: bad address '${host}'\n`;
    return finish(o, 1);
  }
  const dotted = `${lookup.ip}:${port}`;
  const waitMs = wait * 1000;
  const data = ctx.stdin;
  const outcome = ctx.env.connect({
    protocol: udp ? "UDP" : "TCP",
    ip: lookup.ip,
    port,
    request: zero || data === "" ? { kind: "none" } : { kind: "data", data },
    timeoutMs: waitMs > 0 ? Math.min(waitMs, KERNEL_TCP_CONNECT_TIMEOUT_MS) : KERNEL_TCP_CONNECT_TIMEOUT_MS,
  });
  const openLine = (): void => {
    if (verbose > 0) o.err += `${host} (${dotted}) open\n`;
  };
  if (udp) return runUdp();
  // TCP: connect_w_timeout() arms -w around connect(); without -w the kernel's SYN limit applies.
  if (isSilent(outcome)) {
    o.elapsedMs +=
      waitMs > 0 && waitMs < KERNEL_TCP_CONNECT_TIMEOUT_MS ? waitMs : KERNEL_TCP_CONNECT_TIMEOUT_MS;
    if (verbose > 0) o.err += `nc: ${host} (${dotted}): Connection timed out\n`;
    return finish(o, 1);
  }
  if (outcome.verdict !== "delivered") {
    o.elapsedMs += outcome.elapsedMs;
    if (verbose > 1 || (verbose > 0 && outcome.verdict !== "refused")) {
      o.err += `nc: ${host} (${dotted}): ${connectErrorText(outcome)}\n`;
    }
    return finish(o, 1);
  }
  openLine();
  o.elapsedMs += outcome.elapsedMs;
  if (zero) return finish(o, 0);
  const r = outcome.response;
  if (r !== undefined && r.kind === "data") {
    o.out += r.data;
    return finish(o, 0);
  }
  if (r !== undefined && r.kind === "http") {
    o.out += `HTTP/1.1 ${r.status} ${r.reason}\r\n${r.headers.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n${r.body}`;
    return finish(o, 0);
  }
  // A silent server: after stdin's EOF nc waits -w seconds for the network, else forever.
  if (waitMs > 0) {
    o.elapsedMs += waitMs;
    return finish(o, 0);
  }
  o.elapsedMs = Math.max(o.elapsedMs, ctx.maxWaitMs);
  return finish(o, 130, true);

  function runUdp(): CommandOutput {
    // UDP connect() never fails; the datagram (if any) goes out and nc reads what comes back.
    openLine();
    if (zero) {
      // udptest(): a port-unreachable ICMP error makes the probe fail.
      o.elapsedMs += outcome.verdict === "refused" ? outcome.elapsedMs : waitMs;
      return finish(o, outcome.verdict === "refused" ? 1 : 0);
    }
    if (outcome.verdict === "delivered" && outcome.response?.kind === "data") {
      o.out += outcome.response.data;
    }
    if (outcome.verdict === "refused") {
      // The ICMP error surfaces as a failed read: network closed; -vv reports it. readwrite() returns 0.
      o.elapsedMs += outcome.elapsedMs;
      if (verbose > 1) o.err += "nc: net read: Connection refused\n";
      return finish(o, 0);
    }
    // A UDP "connection" never closes: -w ends the final read, else nc waits forever.
    if (waitMs > 0) {
      o.elapsedMs += (outcome.verdict === "delivered" ? outcome.elapsedMs : 0) + waitMs;
      return finish(o, 0);
    }
    o.elapsedMs = Math.max(o.elapsedMs, ctx.maxWaitMs);
    return finish(o, 130, true);
  }
}
