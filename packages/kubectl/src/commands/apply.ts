import { deepEqual, type KubeObject, StatusError } from "@kubesim/core";
import { formatApiError } from "../errors.js";
import type { KubectlContext } from "../KubectlContext.js";
import { mergeForApply } from "../patch/mergeForApply.js";
import { OBJECT_FORMATS, printObjects, splitOutputFlag, unknownOutputFormat } from "../printObjects.js";
import { readManifests } from "../readManifests.js";
import { typePrefix } from "../resourceArgs.js";
import { sortedJson } from "../threeWayMerge.js";
import { type CommandSpec, filenamesReadStdin } from "./CommandSpec.js";

/** The annotation where `kubectl apply` keeps the configuration it last applied. */
export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

/** Thrown inside a transaction to undo it (server-side dry run). */
class DryRunAbort extends Error {}

/**
 * `kubectl apply -f`: creates what does not exist, and updates what does with a three-way
 * merge of the last applied configuration, the new one and the live object. Prints
 * `<type>/<name> created|configured|unchanged` per object, then any errors; exit code 1 if
 * any object failed.
 */
export const applyCommand: CommandSpec = {
  name: "apply",
  flags: [
    { name: "filename", shorthand: "f", type: "stringArray" },
    { name: "recursive", shorthand: "R", type: "bool" },
    { name: "output", shorthand: "o", type: "string" },
    { name: "dry-run", type: "string", noOptDefault: "unchanged" },
    { name: "validate", type: "string", noOptDefault: "strict" },
    { name: "server-side", type: "bool" },
    { name: "force-conflicts", type: "bool" },
    { name: "field-manager", type: "string" },
    { name: "prune", type: "bool" },
  ],
  readsStdin: filenamesReadStdin,
  run(ctx, flags, out) {
    const { sim } = ctx;
    const filenames = flags.strings("filename");
    if (filenames.length === 0) return out.fail("must specify one of -f and -k");
    const dryRun = flags.string("dry-run", "none");
    if (!["none", "client", "server"].includes(dryRun)) {
      return out.fail(`Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`);
    }
    const output = flags.string("output");
    if (output !== "" && !OBJECT_FORMATS.includes(splitOutputFlag(output).format)) {
      return out.fail(unknownOutputFormat(output));
    }
    const read = readManifests(filenames, ctx.io, flags.bool("recursive"));
    if (read.objects.length === 0) return out.fail(read.error ?? "no objects passed to apply");

    const errors: string[] = [];
    const printed: KubeObject[] = [];
    const suffix = dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
    for (const { object: manifest, source } of read.objects) {
      const name = manifest.metadata?.name ?? "";
      const type = sim.registry.byApiVersionKind(manifest.apiVersion, manifest.kind);
      const nsOfManifest = manifest.metadata?.namespace;
      if (!type) {
        errors.push(
          `error: resource mapping not found for name: "${name}" namespace: "${nsOfManifest ?? ""}" from "${source}": no matches for kind "${manifest.kind}" in version "${manifest.apiVersion}"\nensure CRDs are installed first\n`,
        );
        continue;
      }
      if (type.namespaced && nsOfManifest && ctx.namespaceExplicit && nsOfManifest !== ctx.namespace) {
        errors.push(
          `error: the namespace from the provided object "${nsOfManifest}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${nsOfManifest}' to perform this operation.\n`,
        );
        continue;
      }
      const namespace = type.namespaced ? (nsOfManifest ?? ctx.namespace) : "";
      const config = { ...manifest, metadata: { ...manifest.metadata } } as KubeObject;
      if (type.namespaced) config.metadata.namespace = namespace;
      else delete config.metadata.namespace;
      const modified = withLastApplied(config);
      const live = sim.store.get(type.kind, namespace, name);
      const label = `${typePrefix(type)}/${name}`;
      try {
        if (!live) {
          const created = runWrite(ctx, dryRun, () => sim.store.create(modified)) ?? modified;
          printed.push(created);
          if (!output) out.out(`${label} created${suffix}\n`);
          continue;
        }
        const lastApplied = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
        const original = lastApplied ? safeParse(lastApplied) : undefined;
        const merged = mergeForApply(original, modified, live);
        if (deepEqual(merged, live)) {
          printed.push(live);
          if (!output) out.out(`${label} unchanged${suffix}\n`);
          continue;
        }
        const updated =
          runWrite(ctx, dryRun, () =>
            sim.store.update({ ...merged, metadata: { ...merged.metadata, resourceVersion: undefined } }),
          ) ?? merged;
        printed.push(updated);
        if (!output) out.out(`${label} configured${suffix}\n`);
      } catch (err) {
        if (!(err instanceof StatusError)) throw err;
        errors.push(formatApiError(err, `error when ${live ? "applying patch" : "creating"} "${source}"`));
      }
    }
    if (output && printed.length > 0) {
      const text = printObjects(sim.registry, printed, output, printed.length === 1);
      if (!text.ok) return out.fail(text.error);
      out.out(text.text);
    }
    if (read.error) errors.push(`error: ${read.error}\n`);
    if (errors.length > 0) {
      out.err(errors.join(""));
      out.exitCode = 1;
    }
  },
};

/** The configuration with the last-applied annotation kubectl adds: sorted-key JSON of the configuration, plus a newline. */
function withLastApplied(config: KubeObject): KubeObject {
  const annotations = { ...config.metadata.annotations };
  delete annotations[LAST_APPLIED_ANNOTATION];
  const recorded = { ...config, metadata: { ...config.metadata, annotations } };
  return {
    ...config,
    metadata: {
      ...config.metadata,
      annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: `${sortedJson(recorded)}\n` },
    },
  };
}

/** Runs a write for real, as a server-side dry run (undone), or not at all for a client dry run. */
function runWrite(ctx: KubectlContext, dryRun: string, write: () => KubeObject): KubeObject | undefined {
  if (dryRun === "client") return undefined;
  if (dryRun === "none") return write();
  let result: KubeObject | undefined;
  try {
    ctx.sim.store.transaction(() => {
      result = write();
      throw new DryRunAbort();
    });
  } catch (err) {
    if (!(err instanceof DryRunAbort)) throw err;
  }
  return result;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
