import type { FlagSpec } from "../cli/parseFlags.js";
import { type CommandSpec, filenamesReadStdin } from "./CommandSpec.js";
import type { CreateSubcommand } from "./CreateSubcommand.js";
import { createConfigMapSubcommand } from "./createConfigMap.js";
import { createDeploymentSubcommand } from "./createDeployment.js";
import { createFromFilesCommand } from "./createFromFiles.js";
import { createNamespaceSubcommand } from "./createNamespace.js";
import { createSecretSubcommand } from "./createSecret.js";
import { createServiceSubcommand } from "./createService.js";
import { createServiceAccountSubcommand } from "./createServiceAccount.js";
import { failUsage, GENERATOR_FLAGS } from "./generatedObject.js";

/** The `kubectl create <kind>` subcommands kubesim simulates. */
export const CREATE_SUBCOMMANDS: readonly CreateSubcommand[] = [
  createNamespaceSubcommand,
  createSecretSubcommand,
  createConfigMapSubcommand,
  createServiceAccountSubcommand,
  createServiceSubcommand,
  createDeploymentSubcommand,
];

/** Real `kubectl create` subcommands that kubesim does not simulate (yet). */
const UNSUPPORTED = [
  "quota",
  "resourcequota",
  "clusterrole",
  "clusterrolebinding",
  "role",
  "rolebinding",
  "poddisruptionbudget",
  "pdb",
  "priorityclass",
  "pc",
  "job",
  "cronjob",
  "cj",
  "ingress",
  "ing",
  "token",
];

/** The flags of `kubectl create -f` (create.go), accepted here so that the file form parses. */
const FILE_FLAGS: readonly FlagSpec[] = [
  { name: "filename", shorthand: "f", type: "stringArray" },
  { name: "recursive", shorthand: "R", type: "bool" },
  { name: "kustomize", shorthand: "k", type: "string" },
  { name: "edit", type: "bool" },
  { name: "windows-line-endings", type: "bool" },
  { name: "raw", type: "string" },
  { name: "selector", shorthand: "l", type: "string" },
];

function uniqueFlags(specs: readonly FlagSpec[]): FlagSpec[] {
  const seen = new Set<string>();
  return specs.filter((s) => !seen.has(s.name) && seen.add(s.name));
}

const SUBCOMMAND_FLAGS = uniqueFlags(CREATE_SUBCOMMANDS.flatMap((c) => c.flags));

/**
 * `kubectl create`: with `-f`, creates the objects in the files (the file form); otherwise
 * dispatches to the `create <kind>` subcommand named by the first argument. Flags of one
 * subcommand given to another are refused as kubectl refuses unknown flags.
 */
export const createCommand: CommandSpec = {
  name: "create",
  flags: uniqueFlags([...GENERATOR_FLAGS, ...FILE_FLAGS, ...SUBCOMMAND_FLAGS]),
  readsStdin: filenamesReadStdin,
  run(ctx, flags, out) {
    const [first, ...rest] = flags.args;
    if (flags.strings("filename").length > 0 || flags.has("kustomize")) {
      return createFromFilesCommand.run(ctx, flags, out);
    }
    if (first === undefined) return out.fail("must specify one of -f and -k");
    const sub = CREATE_SUBCOMMANDS.find((c) => c.name === first || c.aliases.includes(first));
    if (!sub) {
      if (UNSUPPORTED.includes(first))
        return out.fail(`kubesim does not support "kubectl create ${first}" yet`);
      return failUsage(out, "kubectl create", `Unexpected args: [${flags.args.join(" ")}]`);
    }
    const path = sub.name === "service" || sub.name === "secret" ? undefined : `kubectl create ${sub.name}`;
    const own = new Set([...GENERATOR_FLAGS, ...sub.flags].map((f) => f.name));
    const stray = [...FILE_FLAGS, ...SUBCOMMAND_FLAGS].find((f) => flags.has(f.name) && !own.has(f.name));
    if (stray) {
      const where = path ?? `kubectl create ${sub.name}${rest[0] ? ` ${rest[0]}` : ""}`;
      out.err(`Error: unknown flag: --${stray.name}\nSee '${where} --help' for usage.\n`);
      out.exitCode = 1;
      return;
    }
    sub.run(ctx, flags, out, rest, flags.afterDash);
  },
};
