/**
 * What the packet walk reads about the cluster: a narrow view over the network index, the
 * kube-proxies, conntrack and the workloads, so the walk itself is one readable function and
 * can be tested against a small fake world.
 *
 * @module
 */
import type { KubeObject } from "@kubesim/core";
import type { ProxyMode, ProxyNode } from "../kubeproxy/ProxyMode.js";
import type { CNIBackend } from "../network/NetworkTypes.js";
import type { OutsideNetwork } from "../network/OutsideNetwork.js";
import type { WorkloadRequest } from "../workloads/Workload.js";
import type { AppResponse, Backend, FiveTuple, SocketAddress } from "./Packet.js";

/** A pod that has a network namespace (a sandbox with an IP). */
export interface PodEndpoint {
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  readonly ip: string;
  readonly hostNetwork: boolean;
  readonly object: KubeObject;
}

/** A socket that accepts packets: who answers, and how. */
export interface Listener {
  readonly backend: Omit<Backend, "ip" | "port">;
  respond(request: WorkloadRequest): AppResponse;
  /**
   * `backend` at `at` and the trace's reason for delivering there, if the listener keeps them
   * (optional: a listener that answers many packets saves building them for each).
   */
  deliveredAt?(at: SocketAddress): { readonly backend: Backend; readonly reason: string };
}

/** What conntrack remembers of a flow: how its packets are translated. */
export interface TrackedFlow {
  /** The destination after DNAT (the original destination when none). */
  readonly dnat: SocketAddress;
  /** The source after SNAT (the original source when none). */
  readonly snat: SocketAddress;
}

/** One node's connection tracking as the walk uses it. */
export interface FlowTable {
  /** The flow of a tuple the client sent before, if conntrack still has it at `nowMs`. */
  find(original: FiveTuple, nowMs: number): TrackedFlow | undefined;
  /**
   * Records a new flow and its translation; `replied` false leaves it unreplied (a SYN nobody
   * answered: `SYN_SENT [UNREPLIED]`), true (the default) as an answered flow, `"reset"` as a
   * TCP connection the server's kernel refused with a RST (`CLOSE`).
   */
  add(original: FiveTuple, flow: TrackedFlow, nowMs: number, replied?: boolean | "reset"): void;
  /**
   * Whether a new flow can get an entry at `nowMs` (`nf_conntrack_max`); when it cannot, the
   * kernel drops the flow's first packet. Absent: the table has no limit.
   */
  admits?(nowMs: number): boolean;
}

/** The cluster as the packet walk sees it at one instant. */
export interface WalkWorld {
  readonly nowMs: number;
  readonly proxyMode: ProxyMode;
  readonly cni: CNIBackend;
  pod(namespace: string, name: string): PodEndpoint | undefined;
  podByIP(ip: string): PodEndpoint | undefined;
  /** The node whose address `ip` is (InternalIP/ExternalIP). */
  nodeByIP(ip: string): string | undefined;
  /** The node whose podCIDR contains `ip`. */
  nodeOfPodCIDR(ip: string): string | undefined;
  /** Whether `ip` is in the cluster's pod network (`--cluster-cidr`). */
  inClusterCIDR(ip: string): boolean;
  /** The node's primary address (InternalIP). */
  nodeIP(node: string): string;
  /** The address of the node's bridge (`cni0`, the pods' gateway). */
  bridgeIP(node: string): string;
  /** The address of the node's VXLAN device (`flannel.1`), with the vxlan backend. */
  overlayIP(node: string): string | undefined;
  /** Whether packets can pass between two nodes (false when either is partitioned). */
  linked(fromNode: string, toNode: string): boolean;
  proxyNode(node: string): ProxyNode;
  conntrack(node: string): FlowTable;
  /** The socket listening on a pod's port, or on a node's own port (host processes and hostNetwork pods). */
  listener(
    target: { readonly pod: PodEndpoint } | { readonly node: string },
    protocol: string,
    port: number,
  ): Listener | undefined;
  /**
   * `listener({ pod }, protocol, port)` without the target object (optional: the walk falls
   * back to {@link WalkWorld.listener}); the packet walk calls it for every delivered packet.
   */
  podListener?(pod: PodEndpoint, protocol: string, port: number): Listener | undefined;
  /** Load balancers in front of the nodes and hosts outside the cluster. */
  readonly outside: OutsideNetwork;
  /** A fresh ephemeral source port for a client in `netns`; `commit` false peeks without using it. */
  ephemeralPort(netns: string, commit: boolean): number;
}
