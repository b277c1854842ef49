import type { KubeObject, Simulation } from "@kubesim/core";
import {
  type AppResponse,
  type Chooser,
  type Dataplane,
  type DNSQuestion,
  type DNSRecord,
  type Listener,
  localReadyEndpoints,
  type OutsideHost,
  type OutsideHostSpec,
  type OutsideNetwork,
  type OutsideRoute,
  outsideHosts,
  type Protocol,
  type ServicePortInfo,
  type SocketAddress,
} from "@kubesim/dataplane";
import { cidrContains, parseCIDR, parseIP } from "@kubesim/ipam";

/** Which load balancers stand in front of the nodes. */
export type LoadBalancerProvider = "cloud" | "metallb" | "none";

/** What the outside network of a cluster is made of. */
export interface ClusterOutsideOptions {
  readonly sim: Simulation;
  readonly dataplane: Dataplane;
  readonly provider: LoadBalancerProvider;
  /** MetalLB: the node whose speaker answers ARP for a LoadBalancer IP (layer 2 leader). */
  readonly l2Announcer?: (ip: string) => string | undefined;
  readonly hosts: readonly OutsideHostSpec[];
  /**
   * The outside resolvers the nodes' resolv.conf names (kind's 172.18.0.1), answering DNS on
   * port 53 from the outside world's names.
   */
  readonly nameservers?: {
    readonly ips: readonly string[];
    answer(question: DNSQuestion): {
      readonly rcode: "NOERROR" | "NXDOMAIN";
      readonly answers: readonly DNSRecord[];
    };
  };
}

/** Nodes a cloud load balancer must not send traffic to (kubeadm labels control-plane nodes so). */
const EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

/**
 * The world outside a kubesim cluster's nodes: the outside hosts, and the load balancers of
 * the provider in front of the nodes.
 *
 * - `cloud`: the load balancer of a LoadBalancer Service forwards a connection to one of the
 *   healthy nodes' node port, keeping the client's address. Healthy, as the cloud's health
 *   checks see it: the node is Ready and reachable, and for `externalTrafficPolicy: Local` its
 *   kube-proxy has a local endpoint (what `healthCheckNodePort` reports; kubernetes
 *   `pkg/proxy/healthcheck/service_health.go`). `loadBalancerSourceRanges` are the load
 *   balancer's firewall: other clients' packets are dropped there.
 * - `metallb`: layer 2 mode. The speaker elected for the IP answers ARP, so packets for it
 *   arrive at that node unchanged, where kube-proxy's rules for the LoadBalancer IP take over.
 * - `none`: LoadBalancer IPs are nobody's.
 *
 * A Service's `externalIPs` are routed to any Ready node (an ECMP router in front of the nodes).
 *
 * Per packet the work is hash lookups plus the healthy-node list of the Service port, which is
 * cached until kube-proxy syncs or a node changes.
 */
export function clusterOutsideNetwork(options: ClusterOutsideOptions): OutsideNetwork {
  const { sim, dataplane } = options;
  const webHost = outsideHosts(options.hosts, () => sim.nowMs);
  const resolvers = new Map<string, OutsideHost>();
  const upstream = options.nameservers;
  if (upstream) {
    const listener: Listener = {
      backend: { kind: "external", name: "the upstream resolver" },
      respond(request): AppResponse {
        const r = request.request;
        if (r.kind !== "dns") return { kind: "none" };
        const a = upstream.answer(r.question);
        return {
          kind: "dns",
          id: r.id,
          question: r.question,
          rcode: a.rcode,
          authoritative: false,
          answers: a.answers,
          authority: [],
          additional: [],
        };
      },
    };
    for (const ip of upstream.ips)
      resolvers.set(ip, {
        name: `the upstream resolver ${ip}`,
        listener: (_protocol, port) => (port === 53 ? listener : undefined),
      });
  }
  const host = (ip: string): OutsideHost | undefined => resolvers.get(ip) ?? webHost(ip);

  // Nodes, in name order, and a counter bumped whenever one changes (readiness, labels).
  // What load balancing reads of each node (readiness, the exclusion label), the node names in
  // order, and a counter bumped only when either changes: heartbeats, which rewrite Node status
  // every 10 s, leave the caches below alone.
  const routing = new Map<string, { readonly ready: boolean; readonly excluded: boolean }>();
  let names: string[] | undefined;
  let nodeGeneration = 0;
  const routingOf = (n: KubeObject) => ({
    ready: isReady(n),
    excluded: n.metadata.labels?.[EXCLUDE_LABEL] !== undefined,
  });
  for (const n of sim.store.list("Node")) routing.set(n.metadata.name as string, routingOf(n));
  sim.store.watch({ kind: "Node" }, (e) => {
    const name = e.object.metadata.name as string;
    if (e.type === "DELETED") {
      routing.delete(name);
      names = undefined;
    } else {
      const now = routingOf(e.object);
      const before = routing.get(name);
      if (before?.ready === now.ready && before.excluded === now.excluded) return;
      if (!before) names = undefined;
      routing.set(name, now);
    }
    nodeGeneration++;
  });
  const nodeNames = (): readonly string[] => {
    names ??= [...routing.keys()].sort();
    return names;
  };

  let ready: { nodeGeneration: number; partitions: number; nodes: string[] } | undefined;
  /** Ready nodes not cut off, in name order; recomputed only when a node or a partition changes. */
  const readyNodes = (): readonly string[] => {
    const partitions = dataplane.partitionGeneration;
    if (ready?.nodeGeneration !== nodeGeneration || ready.partitions !== partitions)
      ready = {
        nodeGeneration,
        partitions,
        nodes: nodeNames().filter((n) => routing.get(n)?.ready && !dataplane.isPartitioned(n)),
      };
    return ready.nodes;
  };

  const healthyCache = new Map<
    string,
    { version: number; nodeGeneration: number; partitions: number; nodes: readonly string[] }
  >();
  const healthyNodes = (sp: ServicePortInfo, key: string): readonly string[] => {
    const version = dataplane.proxy.state().version;
    const cached = healthyCache.get(key);
    const partitions = dataplane.partitionGeneration;
    if (
      cached?.version === version &&
      cached.nodeGeneration === nodeGeneration &&
      cached.partitions === partitions
    )
      return cached.nodes;
    const healthy: string[] = [];
    for (const name of nodeNames()) {
      const node = routing.get(name);
      if (!node?.ready || node.excluded || dataplane.isPartitioned(name)) continue;
      // What the node's healthCheckNodePort answers: 200 only with a local ready endpoint.
      if (sp.externalTrafficPolicy === "Local" && localReadyEndpoints([sp], name) === 0) continue;
      healthy.push(name);
    }
    healthyCache.set(key, { version, nodeGeneration, partitions, nodes: healthy });
    return healthy;
  };

  const cloudRoute = (
    dst: SocketAddress,
    protocol: Protocol,
    src: SocketAddress,
    chooser: Chooser,
  ): OutsideRoute | undefined => {
    if (protocol === "ICMP") return undefined;
    const sp = dataplane.proxy.state().byExternalIP(dst.ip, protocol, dst.port);
    if (!sp?.loadBalancerIPs.includes(dst.ip)) return undefined;
    const lb = `the cloud load balancer of ${sp.namespace}/${sp.serviceName} (${dst.ip})`;
    if (sp.loadBalancerSourceRanges.length > 0 && !inRanges(src.ip, sp.loadBalancerSourceRanges))
      return {
        kind: "drop",
        note: `${lb} drops it: ${src.ip} is not in loadBalancerSourceRanges ${sp.loadBalancerSourceRanges.join(",")}`,
      };
    const key = `${sp.name}/${dst.ip}`;
    const healthy = healthyNodes(sp, key);
    if (healthy.length === 0 || sp.nodePort === 0)
      return { kind: "drop", note: `${lb} has no healthy node to send it to` };
    const index = healthy.length === 1 ? 0 : chooser.choose(healthy.map(() => 1 / healthy.length));
    const node = healthy[index] as string;
    const ip = dataplane.network.node(node)?.ips[0] ?? "";
    return {
      kind: "node",
      node,
      dst: { ip, port: sp.nodePort },
      note: `${lb} forwards it to node ${node}'s node port ${ip}:${sp.nodePort} (${healthy.length} healthy ${healthy.length === 1 ? "node" : "nodes"}), keeping the client's address`,
    };
  };

  /**
   * `spec.externalIPs`: the cluster does not announce them; the network's admin routes them to
   * the nodes. kubesim's outside router spreads them over the Ready, reachable nodes (ECMP).
   */
  const externalIPRoute = (
    dst: SocketAddress,
    protocol: Protocol,
    chooser: Chooser,
  ): OutsideRoute | undefined => {
    if (protocol === "ICMP") return undefined;
    const sp = dataplane.proxy.state().byExternalIP(dst.ip, protocol, dst.port);
    if (!sp?.externalIPs.includes(dst.ip)) return undefined;
    const ready = readyNodes();
    if (ready.length === 0) return { kind: "drop", note: `no node can take external IP ${dst.ip}` };
    const index = ready.length === 1 ? 0 : chooser.choose(ready.map(() => 1 / ready.length));
    const node = ready[index] as string;
    return {
      kind: "node",
      node,
      dst,
      note: `the network routes external IP ${dst.ip} of ${sp.namespace}/${sp.serviceName} to node ${node} (one of ${ready.length} Ready nodes)`,
    };
  };

  return {
    host,
    route(dst, protocol, src, chooser) {
      const external = externalIPRoute(dst, protocol, chooser);
      if (external) return external;
      if (options.provider === "cloud") return cloudRoute(dst, protocol, src, chooser);
      if (options.provider === "metallb") {
        const node = options.l2Announcer?.(dst.ip);
        if (node === undefined) return undefined;
        if (dataplane.isPartitioned(node))
          return { kind: "drop", note: `${node} answers ARP for ${dst.ip}, but its network is cut` };
        return {
          kind: "node",
          node,
          dst,
          note: `MetalLB: ${node} answers ARP for ${dst.ip} (layer 2 leader): the packet reaches ${node}`,
        };
      }
      return undefined;
    },
  };
}

function isReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  return conditions?.find((c) => c.type === "Ready")?.status === "True";
}

function inRanges(ip: string, ranges: readonly string[]): boolean {
  const parsed = parseIP(ip);
  if (!parsed) return false;
  return ranges.some((r) => {
    const cidr = parseCIDR(r.trim());
    return cidr.ok && cidrContains(cidr.value.cidr, parsed);
  });
}
