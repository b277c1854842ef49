import type { FlagSpec, Flags } from "../cli/parseFlags.js";
import type { KubectlContext, Output } from "../KubectlContext.js";
import { failUsage } from "./generatedObject.js";

/** One `kubectl create <kind>` subcommand. */
export interface CreateSubcommand {
  /** The name cobra knows it by (`deployment`), used in `kubectl create deployment -h`. */
  readonly name: string;
  readonly aliases: readonly string[];
  /** Its own flags, beyond the generator flags every subcommand has. */
  readonly flags: readonly FlagSpec[];
  /**
   * Runs it. `args` are the positional arguments after the subcommand's name(s) and before
   * `--`; `afterDash` what follows `--`.
   */
  run(
    ctx: KubectlContext,
    flags: Flags,
    out: Output,
    args: readonly string[],
    afterDash: readonly string[] | undefined,
  ): void;
}

/**
 * `NameFromCommandArgs` (create.go): exactly one NAME before `--`, else kubectl's usage error
 * `exactly one NAME is required, got N`.
 */
export function nameFromArgs(out: Output, commandPath: string, args: readonly string[]): string | undefined {
  if (args.length !== 1) {
    failUsage(out, commandPath, `exactly one NAME is required, got ${args.length}`);
    return undefined;
  }
  return args[0]!;
}
