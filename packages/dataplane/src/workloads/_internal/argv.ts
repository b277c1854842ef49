/**
 * Command-line helpers for the workloads: the argv a container runs, flag values in the Go
 * styles (`flag` and `pflag`), env lookup, and a small shell splitter for `sh -c` scripts.
 *
 * @module
 */
import type { WorkloadContext } from "../Workload.js";

/** The last path element: `/usr/bin/nc` → `nc`. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * The argv a container runs when its image's entrypoint is the program itself (agnhost,
 * http-echo): `command` + `args` when `command` is set, else `args` alone (the entrypoint stays).
 * A leading program name (`/agnhost`, `/http-echo`) is dropped.
 */
export function programArgs(ctx: WorkloadContext, program: string): string[] {
  const c = ctx.container;
  const argv = c.command && c.command.length > 0 ? [...c.command, ...(c.args ?? [])] : [...(c.args ?? [])];
  if (argv.length > 0 && basename(argv[0]!) === program) argv.shift();
  return argv;
}

/** `--name=value`, `-name=value`, `--name value`, `-name value` (Go `flag` accepts both dash styles). */
export function flagValue(args: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let matched = false;
    for (const prefix of [`--${name}=`, `-${name}=`])
      if (a.startsWith(prefix)) {
        found = a.slice(prefix.length);
        matched = true;
      }
    if (!matched && (a === `--${name}` || a === `-${name}`) && i + 1 < args.length) {
      found = args[i + 1];
      i++;
    }
  }
  // The last occurrence wins, as with both Go flag packages.
  return found;
}

/** A boolean flag: `--name` or `--name=true` → true, `--name=false` → false, absent → `fallback`. */
export function boolFlag(args: readonly string[], name: string, fallback: boolean): boolean {
  let value = fallback;
  for (const a of args) {
    if (a === `--${name}` || a === `-${name}`) value = true;
    else
      for (const prefix of [`--${name}=`, `-${name}=`])
        if (a.startsWith(prefix))
          value = ["1", "t", "T", "true", "TRUE", "True"].includes(a.slice(prefix.length));
  }
  return value;
}

/** A port number from text, or undefined when it is not one (1..65535). */
export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** The container's literal env values in order (`valueFrom` is not resolved here). */
export function envEntries(ctx: WorkloadContext): readonly (readonly [string, string])[] {
  return (ctx.container.env ?? []).map((e) => [e.name, e.value ?? ""] as const);
}

const COMPOUND_OPENERS = new Set(["do", "then", "else", "{", "(", "!"]);

/** One command of a script with the pipeline it belongs to. */
export interface ScriptCommand {
  readonly words: readonly string[];
  /** The command writing into this one's stdin through `|`, if any. */
  readonly pipedFrom?: readonly string[];
}

/**
 * Splits a shell script into simple commands, honouring single and double quotes, on `;`, `&&`,
 * `||`, `&` and newlines, and records `a | b` pipelines. No expansion: `$(hostname)` stays text.
 */
export function scriptCommands(script: string): ScriptCommand[] {
  const out: ScriptCommand[] = [];
  let pipeline: string[][] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    // Keywords that open a compound command are not part of the simple command after them.
    while (words.length > 0 && COMPOUND_OPENERS.has(words[0]!)) words.shift();
    if (words.length > 0) pipeline.push(words);
    words = [];
  };
  const endPipeline = () => {
    endCommand();
    pipeline.forEach((w, i) => {
      const from = i > 0 ? pipeline[i - 1] : undefined;
      out.push(from ? { words: w, pipedFrom: from } : { words: w });
    });
    pipeline = [];
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (ch === "'" || ch === '"') {
      const end = script.indexOf(ch, i + 1);
      word += script.slice(i + 1, end < 0 ? script.length : end);
      inWord = true;
      i = end < 0 ? script.length : end;
    } else if (ch === ";" || ch === "\n" || ch === "&") {
      if (ch === "&" && script[i + 1] === "&") i++;
      endPipeline();
    } else if (ch === "|") {
      if (script[i + 1] === "|") {
        i++;
        endPipeline();
      } else endCommand();
    } else if (ch === " " || ch === "\t") endWord();
    else {
      word += ch;
      inWord = true;
    }
  }
  endPipeline();
  return out;
}

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh"]);

/**
 * The commands a container runs: the `-c` script of a shell, or its argv as one command. For
 * images whose default command is a shell (busybox, alpine), `args` alone are the command line.
 */
export function containerCommands(ctx: WorkloadContext): ScriptCommand[] {
  const c = ctx.container;
  const argv = c.command && c.command.length > 0 ? [...c.command, ...(c.args ?? [])] : [...(c.args ?? [])];
  if (argv.length === 0) return [];
  if (SHELLS.has(basename(argv[0]!))) {
    const dashC = argv.indexOf("-c");
    return dashC < 0 || dashC + 1 >= argv.length ? [] : scriptCommands(argv[dashC + 1]!);
  }
  return [{ words: argv }];
}
