import { type KubeObject, newNotFound } from "@kubesim/core";
import { formatApiError } from "../errors.js";
import type { KubectlContext, Output } from "../KubectlContext.js";
import type { CommandSpec } from "./CommandSpec.js";

/** Sets `spec.unschedulable` of the named nodes, printing kubectl's `node/x cordoned` lines (k8s.io/kubectl/pkg/cmd/drain). */
function setUnschedulable(
  ctx: KubectlContext,
  out: Output,
  names: readonly string[],
  unschedulable: boolean,
  verb: string,
): void {
  if (names.length === 0) {
    out.fail("resource(s) were provided, but no name was specified");
    return;
  }
  for (const name of names) {
    const node = ctx.sim.store.get("Node", "", name);
    if (!node) {
      out.err(formatApiError(newNotFound(ctx.sim.registry.mustByKind("Node"), name)));
      out.exitCode = 1;
      continue;
    }
    const current = (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable ?? false;
    if (current === unschedulable) {
      out.out(`node/${name} already ${verb}\n`);
      continue;
    }
    ctx.sim.store.mutate({ kind: "Node", namespace: "", name }, (d) => {
      const spec = (d.spec ?? {}) as { unschedulable?: boolean };
      if (unschedulable) spec.unschedulable = true;
      else delete spec.unschedulable;
      d.spec = spec;
    });
    out.out(`node/${name} ${verb}\n`);
  }
}

/** `kubectl cordon NODE...`: marks nodes unschedulable. */
export const cordonCommand: CommandSpec = {
  name: "cordon",
  flags: [{ name: "dry-run", type: "string", noOptDefault: "unchanged" }],
  run: (ctx, flags, out) => setUnschedulable(ctx, out, flags.args, true, "cordoned"),
};

/** `kubectl uncordon NODE...`: marks nodes schedulable again. */
export const uncordonCommand: CommandSpec = {
  name: "uncordon",
  flags: [{ name: "dry-run", type: "string", noOptDefault: "unchanged" }],
  run: (ctx, flags, out) => setUnschedulable(ctx, out, flags.args, false, "uncordoned"),
};

/**
 * `kubectl drain NODE`: cordons the node, then evicts its pods (each deleted with its own grace
 * period) and waits in virtual time until they are gone, as kubectl's drain does. Pods that no
 * controller would recreate are refused unless `--force`; finished pods are simply deleted.
 * Simplification: evictions ignore PodDisruptionBudgets (kubesim has none yet).
 */
export const drainCommand: CommandSpec = {
  name: "drain",
  flags: [
    { name: "force", type: "bool" },
    { name: "ignore-daemonsets", type: "bool" },
    { name: "delete-emptydir-data", type: "bool" },
    { name: "grace-period", type: "int" },
    { name: "timeout", type: "string" },
    { name: "disable-eviction", type: "bool" },
    { name: "selector", shorthand: "l", type: "string" },
    { name: "pod-selector", type: "string" },
    { name: "dry-run", type: "string", noOptDefault: "unchanged" },
  ],
  run(ctx, flags, out) {
    const [name] = flags.args;
    if (!name) return out.fail("resource(s) were provided, but no name was specified");
    setUnschedulable(ctx, out, [name], true, "cordoned");
    if (out.exitCode !== 0) return;
    const { sim } = ctx;
    const onNode = podsOnNode(ctx, name);
    const finished = (p: KubeObject) =>
      ["Succeeded", "Failed"].includes((p.status as { phase?: string } | undefined)?.phase ?? "");
    const unmanaged = onNode.filter(
      (p) => !finished(p) && !p.metadata.ownerReferences?.some((r) => r.controller),
    );
    if (unmanaged.length > 0 && !flags.bool("force")) {
      const list = unmanaged.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(", ");
      const reason = `cannot delete Pods that declare no controller (use --force to override): ${list}`;
      out.err(`error: unable to drain node "${name}" due to error: ${reason}, continuing command...\n`);
      out.err(`There are pending nodes to be drained:\n ${name}\n${reason}\n`);
      out.exitCode = 1;
      return;
    }
    if (unmanaged.length > 0) {
      out.err(
        `Warning: deleting Pods that declare no controller: ${unmanaged.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(", ")}\n`,
      );
    }
    const grace =
      flags.has("grace-period") && flags.int("grace-period", -1) >= 0
        ? flags.int("grace-period", -1)
        : undefined;
    for (const pod of onNode) {
      out.out(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name}\n`);
      sim.store.delete(
        { kind: "Pod", namespace: pod.metadata.namespace!, name: pod.metadata.name! },
        grace === undefined ? {} : { gracePeriodSeconds: grace },
      );
    }
    const gone = (p: KubeObject) =>
      sim.store.get("Pod", p.metadata.namespace!, p.metadata.name!)?.metadata.uid !== p.metadata.uid;
    sim.runUntil(() => onNode.every(gone), { timeoutMs: 24 * 3600 * 1000 });
    for (const pod of onNode) if (gone(pod)) out.out(`pod/${pod.metadata.name} evicted\n`);
    out.out(`node/${name} drained\n`);
  },
};

/** The pods bound to a node, mirror pods excepted, in namespace/name order. */
function podsOnNode(ctx: KubectlContext, node: string): KubeObject[] {
  // kubectl lists pods with a field selector on spec.nodeName; the store has no field index,
  // so this scans pods once per drain, which is a rare, operator-driven command.
  return ctx.sim.store
    .list("Pod")
    .filter(
      (p) =>
        (p.spec as { nodeName?: string } | undefined)?.nodeName === node &&
        !p.metadata.annotations?.["kubernetes.io/config.mirror"],
    );
}
