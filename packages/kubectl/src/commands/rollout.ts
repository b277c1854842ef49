import type { FlagSpec } from "../cli/parseFlags.js";
import { type CommandSpec, filenamesReadStdin } from "./CommandSpec.js";
import { rolloutHistorySubcommand } from "./rolloutHistory.js";
import { rolloutRestartSubcommand } from "./rolloutRestart.js";
import { rolloutStatusSubcommand } from "./rolloutStatus.js";
import type { RolloutSubcommand } from "./rolloutTargets.js";
import { rolloutUndoSubcommand } from "./rolloutUndo.js";

const SUBCOMMANDS: readonly RolloutSubcommand[] = [
  rolloutHistorySubcommand,
  rolloutRestartSubcommand,
  rolloutStatusSubcommand,
  rolloutUndoSubcommand,
];

/** Real `kubectl rollout` subcommands kubesim does not simulate. */
const UNSUPPORTED = ["pause", "resume"];

function uniqueFlags(specs: readonly FlagSpec[]): FlagSpec[] {
  const seen = new Set<string>();
  return specs.filter((s) => !seen.has(s.name) && seen.add(s.name));
}

/**
 * `kubectl rollout SUBCOMMAND` (k8s.io/kubectl/pkg/cmd/rollout): dispatches to `history`,
 * `restart`, `status` and `undo`. Flags of one subcommand given to another are refused as cobra
 * refuses unknown flags.
 */
export const rolloutCommand: CommandSpec = {
  name: "rollout",
  flags: uniqueFlags(SUBCOMMANDS.flatMap((s) => s.flags)),
  readsStdin: filenamesReadStdin,
  run(ctx, flags, out) {
    const [first, ...rest] = flags.args;
    if (first === undefined) {
      out.out(
        "Manage the rollout of one or many resources.\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n",
      );
      return;
    }
    const sub = SUBCOMMANDS.find((s) => s.name === first);
    if (!sub) {
      if (UNSUPPORTED.includes(first))
        return out.fail(`kubesim does not support "kubectl rollout ${first}" yet`);
      out.err(`error: unknown command "${first}"\nSee 'kubectl rollout -h' for help and examples\n`);
      out.exitCode = 1;
      return;
    }
    const own = new Set(sub.flags.map((f) => f.name));
    const stray = rolloutCommand.flags.find((f) => flags.has(f.name) && !own.has(f.name));
    if (stray) {
      out.err(`error: unknown flag: --${stray.name}\nSee 'kubectl rollout ${sub.name} --help' for usage.\n`);
      out.exitCode = 1;
      return;
    }
    sub.run(ctx, flags, out, rest);
  },
};
