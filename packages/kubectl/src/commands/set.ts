import { type CommandSpec, filenamesReadStdin } from "./CommandSpec.js";
import { runSetImage, SET_IMAGE_FLAGS } from "./setImage.js";

/** Real `kubectl set` subcommands kubesim does not simulate. */
const UNSUPPORTED = ["env", "resources", "selector", "serviceaccount", "sa", "subject"];

/**
 * `kubectl set SUBCOMMAND` (k8s.io/kubectl/pkg/cmd/set): kubesim has `set image`.
 */
export const setCommand: CommandSpec = {
  name: "set",
  flags: SET_IMAGE_FLAGS,
  readsStdin: filenamesReadStdin,
  run(ctx, flags, out) {
    const [first, ...rest] = flags.args;
    if (first === "image") return runSetImage(ctx, flags, out, rest);
    if (first === undefined) {
      out.out(
        "Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n  env              Update environment variables on a pod template\n  image            Update the image of a pod template\n  resources        Update resource requests/limits on objects with pod templates\n  selector         Set the selector on a resource\n  serviceaccount   Update the service account of a resource\n  subject          Update the user, group, or service account in a role binding or cluster role binding\n\nUsage:\n  kubectl set SUBCOMMAND [options]\n",
      );
      return;
    }
    if (UNSUPPORTED.includes(first)) return out.fail(`kubesim does not support "kubectl set ${first}" yet`);
    out.err(`error: unknown command "${first}"\nSee 'kubectl set -h' for help and examples\n`);
    out.exitCode = 1;
  },
};
