import type { Simulation } from "@kubesim/core";

/** The files kubectl may read (`-f FILE|DIR`). The CLI gives one bound to the script's cwd. */
export interface FileSystem {
  /** The file's text; throws when it cannot be read. */
  readFile(path: string): string;
  stat(path: string): "file" | "directory" | undefined;
  /** The entries of a directory, sorted. */
  readDir(path: string): string[];
  /** `dir` joined with `name` in this file system's syntax. */
  join?(dir: string, name: string): string;
}

/** The container a command runs in: `kubectl exec`'s target. */
export interface ContainerExecTarget {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

/** How a command is run in a container. */
export interface ContainerExecOptions {
  /** What the command reads on its standard input (`kubectl exec -i`); absent: no stdin stream. */
  readonly stdin?: string;
  /**
   * Whether a terminal was allocated. kubectl allocates one only when its own stdin is a
   * terminal, which it never is in kubesim, so kubectl always passes `false`.
   */
  readonly tty: boolean;
  /**
   * Set by attached `kubectl run`: the command is the container's own main process, as the pod
   * spec defines it, not an extra one: `argv` is then the spec's `command` followed by its
   * `args`; when the spec has no `command`, `argv` is `args` alone and the image's entrypoint
   * comes first (busybox has none, so `-- wget ...` runs wget; curlimages/curl's is `curl`), and
   * an empty `argv` means the image's default command (busybox's `sh`, which, without a
   * terminal, prints nothing and exits 0). The runtime may read the pod spec for the image.
   */
  readonly mainProcess?: boolean;
}

/** What a command run in a container did. */
export interface ContainerExecResult {
  readonly stdout: string;
  readonly stderr: string;
  /**
   * The process's exit status, as a shell reports it: 0 success; 1..125 the program's own
   * failure codes (busybox `wget` exits 1 on `Connection refused`); 126 a command found but not
   * executable and 127 a command not found *by a shell* (`sh -c 'foo'` prints
   * `sh: foo: not found` and exits 127); 128+N killed by signal N. kubectl prints
   * `command terminated with exit code N` for any non-zero status and exits with it.
   */
  readonly exitCode: number;
  /** Virtual time the command took; kubectl advances the simulation's clock by it. */
  readonly elapsedMs: number;
  /**
   * Set when the runtime could not start the process at all, with containerd's reason, e.g.
   * `OCI runtime exec failed: exec failed: unable to start container process: exec: "foo":
   * executable file not found in $PATH: unknown` for an argv[0] that is not in the image.
   * Then no exit status exists: kubectl prints `error: Internal error occurred: error executing
   * command in container: failed to exec in container: failed to start exec "<id>": <reason>`
   * and exits 1 (what containerd-based clusters show; `exitCode` is ignored). The 126 +
   * `command terminated with exit code 126` form belongs to the removed dockershim.
   */
  readonly startError?: string;
}

/**
 * Runs commands inside a pod's containers (`kubectl exec`, attached `kubectl run`): what the
 * kubelet's streaming server and the container runtime do on a real node. kubesim's dataplane
 * implements it with its tools (wget, curl, nc, ...). For `kubectl exec`, kubectl has already
 * checked that the pod exists, is bound to a node and that the container is running; for
 * attached `kubectl run` (`mainProcess`) the pod may already have completed, as kubectl then
 * shows its logs, and the runtime should still answer with what the process printed.
 */
export interface ContainerRuntime {
  exec(
    target: ContainerExecTarget,
    argv: readonly string[],
    options: ContainerExecOptions,
  ): ContainerExecResult;
  /**
   * A container's log as the kubelet serves it (`kubectl logs`, attached `kubectl run`): what
   * the container's main process printed, by the current virtual instant. kubectl has already
   * checked that the pod exists, is bound to a node and has the container; the runtime answers
   * with the kubelet's own refusals (`container "c" in pod "p" is waiting to start:
   * ContainerCreating`, `previous terminated container "c" in pod "p" not found`), which the
   * API server passes on as BadRequest. Optional, so runtimes written before logs existed still
   * type-check; without it kubectl says that logs are not available.
   */
  logs?(target: ContainerExecTarget, options: ContainerLogOptions): ContainerLogsResult;
}

/** How `kubectl logs` asks for a log (`PodLogOptions`). */
export interface ContainerLogOptions {
  /** The previous instance of the container (`--previous`). */
  readonly previous: boolean;
  /** Prefix each line with its RFC3339Nano time (`--timestamps`). */
  readonly timestamps: boolean;
  /** The last N lines (`--tail`); absent: all. */
  readonly tail?: number;
  /** Lines of the last N seconds only (`--since`). */
  readonly sinceSeconds?: number;
}

/** One log line: the stream it was written on, and its text (newline included). */
export interface ContainerLogLine {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/** A log read: its lines in order, or the kubelet's error message. */
export type ContainerLogsResult =
  | { readonly ok: true; readonly lines: readonly ContainerLogLine[] }
  | { readonly ok: false; readonly error: string };

/** Where a kubectl command reads its input from. */
export interface KubectlIO {
  /** Standard input, for `-f -` and `exec -i`. */
  readonly stdin?: string;
  readonly fs?: FileSystem;
  /**
   * Runs commands in containers, for `kubectl exec` and attached `kubectl run`; absent on a
   * cluster without a dataplane, where those commands say so.
   */
  readonly runtime?: ContainerRuntime;
}

/**
 * A watch that goes on after its command has returned: `kubectl get -w` without a
 * `--request-timeout` bound. Real kubectl blocks and prints each change as it happens; in-process
 * the command returns at once with the initial list, and the watch keeps printing, into a buffer,
 * every change committed while virtual time passes, until it is stopped.
 */
export interface CommandWatch {
  /** What the watch printed to stdout since the command returned or since the last drain. */
  drain(): string;
  /** Ends the watch (as ^C would): later changes print nothing; undrained output is kept. */
  stop(): void;
}

/** What a kubectl command printed and its exit code. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /**
   * Set when the command is still watching (`kubectl get -w` without a bound): the caller
   * decides how long it watches, drains what it prints and stops it.
   */
  readonly watch?: CommandWatch;
}

/** What every command gets: the cluster's simulation and the command's input. */
export interface KubectlContext {
  readonly sim: Simulation;
  readonly io: KubectlIO;
  /** The namespace from `-n`/`--namespace`, else `default`. */
  readonly namespace: string;
  /** Whether `-n` was given explicitly. */
  readonly namespaceExplicit: boolean;
}

/** Collects a command's output. */
export class Output {
  #stdout = "";
  #stderr = "";
  exitCode = 0;
  /** The watch the command leaves open, if any (see {@link CommandResult.watch}). */
  watch: CommandWatch | undefined;

  out(text: string): void {
    this.#stdout += text;
  }

  err(text: string): void {
    this.#stderr += text;
  }

  /** Prints `error: <message>` (cmdutil.CheckErr's default form) and sets exit code 1. */
  fail(message: string): void {
    this.err(`error: ${message}${message.endsWith("\n") ? "" : "\n"}`);
    this.exitCode = 1;
  }

  result(): CommandResult {
    const result = { stdout: this.#stdout, stderr: this.#stderr, exitCode: this.exitCode };
    return this.watch ? { ...result, watch: this.watch } : result;
  }
}
