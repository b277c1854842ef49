import type { CommandResult, FileSystem, ScriptCluster } from "../src/ScriptCluster.js";

/** One command the fake was asked to run. */
export interface FakeCall {
  command: "kubectl" | "sleep" | "kubesim" | "client";
  argv: readonly string[];
  stdin?: string;
}

/**
 * A stand-in for `@kubesim/kubesim`'s Cluster with just enough behaviour to observe the CLI's plumbing:
 * - `kubectl apply -f FILE|-` stores the text it read, `kubectl get` lists what was stored;
 * - `kubectl echo ARGS` prints ARGS verbatim (no newline), `kubectl fail` fails, `kubectl throw` throws;
 * - `kubectl time` prints the virtual clock, which `sleep` advances (GNU suffixes s, m, h, d);
 * - `kubesim options` prints the options the fake was created with;
 * - a network tool (`client`) prints its argv and the stdin it got, and fails with N for an argument
 *   `--exit=N`; `nc` and any `@-` argument read stdin.
 */
export class FakeCluster implements ScriptCluster {
  /** Virtual time in seconds. */
  clockSeconds = 0;
  readonly calls: FakeCall[] = [];
  readonly applied: string[] = [];

  constructor(readonly options: Record<string, unknown> = {}) {}

  kubectl(argv: readonly string[], io: { stdin?: string; fs?: FileSystem } = {}): CommandResult {
    this.calls.push({ command: "kubectl", argv, ...(io.stdin === undefined ? {} : { stdin: io.stdin }) });
    const [verb, ...rest] = argv;
    switch (verb) {
      case "apply": {
        const file = rest[rest.indexOf("-f") + 1];
        if (file === undefined) return { stdout: "", stderr: "error: must specify -f\n", exitCode: 1 };
        let text: string;
        if (file === "-") {
          text = io.stdin ?? "";
        } else {
          try {
            text = io.fs!.readFile(file);
          } catch (error) {
            if ((error as { code?: string }).code !== "ENOENT") throw error;
            return { stdout: "", stderr: `error: the path "${file}" does not exist\n`, exitCode: 1 };
          }
        }
        this.applied.push(text);
        return { stdout: `applied ${this.applied.length}\n`, stderr: "", exitCode: 0 };
      }
      case "get":
        return { stdout: this.applied.map((text) => text.trim()).join("\n") + "\n", stderr: "", exitCode: 0 };
      case "echo":
        return { stdout: rest.join(" "), stderr: "", exitCode: 0 };
      case "fail":
        return { stdout: "partial\n", stderr: "error: boom\n", exitCode: 3 };
      case "time":
        return { stdout: `${this.clockSeconds}\n`, stderr: "", exitCode: 0 };
      case "throw":
        throw new Error("invariant broken");
      default:
        return { stdout: "", stderr: `error: unknown command "${verb}"\n`, exitCode: 1 };
    }
  }

  needsStdin(argv: readonly string[]): boolean {
    return argv[0] === "apply" && argv[argv.indexOf("-f") + 1] === "-";
  }

  sleep(argv: readonly string[]): CommandResult {
    this.calls.push({ command: "sleep", argv });
    const units: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };
    for (const arg of argv) {
      const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
      if (match === null)
        return { stdout: "", stderr: `sleep: invalid time interval '${arg}'\n`, exitCode: 1 };
      this.clockSeconds += Number(match[1]) * units[match[2]!]!;
    }
    return { stdout: "", stderr: "", exitCode: 0 };
  }

  client(argv: readonly string[], io: { stdin?: string } = {}): CommandResult {
    this.calls.push({ command: "client", argv, ...(io.stdin === undefined ? {} : { stdin: io.stdin }) });
    const stdout = `${argv.join(" ")}\n${io.stdin === undefined ? "" : `stdin<${io.stdin}>\n`}`;
    const exit = argv.map((arg) => /^--exit=(\d+)$/.exec(arg)?.[1]).find((code) => code !== undefined);
    if (exit === undefined) return { stdout, stderr: "", exitCode: 0 };
    return { stdout, stderr: `${argv[0]}: failed\n`, exitCode: Number(exit) };
  }

  clientNeedsStdin(argv: readonly string[]): boolean {
    return argv[0] === "nc" || argv.includes("@-");
  }

  kubesim(argv: readonly string[]): CommandResult {
    this.calls.push({ command: "kubesim", argv });
    if (argv[0] === "options")
      return { stdout: `${JSON.stringify(this.options)}\n`, stderr: "", exitCode: 0 };
    return { stdout: "", stderr: `kubesim: unknown command "${argv[0]}"\n`, exitCode: 1 };
  }
}
