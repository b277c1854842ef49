import type { Simulation } from "@kubesim/core";
import { type FlagSpec, Flags, parseFlags } from "./cli/parseFlags.js";
import { splitWords } from "./cli/splitWords.js";
import { COMMANDS } from "./commands/registry.js";
import { type CommandResult, type KubectlIO, Output } from "./KubectlContext.js";

/** Flags every kubectl command accepts (kubectl's persistent flags); kubesim uses `-n` and ignores the rest. */
const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: "namespace", shorthand: "n", type: "string" },
  { name: "context", type: "string" },
  { name: "kubeconfig", type: "string" },
  { name: "cluster", type: "string" },
  { name: "user", type: "string" },
  { name: "server", shorthand: "s", type: "string" },
  { name: "request-timeout", type: "string" },
  { name: "v", shorthand: "v", type: "int" },
  { name: "insecure-skip-tls-verify", type: "bool" },
  { name: "help", shorthand: "h", type: "bool" },
];

/** Global flags that take a value, so the word after them is not the command name. */
const VALUE_FLAGS = new Set(
  GLOBAL_FLAGS.filter((f) => f.type !== "bool").flatMap((f) => [
    `--${f.name}`,
    ...(f.shorthand ? [`-${f.shorthand}`] : []),
  ]),
);

function findCommand(argv: readonly string[]): { command: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    if (a.startsWith("-")) {
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    return { command: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { command: undefined, rest: [...argv] };
}

function toArgv(
  args: string | readonly string[],
): { ok: true; argv: readonly string[] } | { ok: false; error: string } {
  if (typeof args !== "string") return { ok: true, argv: args };
  const split = splitWords(args.trim());
  if (!split.ok) return split;
  const words = split.words[0] === "kubectl" ? split.words.slice(1) : split.words;
  return { ok: true, argv: words };
}

/**
 * Runs one kubectl command against a simulation, in-process, and returns what kubectl
 * would print and its exit code. `args` is an argument vector or a command line
 * (`"get pods -o wide"`, an optional leading `kubectl` is dropped).
 */
export function kubectl(
  sim: Simulation,
  args: string | readonly string[],
  io: KubectlIO = {},
): CommandResult {
  const out = new Output();
  const parsedArgv = toArgv(args);
  if (!parsedArgv.ok) {
    out.fail(parsedArgv.error);
    return out.result();
  }
  const { command, rest } = findCommand(parsedArgv.argv);
  if (command === undefined) {
    out.out(
      "kubectl controls the Kubernetes cluster manager (simulated by kubesim).\n\nUsage:\n  kubectl [flags] [options]\n",
    );
    return out.result();
  }
  const spec = COMMANDS.find((c) => c.name === command || c.aliases?.includes(command));
  if (!spec) {
    // cobra's wording; the "Did you mean this?" suggestions are left out.
    out.err(`Error: unknown command "${command}" for "kubectl"\n`);
    out.exitCode = 1;
    return out.result();
  }
  const parsed = parseFlags(rest, [...GLOBAL_FLAGS, ...spec.flags]);
  if (!parsed.ok) {
    // Flag errors come from cobra, which capitalises "Error:" unlike kubectl's own messages.
    out.err(`Error: ${parsed.error}\nSee 'kubectl ${spec.name} --help' for usage.\n`);
    out.exitCode = 1;
    return out.result();
  }
  const flags = new Flags(parsed.flags);
  if (flags.bool("help")) {
    out.out(
      `Usage:\n  kubectl ${spec.name} [options]\n\nFlags:\n${spec.flags.map((f) => `  ${f.shorthand ? `-${f.shorthand}, ` : "    "}--${f.name}\n`).join("")}`,
    );
    return out.result();
  }
  const namespace = flags.string("namespace");
  spec.run({ sim, io, namespace: namespace || "default", namespaceExplicit: namespace !== "" }, flags, out);
  return out.result();
}

/**
 * Whether a kubectl invocation reads standard input (`apply -f -`), so that a shell front end
 * sends it only then, as the real kubectl only reads stdin then.
 */
export function kubectlNeedsStdin(args: readonly string[]): boolean {
  const { command, rest } = findCommand(args);
  const spec = COMMANDS.find((c) => c.name === command || c.aliases?.includes(command ?? ""));
  if (!spec?.readsStdin) return false;
  const parsed = parseFlags(rest, [...GLOBAL_FLAGS, ...spec.flags]);
  return parsed.ok && spec.readsStdin(new Flags(parsed.flags));
}
