/**
 * Runs a command line inside a simulated pod (or node, or external machine): busybox `wget`,
 * `nc`, `ping`, `ip`, `hostname`, `cat`, `echo`, `sleep`, `head`, `grep`, `wc`, `sh -c`, and
 * curl 8.11.1, printing what the real tools print, with their exit codes and the virtual time
 * they take.
 *
 * Which implementation answers depends on the image: `busybox` and `alpine` have the busybox
 * applets and no curl; `curlimages/curl` (alpine-based) has both; any other image is given curl
 * and the busybox applets too, so clients work in application images the simulator does not know.
 *
 * @module
 */

import { type CommandOutput, finish, newOutput, type ToolContext } from "./_internal/common.js";
import { runCurl } from "./_internal/curl.js";
import { runDig } from "./_internal/dig.js";
import { runGetent } from "./_internal/getent.js";
import { runIp } from "./_internal/ip.js";
import { runNc } from "./_internal/nc.js";
import { runNslookup } from "./_internal/nslookup.js";
import { runPing } from "./_internal/ping.js";
import { runShellScript } from "./_internal/shell.js";
import { runCat, runEcho, runGrep, runHead, runHostname, runSleep, runWc } from "./_internal/textTools.js";
import { runWget } from "./_internal/wget.js";
import type { ToolEnvironment, ToolResult } from "./ToolEnvironment.js";

/** How a command runs besides its arguments and environment. */
export interface RunCommandOptions {
  /** The container image (`busybox:1.36`, `curlimages/curl:8.11.1`, `nginx`, ...): picks the tool implementations. */
  readonly image: string;
  /** Standard input (`kubectl exec -i` with piped data, `nc -u` payloads); default: none (immediate EOF). */
  readonly stdin?: string;
  /** Whether stdout/stderr are a terminal (`kubectl exec -t`); curl hides its progress meter then. Default false. */
  readonly tty?: boolean;
  /**
   * How long a command that would wait forever (`ping` without `-c`, `curl` to a silent server
   * without `-m`, `nc -u` without `-w`) runs before it is stopped. Default 60 000 ms.
   */
  readonly maxWaitMs?: number;
}

/** A tool's result, plus whether it had to be stopped. */
export interface CommandResult extends ToolResult {
  /**
   * True when the real program would still be running at `maxWaitMs` (it has no timeout of its
   * own). It is then stopped as Ctrl-C would stop it: exit code 130 (ping prints its statistics
   * and exits 0 or 1, as on SIGINT).
   */
  readonly hung: boolean;
}

/** The default for {@link RunCommandOptions.maxWaitMs}. */
export const DEFAULT_MAX_WAIT_MS = 60_000;

type Flavour = "busybox" | "curl" | "other";

/** The image's repository path without registry host and tag (`curlimages/curl`, `library/busybox` -> `busybox`). */
function imageFlavour(image: string): Flavour {
  let name = image.split("@")[0] as string;
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  if (colon > slash) name = name.slice(0, colon);
  const parts = name.split("/");
  const last = parts[parts.length - 1] ?? "";
  if (name.endsWith("curlimages/curl")) return "curl";
  if (last === "busybox" || last === "alpine") return "busybox";
  return "other";
}

const BUSYBOX_APPLETS: ReadonlySet<string> = new Set([
  "sh",
  "ash",
  "busybox",
  "echo",
  "true",
  "false",
  "sleep",
  "hostname",
  "cat",
  "head",
  "grep",
  "wc",
  "wget",
  "nc",
  "ping",
  "ip",
  "nslookup",
]);

/** Programs of the glibc/dnsutils images only (busybox, alpine and curlimages/curl lack them). */
const NON_BUSYBOX_PROGRAMS: ReadonlySet<string> = new Set(["dig", "getent"]);

/** The command name a path runs (`/bin/sh` -> `sh`). */
function commandName(arg0: string): string {
  const i = arg0.lastIndexOf("/");
  return i >= 0 ? arg0.slice(i + 1) : arg0;
}

/**
 * Whether `image` contains the program `command` (a name or a path such as `/bin/sh`). Callers
 * running `kubectl exec POD -- CMD` without a shell check this first and report the container
 * runtime's own error for a missing binary.
 */
export function isKnownCommand(command: string, image: string): boolean {
  const name = commandName(command);
  if (name === "curl") return imageFlavour(image) !== "busybox";
  if (NON_BUSYBOX_PROGRAMS.has(name)) return imageFlavour(image) === "other";
  return BUSYBOX_APPLETS.has(name);
}

/**
 * Runs `argv` as the container's process would: `argv[0]` names the program (`wget`, `curl`,
 * `sh`, ...). Pure: all effects go through `env`, and the result carries the virtual time taken.
 * An `argv[0]` the image does not have gives exit code 127 and the container runtime's wording
 * (`exec: "foo": executable file not found in $PATH`); see {@link isKnownCommand}.
 */
export function runCommand(
  argv: readonly string[],
  env: ToolEnvironment,
  options: RunCommandOptions,
): CommandResult {
  const ctx: ToolContext = {
    env,
    image: options.image,
    stdin: options.stdin ?? "",
    tty: options.tty ?? false,
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
  };
  const first = argv[0];
  if (first === undefined) {
    const o = newOutput();
    return finish(o, 0);
  }
  if (!isKnownCommand(first, options.image)) {
    const o = newOutput();
    o.err = `exec: "${first}": executable file not found in $PATH\n`;
    return finish(o, 127);
  }
  return wholeMilliseconds(dispatch(argv, ctx));
}

/**
 * The virtual clock and everything stamped from it (Events' nanosecond names, timestamps) count
 * whole milliseconds, while a packet's round trip takes a fraction of one: a command lasts at
 * least until the next millisecond. Its output (ping's `time=0.085 ms`) keeps the exact values.
 */
function wholeMilliseconds(result: CommandResult): CommandResult {
  return Number.isInteger(result.elapsedMs) ? result : { ...result, elapsedMs: Math.ceil(result.elapsedMs) };
}

/** Runs one program; inside a shell an unknown name is ash's `sh: NAME: not found` (127). */
function dispatch(argv: readonly string[], ctx: ToolContext): CommandOutput {
  const name = commandName(argv[0] ?? "");
  const args = argv.slice(1);
  if (!isKnownCommand(name, ctx.image)) {
    const o = newOutput();
    o.err = `sh: ${argv[0]}: not found\n`;
    return finish(o, 127);
  }
  switch (name) {
    case "busybox":
      return args.length === 0 ? finish(newOutput(), 0) : dispatch(args, ctx);
    case "sh":
    case "ash":
      return runSh(args, ctx);
    case "echo":
      return runEcho(args);
    case "true":
      return finish(newOutput(), 0);
    case "false":
      return finish(newOutput(), 1);
    case "sleep":
      return runSleep(args);
    case "hostname":
      return runHostname(args, ctx);
    case "cat":
      return runCat(args, ctx);
    case "head":
      return runHead(args, ctx);
    case "grep":
      return runGrep(args, ctx);
    case "wc":
      return runWc(args, ctx);
    case "wget":
      return runWget(args, ctx);
    case "curl":
      return runCurl(args, ctx);
    case "nc":
      return runNc(args, ctx);
    case "ping":
      return runPing(args, ctx);
    case "ip":
      return runIp(args, ctx);
    case "nslookup":
      return runNslookup(args, ctx);
    case "dig":
      return runDig(args, ctx);
    case "getent":
      return runGetent(args, ctx);
    default:
      return finish(newOutput(), 127);
  }
}

/** `sh -c SCRIPT [ARG0...]`, or `sh` reading its script from stdin. */
function runSh(args: readonly string[], ctx: ToolContext): CommandOutput {
  if (args[0] === "-c") {
    const script = args[1];
    if (script === undefined) {
      const o = newOutput();
      o.err = "sh: -c requires an argument\n";
      return finish(o, 2);
    }
    return runShellScript(script, ctx, dispatch);
  }
  if (args.length === 0) return runShellScript(ctx.stdin, { ...ctx, stdin: "" }, dispatch);
  const o = newOutput();
  const file = args[0] as string;
  const script = ctx.env.readFile(file);
  if (script === undefined) {
    o.err = `sh: can't open '${file}': No such file or directory\n`;
    return finish(o, 2);
  }
  return runShellScript(script, ctx, dispatch);
}
