import { readFileSync, statSync } from "node:fs";
import { helpText } from "./helpText.js";
import { parseCommandLine } from "./parseCommandLine.js";
import { runScript } from "./runScript.js";
import type { ScriptCluster } from "./ScriptCluster.js";

/** Exit code for a command line kubesim cannot act on (bad flags, missing files), as cobra CLIs use. */
export const USAGE_EXIT_CODE = 2;

/** Somewhere to print; `process.stdout` and `process.stderr` qualify. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * The simulator as the CLI sees it: `@kubesim/kubesim`'s `createCluster` and `parseClusterConfig` in
 * `bin.ts`, a fake in tests.
 *
 * @typeParam Config - the parsed cluster configuration, passed through untouched.
 */
export interface CliDeps<Config> {
  /** Creates the cluster a run's script talks to. */
  createCluster(options: { seed?: number; nodes?: number; config?: Config }): ScriptCluster;
  /** Parses the text of the `--config` file; `source` names it in errors. */
  parseClusterConfig(
    text: string,
    source: string,
  ): { ok: true; config: Config } | { ok: false; error: string };
  /** Where help and version go; `process.stdout` by default. */
  stdout?: TextSink;
  /** Where kubesim's own errors go; `process.stderr` by default. */
  stderr?: TextSink;
  /** Forwarded to the script's bash; see `RunScriptOptions.signal`. */
  signal?: AbortSignal;
}

/**
 * Runs the `kubesim` command line `argv` (the arguments after the program name) and resolves to the
 * process exit code. A run prints nothing of its own on stdout, where the script's output goes; kubesim's
 * errors go to stderr prefixed `kubesim: `.
 */
export async function runCli<Config>(argv: readonly string[], deps: CliDeps<Config>): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const fail = (message: string, exitCode: number): number => {
    stderr.write(`kubesim: ${message}\n`);
    return exitCode;
  };
  const command = parseCommandLine(argv);
  switch (command.kind) {
    case "help":
      stdout.write(helpText(command.topic));
      return 0;
    case "version":
      stdout.write(`kubesim ${packageVersion()}\n`);
      return 0;
    case "error": {
      const help = command.topic === "run" ? "kubesim run --help" : "kubesim --help";
      return fail(`${command.message}\nSee '${help}' for usage.`, USAGE_EXIT_CODE);
    }
    case "run":
      break;
  }
  const { seed, nodes, config: configPath, script, args } = command.run;

  let config: Config | undefined;
  if (configPath !== undefined) {
    let text: string;
    try {
      text = readFileSync(configPath, "utf8");
    } catch (error) {
      return fail(`cannot read config file "${configPath}": ${describeFsError(error)}`, USAGE_EXIT_CODE);
    }
    const parsed = deps.parseClusterConfig(text, configPath);
    if (!parsed.ok) return fail(parsed.error, USAGE_EXIT_CODE);
    config = parsed.config;
  }

  if (script !== "-") {
    // Checked here rather than left to bash, so the message and exit code are kubesim's own.
    const problem = scriptProblem(script);
    if (problem !== undefined) return fail(`cannot run script "${script}": ${problem}`, USAGE_EXIT_CODE);
  }

  const cluster = deps.createCluster({
    ...(seed === undefined ? {} : { seed }),
    ...(nodes === undefined ? {} : { nodes }),
    ...(config === undefined ? {} : { config }),
  });
  try {
    const run = await runScript({ cluster, script, args, ...(deps.signal ? { signal: deps.signal } : {}) });
    return run.exitCode;
  } catch (error) {
    // Shells answer 127 when the program cannot be found.
    return fail(`cannot start bash: ${error instanceof Error ? error.message : String(error)}`, 127);
  }
}

function scriptProblem(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return stats.isDirectory() ? "is a directory" : undefined;
  } catch (error) {
    return describeFsError(error);
  }
}

/** Go's wording for the common errno values (`open f: no such file or directory`), else Node's message. */
function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EISDIR":
      return "is a directory";
    case "EACCES":
      return "permission denied";
    case "ENOTDIR":
      return "not a directory";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function packageVersion(): string {
  // ../package.json from both src/runCli.ts and dist/runCli.js.
  const manifest: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  const version = (manifest as { version?: unknown }).version;
  return typeof version === "string" ? version : "unknown";
}
