import type { KubeObject, Simulation } from "@kubesim/core";

/** The namespaces every cluster starts with (kubeadm). */
export const BOOTSTRAP_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"] as const;

/** The Kubernetes version the simulated nodes report. */
export const KUBERNETES_VERSION = "v1.33.0";

/** Node names as kind names them: `<cluster>-control-plane`, `<cluster>-worker`, `<cluster>-worker2`, ... */
export function nodeNames(cluster: string, workers: number): { controlPlane: string; workers: string[] } {
  return {
    controlPlane: `${cluster}-control-plane`,
    workers: Array.from({ length: workers }, (_, i) => `${cluster}-worker${i === 0 ? "" : i + 1}`),
  };
}

/**
 * Creates what a fresh kubeadm cluster has before anyone uses it: its namespaces and its
 * nodes, the control-plane node tainted `node-role.kubernetes.io/control-plane:NoSchedule`
 * as kubeadm taints it. Node addresses follow kind's docker network (`172.18.0.2`, ...),
 * pod CIDRs the node IPAM controller's order (`10.244.0.0/24`, `10.244.1.0/24`, ...).
 */
export function bootstrapCluster(sim: Simulation, options: { name: string; workers: number }): void {
  sim.store.transaction((tx) => {
    for (const name of BOOTSTRAP_NAMESPACES)
      tx.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  });
  const { controlPlane, workers } = nodeNames(options.name, options.workers);
  [controlPlane, ...workers].forEach((name, i) => {
    const node = makeNode(name, i, name === controlPlane);
    sim.store.transaction((tx) => {
      const created = tx.create(node);
      tx.updateStatus({ ...created, status: node.status });
    });
  });
}

function makeNode(name: string, index: number, controlPlane: boolean): KubeObject {
  const labels: Record<string, string> = {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": name,
    "kubernetes.io/os": "linux",
  };
  if (controlPlane) labels["node-role.kubernetes.io/control-plane"] = "";
  const podCIDR = `10.244.${index}.0/24`;
  const capacity = {
    cpu: "4",
    "ephemeral-storage": "102626232Ki",
    "hugepages-2Mi": "0",
    memory: "16331136Ki",
    pods: "110",
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels,
      annotations: {
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    spec: {
      podCIDR,
      podCIDRs: [podCIDR],
      providerID: `kind://docker/kubesim/${name}`,
      ...(controlPlane
        ? { taints: [{ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }] }
        : {}),
    },
    status: {
      addresses: [
        { address: `172.18.0.${index + 2}`, type: "InternalIP" },
        { address: name, type: "Hostname" },
      ],
      allocatable: capacity,
      capacity,
      conditions: [
        {
          type: "MemoryPressure",
          status: "False",
          reason: "KubeletHasSufficientMemory",
          message: "kubelet has sufficient memory available",
        },
        {
          type: "DiskPressure",
          status: "False",
          reason: "KubeletHasNoDiskPressure",
          message: "kubelet has no disk pressure",
        },
        {
          type: "PIDPressure",
          status: "False",
          reason: "KubeletHasSufficientPID",
          message: "kubelet has sufficient PID available",
        },
        { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: "amd64",
        containerRuntimeVersion: "containerd://2.0.3",
        kernelVersion: "6.8.0-kubesim",
        kubeProxyVersion: KUBERNETES_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        operatingSystem: "linux",
        osImage: "Debian GNU/Linux 12 (bookworm)",
      },
    },
  };
}
