/**
 * The small busybox applets scripts pipe through: `echo`, `cat`, `hostname`, `sleep`, `head`,
 * `grep`, `wc -l`, `true`, `false`.
 *
 * @module
 */
import { busyboxUsage } from "./busyboxUsage.js";
import { type CommandOutput, finish, newOutput, type ToolContext } from "./common.js";

/** busybox `echo` (also ash's builtin): `-n` drops the newline, `-e` interprets backslash escapes. */
export function runEcho(args: readonly string[]): CommandOutput {
  const o = newOutput();
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (!/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === "n") newline = false;
      else if (c === "e") escapes = true;
      else escapes = false;
    }
  }
  let text = args.slice(i).join(" ");
  if (escapes) {
    const cut = text.indexOf("\\c");
    if (cut >= 0) {
      text = text.slice(0, cut);
      newline = false;
    }
    text = text.replace(
      /\\([ntr\\])/g,
      (_, c: string) => ({ n: "\n", t: "\t", r: "\r", "\\": "\\" })[c] ?? c,
    );
  }
  o.out = text + (newline ? "\n" : "");
  return finish(o, 0);
}

/** busybox `cat FILE...` (reads `-` or no operand from stdin). */
export function runCat(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  let code = 0;
  const files = args.filter((a) => a !== "-u");
  if (files.length === 0) o.out += ctx.stdin;
  for (const f of files) {
    if (f === "-") {
      o.out += ctx.stdin;
      continue;
    }
    const content = ctx.env.readFile(f);
    if (content === undefined) {
      o.err += `cat: can't open '${f}': No such file or directory\n`;
      code = 1;
    } else o.out += content;
  }
  return finish(o, code);
}

/** busybox `hostname` (prints the namespace's host name; `-i` its addresses). */
export function runHostname(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  if (args[0] === "-i") {
    const ips = ctx.env.interfaces
      .filter((i) => i.kind !== "loopback")
      .flatMap((i) => i.addresses.filter((a) => a.family === "inet").map((a) => a.cidr.split("/")[0]));
    o.out = `${ips.join(" ")} \n`;
    return finish(o, 0);
  }
  if (args.length > 0 && !(args[0] as string).startsWith("-")) {
    o.err = "hostname: sethostname: Operation not permitted\n";
    return finish(o, 1);
  }
  o.out = `${ctx.env.hostname}\n`;
  return finish(o, 0);
}

/** busybox `sleep N[smhd]...`: the sum of its arguments, fractions allowed. */
export function runSleep(args: readonly string[]): CommandOutput {
  const o = newOutput();
  if (args.length === 0) {
    o.err = busyboxUsage("sleep");
    return finish(o, 1);
  }
  let total = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (m === null) {
      o.err = `sleep: invalid number '${a}'\n`;
      return finish(o, 1);
    }
    const mult = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
    total += Number(m[1]) * mult;
  }
  o.elapsedMs = Math.round(total * 1000);
  return finish(o, 0);
}

function lines(text: string): string[] {
  if (text === "") return [];
  const parts = text.split("\n");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** busybox `head [-n N | -N] [FILE]` over stdin. */
export function runHead(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  let n = 10;
  let bytes: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-n" || a === "-c") {
      const v = Number(args[++i]);
      if (a === "-n") n = v;
      else bytes = v;
    } else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else files.push(a);
  }
  const input = files.length > 0 ? (ctx.env.readFile(files[0] as string) ?? "") : ctx.stdin;
  if (bytes !== undefined) o.out = input.slice(0, bytes);
  else
    o.out = lines(input)
      .slice(0, n)
      .map((l) => `${l}\n`)
      .join("");
  return finish(o, 0);
}

/** busybox `grep [-i] [-v] [-q] [-c] [-E|-F] PATTERN` over stdin; exit 1 when nothing matched. */
export function runGrep(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  const flags = new Set<string>();
  let pattern: string | undefined;
  for (const a of args) {
    if (a.startsWith("-") && a.length > 1 && pattern === undefined) for (const c of a.slice(1)) flags.add(c);
    else if (pattern === undefined) pattern = a;
  }
  if (pattern === undefined) {
    o.err = "grep: no pattern\n";
    return finish(o, 2);
  }
  let test: (line: string) => boolean;
  const ci = flags.has("i");
  if (flags.has("F")) {
    const p = ci ? pattern.toLowerCase() : pattern;
    test = (l) => (ci ? l.toLowerCase() : l).includes(p);
  } else {
    try {
      const re = new RegExp(pattern, ci ? "i" : "");
      test = (l) => re.test(l);
    } catch {
      const p = ci ? pattern.toLowerCase() : pattern;
      test = (l) => (ci ? l.toLowerCase() : l).includes(p);
    }
  }
  const invert = flags.has("v");
  const matched = lines(ctx.stdin).filter((l) => test(l) !== invert);
  if (flags.has("c")) o.out = `${matched.length}\n`;
  else if (!flags.has("q")) o.out = matched.map((l) => `${l}\n`).join("");
  return finish(o, matched.length > 0 ? 0 : 1);
}

/** busybox `wc [-l|-c|-w]` over stdin. */
export function runWc(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  const text = ctx.stdin;
  const nl = (text.match(/\n/g) ?? []).length;
  const words = text.split(/\s+/).filter((w) => w !== "").length;
  if (args.includes("-l")) o.out = `${nl}\n`;
  else if (args.includes("-c")) o.out = `${text.length}\n`;
  else if (args.includes("-w")) o.out = `${words}\n`;
  else o.out = `${String(nl).padStart(7)} ${String(words).padStart(7)} ${String(text.length).padStart(7)}\n`;
  return finish(o, 0);
}
