/**
 * A small kubeadm-like cluster for the DNS scenarios, built the way packages/kubesim's Cluster
 * builds one (kubesim sits above this package): the API server's admission, the bootstrap
 * objects (namespaces, ServiceCIDR, the `kube-dns` Service on 10.96.0.10, kind-like nodes), the
 * control-plane controllers, the dataplane, and cluster DNS. CoreDNS itself is a Deployment the
 * tests create, as kubeadm would.
 */
import {
  deploymentController,
  endpointSliceController,
  installApiServer,
  type KubeObject,
  kubeletController,
  namespaceController,
  replicaSetController,
  Simulation,
  schedulerController,
  serviceAccountController,
  serviceCIDRObject,
} from "@kubesim/core";
import { createDataplane, type Dataplane, type Origin } from "@kubesim/dataplane";
import { type ClusterDNS, type ClusterDNSOptions, installClusterDNS } from "../src/index.js";

export const COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.12.0";

/** A simulated cluster with cluster DNS installed. */
export interface DNSCluster {
  readonly sim: Simulation;
  readonly dataplane: Dataplane;
  readonly dns: ClusterDNS;
}

function node(name: string, index: number, controlPlane: boolean): KubeObject {
  const capacity = { cpu: "4", memory: "16331136Ki", pods: "110" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels: {
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        ...(controlPlane ? { "node-role.kubernetes.io/control-plane": "" } : {}),
      },
    },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
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
        { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
      ],
    },
  };
}

/** Builds the cluster (control plane + 2 workers) and settles it. */
export function dnsCluster(
  options: { seed?: number; dns?: Omit<ClusterDNSOptions, "sim" | "dataplane"> } = {},
): DNSCluster {
  const sim = new Simulation({ seed: options.seed ?? 0, startTime: "2025-01-01T00:00:00Z" });
  installApiServer(sim, { serviceCIDRs: ["10.96.0.0/12"], nodePortRange: "30000-32767" });
  sim.store.transaction((tx) => {
    for (const name of ["default", "kube-node-lease", "kube-public", "kube-system"])
      tx.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    tx.create(
      serviceCIDRObject(
        { serviceCIDRs: ["10.96.0.0/12"], nodePortRange: "30000-32767" },
        sim.clock.nowTimestamp(),
      ),
    );
    tx.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "kube-dns", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
      spec: {
        clusterIP: "10.96.0.10",
        ports: [
          { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
          { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
          { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
        ],
        selector: { "k8s-app": "kube-dns" },
      },
    });
  });
  ["kubesim-control-plane", "kubesim-worker", "kubesim-worker2"].forEach((name, i) => {
    const n = node(name, i, i === 0);
    sim.store.transaction((tx) => {
      const created = tx.create(n);
      tx.updateStatus({ ...created, status: n.status });
    });
  });
  sim.addController(namespaceController());
  sim.addController(kubeletController({ sim }));
  sim.addController(schedulerController());
  sim.addController(deploymentController({ sim }));
  sim.addController(replicaSetController());
  sim.addController(endpointSliceController());
  sim.addController(serviceAccountController());
  const dataplane = createDataplane({ sim });
  const dns = installClusterDNS({ sim, dataplane, ...options.dns });
  sim.settle();
  return { sim, dataplane, dns };
}

/** kubeadm's CoreDNS Deployment (the parts that matter here). */
export function coreDNSDeployment(replicas = 2): KubeObject {
  const labels = { "k8s-app": "kube-dns" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "coredns", namespace: "kube-system", labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          dnsPolicy: "Default",
          containers: [
            {
              name: "coredns",
              image: COREDNS_IMAGE,
              args: ["-conf", "/etc/coredns/Corefile"],
              ports: [
                { containerPort: 53, name: "dns", protocol: "UDP" },
                { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
                { containerPort: 9153, name: "metrics", protocol: "TCP" },
              ],
            },
          ],
        },
      },
    },
  };
}

/** A busybox pod that sleeps. */
export function clientPod(
  name: string,
  namespace = "default",
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace },
    spec: {
      containers: [{ name: "client", image: "busybox:1.36", command: ["sleep", "infinity"] }],
      ...extra,
    },
  };
}

/** Runs virtual time until `condition` holds; throws naming the seed if it does not. */
export function waitUntil(c: DNSCluster, what: string, condition: () => boolean, timeoutMs = 120_000): void {
  if (!c.sim.runUntil(condition, { timeoutMs }))
    throw new Error(`timed out waiting for ${what} (seed ${c.sim.seed})`);
}

function isReady(p: KubeObject): boolean {
  const conditions = (p.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  return conditions?.some((x) => x.type === "Ready" && x.status === "True") ?? false;
}

/** Waits until `count` pods of `namespace` with the label are Ready, and kube-proxy has synced. */
export function waitForReady(
  c: DNSCluster,
  namespace: string,
  labels: Record<string, string>,
  count: number,
): void {
  waitUntil(c, `${count} ready pods ${JSON.stringify(labels)}`, () => {
    const pods = c.sim.store
      .list("Pod", { namespace })
      .filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v));
    return pods.length === count && pods.every((p) => isReady(p) && !p.metadata.deletionTimestamp);
  });
  waitUntil(c, "kube-proxy sync", () => !c.dataplane.proxy.pendingChanges(), 60_000);
}

/** Starts CoreDNS and a client pod per namespace, waiting until all are ready. */
export function withCoreDNS(c: DNSCluster, clients: readonly Origin[] = []): void {
  c.sim.store.create(coreDNSDeployment());
  for (const o of clients)
    if (o.kind === "pod") {
      if (!c.sim.store.get("Namespace", "", o.namespace)) {
        c.sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: o.namespace } });
        // The service account controller creates the namespace's `default` account first.
        c.sim.advance(0);
      }
      c.sim.store.create({
        ...clientPod(o.name, o.namespace),
        metadata: { name: o.name, namespace: o.namespace, labels: { role: "client" } },
      });
    }
  waitForReady(c, "kube-system", { "k8s-app": "kube-dns" }, 2);
  for (const o of clients) if (o.kind === "pod") waitForReady(c, o.namespace, { role: "client" }, 1);
}

/** A pod as the origin of lookups. */
export function fromPod(name: string, namespace = "default"): Origin {
  return { kind: "pod", namespace, name };
}
