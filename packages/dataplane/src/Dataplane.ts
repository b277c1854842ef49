/**
 * The dataplane of one simulated cluster: the network index, one kube-proxy per node (sharing
 * the synced state), conntrack per node, the workloads that answer, and the packet walk that
 * ties them together. Created on a {@link Simulation}; everything it does happens on that
 * simulation's virtual clock and seeded random streams.
 *
 * @module
 */

import type { KubeObject, Simulation } from "@kubesim/core";
import { ConntrackTable, conntrackMaxFor } from "./conntrack/ConntrackTable.js";
import { type HealthServers, healthServers } from "./kubeproxy/healthServers.js";
import { createIptablesMode } from "./kubeproxy/iptables/iptablesMode.js";
import { createIpvsMode } from "./kubeproxy/ipvs/ipvsMode.js";
import { createNftablesMode } from "./kubeproxy/nftables/nftablesMode.js";
import type { Chooser, ProxyMode, ProxyModeName, ProxyNode } from "./kubeproxy/ProxyMode.js";
import { ProxyStateTracker } from "./kubeproxy/ProxyStateTracker.js";
import { RecentTable } from "./kubeproxy/RecentTable.js";
import { RoundRobinTable, VirtualServerSlots } from "./kubeproxy/RoundRobinTable.js";
import type { PodNetworkInfo } from "./network/ClusterNetwork.js";
import { ClusterNetwork } from "./network/ClusterNetwork.js";
import type { CNIBackend } from "./network/NetworkTypes.js";
import { EMPTY_OUTSIDE, type OutsideNetwork } from "./network/OutsideNetwork.js";
import { exploreOutcomes, seededChooser } from "./packet/choosers.js";
import type {
  AppRequest,
  AppResponse,
  Backend,
  Origin,
  Outcome,
  Protocol,
  SocketAddress,
  Trace,
} from "./packet/Packet.js";
import type { FlowTable, Listener, PodEndpoint, WalkWorld } from "./packet/WalkWorld.js";
import { deliveredReason, type WalkRequest, walkPacket } from "./packet/walkPacket.js";
import { runCommand } from "./tools/runCommand.js";
import type { Resolution, ToolEnvironment, ToolResult } from "./tools/ToolEnvironment.js";
import { findListener, workloadContext } from "./workloads/podListeningPorts.js";
import type { Workload, WorkloadContext, WorkloadMatcher, WorkloadRequest } from "./workloads/Workload.js";
import { WorkloadRegistry } from "./workloads/WorkloadRegistry.js";

/** How the dataplane is built. */
export interface DataplaneOptions {
  readonly sim: Simulation;
  /** kube-proxy's `--proxy-mode` (default `iptables`, kube-proxy's default). */
  readonly proxyMode?: ProxyModeName;
  /** kube-proxy's minimum sync period in milliseconds (default 1000: `--iptables-min-sync-period=1s`). */
  readonly minSyncPeriodMs?: number;
  /** The CNI's way across nodes (default `vxlan`, flannel's default backend). */
  readonly cni?: CNIBackend;
  /** The pod network, `--cluster-cidr` (default `10.244.0.0/16`). */
  readonly clusterCIDR?: string;
  /** The network the nodes sit on (default kind's docker network `172.18.0.0/16`). */
  readonly nodeNetwork?: string;
  /** The nodes' default gateway (default `172.18.0.1`). */
  readonly gateway?: string;
}

/** What to send, from where, to where. */
export interface SendOptions {
  readonly from: Origin;
  /** An IP address, or a Service name (`svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`). */
  readonly to: string;
  readonly port?: number;
  /** Default `TCP`. */
  readonly protocol?: Protocol;
  /** What the client says once connected (default: nothing, only connect). */
  readonly request?: AppRequest;
  /** Record hops (default true). */
  readonly trace?: boolean;
  /** How long the client waits for an answer (default 10 s). */
  readonly timeoutMs?: number;
  /**
   * Walk the request as it would go now (the same seeded choices, the same ephemeral port) but
   * change nothing: no conntrack entry, round-robin step, affinity, port or random draw is
   * used up. A name is looked up as a dry run too ({@link ResolveOptions.dryRun}), so the
   * request gets the port and choices it would get if the lookup's queries had taken none.
   */
  readonly dryRun?: boolean;
}

/** Options of a name lookup. */
export interface ResolveOptions {
  /** Look the name up as it would be now without changing any state (its queries are dry runs too). */
  readonly dryRun?: boolean;
}

/** A name resolver (cluster DNS installs one with {@link Dataplane.setResolver}). */
export type Resolver = (name: string, from: Origin, options?: ResolveOptions) => Resolution;

/** An open connection: later requests reuse its source port, so conntrack keeps them on one backend. */
export interface Connection {
  readonly local: SocketAddress;
  /** Sends a request on the connection. */
  send(request?: AppRequest, options?: { readonly trace?: boolean }): Trace;
  /** Closes it (TCP: conntrack's entry moves to TIME_WAIT). */
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const NO_REQUEST: AppRequest = Object.freeze({ kind: "none" });
const NO_IPS: readonly string[] = Object.freeze([]);
const DRY_RUN: ResolveOptions = Object.freeze({ dryRun: true });

/**
 * A {@link WorkloadRegistry} that counts registrations, so the dataplane knows when the
 * listeners it cached per pod (which depend on the chosen workloads) must be recomputed.
 */
class CountingRegistry extends WorkloadRegistry {
  generation = 0;

  override register(matcher: WorkloadMatcher): void {
    super.register(matcher);
    this.generation++;
  }
}

/**
 * The socket of one pod's container on one port, cached per (immutable) pod object. The
 * workload's context is built when it answers, so `nowMs` is the instant of the packet.
 */
class PodListener implements Listener {
  // The last delivery and context, with the address and instant they are for kept inline: a
  // packet then reads this object only, not the cached ones too (each a likely cache miss
  // when packets spread over thousands of pods).
  #delivered: { readonly backend: Backend; readonly reason: string } | undefined;
  #deliveredIP = "";
  #deliveredPort = -1;
  #context: WorkloadContext | undefined;
  #contextAtMs = Number.NaN;

  constructor(
    /** The socket this listener answers on ({@link socketKey}). */
    readonly socket: number,
    readonly backend: Listener["backend"],
    readonly pod: KubeObject,
    readonly container: WorkloadContext["container"],
    readonly workload: Workload,
    readonly sim: Simulation,
  ) {}

  respond(request: WorkloadRequest): AppResponse {
    // The context is immutable and depends only on the pod, the container and the instant, so
    // packets at the same virtual instant share one (a burst of packets builds it once).
    const nowMs = this.sim.nowMs;
    let context = this.#context;
    if (context === undefined || this.#contextAtMs !== nowMs) {
      context = workloadContext(this.pod, this.container, nowMs);
      this.#context = context;
      this.#contextAtMs = nowMs;
    }
    return this.workload.handle(context, request);
  }

  deliveredAt(at: SocketAddress): { readonly backend: Backend; readonly reason: string } {
    const last = this.#delivered;
    if (last && this.#deliveredIP === at.ip && this.#deliveredPort === at.port) return last;
    const backend: Backend = { ...this.backend, ip: at.ip, port: at.port };
    this.#delivered = { backend, reason: deliveredReason(backend) };
    this.#deliveredIP = at.ip;
    this.#deliveredPort = at.port;
    return this.#delivered;
  }
}

/** A number per protocol and port, for listener caches. */
function socketKey(protocol: string, port: number): number {
  return port * 4 + (protocol === "TCP" ? 0 : protocol === "UDP" ? 1 : protocol === "SCTP" ? 2 : 3);
}

/** Creates the dataplane of a simulation. */
export function createDataplane(options: DataplaneOptions): Dataplane {
  return new Dataplane(options);
}

/** See the module documentation. */
export class Dataplane {
  readonly sim: Simulation;
  readonly network: ClusterNetwork;
  readonly proxy: ProxyStateTracker;
  readonly proxyMode: ProxyMode;
  readonly workloads: WorkloadRegistry = new CountingRegistry();
  readonly #clusterCIDR: string;
  /** `--cluster-cidr` as the proxy modes read it; one array, so their parsed-CIDR caches hit. */
  readonly #clusterCIDRs: readonly string[];
  readonly #conntrack = new Map<string, ConntrackTable>();
  /** One live view per node: its state and addresses are read through getters, so it never goes stale. */
  readonly #proxyNodes = new Map<string, ProxyNode>();
  /** One numbering of ipvs virtual servers for every node's round-robin table. */
  readonly #virtualServerSlots = new VirtualServerSlots();
  /** The world the walk sees; one object for every packet (its `nowMs` reads the clock). */
  readonly #walkWorld: WalkWorld;
  /** The seeded chooser of the `kube-proxy` stream, rebuilt only if the stream object changes. */
  #chooser: { stream: unknown; chooser: Chooser } | undefined;
  /** Listeners per pod object and socket (`null`: nothing listens); dropped when a workload matcher is registered. */
  #listeners = new WeakMap<KubeObject, Map<number, PodListener | null>>();
  /**
   * The walk's view of the same cache: per pod network entry (which the walk already holds, so
   * the large pod object is not read), the listener found last.
   */
  #lastListener = new WeakMap<PodEndpoint, PodListener>();
  #listenersGeneration = 0;
  /** The network namespace name of each client pod, so the ephemeral-port map is probed with one string. */
  readonly #netnsOfPod = new WeakMap<PodNetworkInfo, string>();
  readonly #partitioned = new Set<string>();
  readonly #healthServers: HealthServers;
  #partitionGeneration = 0;
  readonly #ports = new Map<string, number>();
  readonly #hostNetworkPods = new Map<string, Set<string>>();
  #resolver: Resolver | undefined;
  #outside: OutsideNetwork = EMPTY_OUTSIDE;
  readonly #toolExtensions: ((env: ToolEnvironment, origin: Origin) => ToolEnvironment)[] = [];

  constructor(options: DataplaneOptions) {
    this.sim = options.sim;
    this.#clusterCIDR = options.clusterCIDR ?? "10.244.0.0/16";
    this.#clusterCIDRs = Object.freeze([this.#clusterCIDR]);
    this.network = new ClusterNetwork({
      sim: options.sim,
      backend: options.cni ?? "vxlan",
      clusterCIDR: this.#clusterCIDR,
      ...(options.nodeNetwork ? { nodeNetwork: options.nodeNetwork } : {}),
      ...(options.gateway ? { gateway: options.gateway } : {}),
    });
    const mode = options.proxyMode ?? "iptables";
    // A mode instance per dataplane: its caches belong to this simulation, not to the module.
    this.proxyMode =
      mode === "ipvs" ? createIpvsMode() : mode === "nftables" ? createNftablesMode() : createIptablesMode();
    this.proxy = new ProxyStateTracker({
      sim: options.sim,
      ...(options.minSyncPeriodMs !== undefined ? { minSyncPeriodMs: options.minSyncPeriodMs } : {}),
      // kube-proxy clears conntrack entries of removed UDP endpoints on its own node only.
      onSync: (_state, staleUDP, nodeName) => {
        const nodes = nodeName !== undefined ? [nodeName] : [...this.#conntrack.keys()];
        for (const node of nodes)
          if (!this.proxy.isPaused(node)) this.#conntrack.get(node)?.deleteUDP(staleUDP, this.sim.nowMs);
      },
    });
    this.#healthServers = healthServers({
      proxy: this.proxy,
      node: (n) => this.sim.store.get("Node", "", n),
      now: () => this.sim.nowMs,
    });
    this.#walkWorld = this.#makeWorld();
    for (const pod of options.sim.store.list("Pod")) this.#trackHostNetwork(undefined, pod);
    options.sim.store.watch({ kind: "Pod" }, (e) =>
      this.#trackHostNetwork(e.oldObject, e.type === "DELETED" ? undefined : e.object),
    );
  }

  /**
   * Sends one request and returns its trace. Random choices (which endpoint) come from the
   * simulation's `kube-proxy` stream; conntrack, affinity and round-robin state change as
   * they would.
   */
  send(options: SendOptions): Trace {
    if (options.dryRun) {
      // The seeded choice this send would make, drawn from a copy of the stream.
      const choose = seededChooser(this.sim.random("kube-proxy").fork()).choose;
      return walkPacket(this.#walkWorld, this.#walkRequest(options, false), { commit: false, choose });
    }
    return walkPacket(this.#walkWorld, this.#walkRequest(options), this.#seededChooser());
  }

  /** Every possible outcome of a request with its probability; changes no state (a name's lookup is a dry run). */
  outcomes(options: SendOptions): Outcome[] {
    const world = this.#walkWorld;
    const req = this.#walkRequest(options, false);
    return exploreOutcomes((chooser) => walkPacket(world, req, chooser));
  }

  /** Opens a connection; its requests share a source port, so conntrack keeps them on one backend. */
  connect(options: SendOptions): Connection {
    if (options.dryRun)
      throw new Error(
        "connect: dryRun is not supported (a connection takes a port); use send({ ..., dryRun: true })",
      );
    const first = this.#walkRequest(options);
    const srcPort = first.srcPort as number;
    const world = this.#walkWorld;
    const localIP = this.#sourceIP(options.from);
    const self = this;
    return {
      local: { ip: localIP, port: srcPort },
      send(request, sendOptions) {
        return walkPacket(
          world,
          { ...first, request: request ?? NO_REQUEST, trace: sendOptions?.trace ?? true },
          self.#seededChooser(),
        );
      },
      close() {
        self.#closeFlow(options, first);
      },
    };
  }

  /** The rules of a node's kube-proxy as its tool prints them (`iptables-save`, `ipvsadm -Ln`, `nft list table ip kube-proxy`). */
  dumpRules(node: string): string {
    return this.proxyMode.dump(this.#proxyNode(node));
  }

  /** A node's conntrack table. */
  conntrack(node: string): ConntrackTable {
    let table = this.#conntrack.get(node);
    if (!table) {
      // kube-proxy sets nf_conntrack_max from the node's CPUs when it starts.
      const cpu = (
        this.sim.store.get("Node", "", node)?.status as { capacity?: { cpu?: string } } | undefined
      )?.capacity?.cpu;
      const cores = cpu === undefined ? 1 : cpu.endsWith("m") ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu);
      table = new ConntrackTable({ maxEntries: conntrackMaxFor(Number.isFinite(cores) ? cores : 1) });
      this.#conntrack.set(node, table);
    }
    return table;
  }

  /** Cuts a node off: packets to and from it are lost, and its kube-proxy stops syncing. */
  partitionNode(node: string): void {
    if (this.#partitioned.has(node)) return;
    this.#partitioned.add(node);
    this.#partitionGeneration++;
    this.proxy.pause(node);
  }

  /** Whether `node` is cut off the network ({@link partitionNode}). */
  isPartitioned(node: string): boolean {
    return this.#partitioned.has(node);
  }

  /** Changes whenever a node is cut off or reconnected (for caches of reachable nodes). */
  get partitionGeneration(): number {
    return this.#partitionGeneration;
  }

  /** Reconnects a partitioned node. */
  healNode(node: string): void {
    if (!this.#partitioned.delete(node)) return;
    this.#partitionGeneration++;
    this.proxy.resume(node);
  }

  /**
   * Replaces name resolution (cluster DNS installs itself here). Without a resolver, names
   * resolve to Service ClusterIPs straight from the API objects, without DNS traffic.
   */
  setResolver(resolver: Resolver): void {
    this.#resolver = resolver;
  }

  /**
   * Sets the world outside the nodes: load balancers (cloud, MetalLB) in front of them and
   * hosts outside the cluster. Until then, nothing outside answers but the nodes themselves.
   */
  setOutsideNetwork(outside: OutsideNetwork): void {
    this.#outside = outside;
  }

  /**
   * Adds to every tool environment from now on: cluster DNS plugs in its resolver and the
   * pods' `/etc/resolv.conf` this way. Extensions apply in the order they were added.
   */
  extendToolEnvironment(extension: (env: ToolEnvironment, origin: Origin) => ToolEnvironment): void {
    this.#toolExtensions.push(extension);
  }

  /** Resolves a host name as a client at `from` would. */
  resolve(name: string, from: Origin, options?: ResolveOptions): Resolution {
    return this.#resolver ? this.#resolver(name, from, options) : this.#resolveFromObjects(name, from);
  }

  /** Runs a command (`wget`, `curl`, `nc`, `ping`, `ip`, ...) in a pod's container. */
  exec(
    target: { namespace: string; pod: string; container?: string },
    argv: readonly string[],
    options: { stdin?: string } = {},
  ): ToolResult {
    const pod = this.sim.store.get("Pod", target.namespace, target.pod);
    if (!pod) throw new Error(`pod ${target.namespace}/${target.pod} not found`);
    const containers = (pod.spec as { containers?: { name: string; image?: string }[] }).containers ?? [];
    const container = containers.find((c) => c.name === target.container) ?? containers[0];
    return runCommand(
      argv,
      this.toolEnvironment({ kind: "pod", namespace: target.namespace, name: target.pod }),
      {
        image: container?.image ?? "",
        ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
      },
    );
  }

  /** Where tools run for a client at `origin`. */
  toolEnvironment(origin: Origin): ToolEnvironment {
    const podObject =
      origin.kind === "pod" ? this.sim.store.get("Pod", origin.namespace, origin.name) : undefined;
    const hostname =
      origin.kind === "pod"
        ? ((podObject?.spec as { hostname?: string } | undefined)?.hostname ?? origin.name)
        : origin.kind === "node"
          ? origin.name
          : "client";
    const send = (protocol: Protocol, ip: string, port: number, request: AppRequest, timeoutMs: number) => {
      const trace = this.send({ from: origin, to: ip, port, protocol, request, timeoutMs });
      return {
        verdict: trace.verdict,
        ...(trace.response ? { response: trace.response } : {}),
        elapsedMs: trace.elapsedMs,
        local: trace.sent.src,
        trace,
      };
    };
    const env: ToolEnvironment = {
      hostname,
      now: () => this.sim.nowMs,
      connect: (o) => send(o.protocol, o.ip, o.port, o.request, o.timeoutMs),
      ping: (ip, timeoutMs) => send("ICMP", ip, 0, { kind: "none" }, timeoutMs),
      resolve: (name) => this.resolve(name, origin),
      interfaces:
        origin.kind === "pod" && podObject
          ? this.network.podInterfaces(podObject)
          : origin.kind === "node"
            ? this.network.nodeInterfaces(origin.name)
            : [],
      routes:
        origin.kind === "pod" && podObject
          ? this.network.podRoutes(podObject)
          : origin.kind === "node"
            ? this.network.nodeRoutes(origin.name)
            : [],
      readFile: (path) => {
        if (path === "/etc/hostname") return `${hostname}\n`;
        if (path === "/etc/hosts" && podObject) return this.network.hostsFile(podObject);
        return undefined;
      },
    };
    return this.#toolExtensions.reduce((e, extend) => extend(e, origin), env);
  }

  #walkRequest(options: SendOptions, commit = true): WalkRequest {
    const protocol = options.protocol ?? "TCP";
    const port = protocol === "ICMP" ? 0 : (options.port ?? 80);
    let ip = options.to;
    if (!isIPLiteral(ip)) {
      const r = this.resolve(ip, options.from, commit ? undefined : DRY_RUN);
      if (!r.ok || r.ips.length === 0) throw new Error(`cannot resolve ${JSON.stringify(options.to)}`);
      ip = r.ips[0] as string;
    }
    return {
      origin: options.from,
      protocol,
      dst: { ip, port },
      request: options.request ?? NO_REQUEST,
      srcPort: protocol === "ICMP" ? 0 : this.#nextPort(this.#netnsOf(options.from), commit),
      trace: options.trace ?? true,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    };
  }

  /** The seeded chooser over the simulation's `kube-proxy` stream (one object while the stream is the same). */
  #seededChooser(): Chooser {
    const stream = this.sim.random("kube-proxy");
    if (this.#chooser?.stream !== stream) this.#chooser = { stream, chooser: seededChooser(stream) };
    return this.#chooser.chooser;
  }

  /** The client's network namespace: `pod ns/name`, or `host <node>` for hostNetwork pods and nodes. */
  #netnsOf(origin: Origin): string {
    if (origin.kind === "external") return `external ${origin.ip}`;
    if (origin.kind === "node") return `host ${origin.name}`;
    const pod = this.network.pod(origin.namespace, origin.name);
    if (!pod) return `pod ${origin.namespace}/${origin.name}`;
    let netns = this.#netnsOfPod.get(pod);
    if (netns === undefined) {
      netns = pod.hostNetwork ? `host ${pod.node}` : `pod ${origin.namespace}/${origin.name}`;
      this.#netnsOfPod.set(pod, netns);
    }
    return netns;
  }

  #closeFlow(options: SendOptions, req: WalkRequest): void {
    const node = this.#entryNode(options.from);
    if (!node) return;
    this.conntrack(node).close(
      {
        protocol: req.protocol,
        src: { ip: this.#sourceIP(options.from), port: req.srcPort as number },
        dst: req.dst,
      },
      this.sim.nowMs,
    );
  }

  #entryNode(origin: Origin): string | undefined {
    if (origin.kind === "node") return origin.name;
    if (origin.kind === "pod") return this.network.pod(origin.namespace, origin.name)?.node;
    return undefined;
  }

  #sourceIP(origin: Origin): string {
    if (origin.kind === "external") return origin.ip;
    if (origin.kind === "node") return this.network.node(origin.name)?.ips[0] ?? "";
    return this.network.pod(origin.namespace, origin.name)?.ip ?? "";
  }

  /** Linux picks ephemeral ports from 32768-60999 (`ip_local_port_range`); each client namespace gets a seeded start. */
  #nextPort(netns: string, commit: boolean): number {
    let next = this.#ports.get(netns);
    if (next === undefined) {
      // The netns's first port is random; a dry run peeks at it without drawing it.
      const stream = this.sim.random(`ephemeral-port ${netns}`);
      next = (commit ? stream : stream.fork()).int(32768, 60999);
    }
    if (commit) this.#ports.set(netns, next >= 60999 ? 32768 : next + 1);
    return next;
  }

  #proxyNode(node: string): ProxyNode {
    let proxyNode = this.#proxyNodes.get(node);
    if (!proxyNode) {
      const net = this.network;
      const proxy = this.proxy;
      proxyNode = {
        nodeName: node,
        get nodeIPs() {
          return net.node(node)?.ips ?? NO_IPS;
        },
        get zone() {
          return net.node(node)?.zone;
        },
        clusterCIDRs: this.#clusterCIDRs,
        get state() {
          return proxy.stateFor(node);
        },
        affinity: new RecentTable(),
        roundRobin: new RoundRobinTable(this.#virtualServerSlots),
      };
      this.#proxyNodes.set(node, proxyNode);
    }
    return proxyNode;
  }

  #makeWorld(): WalkWorld {
    const net = this.network;
    const sim = this.sim;
    const outside = () => this.#outside;
    return {
      get nowMs() {
        return sim.nowMs;
      },
      get outside() {
        return outside();
      },
      proxyMode: this.proxyMode,
      cni: net.backend,
      pod: (ns, name) => net.pod(ns, name),
      podByIP: (ip) => net.podByIP(ip),
      nodeByIP: (ip) => net.nodeByIP(ip),
      nodeOfPodCIDR: (ip) => net.nodeOfPodCIDR(ip),
      inClusterCIDR: (ip) => net.inClusterCIDR(ip),
      nodeIP: (node) => net.node(node)?.ips[0] ?? "",
      bridgeIP: (node) => net.node(node)?.bridgeIP ?? "",
      overlayIP: (node) => (net.backend === "vxlan" ? net.node(node)?.overlayIP : undefined),
      linked: (a, b) => !this.#partitioned.has(a) && !this.#partitioned.has(b),
      proxyNode: (node) => this.#proxyNode(node),
      conntrack: (node): FlowTable => this.conntrack(node),
      listener: (target, protocol, port) => this.#listener(target, protocol, port),
      podListener: (pod, protocol, port) => this.#podEndpointListener(pod, protocol, port) ?? undefined,
      ephemeralPort: (netns, commit) => this.#nextPort(netns, commit),
    };
  }

  #listener(
    target: { readonly pod: PodEndpoint } | { readonly node: string },
    protocol: string,
    port: number,
  ): Listener | undefined {
    if ("pod" in target) {
      const found = this.#podListener(target.pod.object, protocol, port);
      return found ?? undefined;
    }
    // kube-proxy's own health servers (10256, healthCheckNodePorts) bind first.
    const kubeProxy = this.#healthServers.listener(target.node, protocol, port);
    if (kubeProxy) return kubeProxy;
    // Host processes: the hostNetwork pods of the node, in name order.
    for (const key of [...(this.#hostNetworkPods.get(target.node) ?? [])].sort()) {
      const [ns, name] = key.split("/") as [string, string];
      const pod = this.sim.store.get("Pod", ns, name);
      const found = pod && this.#podListener(pod, protocol, port);
      if (found) return found;
    }
    return undefined;
  }

  /** Drops the cached listeners when a workload matcher was registered since they were found. */
  #checkListenersGeneration(): void {
    const generation = (this.workloads as CountingRegistry).generation;
    if (generation !== this.#listenersGeneration) {
      this.#listeners = new WeakMap();
      this.#lastListener = new WeakMap();
      this.#listenersGeneration = generation;
    }
  }

  /** {@link Dataplane.#podListener} for a pod's network entry (a new entry per pod object). */
  #podEndpointListener(pod: PodEndpoint, protocol: string, port: number): PodListener | null {
    this.#checkListenersGeneration();
    const last = this.#lastListener.get(pod);
    if (last !== undefined && last.socket === socketKey(protocol, port)) return last;
    const listener = this.#podListener(pod.object, protocol, port);
    if (listener) this.#lastListener.set(pod, listener);
    return listener;
  }

  /** The listener of `pod` on `protocol`/`port`, from the cache (pods are immutable values). */
  #podListener(pod: KubeObject, protocol: string, port: number): PodListener | null {
    this.#checkListenersGeneration();
    let sockets = this.#listeners.get(pod);
    if (!sockets) {
      sockets = new Map();
      this.#listeners.set(pod, sockets);
    }
    const key = socketKey(protocol, port);
    let listener = sockets.get(key);
    if (listener === undefined) {
      const found = findListener(this.workloads, pod, protocol as "TCP", port, this.sim.nowMs);
      listener = found
        ? new PodListener(
            key,
            {
              kind: "pod",
              namespace: pod.metadata.namespace ?? "",
              name: pod.metadata.name ?? "",
              ...(this.network.pod(pod.metadata.namespace ?? "", pod.metadata.name ?? "")?.node
                ? { node: (pod.spec as { nodeName?: string }).nodeName as string }
                : {}),
              container: found.container,
            },
            pod,
            found.context.container,
            found.workload,
            this.sim,
          )
        : null;
      sockets.set(key, listener);
    }
    return listener;
  }

  #trackHostNetwork(before: KubeObject | undefined, after: KubeObject | undefined): void {
    const key = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;
    const nodeOf = (p: KubeObject | undefined) => {
      const spec = p?.spec as { hostNetwork?: boolean; nodeName?: string } | undefined;
      return spec?.hostNetwork ? spec.nodeName : undefined;
    };
    const was = nodeOf(before);
    const is = nodeOf(after);
    if (was && was !== is && before) this.#hostNetworkPods.get(was)?.delete(key(before));
    if (is && after) {
      let set = this.#hostNetworkPods.get(is);
      if (!set) {
        set = new Set();
        this.#hostNetworkPods.set(is, set);
      }
      set.add(key(after));
    }
  }

  #resolveFromObjects(name: string, from: Origin): Resolution {
    const lower = name.toLowerCase().replace(/\.$/, "");
    const parts = lower.split(".");
    const fromNs = from.kind === "pod" ? from.namespace : undefined;
    let svc: string | undefined;
    let ns: string | undefined;
    if (parts.length === 1) [svc, ns] = [parts[0], fromNs];
    else if (parts.length === 2 || (parts.length === 3 && parts[2] === "svc"))
      [svc, ns] = [parts[0], parts[1]];
    else if (parts.length === 5 && parts[2] === "svc" && parts[3] === "cluster" && parts[4] === "local")
      [svc, ns] = [parts[0], parts[1]];
    if (!svc || !ns) return { ok: false, error: "not-found" };
    const service = this.sim.store.get("Service", ns, svc);
    const ips =
      (service?.spec as { clusterIPs?: string[] } | undefined)?.clusterIPs?.filter((ip) => ip !== "None") ??
      [];
    return ips.length > 0 ? { ok: true, ips } : { ok: false, error: "not-found" };
  }
}

/** `/^\d{1,3}(\.\d{1,3}){3}$/` or anything with a colon (IPv6), without a regular expression per packet. */
function isIPLiteral(text: string): boolean {
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return text.includes(":");
    } else if (c === 46 && digits > 0 && dots < 3) {
      dots++;
      digits = 0;
    } else {
      return text.includes(":");
    }
  }
  return (dots === 3 && digits > 0) || text.includes(":");
}
