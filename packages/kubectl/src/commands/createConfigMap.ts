import type { Flags } from "../cli/parseFlags.js";
import { generateConfigMap } from "../generators/configMap.js";
import {
  type DataEntry,
  parseLiteralSource,
  readEnvFileSources,
  readFileSources,
} from "../generators/dataSources.js";
import type { KubectlContext, Output } from "../KubectlContext.js";
import { type CreateSubcommand, nameFromArgs } from "./CreateSubcommand.js";
import { checkGeneratorOutput, finishGenerated, parseDryRun, stringSlice } from "./generatedObject.js";

/** The data-source flags `create configmap` and `create secret generic` share. */
export const DATA_SOURCE_FLAGS = [
  { name: "from-file", type: "stringArray" },
  { name: "from-literal", type: "stringArray" },
  { name: "from-env-file", type: "stringArray" },
  { name: "append-hash", type: "bool" },
] as const;

/**
 * Gathers `--from-file`, `--from-literal` and `--from-env-file` entries through the command's
 * file system; prints kubectl's error and returns undefined when one cannot be read.
 */
export function readDataSources(
  ctx: KubectlContext,
  flags: Flags,
  out: Output,
  envDirectoryError: string,
): { files: DataEntry[]; literals: DataEntry[]; envFiles: DataEntry[] } | undefined {
  const envSources = stringSlice(flags, "from-env-file");
  const fileSources = stringSlice(flags, "from-file");
  const literalSources = flags.strings("from-literal");
  if (envSources.length > 0 && (fileSources.length > 0 || literalSources.length > 0)) {
    out.fail("from-env-file cannot be combined with from-file or from-literal");
    return undefined;
  }
  if (flags.bool("append-hash")) {
    out.fail("kubesim does not support --append-hash yet");
    return undefined;
  }
  const literals: DataEntry[] = [];
  for (const source of literalSources) {
    const parsed = parseLiteralSource(source);
    if (!parsed.ok) {
      out.fail(parsed.error);
      return undefined;
    }
    literals.push(parsed.object);
  }
  const files = readFileSources(fileSources, ctx.io.fs);
  if (!files.ok) {
    out.fail(files.error);
    return undefined;
  }
  const envFiles = readEnvFileSources(envSources, ctx.io.fs, envDirectoryError);
  if (!envFiles.ok) {
    out.fail(envFiles.error);
    return undefined;
  }
  return { files: files.object, literals, envFiles: envFiles.object };
}

/**
 * `kubectl create configmap NAME [--from-literal=k=v] [--from-file=[key=]path] [--from-env-file=path]`
 * (k8s.io/kubectl/pkg/cmd/create/create_configmap.go). Files are read through the command's
 * file system as text. Server errors print as `error: failed to create configmap: <message>`.
 */
export const createConfigMapSubcommand: CreateSubcommand = {
  name: "configmap",
  aliases: ["cm"],
  flags: [...DATA_SOURCE_FLAGS],
  run(ctx, flags, out, args) {
    const name = nameFromArgs(out, "kubectl create configmap", args);
    if (name === undefined) return;
    const dryRun = parseDryRun(ctx, flags, out);
    if (!dryRun || !checkGeneratorOutput(flags, out)) return;
    const sources = readDataSources(ctx, flags, out, "env config file cannot be a directory");
    if (!sources) return;
    const generated = generateConfigMap(name, ctx.namespaceExplicit ? ctx.namespace : undefined, sources);
    if (!generated.ok) return out.fail(generated.error);
    finishGenerated(
      ctx,
      flags,
      out,
      dryRun,
      generated.object,
      (err) => `error: failed to create configmap: ${err.status.message}\n`,
    );
  },
};
