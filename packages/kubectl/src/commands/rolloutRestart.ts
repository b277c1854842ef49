import { formatTimestamp, type KubeObject, StatusError } from "@kubesim/core";
import { typePrefix } from "../resourceArgs.js";
import { ObjectPrinter } from "./_internal/ObjectPrinter.js";
import { serverWrite } from "./_internal/serverWrite.js";
import {
  PRINT_FLAGS,
  ROLLOUT_RESOURCE_FLAGS,
  type RolloutSubcommand,
  rolloutTargets,
} from "./rolloutTargets.js";

/** The pod template annotation `rollout restart` sets; a changed template starts a rollout. */
export const RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

/**
 * `kubectl rollout restart (TYPE NAME | TYPE/NAME | -f FILE)` (k8s.io/kubectl/pkg/cmd/rollout/rollout_restart.go
 * and polymorphichelpers/objectrestarter.go, v1.32): sets the pod template annotation
 * `kubectl.kubernetes.io/restartedAt` to the current (virtual) time in RFC 3339, which makes the
 * Deployment controller roll out new pods, and prints `deployment.apps/web restarted`. A second
 * restart within the same second changes nothing and is refused as kubectl refuses it.
 */
export const rolloutRestartSubcommand: RolloutSubcommand = {
  name: "restart",
  flags: [...ROLLOUT_RESOURCE_FLAGS, ...PRINT_FLAGS, { name: "field-manager", type: "string" }],
  run(ctx, flags, out, args) {
    const found = rolloutTargets(ctx, flags, out, args, "restart");
    if (!found) return;
    const { targets, failures } = found;
    if (targets.length === 0 && failures.count === 0) return out.fail("no resources found");
    const printer = new ObjectPrinter(ctx, out, flags.string("output"), { suffix: "", reuse: true });
    const errors: string[] = [];
    for (const target of targets) {
      const d = target.object;
      const objectName = `${typePrefix(target.type)}/${target.name}`;
      if (target.type.kind !== "Deployment") {
        errors.push(`error: ${objectName} restarting is not supported\n`);
        continue;
      }
      const spec = (d.spec ?? {}) as {
        paused?: boolean;
        template?: { metadata?: { annotations?: Record<string, string> } };
      };
      if (spec.paused) {
        errors.push(`error: ${objectName} can't restart paused deployment (run rollout resume first)\n`);
        continue;
      }
      const now = formatTimestamp(ctx.sim.nowMs);
      if (spec.template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] === now) {
        errors.push(
          `failed to create patch for ${target.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
        );
        continue;
      }
      let updated: KubeObject;
      try {
        updated = serverWrite(ctx, "none", (store) =>
          store.update({
            ...d,
            spec: {
              ...spec,
              template: {
                ...spec.template,
                metadata: {
                  ...spec.template?.metadata,
                  annotations: { ...spec.template?.metadata?.annotations, [RESTARTED_AT_ANNOTATION]: now },
                },
              },
            },
          } as KubeObject),
        );
      } catch (err) {
        if (!(err instanceof StatusError)) throw err;
        errors.push(`failed to patch: ${err.message}`);
        continue;
      }
      printer.print(updated, "restarted");
    }
    failures.aggregate(errors);
    failures.print(out);
  },
};
