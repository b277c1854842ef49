/**
 * Helpers for the workload controller tests: without the scheduler and kubelet, tests play their
 * part by writing pod status themselves.
 */
import {
  type Controller,
  formatTimestamp,
  type KubeObject,
  parseTimestamp,
  type Simulation,
} from "@kubesim/core";

/** Marks a pod as the kubelet would once its containers run and pass readiness: bound, Running, Ready. */
export function markPodReady(
  sim: Simulation,
  namespace: string,
  name: string,
  nodeName = "kubesim-worker",
): void {
  const now = formatTimestamp(sim.nowMs);
  sim.store.mutate({ kind: "Pod", namespace, name }, (d) => {
    const pod = d as unknown as { spec: { nodeName?: string }; status?: Record<string, unknown> };
    pod.spec.nodeName ??= nodeName;
    pod.status = {
      ...pod.status,
      phase: "Running",
      conditions: [
        { type: "Initialized", status: "True", lastTransitionTime: now },
        { type: "Ready", status: "True", lastTransitionTime: now },
        { type: "ContainersReady", status: "True", lastTransitionTime: now },
        { type: "PodScheduled", status: "True", lastTransitionTime: now },
      ],
    };
  });
}

/** Names of the pods in a namespace whose labels include `labels`. */
export function podNames(sim: Simulation, namespace = "default"): string[] {
  return sim.store.list("Pod", { namespace }).map((p) => p.metadata.name!);
}

/** The Events recorded about an object, as `reason: message`. */
export function eventsOf(sim: Simulation, kind: string, name: string, namespace = "default"): string[] {
  return sim.store
    .list("Event", { namespace })
    .filter((e) => {
      const io = (e as KubeObject & { involvedObject: { kind: string; name: string } }).involvedObject;
      return io.kind === kind && io.name === name;
    })
    .map((e) => `${e.reason as string}: ${e.message as string}`);
}

/**
 * A stand-in for the kubelet in workload tests: a pod becomes Running and Ready `readyAfterMs` after
 * it is created (bound to `kubesim-worker`), and a terminating pod is removed `terminateAfterMs` after
 * its deletion started.
 */
export function fakeKubelet(readyAfterMs = 2_000, terminateAfterMs = 1_000): Controller {
  return {
    name: "fake-kubelet",
    watches: [{ filter: { kind: "Pod" } }],
    reconcile(key, { tx, nowMs }) {
      const [namespace, name] = key.split("/") as [string, string];
      const pod = tx.get("Pod", namespace, name);
      if (!pod) return undefined;
      if (pod.metadata.deletionTimestamp) {
        const started =
          parseTimestamp(pod.metadata.deletionTimestamp)! -
          (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
        const due = started + terminateAfterMs - nowMs;
        if (due > 0) return { requeueAfterMs: due };
        tx.delete({ kind: "Pod", namespace, name }, { gracePeriodSeconds: 0 });
        return undefined;
      }
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase === "Running") return undefined;
      const due = parseTimestamp(pod.metadata.creationTimestamp!)! + readyAfterMs - nowMs;
      if (due > 0) return { requeueAfterMs: due };
      const now = formatTimestamp(nowMs);
      tx.mutate({ kind: "Pod", namespace, name }, (d) => {
        const p = d as unknown as { spec: { nodeName?: string }; status?: Record<string, unknown> };
        p.spec.nodeName ??= "kubesim-worker";
        p.status = {
          ...p.status,
          phase: "Running",
          conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }],
        };
      });
      return undefined;
    },
  };
}
