import type { Container, Pod } from "kubernetes-types/core/v1.js";
import { parseQuantity } from "../../apis/pod/quantity.js";

/**
 * What a pod asks of a node, in the scheduler's units (`framework.Resource`): CPU in millicores
 * (`Quantity.MilliValue`), memory and ephemeral storage in bytes (`Quantity.Value`), both rounded up.
 */
export interface ResourceRequest {
  readonly milliCPU: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
}

/** The request the scheduler assumes for a container without a CPU request when scoring (`schedutil.DefaultMilliCPURequest`). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** The request the scheduler assumes for a container without a memory request when scoring (`schedutil.DefaultMemoryRequest`, 200 MB). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const ZERO: ResourceRequest = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };

/** `Quantity.MilliValue()`: the value in thousandths, rounded up. */
export function milliValue(text: string | undefined): number {
  const q = text === undefined ? null : parseQuantity(String(text));
  if (q === null) return 0;
  return Number((q.nanos + 999_999n) / 1_000_000n);
}

/** `Quantity.Value()`: the value in whole units, rounded up. */
export function quantityValue(text: string | undefined): number {
  const q = text === undefined ? null : parseQuantity(String(text));
  if (q === null) return 0;
  return Number((q.nanos + 999_999_999n) / 1_000_000_000n);
}

function containerRequest(c: Container, nonZero: boolean): ResourceRequest {
  const r = c.resources?.requests as Record<string, string> | undefined;
  const cpu = r?.cpu;
  const memory = r?.memory;
  return {
    milliCPU: cpu === undefined && nonZero ? DEFAULT_MILLI_CPU_REQUEST : milliValue(cpu),
    memory: memory === undefined && nonZero ? DEFAULT_MEMORY_REQUEST : quantityValue(memory),
    ephemeralStorage: quantityValue(r?.["ephemeral-storage"]),
  };
}

function add(a: ResourceRequest, b: ResourceRequest): ResourceRequest {
  return {
    milliCPU: a.milliCPU + b.milliCPU,
    memory: a.memory + b.memory,
    ephemeralStorage: a.ephemeralStorage + b.ephemeralStorage,
  };
}

function max(a: ResourceRequest, b: ResourceRequest): ResourceRequest {
  return {
    milliCPU: Math.max(a.milliCPU, b.milliCPU),
    memory: Math.max(a.memory, b.memory),
    ephemeralStorage: Math.max(a.ephemeralStorage, b.ephemeralStorage),
  };
}

/**
 * A pod's effective request (`resourcehelper.PodRequests`, K8s
 * staging/src/k8s.io/component-helpers/resource/helpers.go): the sum of its containers, plus
 * its sidecars (init containers with `restartPolicy: Always`, which keep running), or the largest
 * init container (which runs alone, next to the sidecars started before it) if that is larger;
 * plus `spec.overhead`. With `nonZero`, containers without a CPU or memory request count as
 * 100m / 200Mi, as the scheduler's scoring does (`NonZeroRequested`), so that empty requests still
 * spread.
 */
export function podRequests(pod: Pod, nonZero = false): ResourceRequest {
  const spec = pod.spec;
  if (!spec) return ZERO;
  let sum = ZERO;
  for (const c of spec.containers ?? []) sum = add(sum, containerRequest(c, nonZero));
  let sidecars = ZERO;
  let init = ZERO;
  for (const c of spec.initContainers ?? []) {
    const r = containerRequest(c, nonZero);
    if (c.restartPolicy === "Always") {
      sidecars = add(sidecars, r);
      init = max(init, sidecars);
    } else {
      init = max(init, add(r, sidecars));
    }
  }
  let total = max(add(sum, sidecars), init);
  const overhead = spec.overhead as Record<string, string> | undefined;
  if (overhead) {
    total = add(total, {
      milliCPU: milliValue(overhead.cpu),
      memory: quantityValue(overhead.memory),
      ephemeralStorage: quantityValue(overhead["ephemeral-storage"]),
    });
  }
  return total;
}
