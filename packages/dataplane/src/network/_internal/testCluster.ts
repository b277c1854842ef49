/**
 * Test fixtures: Node and Pod objects shaped as kubesim's bootstrap and kubelet write them
 * (the dataplane must not depend on the kubesim package, so tests write them to the store
 * directly).
 *
 * @module
 */
import type { KubeObject, Simulation } from "@kubesim/core";

/** Writes a Ready node with an InternalIP and a podCIDR, as `joinNode` does. */
export function addNode(
  sim: Simulation,
  name: string,
  ip: string,
  podCIDR: string,
  zone?: string,
): KubeObject {
  const created = sim.store.create({
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels: { "kubernetes.io/hostname": name, ...(zone ? { "topology.kubernetes.io/zone": zone } : {}) },
    },
    spec: { podCIDR, podCIDRs: [podCIDR] },
  });
  return sim.store.updateStatus({
    ...created,
    status: {
      addresses: [
        { address: ip, type: "InternalIP" },
        { address: name, type: "Hostname" },
      ],
      conditions: [{ type: "Ready", status: "True" }],
    },
  });
}

/** Options of {@link addPod}. */
export interface PodFixture {
  readonly name: string;
  readonly node: string;
  /** `status.podIP`; omit for a pod without a sandbox yet. */
  readonly ip?: string;
  readonly namespace?: string;
  readonly hostNetwork?: boolean;
  readonly phase?: string;
  readonly spec?: Record<string, unknown>;
}

/** Writes a scheduled pod and, with `ip`, the status the kubelet writes once its sandbox exists. */
export function addPod(sim: Simulation, pod: PodFixture): KubeObject {
  const created = sim.store.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: pod.name, namespace: pod.namespace ?? "default" },
    spec: {
      nodeName: pod.node,
      containers: [{ name: "c", image: "nginx" }],
      ...(pod.hostNetwork ? { hostNetwork: true } : {}),
      ...pod.spec,
    },
  });
  if (pod.ip === undefined) return created;
  return setPodStatus(sim, created, pod.ip, pod.phase ?? "Running");
}

/** Writes a pod's IP and phase. */
export function setPodStatus(sim: Simulation, pod: KubeObject, ip: string, phase: string): KubeObject {
  const current = sim.store.get("Pod", pod.metadata.namespace ?? "", pod.metadata.name ?? "")!;
  return sim.store.updateStatus({ ...current, status: { phase, podIP: ip, podIPs: [{ ip }] } });
}

/** Removes a pod at once (grace period 0), as after the kubelet confirmed it stopped. */
export function removePod(sim: Simulation, name: string, namespace = "default"): void {
  sim.store.delete({ kind: "Pod", namespace, name }, { gracePeriodSeconds: 0 });
}

/** Three nodes as `bootstrapCluster(sim, { name: "kubesim", workers: 2 })` makes them. */
export function kindNodes(sim: Simulation): void {
  addNode(sim, "kubesim-control-plane", "172.18.0.2", "10.244.0.0/24");
  addNode(sim, "kubesim-worker", "172.18.0.3", "10.244.1.0/24");
  addNode(sim, "kubesim-worker2", "172.18.0.4", "10.244.2.0/24");
}
