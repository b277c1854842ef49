/** What a `kubesim` command line asks for; see {@link parseCommandLine}. */
export type CommandLine =
  | { kind: "help"; topic: HelpTopic }
  | { kind: "version" }
  | { kind: "run"; run: RunCommand }
  | { kind: "error"; message: string; topic: HelpTopic };

/** A command whose `--help` text exists. */
export type HelpTopic = "kubesim" | "run";

/** `kubesim run [--seed N] [--nodes N] [--config FILE] SCRIPT [ARGS...]`, parsed. */
export interface RunCommand {
  /** Seed of the simulation; absent means the simulator's default. */
  seed?: number;
  /** Number of nodes; absent means the simulator's default. */
  nodes?: number;
  /** Path of the cluster configuration YAML file, as given. */
  config?: string;
  /** Path of the script, or `-` for standard input. */
  script: string;
  /** Arguments passed on to the script. */
  args: string[];
}

const RUN_FLAGS = ["--seed", "--nodes", "--config"] as const;
type RunFlag = (typeof RUN_FLAGS)[number];

/**
 * Parses the arguments after `kubesim`. Flags of `run` must come before SCRIPT: everything after it
 * belongs to the script, as with `bash SCRIPT ARGS`. Error messages follow cobra's wording (kubectl's
 * flag parser), e.g. `unknown flag: --bogus`, `flag needs an argument: --seed`.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  switch (first) {
    case undefined:
      return { kind: "error", message: "missing command", topic: "kubesim" };
    case "-h":
    case "--help":
      return { kind: "help", topic: "kubesim" };
    case "-V":
    case "--version":
    case "version":
      return { kind: "version" };
    case "help":
      if (rest[0] === undefined) return { kind: "help", topic: "kubesim" };
      if (rest[0] === "run") return { kind: "help", topic: "run" };
      return { kind: "error", message: `unknown command "${rest[0]}" for "kubesim"`, topic: "kubesim" };
    case "run":
      return parseRun(rest);
    default:
      return first.startsWith("-")
        ? { kind: "error", message: unknownFlag(first), topic: "kubesim" }
        : { kind: "error", message: `unknown command "${first}" for "kubesim"`, topic: "kubesim" };
  }
}

function parseRun(argv: readonly string[]): CommandLine {
  const run: Omit<RunCommand, "script" | "args"> = {};
  const error = (message: string): CommandLine => ({ kind: "error", message, topic: "run" });
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return { kind: "help", topic: "run" };
    if (arg === "--") {
      const script = argv[i + 1];
      if (script === undefined) return error("missing SCRIPT argument");
      return { kind: "run", run: { ...run, script, args: argv.slice(i + 2) } };
    }
    if (arg === "-" || !arg.startsWith("-")) {
      return { kind: "run", run: { ...run, script: arg, args: argv.slice(i + 1) } };
    }
    const equals = arg.indexOf("=");
    const name = equals === -1 ? arg : arg.slice(0, equals);
    if (!isRunFlag(name)) return error(unknownFlag(name));
    let value: string | undefined;
    if (equals === -1) {
      value = argv[i + 1];
      i++;
    } else {
      value = arg.slice(equals + 1);
    }
    if (value === undefined) return error(`flag needs an argument: ${name}`);
    switch (name) {
      case "--seed": {
        const seed = parseInteger(value);
        if (seed === undefined) return error(invalidArgument(value, name, "must be a non-negative integer"));
        run.seed = seed;
        break;
      }
      case "--nodes": {
        const nodes = parseInteger(value);
        if (nodes === undefined || nodes < 1) {
          return error(invalidArgument(value, name, "must be a positive integer"));
        }
        run.nodes = nodes;
        break;
      }
      case "--config":
        if (value === "") return error(invalidArgument(value, name, "must name a file"));
        run.config = value;
        break;
    }
  }
  return error("missing SCRIPT argument");
}

function isRunFlag(name: string): name is RunFlag {
  return (RUN_FLAGS as readonly string[]).includes(name);
}

/** A decimal integer within the exactly representable range, or undefined. */
function parseInteger(text: string): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

function unknownFlag(arg: string): string {
  // cobra (spf13/pflag) distinguishes long flags from shorthand ones.
  return arg.startsWith("--") ? `unknown flag: ${arg}` : `unknown shorthand flag: '${arg[1]}' in ${arg}`;
}

function invalidArgument(value: string, flag: string, reason: string): string {
  return `invalid argument "${value}" for "${flag}" flag: ${reason}`;
}
