/**
 * busybox 1.36 `ping` (networking/ping.c with FEATURE_FANCY_PING): `PING host (ip): 56 data
 * bytes`, one `64 bytes from ip: seq=N ttl=T time=X.XXX ms` line per reply, an echo every second,
 * and the statistics block. With `-c N` it exits once all replies are in, or after the last echo
 * plus `-W` seconds (default 10) when none came back, or about one second when some did
 * (busybox waits twice the largest round trip, at least one second). Exit status 1 when nothing
 * came back.
 *
 * @module
 */

import type { ToolOutcome } from "../ToolEnvironment.js";
import { busyboxUsage } from "./busyboxUsage.js";
import {
  type CommandOutput,
  finish,
  has,
  lastValue,
  lookupHost,
  millis3,
  newOutput,
  type OptionSpec,
  parseOptions,
  parseUnsigned,
  type ToolContext,
} from "./common.js";

const SPECS: readonly OptionSpec[] = [
  { key: "4", short: "4", hasArg: false },
  { key: "6", short: "6", hasArg: false },
  { key: "q", short: "q", hasArg: false },
  { key: "A", short: "A", hasArg: false },
  { key: "c", short: "c", hasArg: true },
  { key: "s", short: "s", hasArg: true },
  { key: "t", short: "t", hasArg: true },
  { key: "w", short: "w", hasArg: true },
  { key: "W", short: "W", hasArg: true },
  { key: "I", short: "I", hasArg: true },
  { key: "i", short: "i", hasArg: true },
  { key: "p", short: "p", hasArg: true },
];

/** busybox `MAXWAIT`: the default `-W`. */
const DEFAULT_WAIT_SECONDS = 10;

/** The TTL a reply arrives with: 64 from a Linux sender, minus one per router it crossed (each FORWARD hop). */
function replyTtl(outcome: ToolOutcome): number {
  const forwards = outcome.trace.hops.filter((h) => h.stage === "FORWARD").length;
  return Math.max(1, 64 - forwards);
}

/** Runs busybox `ping ARGS`. */
export function runPing(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  const parsed = parseOptions("ping", args, SPECS);
  if ("error" in parsed) {
    o.err += `${parsed.error}\n${busyboxUsage("ping")}`;
    return finish(o, 1);
  }
  if (parsed.operands.length !== 1) {
    o.err += busyboxUsage("ping");
    return finish(o, 1);
  }
  const num = (key: string, fallback: number | undefined): number | undefined | "bad" => {
    const v = lastValue(parsed, key);
    if (v === undefined) return fallback;
    return parseUnsigned(v) ?? "bad";
  };
  const countOpt = num("c", undefined);
  const waitOpt = num("W", DEFAULT_WAIT_SECONDS);
  const deadlineOpt = num("w", undefined);
  const sizeOpt = num("s", 56);
  for (const [k, v] of [
    ["c", countOpt],
    ["W", waitOpt],
    ["w", deadlineOpt],
    ["s", sizeOpt],
  ] as const) {
    if (v === "bad") {
      o.err += `ping: invalid number '${lastValue(parsed, k)}'\n`;
      return finish(o, 1);
    }
  }
  const count = countOpt as number | undefined;
  const waitS = waitOpt as number;
  const deadlineS = deadlineOpt as number | undefined;
  const size = sizeOpt as number;
  const quiet = has(parsed, "q");
  const host = parsed.operands[0] as string;
  const lookup = lookupHost(ctx.env, host);
  if (!lookup.ok) {
    o.elapsedMs += lookup.elapsedMs;
    o.err += `ping: bad address '${host}'\n`;
    return finish(o, 1);
  }
  const ip = lookup.ip;
  o.out += `PING ${host} (${ip}): ${size} data bytes\n`;
  const start = o.elapsedMs;
  // How long ping may run: -w, else -c echoes (plus the final wait), else until interrupted.
  const limitMs =
    deadlineS !== undefined
      ? deadlineS * 1000
      : count === undefined
        ? ctx.maxWaitMs
        : Number.POSITIVE_INFINITY;
  const times: number[] = [];
  let sent = 0;
  let endMs = 0;
  let died = false;
  for (let seq = 0; count === undefined || seq < count; seq++) {
    const sendAt = seq * 1000;
    if (sendAt >= limitMs) break;
    const outcome = ctx.env.ping(ip, waitS * 1000);
    if (outcome.verdict === "unreachable" && seq > 0 && outcome.elapsedMs <= sendAt) {
      // The neighbour entry failed: the next sendto() gets EHOSTUNREACH and busybox dies.
      o.err += "ping: sendto: Host is unreachable\n";
      endMs = sendAt;
      died = true;
      break;
    }
    sent++;
    endMs = sendAt;
    if (outcome.verdict === "delivered" && outcome.response?.kind === "echo-reply") {
      const rtt = outcome.elapsedMs;
      if (sendAt + rtt < limitMs) {
        times.push(rtt);
        if (!quiet) {
          o.out += `${size + 8} bytes from ${ip}: seq=${seq} ttl=${replyTtl(outcome)} time=${millis3(rtt)} ms\n`;
        }
        endMs = sendAt + rtt;
      }
    }
  }
  if (died) {
    o.elapsedMs = start + endMs;
    return finish(o, 1);
  }
  const received = times.length;
  if (deadlineS !== undefined) {
    endMs = count !== undefined && received >= count ? endMs : deadlineS * 1000;
  } else if (count !== undefined && received < count) {
    // All echoes sent: wait -W seconds without replies, else about 2 RTTs (at least one second).
    endMs = (sent - 1) * 1000 + (received === 0 ? waitS * 1000 : 1000);
  } else if (count === undefined) {
    endMs = ctx.maxWaitMs - start;
  }
  o.elapsedMs = start + Math.max(0, endMs);
  const loss = sent === 0 ? 0 : Math.floor(((sent - received) * 100) / sent);
  o.out += `\n--- ${host} ping statistics ---\n`;
  o.out += `${sent} packets transmitted, ${received} packets received, ${loss}% packet loss\n`;
  if (received > 0) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const avgUs = Math.floor(times.reduce((a, b) => a + Math.round(b * 1000), 0) / received);
    o.out += `round-trip min/avg/max = ${millis3(min)}/${millis3(avgUs / 1000)}/${millis3(max)} ms\n`;
  }
  const exitCode = received === 0 ? 1 : 0;
  // Without -c or -w, ping runs until interrupted (SIGINT prints the statistics, as here).
  return finish(o, exitCode, count === undefined && deadlineS === undefined);
}
