/**
 * The part of `@kubesim/kubesim`'s `Cluster` that the `kubesim run` shell needs, declared here as a
 * structural type so the CLI (and its tests, which use a small fake) do not depend on the whole
 * simulator. The real `Cluster` is assignable to it.
 */

/** Read-only file access for `kubectl -f`, with relative paths resolved against one working directory. */
export interface FileSystem {
  /** The file's text; throws an Error whose `code` is `ENOENT` when the path does not exist. */
  readFile(path: string): string;
  /** What the path names, or `undefined` when it does not exist. */
  stat(path: string): "file" | "directory" | undefined;
  /** The names in a directory, sorted. */
  readDir(path: string): string[];
}

/** What one command printed and how it exited, as a real process would. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The simulated cluster one `kubesim run` talks to for the whole script. */
export interface ScriptCluster {
  /** Runs `kubectl ARGV` against the cluster. */
  kubectl(argv: readonly string[], io?: { stdin?: string; fs?: FileSystem }): CommandResult;
  /** Whether `kubectl ARGV` reads standard input (`apply -f -` and the like). */
  needsStdin(argv: readonly string[]): boolean;
  /** Runs `sleep ARGV` (GNU syntax) by advancing virtual time. */
  sleep(argv: readonly string[]): CommandResult;
  /** Runs an in-script simulator command, `kubesim ARGV`. */
  kubesim(argv: readonly string[]): CommandResult;
  /**
   * Runs a network tool (`curl`, `wget`, `nc`, `ping`, `nslookup`, `dig`, `getent hosts`; `argv[0]` names
   * it) on the machine outside the cluster that runs the script, printing what the real tool prints.
   */
  client(argv: readonly string[], io?: { stdin?: string }): CommandResult;
  /** Whether the tool command `argv` (`argv[0]` names the tool) reads standard input (`nc`, `curl -d @-`). */
  clientNeedsStdin(argv: readonly string[]): boolean;
}
