import type { Pod, Service } from "kubernetes-types/core/v1.js";
import { parseTimestamp } from "../../engine/VirtualClock.js";
import { readyCondition } from "./shouldPodBeInEndpoints.js";

/**
 * Computes the `endpoints.kubernetes.io/last-change-trigger-time` annotation, as K8s
 * `staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go` does: for a Service seen for
 * the first time, its creationTimestamp; afterwards the earliest of the trigger times that
 * moved since the previous sync (a pod's `Ready` condition lastTransitionTime, the Service's
 * creationTimestamp); undefined when none moved (the annotation is then removed on write).
 * State lives in the controller, per Service, as in kube-controller-manager.
 */
export class TriggerTimeTracker {
  readonly #states = new Map<string, { service: number | undefined; readonly pods: Map<string, number> }>();

  /**
   * The trigger time (epoch ms) to publish for this sync, or undefined; records the state seen.
   * The state is updated in place, not rebuilt per sync: a Service's state lives from one sync
   * to the next, long enough for the collector to move it to the old generation, where a new
   * map per sync would be garbage only a full collection frees.
   */
  compute(service: Service, pods: readonly Pod[]): number | undefined {
    const key = `${service.metadata?.namespace ?? ""}/${service.metadata?.name ?? ""}`;
    let state = this.#states.get(key);
    const seenBefore = state !== undefined;
    if (!state) {
      state = { service: undefined, pods: new Map() };
      this.#states.set(key, state);
    }
    let minChanged: number | undefined;
    let timed = 0;
    for (const pod of pods) {
      const t = time(readyCondition(pod)?.lastTransitionTime);
      if (t === undefined) continue;
      timed++;
      const name = pod.metadata?.name ?? "";
      const before = state.pods.get(name);
      if (before === undefined || t > before) {
        minChanged = minChanged === undefined ? t : Math.min(minChanged, t);
        state.pods.set(name, t);
      } else if (t !== before) state.pods.set(name, t);
    }
    // Pods gone since the last sync (or without a Ready time now) are forgotten, as K8s's
    // tracker replaces a Service's state with the pods of this sync. Names are unique in a
    // namespace, so the state holds stale names exactly when it has more than `timed`.
    if (state.pods.size > timed) {
      const current = new Set<string>();
      for (const pod of pods)
        if (time(readyCondition(pod)?.lastTransitionTime) !== undefined)
          current.add(pod.metadata?.name ?? "");
      for (const name of [...state.pods.keys()]) if (!current.has(name)) state.pods.delete(name);
    }
    const serviceTime = time(service.metadata?.creationTimestamp);
    if (serviceTime !== undefined && (state.service === undefined || serviceTime > state.service)) {
      minChanged = minChanged === undefined ? serviceTime : Math.min(minChanged, serviceTime);
    }
    state.service = serviceTime;
    if (!seenBefore) return serviceTime;
    return minChanged;
  }

  /** Forgets a deleted Service. */
  delete(namespace: string, name: string): void {
    this.#states.delete(`${namespace}/${name}`);
  }
}

function time(text: string | undefined): number | undefined {
  return text ? parseTimestamp(text) : undefined;
}
