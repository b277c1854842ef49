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
  readonly #states = new Map<string, { service: number | undefined; pods: Map<string, number> }>();

  /** The trigger time (epoch ms) to publish for this sync, or undefined; records the state seen. */
  compute(service: Service, pods: readonly Pod[]): number | undefined {
    const key = `${service.metadata?.namespace ?? ""}/${service.metadata?.name ?? ""}`;
    const state = this.#states.get(key);
    let minChanged: number | undefined;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = time(readyCondition(pod)?.lastTransitionTime);
      if (t === undefined) continue;
      const name = pod.metadata?.name ?? "";
      podTimes.set(name, t);
      const before = state?.pods.get(name);
      if (before === undefined || t > before)
        minChanged = minChanged === undefined ? t : Math.min(minChanged, t);
    }
    const serviceTime = time(service.metadata?.creationTimestamp);
    if (serviceTime !== undefined && (state?.service === undefined || serviceTime > state.service)) {
      minChanged = minChanged === undefined ? serviceTime : Math.min(minChanged, serviceTime);
    }
    this.#states.set(key, { service: serviceTime, pods: podTimes });
    if (!state) return serviceTime;
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
