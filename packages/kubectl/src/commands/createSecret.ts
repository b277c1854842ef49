import { generateGenericSecret } from "../generators/secret.js";
import { type CreateSubcommand, nameFromArgs } from "./CreateSubcommand.js";
import { DATA_SOURCE_FLAGS, readDataSources } from "./createConfigMap.js";
import { checkGeneratorOutput, failUsage, finishGenerated, parseDryRun } from "./generatedObject.js";

/**
 * `kubectl create secret generic NAME [--type=T] [--from-literal=k=v] [--from-file=...] [--from-env-file=...]`
 * (k8s.io/kubectl/pkg/cmd/create/create_secret.go). Without a variant it prints the command's
 * help (exit 1). `docker-registry` and `tls` are not simulated. Server errors print as
 * `error: failed to create secret <message>` (kubectl's message has no colon there).
 */
export const createSecretSubcommand: CreateSubcommand = {
  name: "secret",
  aliases: [],
  flags: [...DATA_SOURCE_FLAGS, { name: "type", type: "string" }],
  run(ctx, flags, out, args) {
    const [variant, ...rest] = args;
    if (variant === undefined) {
      out.err(SECRET_HELP);
      out.exitCode = 1;
      return;
    }
    if (variant === "docker-registry" || variant === "tls") {
      return out.fail(`kubesim does not support "kubectl create secret ${variant}" yet`);
    }
    if (variant !== "generic")
      return failUsage(out, "kubectl create secret", `unknown command "${args.join(" ")}"`);
    const name = nameFromArgs(out, "kubectl create secret generic", rest);
    if (name === undefined) return;
    const dryRun = parseDryRun(ctx, flags, out);
    if (!dryRun || !checkGeneratorOutput(flags, out)) return;
    const sources = readDataSources(ctx, flags, out, "env secret file cannot be a directory");
    if (!sources) return;
    const namespace = ctx.namespaceExplicit ? ctx.namespace : undefined;
    const generated = generateGenericSecret(name, namespace, flags.string("type"), sources);
    if (!generated.ok) return out.fail(generated.error);
    finishGenerated(
      ctx,
      flags,
      out,
      dryRun,
      generated.object,
      (err) => `error: failed to create secret ${err.status.message}\n`,
    );
  },
};

/** What `kubectl create secret` prints when no variant is given. */
const SECRET_HELP = `Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret

Usage:
  kubectl create secret (docker-registry | generic | tls) [options]

Use "kubectl create secret <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;
