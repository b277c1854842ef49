import { formatApiError } from "../errors.js";
import { generateNamespace } from "../generators/namespace.js";
import { type CreateSubcommand, nameFromArgs } from "./CreateSubcommand.js";
import { checkGeneratorOutput, finishGenerated, parseDryRun } from "./generatedObject.js";

/**
 * `kubectl create namespace NAME` (k8s.io/kubectl/pkg/cmd/create/create_namespace.go). The
 * server's error is returned unwrapped, so kubectl prints it in its API-error form.
 */
export const createNamespaceSubcommand: CreateSubcommand = {
  name: "namespace",
  aliases: ["ns"],
  flags: [],
  run(ctx, flags, out, args) {
    const name = nameFromArgs(out, "kubectl create namespace", args);
    if (name === undefined) return;
    const dryRun = parseDryRun(ctx, flags, out);
    if (!dryRun || !checkGeneratorOutput(flags, out)) return;
    finishGenerated(ctx, flags, out, dryRun, generateNamespace(name), (err) => formatApiError(err));
  },
};
