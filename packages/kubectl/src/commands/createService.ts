import type { FlagSpec } from "../cli/parseFlags.js";
import { type CreateServiceType, generateCreateService } from "../generators/createService.js";
import type { CreateSubcommand } from "./CreateSubcommand.js";
import { nameFromArgs } from "./CreateSubcommand.js";
import {
  checkGeneratorOutput,
  failRequiredFlag,
  failUsage,
  finishGenerated,
  parseDryRun,
  stringSlice,
} from "./generatedObject.js";

interface ServiceVariant {
  readonly name: string;
  readonly type: CreateServiceType;
  /** The flags this variant has besides `--tcp`. */
  readonly flags: readonly string[];
}

/** `kubectl create service`'s subcommands and the flags each has (create_service.go). */
const VARIANTS: readonly ServiceVariant[] = [
  { name: "clusterip", type: "ClusterIP", flags: ["tcp", "clusterip"] },
  { name: "externalname", type: "ExternalName", flags: ["tcp", "external-name"] },
  { name: "loadbalancer", type: "LoadBalancer", flags: ["tcp"] },
  { name: "nodeport", type: "NodePort", flags: ["tcp", "node-port"] },
];

/** The flags of all `create service` variants; which variant takes which is checked in `run`. */
export const CREATE_SERVICE_FLAGS: readonly FlagSpec[] = [
  { name: "tcp", type: "stringArray" },
  { name: "clusterip", type: "string" },
  { name: "node-port", type: "int" },
  { name: "external-name", type: "string" },
];

/**
 * `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME`
 * (k8s.io/kubectl/pkg/cmd/create/create_service.go). Without a variant it prints the command's
 * help (exit 1), with an unknown one `unknown command`. Server errors print as
 * `error: failed to create <Type> service: <message>`.
 */
export const createServiceSubcommand: CreateSubcommand = {
  name: "service",
  aliases: ["svc"],
  flags: CREATE_SERVICE_FLAGS,
  run(ctx, flags, out, args) {
    const [variantName, ...rest] = args;
    if (variantName === undefined) {
      out.err(SERVICE_HELP);
      out.exitCode = 1;
      return;
    }
    const variant = VARIANTS.find((v) => v.name === variantName);
    if (!variant) return failUsage(out, "kubectl create service", `unknown command "${args.join(" ")}"`);
    const path = `kubectl create service ${variant.name}`;
    const stray = CREATE_SERVICE_FLAGS.find((f) => flags.has(f.name) && !variant.flags.includes(f.name));
    if (stray) {
      out.err(`Error: unknown flag: --${stray.name}\nSee '${path} --help' for usage.\n`);
      out.exitCode = 1;
      return;
    }
    if (variant.type === "ExternalName" && !flags.has("external-name"))
      return failRequiredFlag(ctx, out, "external-name");
    const name = nameFromArgs(out, path, rest);
    if (name === undefined) return;
    const dryRun = parseDryRun(ctx, flags, out);
    if (!dryRun || !checkGeneratorOutput(flags, out)) return;
    const generated = generateCreateService({
      name,
      type: variant.type,
      tcp: stringSlice(flags, "tcp"),
      clusterIP: flags.string("clusterip"),
      nodePort: flags.int("node-port", 0),
      externalName: flags.string("external-name"),
      ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
    });
    if (!generated.ok) return out.fail(generated.error);
    finishGenerated(ctx, flags, out, dryRun, generated.object, (err) => {
      return `error: failed to create ${variant.type} service: ${err.status.message}\n`;
    });
  },
};

/** What `kubectl create service` prints when no variant is given (cobra's help for the command). */
const SERVICE_HELP = `Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kubectl create service [flags] [options]

Use "kubectl create service <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;
