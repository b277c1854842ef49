import { generateServiceAccount } from "../generators/serviceAccount.js";
import { type CreateSubcommand, nameFromArgs } from "./CreateSubcommand.js";
import { checkGeneratorOutput, finishGenerated, parseDryRun } from "./generatedObject.js";

/**
 * `kubectl create serviceaccount NAME` (k8s.io/kubectl/pkg/cmd/create/create_serviceaccount.go);
 * server errors print as `error: failed to create serviceaccount: <message>`.
 */
export const createServiceAccountSubcommand: CreateSubcommand = {
  name: "serviceaccount",
  aliases: ["sa"],
  flags: [],
  run(ctx, flags, out, args) {
    const name = nameFromArgs(out, "kubectl create serviceaccount", args);
    if (name === undefined) return;
    const dryRun = parseDryRun(ctx, flags, out);
    if (!dryRun || !checkGeneratorOutput(flags, out)) return;
    const obj = generateServiceAccount(name, ctx.namespaceExplicit ? ctx.namespace : undefined);
    finishGenerated(
      ctx,
      flags,
      out,
      dryRun,
      obj,
      (err) => `error: failed to create serviceaccount: ${err.status.message}\n`,
    );
  },
};
