import type { FlagSpec, Flags } from "../cli/parseFlags.js";
import type { KubectlContext, Output } from "../KubectlContext.js";

/** One kubectl subcommand: its flags and what it does. */
export interface CommandSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly flags: readonly FlagSpec[];
  /** Whether this invocation reads standard input (`-f -`), so a shell front end knows to send it. */
  readonly readsStdin?: (flags: Flags) => boolean;
  run(ctx: KubectlContext, flags: Flags, out: Output): void;
}

/** `-f -` among the filename flags. */
export function filenamesReadStdin(flags: Flags): boolean {
  return flags.strings("filename").includes("-");
}
