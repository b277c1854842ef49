import type { KubeObject } from "@kubesim/core";
import { StatusError } from "@kubesim/core";
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import { describePodTemplate } from "../describe/describeContainers.js";
import { tabbedString } from "../describe/PrefixWriter.js";
import type { KubectlContext } from "../KubectlContext.js";
import { dryRunSuffix, ObjectPrinter } from "./_internal/ObjectPrinter.js";
import { serverWrite } from "./_internal/serverWrite.js";
import { parseDryRun } from "./generatedObject.js";
import {
  deploymentReplicaSets,
  groupKindString,
  PRINT_FLAGS,
  ROLLOUT_RESOURCE_FLAGS,
  type RolloutSubcommand,
  revisionOf,
  rolloutTargets,
} from "./rolloutTargets.js";

/** Deployment annotations a rollback keeps from the Deployment rather than takes from the ReplicaSet. */
const ANNOTATIONS_TO_SKIP = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  "deployment.kubernetes.io/revision",
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

/**
 * `deploymentRevision` (k8s.io/kubectl/pkg/polymorphichelpers/rollback.go): the ReplicaSet of
 * revision `toRevision`, or for 0 the one before the latest.
 */
export function replicaSetForRevision(
  ctx: KubectlContext,
  deployment: KubeObject,
  toRevision: number,
): { ok: true; rs: KubeObject } | { ok: false; error: string } {
  let latest: KubeObject | undefined;
  let latestRevision = -1;
  let previous: KubeObject | undefined;
  let previousRevision = -1;
  for (const rs of deploymentReplicaSets(ctx.sim, deployment)) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) return { ok: true, rs };
  }
  if (toRevision > 0)
    return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  if (!previous) {
    return {
      ok: false,
      error: `no rollout history found for deployment ${JSON.stringify(deployment.metadata.name)}`,
    };
  }
  return { ok: true, rs: previous };
}

function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = JSON.parse(JSON.stringify(t ?? {})) as PodTemplateSpec;
  if (copy.metadata?.labels) delete copy.metadata.labels["pod-template-hash"];
  return copy;
}

/** Structural equality of JSON data. */
function jsonEqual(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown =>
    v === null || typeof v !== "object"
      ? v
      : Array.isArray(v)
        ? v.map(canon)
        : Object.fromEntries(
            Object.keys(v as object)
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .sort()
              .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
          );
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

/**
 * `kubectl rollout undo (TYPE NAME | TYPE/NAME) [--to-revision=N]`
 * (k8s.io/kubectl/pkg/cmd/rollout/rollout_undo.go and polymorphichelpers/rollback.go, v1.32): puts
 * the pod template of the previous revision (or `--to-revision`) back into the Deployment, with the
 * ReplicaSet's annotations, and prints `deployment.apps/web rolled back`; when the template already
 * matches, `skipped rollback (current template already matches revision N)`. The controller then
 * reuses that revision's ReplicaSet under a new revision number. With `--dry-run=client` it prints
 * the pod template that would be restored.
 */
export const rolloutUndoSubcommand: RolloutSubcommand = {
  name: "undo",
  flags: [
    ...ROLLOUT_RESOURCE_FLAGS,
    ...PRINT_FLAGS,
    { name: "to-revision", type: "int" },
    { name: "dry-run", type: "string", noOptDefault: "unchanged" },
  ],
  run(ctx, flags, out, args) {
    const dryRun = parseDryRun(ctx, flags, out);
    if (dryRun === undefined) return;
    const toRevision = flags.int("to-revision", 0);
    const found = rolloutTargets(ctx, flags, out, args, "undo");
    if (!found) return;
    const { targets, failures } = found;
    const printer = new ObjectPrinter(ctx, out, flags.string("output"), {
      suffix: dryRunSuffix(dryRun),
      reuse: true,
    });
    for (const target of targets) {
      if (target.type.kind !== "Deployment") {
        failures.message(
          `no rollbacker has been implemented for ${JSON.stringify(groupKindString(ctx, target.type.kind))}`,
        );
        continue;
      }
      const d = target.object;
      if (toRevision < 0) {
        failures.message(`unable to find specified revision ${toRevision} in history`);
        continue;
      }
      if ((d.spec as { paused?: boolean } | undefined)?.paused) {
        failures.message(
          "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
        );
        continue;
      }
      const found = replicaSetForRevision(ctx, d, toRevision);
      if (!found.ok) {
        failures.message(found.error);
        continue;
      }
      const rs = found.rs;
      const rsTemplate = (rs.spec as { template?: PodTemplateSpec } | undefined)?.template;
      if (dryRun === "client") {
        printer.print(
          d,
          tabbedString((w) => describePodTemplate(rsTemplate, w)),
        );
        continue;
      }
      const template = withoutHash(rsTemplate);
      const current = (d.spec as { template?: PodTemplateSpec } | undefined)?.template;
      if (jsonEqual(template, withoutHash(current))) {
        printer.print(d, `skipped rollback (current template already matches revision ${toRevision})`);
        continue;
      }
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries(d.metadata.annotations ?? {}))
        if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
      for (const [k, v] of Object.entries(rs.metadata.annotations ?? {}))
        if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
      try {
        // The JSON patch replaces /spec/template and /metadata/annotations.
        serverWrite(ctx, dryRun, (store) =>
          store.update({
            ...d,
            metadata: { ...d.metadata, annotations },
            spec: { ...(d.spec as object), template },
          } as KubeObject),
        );
      } catch (err) {
        if (!(err instanceof StatusError)) throw err;
        failures.status(err);
        continue;
      }
      printer.print(d, "rolled back");
    }
    failures.print(out);
  },
};
