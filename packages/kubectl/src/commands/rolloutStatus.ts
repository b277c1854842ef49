import type { KubeObject } from "@kubesim/core";
import type { KubectlContext, Output } from "../KubectlContext.js";
import { parseTimeoutFlag } from "./_internal/parseGoDuration.js";
import {
  groupKindString,
  ROLLOUT_RESOURCE_FLAGS,
  type RolloutSubcommand,
  revisionOf,
  rolloutTargets,
} from "./rolloutTargets.js";

/** How long `rollout status` without `--timeout` waits in virtual time before giving up (kubectl waits forever). */
const DEFAULT_WAIT_MS = 3_600_000;

interface DeploymentLike {
  metadata: { name?: string; generation?: number };
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: { type: string; reason?: string }[];
  };
}

/**
 * `DeploymentStatusViewer.Status` (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go): the
 * line `rollout status` prints for one state of a Deployment, whether the rollout is done, or the
 * error that ends the wait.
 */
export function deploymentRolloutStatus(
  obj: KubeObject,
  revision: number,
): { ok: true; message: string; done: boolean } | { ok: false; error: string } {
  const d = obj as unknown as DeploymentLike;
  const name = JSON.stringify(d.metadata.name ?? "");
  if (revision > 0) {
    const current = revisionOf(obj);
    if (current === undefined)
      return { ok: false, error: "cannot get the revision of deployment: invalid revision" };
    if (revision !== current) {
      return {
        ok: false,
        error: `desired revision (${revision}) is different from the running revision (${current})`,
      };
    }
  }
  const status = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    const cond = status.conditions?.find((c) => c.type === "Progressing");
    if (cond?.reason === "ProgressDeadlineExceeded") {
      return { ok: false, error: `deployment ${name} exceeded its progress deadline` };
    }
    const updated = status.updatedReplicas ?? 0;
    const replicas = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    if (d.spec?.replicas !== undefined && updated < d.spec.replicas) {
      return {
        ok: true,
        done: false,
        message: `Waiting for deployment ${name} rollout to finish: ${updated} out of ${d.spec.replicas} new replicas have been updated...\n`,
      };
    }
    if (replicas > updated) {
      return {
        ok: true,
        done: false,
        message: `Waiting for deployment ${name} rollout to finish: ${replicas - updated} old replicas are pending termination...\n`,
      };
    }
    if (available < updated) {
      return {
        ok: true,
        done: false,
        message: `Waiting for deployment ${name} rollout to finish: ${available} of ${updated} updated replicas are available...\n`,
      };
    }
    return { ok: true, done: true, message: `deployment ${name} successfully rolled out\n` };
  }
  return { ok: true, done: false, message: "Waiting for deployment spec update to be observed...\n" };
}

/**
 * `kubectl rollout status (TYPE NAME | TYPE/NAME | -f FILE)` (k8s.io/kubectl/pkg/cmd/rollout/rollout_status.go,
 * v1.32): watches the Deployment and prints the status line for its current state and again on
 * every change, until the rollout is done; the watch runs the simulation in virtual time. With
 * `--watch=false` it prints once. `--timeout` bounds the wait (`timed out waiting for the condition`);
 * without it kubesim gives up after an hour of virtual time, where kubectl would wait forever.
 */
export const rolloutStatusSubcommand: RolloutSubcommand = {
  name: "status",
  flags: [
    ...ROLLOUT_RESOURCE_FLAGS,
    { name: "watch", shorthand: "w", type: "bool" },
    { name: "revision", type: "int" },
    { name: "timeout", type: "string" },
  ],
  run(ctx, flags, out, args) {
    const timeoutMs = parseTimeoutFlag(flags, out, "rollout status");
    if (timeoutMs === undefined) return;
    const revision = flags.int("revision", 0);
    if (revision < 0) return out.fail(`revision must be a positive integer: ${revision}`);
    const found = rolloutTargets(ctx, flags, out, args, "status");
    if (!found) return;
    const { targets, failures } = found;
    for (const target of targets) {
      if (target.type.kind !== "Deployment") {
        failures.message(
          `no status viewer has been implemented for ${groupKindString(ctx, target.type.kind)}`,
        );
        break;
      }
      const error = watchStatus(
        ctx,
        out,
        target.namespace,
        target.name,
        revision,
        flags.bool("watch", true),
        timeoutMs,
      );
      if (error !== undefined) {
        failures.message(error);
        break;
      }
    }
    if (targets.length === 0 && failures.count === 0)
      out.err(`No resources found in ${ctx.namespace} namespace.\n`);
    failures.print(out);
  },
};

/** `UntilWithSync` over one Deployment: returns the error that ended the wait, if any. */
function watchStatus(
  ctx: KubectlContext,
  out: Output,
  namespace: string,
  name: string,
  revision: number,
  watch: boolean,
  timeoutMs: number,
): string | undefined {
  let finished = false;
  let error: string | undefined;
  const see = (obj: KubeObject | undefined): void => {
    if (finished) return;
    if (!obj) {
      finished = true;
      error = "object has been deleted";
      return;
    }
    const result = deploymentRolloutStatus(obj, revision);
    if (!result.ok) {
      finished = true;
      error = result.error;
      return;
    }
    out.out(result.message);
    if (result.done || !watch) finished = true;
  };
  see(ctx.sim.store.get("Deployment", namespace, name));
  if (finished) return error;
  const stop = ctx.sim.store.watch({ kind: "Deployment", namespace }, (e) => {
    if (e.object.metadata.name !== name) return;
    see(e.type === "DELETED" ? undefined : e.object);
  });
  try {
    const done = ctx.sim.runUntil(() => finished, { timeoutMs: timeoutMs > 0 ? timeoutMs : DEFAULT_WAIT_MS });
    if (!done) return "timed out waiting for the condition";
  } finally {
    stop();
  }
  return error;
}
