import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { constants as osConstants, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { ScriptCluster } from "./ScriptCluster.js";
import { SHIM_CLIENT_SOURCE, SHIM_COMMANDS, shimExecutable } from "./shimClientSource.js";
import { startShimServer } from "./startShimServer.js";

/** What {@link runScript} runs, against what, and how. */
export interface RunScriptOptions {
  /** The one cluster every `kubectl`, `sleep`, `kubesim` and network tool (`curl`, ...) in the script talks to. */
  cluster: ScriptCluster;
  /** Path of the bash script, relative to `cwd`; `-` makes bash read the script from standard input. */
  script: string;
  /** The script's positional parameters, `$1` onwards. */
  args?: readonly string[];
  /** Working directory bash starts in; defaults to the current one. */
  cwd?: string;
  /** Environment the script starts from; defaults to this process's. PATH and KUBESIM_SOCKET are added. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * `"inherit"` (the CLI) shares this process's standard streams with bash; `"pipe"` feeds bash `input`
   * and captures what it prints (tests, embedding).
   */
  stdio?: "inherit" | "pipe";
  /** Standard input of the script when `stdio` is `"pipe"`; empty by default. */
  input?: string;
  /** Aborting sends bash the signal named by the abort reason (`"SIGINT"`...), else SIGTERM. */
  signal?: AbortSignal;
  /** The bash executable; `bash` found on PATH by default. */
  bash?: string;
}

/** How a script run ended. */
export interface ScriptRun {
  /** Bash's exit code; 128 + the signal number when a signal ended it, as shells report it. */
  exitCode: number;
  /** What the script printed, when run with `stdio: "pipe"`; empty otherwise. */
  stdout: string;
  /** What the script printed to standard error, when run with `stdio: "pipe"`; empty otherwise. */
  stderr: string;
}

/**
 * Runs a bash script in which `kubectl`, `sleep`, `kubesim` and the network tools (`curl`, `wget`, `nc`,
 * `ping`, `nslookup`, `dig`, `getent hosts`) are shims served by `cluster`.
 *
 * A private temp dir holds the Unix socket, the shim client and a `bin` dir of shims prepended to PATH;
 * it is removed when bash exits, whatever the outcome. Rejects only when bash cannot be started.
 */
export async function runScript(options: RunScriptOptions): Promise<ScriptRun> {
  // mkdtemp creates the dir with mode 0700, so no other user can reach the socket.
  const dir = await mkdtemp(join(tmpdir(), "kubesim-"));
  try {
    const binDir = join(dir, "bin");
    const clientPath = join(dir, "shim.mjs");
    const socketPath = join(dir, "kubesim.sock");
    await mkdir(binDir);
    await writeFile(clientPath, SHIM_CLIENT_SOURCE);
    for (const command of SHIM_COMMANDS) {
      const path = join(binDir, command);
      await writeFile(path, shimExecutable(command, process.execPath, clientPath, binDir));
      await chmod(path, 0o755);
    }
    const server = await startShimServer(options.cluster, socketPath);
    try {
      const base = options.env ?? process.env;
      const env = {
        ...base,
        PATH: base.PATH ? `${binDir}${delimiter}${base.PATH}` : binDir,
        KUBESIM_SOCKET: socketPath,
      };
      return await runBash(options, env);
    } finally {
      await server.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runBash(options: RunScriptOptions, env: Record<string, string | undefined>): Promise<ScriptRun> {
  const { script, args = [], stdio = "inherit", signal } = options;
  // `bash -s` reads the script from stdin, leaving the rest of stdin to the script's commands.
  const bashArgs = script === "-" ? ["-s", "--", ...args] : [script, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(options.bash ?? "bash", bashArgs, {
      cwd: options.cwd ?? process.cwd(),
      env,
      stdio: stdio === "pipe" ? "pipe" : "inherit",
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    // Bash may exit before reading all its input; that is not an error of ours.
    child.stdin?.on("error", () => {});
    child.stdin?.end(options.input ?? "");
    const onAbort = (): void => {
      const reason: unknown = signal?.reason;
      child.kill(
        typeof reason === "string" && reason.startsWith("SIG") ? (reason as NodeJS.Signals) : "SIGTERM",
      );
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      reject(error);
    });
    // "close" rather than "exit": with pipes, all output has been read by then.
    child.on("close", (code, signalName) => {
      signal?.removeEventListener("abort", onAbort);
      const exitCode = code ?? 128 + (signalName === null ? 0 : osConstants.signals[signalName]);
      resolve({
        exitCode,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}
