import { type KubeObject, type Simulation, serviceCIDRObject } from "@kubesim/core";
import {
  cidrAddress,
  cidrSetAllocateNext,
  cidrSetBlock,
  formatCIDR,
  formatIP,
  mustParseCIDR,
  newCIDRSet,
} from "@kubesim/ipam";
import { type ClusterNetworking, DEFAULT_NETWORKING } from "./ClusterConfig.js";

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
 * Creates what a fresh kubeadm cluster has before anyone uses it: its namespaces; the
 * `kubernetes` ServiceCIDR; the `kubernetes` Service on the first address of the service range
 * (`10.96.0.1`) and the `kube-dns` Service on the tenth (`10.96.0.10`, kubeadm's `GetDNSIP`);
 * and its nodes, the control-plane node tainted `node-role.kubernetes.io/control-plane:NoSchedule`
 * as kubeadm taints it. Node addresses follow kind's docker network (`172.18.0.2`, ...), pod
 * CIDRs the node IPAM controller's order (`10.244.0.0/24`, `10.244.1.0/24`, ...).
 */
export function bootstrapCluster(
  sim: Simulation,
  options: { name: string; workers: number; networking?: ClusterNetworking },
): void {
  const networking = { ...DEFAULT_NETWORKING, ...options.networking };
  const serviceCIDRs = networking.serviceSubnet.split(",").map((c) => c.trim());
  const primary = mustParseCIDR(serviceCIDRs[0]!);
  const indexed = (i: number) => formatIP(cidrAddress(primary, i)!);
  sim.store.transaction((tx) => {
    for (const name of BOOTSTRAP_NAMESPACES)
      tx.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    tx.create(
      serviceCIDRObject(
        { serviceCIDRs, nodePortRange: networking.serviceNodePortRange },
        sim.clock.nowTimestamp(),
      ),
    );
    tx.create(kubernetesService(indexed(1)));
    tx.create(kubeDnsService(indexed(10)));
    for (const obj of kubernetesEndpoints(nodeIP(0))) tx.create(obj);
  });
  const { controlPlane, workers } = nodeNames(options.name, options.workers);
  for (const name of [controlPlane, ...workers]) joinNode(sim, name, networking, name === controlPlane);
}

/**
 * Adds a node as `kubeadm join` would: the next free pod CIDR of the pod network (the node IPAM
 * controller's order), the next free address on the node network, Ready, with capacity. Used
 * at bootstrap and by `kubesim add-node`. Throws when the pod network has no free block.
 */
export function joinNode(
  sim: Simulation,
  name: string,
  networking: ClusterNetworking = {},
  controlPlane = false,
): KubeObject {
  const podSubnet = networking.podSubnet ?? DEFAULT_NETWORKING.podSubnet;
  const cidrs = newCIDRSet(podSubnet, mustParseCIDR(podSubnet).family === "IPv4" ? 24 : 64);
  if (!cidrs.ok) throw new Error(cidrs.error);
  const nodes = sim.store.list("Node");
  const usedCIDRs = new Set(nodes.map((n) => (n.spec as { podCIDR?: string } | undefined)?.podCIDR));
  const block = cidrSetAllocateNext(cidrs.value, 0, (i) =>
    usedCIDRs.has(formatCIDR(cidrSetBlock(cidrs.value, i))),
  );
  if (!block.ok) throw new Error(`cannot add node ${name}: ${block.error}`);
  const usedIPs = new Set(
    nodes.flatMap((n) =>
      ((n.status as { addresses?: { address: string }[] } | undefined)?.addresses ?? []).map(
        (a) => a.address,
      ),
    ),
  );
  let index = 0;
  while (usedIPs.has(nodeIP(index))) index++;
  const node = makeNode(name, index, controlPlane, formatCIDR(block.value.cidr));
  return sim.store.transaction((tx) => {
    const created = tx.create(node);
    return tx.updateStatus({ ...created, status: node.status });
  });
}

/**
 * The endpoints of the `kubernetes` Service, which the API server's endpoint reconciler writes
 * itself (the Service has no selector): the control-plane node's address, where the API server
 * listens on port 6443.
 */
function kubernetesEndpoints(ip: string): KubeObject[] {
  return [
    {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name: "kubernetes",
        namespace: "default",
        labels: { "kubernetes.io/service-name": "kubernetes" },
      },
      addressType: "IPv4",
      endpoints: [{ addresses: [ip], conditions: { ready: true } }],
      ports: [{ name: "https", port: 6443, protocol: "TCP" }],
    },
    {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: {
        name: "kubernetes",
        namespace: "default",
        labels: { "endpointslice.kubernetes.io/skip-mirror": "true" },
      },
      subsets: [{ addresses: [{ ip }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }],
    },
  ];
}

/** The `kubernetes` Service the API server keeps in `default` (K8s pkg/controlplane/controller/kubernetesservice). */
function kubernetesService(clusterIP: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      labels: { component: "apiserver", provider: "kubernetes" },
    },
    spec: {
      clusterIP,
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
      sessionAffinity: "None",
      type: "ClusterIP",
    },
  };
}

/** The `kube-dns` Service kubeadm creates for CoreDNS (kubeadm `cmd/kubeadm/app/phases/addons/dns/manifests.go`). */
function kubeDnsService(clusterIP: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "kube-dns",
      namespace: "kube-system",
      annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
      labels: {
        "k8s-app": "kube-dns",
        "kubernetes.io/cluster-service": "true",
        "kubernetes.io/name": "CoreDNS",
      },
    },
    spec: {
      clusterIP,
      ports: [
        { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
        { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
        { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
      ],
      selector: { "k8s-app": "kube-dns" },
    },
  };
}

/** Node addresses on kind's docker network: the control plane is 172.18.0.2, workers follow. */
function nodeIP(index: number): string {
  return `172.18.0.${index + 2}`;
}

function makeNode(name: string, index: number, controlPlane: boolean, podCIDR: string): KubeObject {
  const labels: Record<string, string> = {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": name,
    "kubernetes.io/os": "linux",
  };
  // kubeadm's mark-control-plane phase: the role label, and kept out of cloud load balancers.
  if (controlPlane) {
    labels["node-role.kubernetes.io/control-plane"] = "";
    labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
  }
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
        { address: nodeIP(index), type: "InternalIP" },
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
