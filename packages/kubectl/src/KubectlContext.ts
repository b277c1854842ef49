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

/** Where a kubectl command reads its input from. */
export interface KubectlIO {
  /** Standard input, for `-f -`. */
  readonly stdin?: string;
  readonly fs?: FileSystem;
}

/** What a kubectl command printed and its exit code. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
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
    return { stdout: this.#stdout, stderr: this.#stderr, exitCode: this.exitCode };
  }
}
