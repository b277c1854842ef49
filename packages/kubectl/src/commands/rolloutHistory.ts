import type { KubeObject } from "@kubesim/core";
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import { describePodTemplate } from "../describe/describeContainers.js";
import { tabbedString } from "../describe/PrefixWriter.js";
import type { KubectlContext } from "../KubectlContext.js";
import { ObjectPrinter } from "./_internal/ObjectPrinter.js";
import {
  deploymentReplicaSets,
  groupKindString,
  PRINT_FLAGS,
  ROLLOUT_RESOURCE_FLAGS,
  type RolloutSubcommand,
  revisionOf,
  rolloutTargets,
} from "./rolloutTargets.js";

/** `kubernetes.io/change-cause`, which `--record` used to set and users set by hand. */
const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";

/**
 * `DeploymentHistoryViewer.ViewHistory` (k8s.io/kubectl/pkg/polymorphichelpers/history.go): the
 * `REVISION  CHANGE-CAUSE` table of the Deployment's ReplicaSets, or with `revision` the pod
 * template of that revision as `kubectl describe` prints it.
 */
export function deploymentHistory(
  ctx: KubectlContext,
  deployment: KubeObject,
  revision: number,
): { ok: true; text: string } | { ok: false; error: string } {
  const history = new Map<number, PodTemplateSpec>();
  for (const rs of deploymentReplicaSets(ctx.sim, deployment)) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    const template = structuredCloneTemplate(
      (rs.spec as { template?: PodTemplateSpec } | undefined)?.template,
    );
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
    template.metadata = { ...template.metadata, annotations: { ...template.metadata?.annotations } };
    if (cause) template.metadata.annotations![CHANGE_CAUSE_ANNOTATION] = cause;
    history.set(v, template);
  }
  if (history.size === 0) return { ok: true, text: "No rollout history found." };
  if (revision > 0) {
    const template = history.get(revision);
    if (!template) return { ok: false, error: "unable to find the specified revision" };
    // DescribePodTemplate leaves out an empty annotations map, as Go's nil map.
    if (Object.keys(template.metadata?.annotations ?? {}).length === 0) delete template.metadata!.annotations;
    return { ok: true, text: tabbedString((w) => describePodTemplate(template, w)) };
  }
  const revisions = [...history.keys()].sort((a, b) => a - b);
  const text = tabbedString((w) => {
    w.write(0, "REVISION\tCHANGE-CAUSE\n");
    for (const r of revisions) {
      const cause = history.get(r)!.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] || "<none>";
      w.write(0, `${r}\t${cause}\n`);
    }
  });
  return { ok: true, text };
}

function structuredCloneTemplate(t: PodTemplateSpec | undefined): PodTemplateSpec {
  return JSON.parse(JSON.stringify(t ?? {})) as PodTemplateSpec;
}

/**
 * `kubectl rollout history (TYPE NAME | TYPE/NAME | -f FILE) [--revision=N]`
 * (k8s.io/kubectl/pkg/cmd/rollout/rollout_history.go, v1.32): prints `deployment.apps/web ` and the
 * history table (with `--revision`, `deployment.apps/web with revision #N` and that revision's pod
 * template). With `-o`, prints the ReplicaSets' objects instead is not simulated: kubesim prints the
 * Deployment's revisions' ReplicaSets only through `kubectl get rs`.
 */
export const rolloutHistorySubcommand: RolloutSubcommand = {
  name: "history",
  flags: [...ROLLOUT_RESOURCE_FLAGS, ...PRINT_FLAGS, { name: "revision", type: "int" }],
  run(ctx, flags, out, args) {
    const revision = flags.int("revision", 0);
    if (revision < 0) return out.fail(`revision must be a positive integer: ${revision}`);
    if (flags.string("output") !== "")
      return out.fail("kubesim does not support -o for kubectl rollout history yet");
    const found = rolloutTargets(ctx, flags, out, args, "history");
    if (!found) return;
    const { targets, failures } = found;
    for (const target of targets) {
      if (target.type.kind !== "Deployment") {
        failures.message(
          `no history viewer has been implemented for ${JSON.stringify(groupKindString(ctx, target.type.kind))}`,
        );
        continue;
      }
      const history = deploymentHistory(ctx, target.object, revision);
      if (!history.ok) {
        failures.message(history.error);
        continue;
      }
      const withRevision = revision > 0 ? `with revision #${revision}` : "";
      new ObjectPrinter(ctx, out, "", { suffix: "", reuse: false }).print(
        target.object,
        `${withRevision}\n${history.text}`,
      );
    }
    failures.print(out);
  },
};
