/** What the benches share: a clock, a forced GC, and Running pods written straight into the store. */
import type { KubeObject } from "@kubesim/core";

/** Wall-clock milliseconds, with sub-millisecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** A full GC when node runs with `--expose-gc` (the bench scripts pass it). */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** What a bench pod runs and where; it is written straight into the store as already Running. */
export interface RunningPodSpec {
  readonly name: string;
  readonly namespace: string;
  readonly node: string;
  readonly ip: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly args?: readonly string[];
  readonly port?: number;
}

/**
 * A Ready, Running pod as the kubelet would have reported it, so benches can build large
 * clusters without running the scheduler and kubelet for every pod.
 */
export function runningPod(p: RunningPodSpec): KubeObject {
  const container = {
    name: "main",
    image: p.image,
    ...(p.args ? { args: [...p.args] } : {}),
    ...(p.port ? { ports: [{ containerPort: p.port }] } : {}),
  };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: p.name, namespace: p.namespace, labels: { ...p.labels } },
    spec: { nodeName: p.node, containers: [container] },
    status: {
      phase: "Running",
      podIP: p.ip,
      podIPs: [{ ip: p.ip }],
      conditions: [{ type: "Ready", status: "True" }],
      containerStatuses: [
        {
          name: "main",
          ready: true,
          started: true,
          image: p.image,
          state: { running: { startedAt: "2025-01-01T00:00:00Z" } },
        },
      ],
    },
  };
}
