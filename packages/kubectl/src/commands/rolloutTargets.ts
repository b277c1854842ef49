import { type KubeObject, labelSelectorAsSelector, type Simulation } from "@kubesim/core";
import type { FlagSpec, Flags } from "../cli/parseFlags.js";
import type { KubectlContext, Output } from "../KubectlContext.js";
import { Failures } from "./_internal/Failures.js";
import { resolveTargets, type Target } from "./_internal/resolveTargets.js";
import { failUsage } from "./generatedObject.js";

/** One `kubectl rollout <verb>` subcommand. */
export interface RolloutSubcommand {
  readonly name: string;
  readonly flags: readonly FlagSpec[];
  run(ctx: KubectlContext, flags: Flags, out: Output, args: readonly string[]): void;
}

/** The resource-selection flags every rollout subcommand has. */
export const ROLLOUT_RESOURCE_FLAGS: readonly FlagSpec[] = [
  { name: "filename", shorthand: "f", type: "stringArray" },
  { name: "recursive", shorthand: "R", type: "bool" },
  { name: "kustomize", shorthand: "k", type: "string" },
  { name: "selector", shorthand: "l", type: "string" },
];

/**
 * The objects a rollout subcommand acts on, fetched from the server, or kubectl's usage error
 * `Required resource not specified.` when neither arguments nor files name any.
 */
export function rolloutTargets(
  ctx: KubectlContext,
  flags: Flags,
  out: Output,
  args: readonly string[],
  verb: string,
): { targets: Target[]; failures: Failures } | undefined {
  if (args.length === 0 && flags.strings("filename").length === 0 && !flags.has("kustomize")) {
    failUsage(out, `kubectl rollout ${verb}`, "Required resource not specified.");
    return undefined;
  }
  if (flags.has("kustomize")) {
    out.fail("kubesim does not support kustomize (-k)");
    return undefined;
  }
  const failures = new Failures();
  const resolved = resolveTargets(
    ctx,
    {
      filenames: flags.strings("filename"),
      recursive: flags.bool("recursive"),
      args,
      ...(flags.has("selector") ? { selector: flags.string("selector") } : {}),
      latest: true,
    },
    failures,
  );
  if (!resolved.ok) {
    out.fail(resolved.error);
    return undefined;
  }
  if (resolved.value.readError) failures.message(resolved.value.readError);
  return { targets: resolved.value.targets, failures };
}

/** `schema.GroupKind.String()`: `Kind` or `Kind.group`. */
export function groupKindString(ctx: KubectlContext, kind: string): string {
  const type = ctx.sim.registry.byKind(kind);
  return type?.group ? `${kind}.${type.group}` : kind;
}

/**
 * `deploymentutil.GetAllReplicaSets`' list: the ReplicaSets the Deployment's selector matches and
 * that it controls, sorted by name.
 */
export function deploymentReplicaSets(sim: Simulation, deployment: KubeObject): KubeObject[] {
  const selector = labelSelectorAsSelector((deployment.spec as { selector?: never } | undefined)?.selector);
  if (!selector.ok) return [];
  return sim.store
    .list("ReplicaSet", { namespace: deployment.metadata.namespace ?? "", labelSelector: selector.selector })
    .filter((rs) =>
      (rs.metadata.ownerReferences ?? []).some(
        (r) => r.controller === true && r.uid === deployment.metadata.uid,
      ),
    );
}

/** `deploymentutil.Revision`: the revision annotation, 0 when absent, undefined when not a number. */
export function revisionOf(obj: KubeObject): number | undefined {
  const text = obj.metadata.annotations?.["deployment.kubernetes.io/revision"];
  if (text === undefined) return 0;
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}
export { PRINT_FLAGS } from "./_internal/ObjectPrinter.js";
