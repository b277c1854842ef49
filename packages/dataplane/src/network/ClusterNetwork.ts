/**
 * The cluster's network as the packet walk and the in-pod tools see it: which pod or node holds
 * an address, which node's podCIDR contains one, each namespace's routes and interfaces as
 * `ip route` / `ip addr` would list them, and each pod's `/etc/hosts`. Kept current from the
 * store's watches; every change and every lookup costs the same at 5 nodes and at 5,000.
 *
 * The CNI imitated is flannel with its CNI plugin delegating to the `bridge` plugin with
 * `host-local` IPAM (kube-flannel.yml: `"delegate": {"hairpinMode": true, "isDefaultGateway":
 * true}`), backend `vxlan` (default) or `host-gw`.
 *
 * @module
 */
import type { KubeObject, Simulation, WatchEvent } from "@kubesim/core";
import { formatIPv4, parseIPv4 } from "@kubesim/ipam";
import { sha256 } from "@noble/hashes/sha2.js";
import type { FiveTuple, Hop } from "../packet/Packet.js";
import {
  broadcastOf,
  formatPrefix,
  linkLocalFromMAC,
  localMAC,
  maskIPv4,
  mustParsePrefix,
  type Prefix,
  parsePrefix,
  prefixContains,
} from "./_internal/ipv4.js";
import { PrefixIndex } from "./_internal/PrefixIndex.js";
import { crossNodeHops } from "./crossNodeHops.js";
import {
  dockerHostsFile,
  type HostAlias,
  managedHostsFileContent,
  nodeHostsFileContent,
  podHostNameAndDomain,
} from "./hostsFile.js";
import type { CNIBackend, InterfaceAddress, NetworkInterface, Route } from "./NetworkTypes.js";

/** Options of a {@link ClusterNetwork}. */
export interface ClusterNetworkOptions {
  readonly sim: Simulation;
  /** How pod traffic crosses nodes. Default `vxlan` (flannel's default backend). */
  readonly backend?: CNIBackend;
  /** The pod network (`--cluster-cidr`, flannel's `Network`). Default `10.244.0.0/16`. */
  readonly clusterCIDR?: string;
  /** The network the nodes sit on (kind's docker network). Default `172.18.0.0/16`. */
  readonly nodeNetwork?: string;
  /** The nodes' default gateway (the docker bridge). Default `172.18.0.1`. */
  readonly gateway?: string;
  /** The kubelet's `clusterDomain`, for pods' hosts files. Default `cluster.local`. */
  readonly clusterDomain?: string;
}

/** What the index knows of a node. */
export interface NodeNetworkInfo {
  readonly name: string;
  /** The node's IPv4 addresses from `status.addresses`: InternalIPs first, then ExternalIPs. */
  readonly ips: readonly string[];
  /** `spec.podCIDR`, once the node IPAM controller has assigned it. */
  readonly podCIDR?: string;
  /** The `Ready` condition is `True`. */
  readonly ready: boolean;
  /** The `topology.kubernetes.io/zone` label. */
  readonly zone?: string;
  /** The address of the node's `cni0` bridge (the podCIDR's first address), once it has a podCIDR. */
  readonly bridgeIP?: string;
  /** The address of the node's `flannel.1` (the podCIDR's network address), vxlan backend only. */
  readonly overlayIP?: string;
}

/** A pod: the object itself, or its namespace and name. */
export type PodRef = KubeObject | { readonly namespace: string; readonly name: string };

/** A pod that has a network namespace: a sandbox with an IP (hostNetwork pods share their node's). */
export interface PodNetworkInfo {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** `spec.nodeName`. */
  readonly node: string;
  /** `status.podIP` (the node's IP for hostNetwork pods). */
  readonly ip: string;
  readonly hostNetwork: boolean;
  /** The pod as last seen by the watch. */
  readonly object: KubeObject;
}

/** A network namespace: a node's host namespace, or a pod's (a hostNetwork pod's is its node's). */
export type Netns =
  | { readonly kind: "node"; readonly name: string }
  | { readonly kind: "pod"; readonly namespace: string; readonly name: string };

/** What the route a lookup chose means for the packet. */
export type RouteTarget =
  /** The destination is an address of this namespace (the kernel's `local` table): delivered to INPUT. */
  | { readonly kind: "local"; readonly dev: string }
  /**
   * The destination is on the node's pod subnet: switched by the `cni0` bridge of `node` to the
   * pod's veth (from a pod: on-link through its eth0, which is that bridge's port).
   */
  | { readonly kind: "bridge"; readonly node: string }
  /** In another node's podCIDR, vxlan backend: encapsulated by flannel.1 towards `nodeIP`. */
  | { readonly kind: "overlay"; readonly node: string; readonly nodeIP: string }
  /** In another node's podCIDR, host-gw backend: forwarded out of eth0 to `nodeIP` as next hop. */
  | { readonly kind: "host-gw"; readonly node: string; readonly nodeIP: string }
  /** On the node network, directly connected on eth0: `node` when the address is a node's. */
  | { readonly kind: "neighbour"; readonly node?: string }
  /**
   * Via a gateway: a node's default route (the docker bridge, out of the cluster), or a pod's
   * routes to its node's `cni0` (`node` set), after which the node's host namespace routes it.
   */
  | { readonly kind: "gateway"; readonly gateway: string; readonly node?: string };

/** The outcome of a route lookup: the route the kernel would pick, and what it means. */
export interface RouteLookup {
  readonly route: Route;
  readonly target: RouteTarget;
}

/** Options of {@link ClusterNetwork.nodeInterfaces}. */
export interface InterfaceOptions {
  /** Show kube-proxy's `kube-ipvs0` dummy interface (ipvs mode) with these Service IPs bound. */
  readonly ipvs?: boolean;
  readonly serviceIPs?: readonly string[];
}

/** The VXLAN device flannel creates: `flannel.<VNI>` with VNI 1. */
export const FLANNEL_VXLAN_DEVICE = "flannel.1";
/** The bridge the CNI `bridge` plugin creates for flannel (`cni0`). */
export const CNI_BRIDGE = "cni0";
/** MTU of pod interfaces with the vxlan backend: 1500 less the 50 bytes of VXLAN headers. */
export const VXLAN_MTU = 1450;
/** MTU of the node network and of pod interfaces with host-gw. */
export const ETHERNET_MTU = 1500;

/** The first octet of the loopback network 127.0.0.0/8, local in every namespace. */
const LOOPBACK_OCTET = 127;
/** `lo`, the same in every namespace. */
const LO: NetworkInterface = {
  index: 1,
  name: "lo",
  kind: "loopback",
  flags: ["LOOPBACK", "UP", "LOWER_UP"],
  mtu: 65536,
  state: "UNKNOWN",
  mac: "00:00:00:00:00:00",
  addresses: [
    { family: "inet", cidr: "127.0.0.1/8", scope: "host" },
    { family: "inet6", cidr: "::1/128", scope: "host" },
  ],
};
const UP_FLAGS = ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"] as const;
/** The ifindex of a pod's eth0 (after lo) in its own namespace. */
const POD_ETH0_INDEX = 2;

interface NodeEntry {
  readonly info: NodeNetworkInfo;
  /** Addresses as numbers, for the local-address check. */
  readonly ipNums: readonly number[];
  readonly internalIP?: string;
  readonly internalIPNum?: number;
  readonly prefix?: Prefix;
  /** eth0's connected subnet: the InternalIP with the node network's prefix length. */
  readonly eth0Subnet?: Prefix;
  /** The route every other node has to this node's podCIDR (it does not depend on who asks). */
  readonly routeToMe?: Route;
}

/** A node's interfaces that outlive a Node object while pods remain (ifindexes never go back). */
interface NodeLinks {
  nextIndex: number;
  /** `cni0` appears with the first pod sandbox (the bridge plugin creates it on the first CNI ADD). */
  cni0Index?: number;
  readonly veths: Map<string, PodEntry>;
}

interface PodEntry {
  readonly key: string;
  readonly ipNum: number;
  /** The host-side veth's ifindex on the node (0 for hostNetwork pods). */
  readonly vethIndex: number;
  info: PodNetworkInfo;
  identity?: { readonly vethName: string; readonly vethMAC: string; readonly podMAC: string };
}

/**
 * An index of the cluster's network kept current from store watches (Nodes and Pods), with
 * the routing and interfaces of every node's and pod's namespace computed on demand.
 *
 * Lookups (`podByIP`, `nodeByIP`, `nodeOfPodCIDR`, `routeLookup`) are hash probes; no
 * per-node routing table is ever materialised (a route listing is built when asked for).
 * The store's `restore()` does not notify watchers: call {@link resync} after one.
 */
export class ClusterNetwork {
  readonly backend: CNIBackend;
  readonly clusterCIDR: string;
  readonly nodeNetwork: string;
  readonly gateway: string;
  readonly clusterDomain: string;
  readonly #sim: Simulation;
  readonly #cluster: Prefix;
  readonly #nodeNet: Prefix;
  readonly #podMTU: number;
  readonly #nodes = new Map<string, NodeEntry>();
  /**
   * Node addresses -> node names (the first node to claim an address keeps it). Keyed by the
   * canonical text, as packets carry addresses, so an exact lookup needs no parsing.
   */
  readonly #nodeByIP = new Map<string, string[]>();
  #podCIDRs = new PrefixIndex<string>();
  readonly #links = new Map<string, NodeLinks>();
  /** `namespace/name` -> pods with a sandbox. */
  readonly #pods = new Map<string, PodEntry>();
  /**
   * The same pods by namespace, then name: {@link pod} runs once per packet, and probing with
   * the caller's own strings (whose hashes V8 caches) avoids building and hashing a
   * `namespace/name` key each time.
   */
  readonly #podsByNamespace = new Map<string, Map<string, PodEntry>>();
  /** Pod IPs (canonical text) -> pods (the newest sandbox holding an address wins). */
  readonly #podByIP = new Map<string, PodEntry[]>();
  /** The pod {@link podByIP} answers for each IP (the last owner), so a packet's lookup is one probe. */
  readonly #podInfoByIP = new Map<string, PodNetworkInfo>();
  readonly #unwatch: (() => void)[];

  constructor(options: ClusterNetworkOptions) {
    this.#sim = options.sim;
    this.backend = options.backend ?? "vxlan";
    this.clusterCIDR = options.clusterCIDR ?? "10.244.0.0/16";
    this.nodeNetwork = options.nodeNetwork ?? "172.18.0.0/16";
    this.gateway = options.gateway ?? "172.18.0.1";
    this.clusterDomain = options.clusterDomain ?? "cluster.local";
    this.#cluster = mustParsePrefix(this.clusterCIDR);
    this.#nodeNet = mustParsePrefix(this.nodeNetwork);
    if (parseIPv4(this.gateway) === undefined) throw new Error(`invalid gateway address: ${this.gateway}`);
    this.#podMTU = this.backend === "vxlan" ? VXLAN_MTU : ETHERNET_MTU;
    this.#unwatch = [
      this.#sim.store.watch({ kind: "Node" }, (e) => this.#onNode(e)),
      this.#sim.store.watch({ kind: "Pod" }, (e) => this.#onPod(e)),
    ];
    this.#load();
  }

  /** Stops following the store. */
  dispose(): void {
    for (const stop of this.#unwatch.splice(0)) stop();
  }

  /** Rebuilds the index from the store's current state (after `store.restore()`, which watchers do not hear). */
  resync(): void {
    this.#nodes.clear();
    this.#nodeByIP.clear();
    this.#podCIDRs = new PrefixIndex<string>();
    this.#links.clear();
    this.#pods.clear();
    this.#podsByNamespace.clear();
    this.#podByIP.clear();
    this.#podInfoByIP.clear();
    this.#load();
  }

  // ----------------------------------------------------------------------------------------
  // Lookups.

  /** The pod holding `ip` (pods with a sandbox; hostNetwork pods are not indexed, they use their node's address). */
  podByIP(ip: string): PodNetworkInfo | undefined {
    return this.#podInfoByIP.get(ip);
  }

  /** The pod `namespace/name` if it has a network namespace (a sandbox with an IP), hostNetwork pods included. */
  pod(namespace: string, name: string): PodNetworkInfo | undefined {
    return this.#podsByNamespace.get(namespace)?.get(name)?.info;
  }

  /** The node whose address (InternalIP or ExternalIP) `ip` is. */
  nodeByIP(ip: string): string | undefined {
    return this.#nodeByIP.get(ip)?.[0];
  }

  /** The node whose podCIDR contains `ip` (longest prefix match). */
  nodeOfPodCIDR(ip: string): string | undefined {
    const n = parseIPv4(ip);
    return n === undefined ? undefined : this.#podCIDRs.lookupValue(n);
  }

  /** Whether `ip` is in the pod network (`clusterCIDR`). */
  inClusterCIDR(ip: string): boolean {
    const n = parseIPv4(ip);
    return n !== undefined && prefixContains(this.#cluster, n);
  }

  /** What the index knows of a node. */
  node(name: string): NodeNetworkInfo | undefined {
    return this.#nodes.get(name)?.info;
  }

  /** The node's primary address (its first InternalIP). Throws for a node without one. */
  nodeIP(node: string): string {
    const ip = this.#nodes.get(node)?.internalIP;
    if (ip === undefined) throw new Error(`node ${node} has no InternalIP`);
    return ip;
  }

  /** The address of the node's `cni0` bridge: the first address of its podCIDR (the pods' gateway). Throws without a podCIDR. */
  bridgeIP(node: string): string {
    const prefix = this.#nodes.get(node)?.prefix;
    if (!prefix) throw new Error(`node ${node} has no podCIDR`);
    return formatIPv4((prefix.network + 1) >>> 0);
  }

  /** The address of the node's `flannel.1` (its podCIDR's network address), with the vxlan backend. */
  overlayIP(node: string): string | undefined {
    const prefix = this.#nodes.get(node)?.prefix;
    return this.backend === "vxlan" && prefix ? formatIPv4(prefix.network) : undefined;
  }

  // ----------------------------------------------------------------------------------------
  // Routing.

  /**
   * The route the kernel would use from `netns` to `dst` (its `local` table first, then a
   * longest-prefix match in `main`), and what it means. Undefined for an unknown namespace or
   * an address that is not IPv4.
   */
  routeLookup(netns: Netns, dst: string): RouteLookup | undefined {
    const ip = parseIPv4(dst);
    if (ip === undefined) return undefined;
    if (netns.kind === "node") return this.#hostLookup(netns.name, ip, dst);
    const pod = this.#pods.get(`${netns.namespace}/${netns.name}`);
    if (!pod) return undefined;
    if (pod.info.hostNetwork) return this.#hostLookup(pod.info.node, ip, dst);
    return this.#podLookup(pod, ip, dst);
  }

  /**
   * A node's main routing table as `ip route` lists it (the kernel's order: by destination
   * address, and for the same address the longer prefix first; net/ipv4/fib_trie.c
   * `fib_insert_alias`). Built on demand, O(nodes).
   */
  nodeRoutes(nodeName: string): Route[] {
    const node = this.#nodes.get(nodeName);
    if (!node) return [];
    const routes: [Prefix, Route][] = [[{ network: 0, prefixLength: 0 }, this.#defaultRoute()]];
    if (node.eth0Subnet && node.internalIP)
      routes.push([
        node.eth0Subnet,
        {
          destination: formatPrefix(node.eth0Subnet),
          dev: "eth0",
          proto: "kernel",
          scope: "link",
          src: node.internalIP,
        },
      ]);
    // One route per destination, as the kernel keeps (a second identical one fails with EEXIST).
    const destinations = new Set<string>();
    const own = this.#ownPodRoute(nodeName, node);
    if (own && node.prefix) {
      routes.push([node.prefix, own]);
      destinations.add(own.destination);
    }
    for (const other of this.#nodes.values())
      if (
        other !== node &&
        other.prefix &&
        other.routeToMe &&
        !destinations.has(other.routeToMe.destination)
      ) {
        routes.push([other.prefix, other.routeToMe]);
        destinations.add(other.routeToMe.destination);
      }
    return sortRoutes(routes);
  }

  /**
   * A pod's routes as `ip route` lists them inside it. flannel's CNI plugin hands the bridge
   * plugin the pod network as an IPAM route without a gateway (flannel-io/cni-plugin
   * `getDelegateIPAM`), which gets the subnet's gateway (CNI `ipam.ConfigureIface`);
   * `isDefaultGateway` adds the default route; the kernel adds the connected subnet:
   * `default via 10.244.1.1 dev eth0`, `10.244.0.0/16 via 10.244.1.1 dev eth0`,
   * `10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.5`. hostNetwork pods: the node's.
   */
  podRoutes(pod: PodRef): Route[] {
    const entry = this.#pods.get(podKey(pod));
    if (!entry) return [];
    if (entry.info.hostNetwork) return this.nodeRoutes(entry.info.node);
    const subnet = this.#podSubnet(entry);
    const gw = formatIPv4((subnet.network + 1) >>> 0);
    return sortRoutes([
      [
        { network: 0, prefixLength: 0 },
        { destination: "default", gateway: gw, dev: "eth0" },
      ],
      [this.#cluster, { destination: formatPrefix(this.#cluster), gateway: gw, dev: "eth0" }],
      [subnet, this.#podConnectedRoute(entry, subnet)],
    ]);
  }

  // ----------------------------------------------------------------------------------------
  // Interfaces.

  /**
   * A node's interfaces as `ip addr` lists them: `lo`; `eth0` (the node IP on the node
   * network); `flannel.1` (vxlan: the podCIDR's network address /32, MTU 1450); `kube-ipvs0`
   * when asked (ipvs mode: a DOWN dummy holding the Service IPs); `cni0` (from the first pod
   * sandbox on: the podCIDR's `.1`, NO-CARRIER when no pod is attached); one veth per pod
   * (`master cni0`). ifindexes: lo 1, eth0 2, flannel.1 3, kube-ipvs0 next (reserved whether
   * shown or not), then cni0 and the veths in the order the sandboxes were made.
   */
  nodeInterfaces(nodeName: string, options: InterfaceOptions = {}): NetworkInterface[] {
    const node = this.#nodes.get(nodeName);
    const links = this.#links.get(nodeName);
    if (!node && !links) return [];
    const out: NetworkInterface[] = [LO];
    if (node?.internalIP !== undefined && node.internalIPNum !== undefined) {
      const subnet = node.eth0Subnet!;
      const mac = dockerMAC(node.internalIPNum);
      out.push({
        index: 2,
        name: "eth0",
        kind: "ethernet",
        flags: UP_FLAGS,
        mtu: ETHERNET_MTU,
        state: "UP",
        mac,
        addresses: [
          inet(`${node.internalIP}/${subnet.prefixLength}`, broadcastOf(subnet), "global"),
          inet6LinkLocal(mac),
        ],
      });
    }
    if (this.backend === "vxlan" && node?.prefix) {
      const mac = hashMAC(`flannel.1/${nodeName}`);
      out.push({
        index: 3,
        name: FLANNEL_VXLAN_DEVICE,
        kind: "vxlan",
        flags: UP_FLAGS,
        mtu: VXLAN_MTU,
        state: "UNKNOWN",
        mac,
        addresses: [inet(`${formatIPv4(node.prefix.network)}/32`, undefined, "global"), inet6LinkLocal(mac)],
      });
    }
    if (options.ipvs)
      out.push({
        index: this.#ipvsIndex(),
        name: "kube-ipvs0",
        kind: "dummy",
        flags: ["BROADCAST", "NOARP"],
        mtu: ETHERNET_MTU,
        state: "DOWN",
        mac: hashMAC(`kube-ipvs0/${nodeName}`),
        addresses: (options.serviceIPs ?? []).map((ip) => inet(`${ip}/32`, undefined, "global")),
      });
    if (links?.cni0Index !== undefined && node?.prefix) {
      const mac = hashMAC(`cni0/${nodeName}`);
      const carrier = links.veths.size > 0;
      out.push({
        index: links.cni0Index,
        name: CNI_BRIDGE,
        kind: "bridge",
        flags: carrier ? UP_FLAGS : ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"],
        mtu: this.#podMTU,
        state: carrier ? "UP" : "DOWN",
        mac,
        addresses: [
          inet(
            `${formatIPv4((node.prefix.network + 1) >>> 0)}/${node.prefix.prefixLength}`,
            broadcastOf(node.prefix),
            "global",
          ),
          inet6LinkLocal(mac),
        ],
      });
    }
    if (links)
      for (const pod of links.veths.values()) {
        const id = identity(pod);
        out.push({
          index: pod.vethIndex,
          name: id.vethName,
          peerIndex: POD_ETH0_INDEX,
          kind: "veth",
          flags: UP_FLAGS,
          mtu: this.#podMTU,
          state: "UP",
          mac: id.vethMAC,
          master: CNI_BRIDGE,
          addresses: [inet6LinkLocal(id.vethMAC)],
        });
      }
    return out.sort((a, b) => a.index - b.index);
  }

  /**
   * A pod's interfaces: `lo` and `eth0@ifN` (N the ifindex of its veth on the node), with the
   * pod IP on the node's pod subnet. hostNetwork pods see their node's.
   */
  podInterfaces(pod: PodRef, options: InterfaceOptions = {}): NetworkInterface[] {
    const entry = this.#pods.get(podKey(pod));
    if (!entry) return [];
    if (entry.info.hostNetwork) return this.nodeInterfaces(entry.info.node, options);
    const subnet = this.#podSubnet(entry);
    const id = identity(entry);
    return [
      LO,
      {
        index: POD_ETH0_INDEX,
        name: "eth0",
        peerIndex: entry.vethIndex,
        kind: "veth",
        flags: UP_FLAGS,
        mtu: this.#podMTU,
        state: "UP",
        mac: id.podMAC,
        addresses: [
          inet(`${entry.info.ip}/${subnet.prefixLength}`, broadcastOf(subnet), "global"),
          inet6LinkLocal(id.podMAC),
        ],
      },
    ];
  }

  // ----------------------------------------------------------------------------------------
  // Files.

  /**
   * The pod's `/etc/hosts` as the kubelet writes it (kubelet_pods.go `managedHostsFileContent`);
   * for hostNetwork pods the node's file under the host-network header (`nodeHostsFileContent`),
   * the node's file being the one docker writes for a kind node ({@link nodeHostsFile}).
   * Undefined for a pod without a sandbox (the kubelet writes the file with the sandbox).
   */
  hostsFile(pod: PodRef): string | undefined {
    const entry = this.#pods.get(podKey(pod));
    if (!entry) return undefined;
    const obj = entry.info.object;
    const spec = (obj.spec ?? {}) as { hostname?: string; subdomain?: string; hostAliases?: HostAlias[] };
    if (entry.info.hostNetwork)
      return nodeHostsFileContent(this.nodeHostsFile(entry.info.node), spec.hostAliases);
    const status = (obj.status ?? {}) as { podIPs?: { ip?: string }[] };
    const ips = (status.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
    const { hostName, hostDomainName } = podHostNameAndDomain(
      {
        name: entry.info.name,
        namespace: entry.info.namespace,
        hostname: spec.hostname,
        subdomain: spec.subdomain,
      },
      this.clusterDomain,
    );
    return managedHostsFileContent(
      ips.length > 0 ? ips : [entry.info.ip],
      hostName,
      hostDomainName,
      spec.hostAliases,
    );
  }

  /** A node's own `/etc/hosts`: docker's file for a kind node container (see `dockerHostsFile`). */
  nodeHostsFile(nodeName: string): string {
    return dockerHostsFile(this.#nodes.get(nodeName)?.internalIP, nodeName);
  }

  // ----------------------------------------------------------------------------------------
  // The CNI between nodes.

  /**
   * The hops a packet takes from one node to another over the CNI: VXLAN encapsulation by
   * flannel.1 (outer UDP between the node IPs to port 8472, VNI 1) and decapsulation on the
   * other side, or, with host-gw, plain routing out of eth0 to the other node's IP.
   * Throws when either node is unknown or has no InternalIP.
   */
  crossNode(fromNode: string, toNode: string, packet: FiveTuple): Hop[] {
    return crossNodeHops({
      backend: this.backend,
      from: { name: fromNode, ip: this.nodeIP(fromNode) },
      to: { name: toNode, ip: this.nodeIP(toNode), podCIDR: this.#nodes.get(toNode)?.info.podCIDR },
      packet,
    });
  }

  // ----------------------------------------------------------------------------------------
  // Internals: lookups.

  #hostLookup(nodeName: string, ip: number, dst: string): RouteLookup | undefined {
    const node = this.#nodes.get(nodeName);
    if (!node) return undefined;
    // The local table first, as the kernel's FIB rules order it (rule 0: lookup local).
    if (ip >>> 24 === LOOPBACK_OCTET) return localRoute(dst, "lo", "127.0.0.1");
    if (node.ipNums.includes(ip)) return localRoute(dst, "eth0", dst);
    const links = this.#links.get(nodeName);
    if (node.prefix) {
      if (links?.cni0Index !== undefined && ip === node.prefix.network + 1)
        return localRoute(dst, CNI_BRIDGE, dst);
      if (this.backend === "vxlan" && ip === node.prefix.network)
        return localRoute(dst, FLANNEL_VXLAN_DEVICE, dst);
    }
    // The main table: the longest of the podCIDR routes, eth0's subnet and the default route.
    // The node's own podCIDR (on cni0) wins over another node's route to the same block: two
    // nodes given one podCIDR is a misconfiguration, and the connected route was there first.
    const remote = this.#podCIDRs.lookup(
      ip,
      (owner) => owner !== nodeName && this.#nodes.get(owner)?.routeToMe !== undefined,
    );
    const own =
      links?.cni0Index !== undefined && node.prefix && prefixContains(node.prefix, ip)
        ? { prefix: node.prefix, value: nodeName }
        : undefined;
    const pod = own && (!remote || own.prefix.prefixLength >= remote.prefix.prefixLength) ? own : remote;
    const onLink = node.eth0Subnet && prefixContains(node.eth0Subnet, ip) ? node.eth0Subnet : undefined;
    if (onLink && (!pod || onLink.prefixLength >= pod.prefix.prefixLength)) {
      const neighbour = this.#nodeByIP.get(dst)?.[0];
      return {
        route: {
          destination: formatPrefix(onLink),
          dev: "eth0",
          proto: "kernel",
          scope: "link",
          src: node.internalIP!,
        },
        target: neighbour === undefined ? { kind: "neighbour" } : { kind: "neighbour", node: neighbour },
      };
    }
    if (pod) {
      if (pod.value === nodeName)
        return { route: this.#ownPodRoute(nodeName, node)!, target: { kind: "bridge", node: nodeName } };
      const owner = this.#nodes.get(pod.value)!;
      const nodeIP = owner.internalIP!;
      return {
        route: owner.routeToMe!,
        target:
          this.backend === "vxlan"
            ? { kind: "overlay", node: pod.value, nodeIP }
            : { kind: "host-gw", node: pod.value, nodeIP },
      };
    }
    return { route: this.#defaultRoute(), target: { kind: "gateway", gateway: this.gateway } };
  }

  #podLookup(pod: PodEntry, ip: number, dst: string): RouteLookup {
    if (ip >>> 24 === LOOPBACK_OCTET) return localRoute(dst, "lo", "127.0.0.1");
    if (ip === pod.ipNum) return localRoute(dst, "eth0", dst);
    const subnet = this.#podSubnet(pod);
    const gateway = formatIPv4((subnet.network + 1) >>> 0);
    const inSubnet = prefixContains(subnet, ip);
    const inCluster = prefixContains(this.#cluster, ip);
    if (inSubnet && (!inCluster || subnet.prefixLength >= this.#cluster.prefixLength))
      return { route: this.#podConnectedRoute(pod, subnet), target: { kind: "bridge", node: pod.info.node } };
    const target: RouteTarget = { kind: "gateway", gateway, node: pod.info.node };
    if (inCluster)
      return { route: { destination: formatPrefix(this.#cluster), gateway, dev: "eth0" }, target };
    return { route: { destination: "default", gateway, dev: "eth0" }, target };
  }

  #defaultRoute(): Route {
    return { destination: "default", gateway: this.gateway, dev: "eth0" };
  }

  /** `10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 [linkdown]`, once cni0 exists. */
  #ownPodRoute(nodeName: string, node: NodeEntry): Route | undefined {
    const links = this.#links.get(nodeName);
    if (!node.prefix || links?.cni0Index === undefined) return undefined;
    return {
      destination: formatPrefix(node.prefix),
      dev: CNI_BRIDGE,
      proto: "kernel",
      scope: "link",
      src: formatIPv4((node.prefix.network + 1) >>> 0),
      ...(links.veths.size === 0 ? { linkdown: true } : {}),
    };
  }

  #podConnectedRoute(pod: PodEntry, subnet: Prefix): Route {
    return {
      destination: formatPrefix(subnet),
      dev: "eth0",
      proto: "kernel",
      scope: "link",
      src: pod.info.ip,
    };
  }

  /** The pod's subnet: its node's podCIDR (host-local allocates from it), or its IP's /24 if the node is gone. */
  #podSubnet(pod: PodEntry): Prefix {
    const prefix = this.#nodes.get(pod.info.node)?.prefix;
    if (prefix && prefixContains(prefix, pod.ipNum)) return prefix;
    return { network: maskIPv4(pod.ipNum, 24), prefixLength: 24 };
  }

  /** kube-ipvs0's ifindex: right after eth0 and flannel.1, reserved on every node. */
  #ipvsIndex(): number {
    return this.backend === "vxlan" ? 4 : 3;
  }

  // ----------------------------------------------------------------------------------------
  // Internals: keeping the index current.

  #load(): void {
    for (const node of this.#sim.store.list("Node")) this.#onNode({ type: "ADDED", object: node });
    // Sandboxes of pods that exist already get their veths in creation order.
    const pods = this.#sim.store.list("Pod").sort((a, b) => {
      const ta = a.metadata.creationTimestamp ?? "";
      const tb = b.metadata.creationTimestamp ?? "";
      if (ta !== tb) return ta < tb ? -1 : 1;
      const ka = `${a.metadata.namespace}/${a.metadata.name}`;
      const kb = `${b.metadata.namespace}/${b.metadata.name}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    for (const pod of pods) this.#onPod({ type: "ADDED", object: pod });
  }

  #onNode(event: WatchEvent): void {
    const name = event.object.metadata.name ?? "";
    const old = this.#nodes.get(name);
    if (old) this.#unindexNode(old);
    if (event.type === "DELETED") {
      this.#dropLinksIfUnused(name);
      return;
    }
    this.#indexNode(this.#nodeEntry(event.object));
  }

  #nodeEntry(obj: KubeObject): NodeEntry {
    const name = obj.metadata.name ?? "";
    const status = (obj.status ?? {}) as {
      addresses?: { type?: string; address?: string }[];
      conditions?: { type?: string; status?: string }[];
    };
    const spec = (obj.spec ?? {}) as { podCIDR?: string };
    const addresses = status.addresses ?? [];
    const ips: string[] = [];
    for (const type of ["InternalIP", "ExternalIP"])
      for (const a of addresses)
        if (a.type === type && a.address && parseIPv4(a.address) !== undefined && !ips.includes(a.address))
          ips.push(a.address);
    const internalIP = addresses.find(
      (a) => a.type === "InternalIP" && a.address && parseIPv4(a.address) !== undefined,
    )?.address;
    const internalIPNum = internalIP === undefined ? undefined : parseIPv4(internalIP);
    const prefix = spec.podCIDR ? parsePrefix(spec.podCIDR) : undefined;
    const ready = (status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
    const zone = obj.metadata.labels?.["topology.kubernetes.io/zone"];
    const info: NodeNetworkInfo = {
      name,
      ips,
      ...(spec.podCIDR ? { podCIDR: spec.podCIDR } : {}),
      ready,
      ...(zone !== undefined ? { zone } : {}),
      ...(prefix ? { bridgeIP: formatIPv4((prefix.network + 1) >>> 0) } : {}),
      ...(prefix && this.backend === "vxlan" ? { overlayIP: formatIPv4(prefix.network) } : {}),
    };
    let routeToMe: Route | undefined;
    if (prefix && internalIP)
      routeToMe =
        this.backend === "vxlan"
          ? // flannel's vxlan backend: via the remote flannel.1's address, onlink (backend/vxlan/vxlan_network.go).
            {
              destination: formatPrefix(prefix),
              gateway: formatIPv4(prefix.network),
              dev: FLANNEL_VXLAN_DEVICE,
              onlink: true,
            }
          : // flannel's host-gw backend: via the remote node's public IP on the external interface (backend/hostgw).
            { destination: formatPrefix(prefix), gateway: internalIP, dev: "eth0" };
    return {
      info,
      ipNums: ips.map((ip) => parseIPv4(ip)!),
      ...(internalIP !== undefined && internalIPNum !== undefined
        ? {
            internalIP,
            internalIPNum,
            eth0Subnet: {
              network: maskIPv4(internalIPNum, this.#nodeNet.prefixLength),
              prefixLength: this.#nodeNet.prefixLength,
            },
          }
        : {}),
      ...(prefix ? { prefix } : {}),
      ...(routeToMe ? { routeToMe } : {}),
    };
  }

  #indexNode(entry: NodeEntry): void {
    const name = entry.info.name;
    this.#nodes.set(name, entry);
    for (const ip of entry.info.ips) addOwner(this.#nodeByIP, ip, name);
    if (entry.prefix) this.#podCIDRs.add(entry.prefix, name);
  }

  #unindexNode(entry: NodeEntry): void {
    const name = entry.info.name;
    this.#nodes.delete(name);
    for (const ip of entry.info.ips) removeOwner(this.#nodeByIP, ip, name);
    if (entry.prefix) this.#podCIDRs.remove(entry.prefix, name);
  }

  #dropLinksIfUnused(nodeName: string): void {
    const links = this.#links.get(nodeName);
    if (links && links.veths.size === 0 && !this.#nodes.has(nodeName)) this.#links.delete(nodeName);
  }

  #onPod(event: WatchEvent): void {
    const obj = event.object;
    const namespace = obj.metadata.namespace ?? "";
    const name = obj.metadata.name ?? "";
    const key = `${namespace}/${name}`;
    const old = this.#pods.get(key);
    const spec = (obj.spec ?? {}) as { nodeName?: string; hostNetwork?: boolean };
    const status = (obj.status ?? {}) as { podIP?: string; phase?: string };
    const ipNum = status.podIP ? parseIPv4(status.podIP) : undefined;
    // A sandbox exists from the pod IP until the pod ends (the kubelet tears it down for
    // Succeeded/Failed pods) or is removed.
    const live =
      event.type !== "DELETED" &&
      !!spec.nodeName &&
      ipNum !== undefined &&
      status.phase !== "Succeeded" &&
      status.phase !== "Failed";
    if (!live) {
      if (old) this.#removePod(old);
      return;
    }
    const info: PodNetworkInfo = {
      namespace,
      name,
      uid: obj.metadata.uid ?? "",
      node: spec.nodeName!,
      ip: status.podIP!,
      hostNetwork: spec.hostNetwork === true,
      object: obj,
    };
    if (
      old &&
      old.info.uid === info.uid &&
      old.info.node === info.node &&
      old.info.ip === info.ip &&
      old.info.hostNetwork === info.hostNetwork
    ) {
      // Same sandbox: only the object changed (status, labels); the veth and its ifindex stay.
      old.info = info;
      const owners = info.hostNetwork ? undefined : this.#podByIP.get(info.ip);
      if (owners?.[owners.length - 1] === old) this.#podInfoByIP.set(info.ip, info);
      return;
    }
    if (old) this.#removePod(old);
    this.#addPod(key, info, ipNum!);
  }

  #addPod(key: string, info: PodNetworkInfo, ipNum: number): void {
    if (info.hostNetwork) {
      this.#setPod(key, { key, ipNum, vethIndex: 0, info });
      return;
    }
    let links = this.#links.get(info.node);
    if (!links) {
      links = { nextIndex: this.#ipvsIndex() + 1, veths: new Map() };
      this.#links.set(info.node, links);
    }
    if (links.cni0Index === undefined) links.cni0Index = links.nextIndex++;
    const entry: PodEntry = { key, ipNum, vethIndex: links.nextIndex++, info };
    links.veths.set(key, entry);
    this.#setPod(key, entry);
    addOwner(this.#podByIP, info.ip, entry);
    this.#podInfoByIP.set(info.ip, info);
  }

  #setPod(key: string, entry: PodEntry): void {
    this.#pods.set(key, entry);
    let byName = this.#podsByNamespace.get(entry.info.namespace);
    if (!byName) {
      byName = new Map();
      this.#podsByNamespace.set(entry.info.namespace, byName);
    }
    byName.set(entry.info.name, entry);
  }

  #removePod(entry: PodEntry): void {
    this.#pods.delete(entry.key);
    const byName = this.#podsByNamespace.get(entry.info.namespace);
    if (byName?.get(entry.info.name) === entry) {
      byName.delete(entry.info.name);
      if (byName.size === 0) this.#podsByNamespace.delete(entry.info.namespace);
    }
    if (entry.info.hostNetwork) return;
    const links = this.#links.get(entry.info.node);
    if (links?.veths.get(entry.key) === entry) links.veths.delete(entry.key);
    removeOwner(this.#podByIP, entry.info.ip, entry);
    const owners = this.#podByIP.get(entry.info.ip);
    const last = owners?.[owners.length - 1];
    if (last) this.#podInfoByIP.set(entry.info.ip, last.info);
    else this.#podInfoByIP.delete(entry.info.ip);
    this.#dropLinksIfUnused(entry.info.node);
  }
}

// ------------------------------------------------------------------------------------------
// Helpers.

function podKey(pod: PodRef): string {
  return "metadata" in pod
    ? `${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`
    : `${pod.namespace}/${pod.name}`;
}

function addOwner<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const owners = map.get(key);
  if (owners) owners.push(value);
  else map.set(key, [value]);
}

function removeOwner<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const owners = map.get(key);
  if (!owners) return;
  const i = owners.indexOf(value);
  if (i >= 0) owners.splice(i, 1);
  if (owners.length === 0) map.delete(key);
}

/** Routes in the order `ip route` prints them: by destination address, longer prefixes first. */
function sortRoutes(routes: [Prefix, Route][]): Route[] {
  return routes
    .sort(([a], [b]) => a.network - b.network || b.prefixLength - a.prefixLength)
    .map(([, route]) => route);
}

/** A route of the kernel's `local` table (`local 10.244.1.5 dev eth0 proto kernel scope host src 10.244.1.5`). */
function localRoute(dst: string, dev: string, src: string): RouteLookup {
  return {
    route:
      dev === "lo"
        ? { destination: "127.0.0.0/8", dev, proto: "kernel", scope: "host", src }
        : { destination: dst, dev, proto: "kernel", scope: "host", src },
    target: { kind: "local", dev },
  };
}

function inet(
  cidr: string,
  broadcast: number | undefined,
  scope: InterfaceAddress["scope"],
): InterfaceAddress {
  return {
    family: "inet",
    cidr,
    ...(broadcast === undefined ? {} : { broadcast: formatIPv4(broadcast) }),
    scope,
  };
}

function inet6LinkLocal(mac: string): InterfaceAddress {
  return { family: "inet6", cidr: linkLocalFromMAC(mac), scope: "link" };
}

/** Docker's MAC for a container address (`02:42` then the IPv4 bytes), as kind nodes had before Docker 26 randomised it. */
function dockerMAC(ip: number): string {
  const bytes = [0x02, 0x42, (ip >>> 24) & 0xff, (ip >>> 16) & 0xff, (ip >>> 8) & 0xff, ip & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");
}

function hashMAC(seed: string): string {
  return localMAC(sha256(utf8(seed)));
}

/**
 * A pod's veth name and MACs. The CNI bridge plugin names the host end `veth` + 4 random bytes
 * in hex (`ip.RandomVethName`) and the kernel picks random MACs; kubesim derives all three from
 * the sha256 of the pod uid instead, so runs are reproducible.
 */
function identity(pod: PodEntry): NonNullable<PodEntry["identity"]> {
  if (!pod.identity) {
    const h = sha256(utf8(pod.info.uid || pod.key));
    const hex = Array.from(h.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
    pod.identity = {
      vethName: `veth${hex}`,
      vethMAC: localMAC(h.subarray(4, 10)),
      podMAC: localMAC(h.subarray(10, 16)),
    };
  }
  return pod.identity;
}

/** UTF-8 bytes of a string without TextEncoder (library code must not assume a host API). */
function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}
