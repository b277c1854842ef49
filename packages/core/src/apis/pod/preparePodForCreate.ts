/**
 * What the Pod registry strategy does to a new Pod before validation
 * (`pkg/registry/core/pod/strategy.go`, `PrepareForCreate`): the status is replaced by
 * `{phase: Pending, qosClass: <class>}` (`qos.ComputePodQOS`, `pkg/apis/core/helper/qos/qos.go`), and a
 * gated Pod gets its `PodScheduled=False` condition with reason `SchedulingGated`.
 *
 * @module
 */

import { produce } from "immer";
import type { Container, Pod } from "kubernetes-types/core/v1.js";
import { parseQuantity, type Quantity } from "./quantity.js";

/** A Pod's quality-of-service class. */
export type PodQOSClass = "Guaranteed" | "Burstable" | "BestEffort";

const QOS_RESOURCES = ["cpu", "memory"] as const;

function positive(text: string | undefined): Quantity | null {
  if (text === undefined) return null;
  const q = parseQuantity(text);
  return q !== null && q.nanos > 0n ? q : null;
}

/**
 * `ComputePodQOS`: `BestEffort` when no container (init containers included) requests or limits cpu or
 * memory; `Guaranteed` when every container limits both and the summed requests equal the summed limits;
 * `Burstable` otherwise. Expects a defaulted Pod (requests already filled in from limits).
 */
export function computePodQOS(pod: Pod): PodQOSClass {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let isGuaranteed = true;
  const containers: Container[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of containers) {
    for (const name of QOS_RESOURCES) {
      const req = positive(c.resources?.requests?.[name]);
      if (req) requests.set(name, (requests.get(name) ?? 0n) + req.nanos);
    }
    let limitsFound = 0;
    for (const name of QOS_RESOURCES) {
      const lim = positive(c.resources?.limits?.[name]);
      if (lim) {
        limits.set(name, (limits.get(name) ?? 0n) + lim.nanos);
        limitsFound++;
      }
    }
    if (limitsFound < QOS_RESOURCES.length) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (isGuaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) {
        isGuaranteed = false;
        break;
      }
    }
  }
  return isGuaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

/**
 * The Pod strategy's `PrepareForCreate`: any status in the request is dropped and replaced by
 * `{phase: Pending, qosClass}`; with `spec.schedulingGates` the status also carries the condition
 * `{type: PodScheduled, status: "False", reason: SchedulingGated, message: Scheduling is blocked due to
 * non-empty scheduling gates}`. Run it on the defaulted, admitted Pod.
 */
export function preparePodForCreate(pod: Pod): Pod {
  const qosClass = computePodQOS(pod);
  const gated = (pod.spec?.schedulingGates?.length ?? 0) > 0;
  return produce(pod, (d) => {
    d.status = { phase: "Pending", qosClass };
    if (gated) {
      d.status.conditions = [
        {
          type: "PodScheduled",
          status: "False",
          reason: "SchedulingGated",
          message: "Scheduling is blocked due to non-empty scheduling gates",
        },
      ];
    }
  });
}
