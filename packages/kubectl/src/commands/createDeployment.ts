import { generateDeployment, RAND_ALPHANUMS } from "../generators/deployment.js";
import { type CreateSubcommand, nameFromArgs } from "./CreateSubcommand.js";
import {
  checkGeneratorOutput,
  failRequiredFlag,
  finishGenerated,
  parseDryRun,
  stringSlice,
} from "./generatedObject.js";

/**
 * `kubectl create deployment NAME --image=I [--image=...] [--replicas=N] [--port=P] [-- COMMAND...]`
 * (k8s.io/kubectl/pkg/cmd/create/create_deployment.go). Server errors print as
 * `error: failed to create deployment: <message>`.
 */
export const createDeploymentSubcommand: CreateSubcommand = {
  name: "deployment",
  aliases: ["deploy"],
  flags: [
    { name: "image", type: "stringArray" },
    { name: "port", type: "int" },
    { name: "replicas", shorthand: "r", type: "int" },
  ],
  run(ctx, flags, out, args, afterDash) {
    if (!flags.has("image")) return failRequiredFlag(ctx, out, "image");
    const name = nameFromArgs(out, "kubectl create deployment", args);
    if (name === undefined) return;
    const command = afterDash ?? [];
    const images = stringSlice(flags, "image");
    const dryRun = parseDryRun(ctx, flags, out);
    if (!dryRun || !checkGeneratorOutput(flags, out)) return;
    if (images.length > 1 && command.length > 0)
      return out.fail("cannot specify multiple --image options and command");
    const random = ctx.sim.random("kubectl");
    const randomSuffix = () =>
      Array.from({ length: 5 }, () => RAND_ALPHANUMS[random.int(0, RAND_ALPHANUMS.length - 1)]!).join("");
    const obj = generateDeployment(
      {
        name,
        images,
        replicas: flags.int("replicas", 1),
        port: flags.int("port", -1),
        command,
        ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
      },
      randomSuffix,
    );
    finishGenerated(
      ctx,
      flags,
      out,
      dryRun,
      obj,
      (err) => `error: failed to create deployment: ${err.status.message}\n`,
    );
  },
};
