/**
 * The ClusterIP fast path shared by the three proxy modes: per synced state, a map from
 * ClusterIP straight to the mode's view of each of its ports, and the DNAT evaluation the
 * untraced path builds from a view's flat list of targets.
 *
 * Why: with 10,000 Services, a new flow's packet goes to a Service whose data is not in the CPU
 * cache, so every object it reads costs a cache miss, and these misses made a packet's cost grow
 * with the number of Services. The general path reads the port list, the port, a second map
 * and the view. This path reads one map entry, the view and its targets (traced packets use the
 * map too, then build their hops as before). Ports whose rules differ per node (Local traffic
 * policies, topology hints, source ranges) keep the general path.
 *
 * @module
 */
import type { ProxyEvaluation, ProxyNode, ProxyVerdict } from "../ProxyMode.js";
import type { EndpointInfo, ProxyState, ServicePortInfo } from "../ServicePortInfo.js";

/** What {@link ClusterIPViews} needs of a mode's per-port view. */
export interface ClusterIPPortView {
  readonly protocol: ServicePortInfo["protocol"];
  readonly port: number;
  /** The same view serves every node; only such views take the fast path. */
  readonly sameOnEveryNode: boolean;
}

/** ClusterIP -> its ports' views, per synced state (see the module documentation). */
export class ClusterIPViews<V extends ClusterIPPortView> {
  /** `null`: a port of that ClusterIP has per-node rules, so its packets take the general path. */
  readonly #byState = new WeakMap<ProxyState, Map<string, V | readonly V[] | null>>();

  constructor(readonly viewOf: (sp: ServicePortInfo, node: ProxyNode) => V) {}

  /**
   * The view of the port `protocol`/`port` of ClusterIP `ip` in the node's state, when it is the
   * same on every node. Filled on the first packet to each ClusterIP; a sync makes a new state,
   * so nothing here is ever stale.
   */
  find(node: ProxyNode, ip: string, protocol: string, port: number): V | undefined {
    const state = node.state;
    let byIP = this.#byState.get(state);
    if (!byIP) {
      byIP = new Map();
      this.#byState.set(state, byIP);
    }
    let entry = byIP.get(ip);
    if (entry === undefined) {
      // Only ClusterIPs are remembered: other destinations (pod IPs, outside hosts) are unbounded.
      const ports = state.portsOfClusterIP(ip);
      if (ports.length === 0) return undefined;
      const views = ports.map((sp) => this.viewOf(sp, node));
      entry = views.every((v) => v.sameOnEveryNode) ? (views.length === 1 ? (views[0] as V) : views) : null;
      byIP.set(ip, entry);
    }
    if (entry === null) return undefined;
    if (!Array.isArray(entry)) {
      const view = entry as V;
      return view.port === port && view.protocol === protocol ? view : undefined;
    }
    for (const view of entry as readonly V[])
      if (view.port === port && view.protocol === protocol) return view;
    return undefined;
  }
}

/** A DNAT verdict. */
export type DnatVerdict = Extract<ProxyVerdict, { kind: "dnat" }>;

const NO_HOPS: ProxyEvaluation["hops"] = Object.freeze([]);

/** The untraced evaluation of a DNAT of `sp` to `endpoint`. */
export function dnatEvaluation(
  sp: ServicePortInfo,
  endpoint: EndpointInfo,
  masquerade: boolean,
): ProxyEvaluation {
  const to = { ip: endpoint.ip, port: endpoint.port };
  return { verdict: { kind: "dnat", servicePort: sp, endpoint, to, masquerade }, hops: NO_HOPS };
}

/**
 * A port's endpoints as the fast path reads them: `[ip0, port0, endpoint0, ip1, ...]`, built
 * with the view. One flat array holds what a DNAT needs, so a packet reads it at the chosen
 * index without reading the endpoint object (another likely cache miss: endpoints are built at
 * sync time, far from the view). Its length is three times the number of endpoints.
 */
export type DnatTargets = readonly (string | number | EndpointInfo)[];

/** The {@link DnatTargets} of `endpoints`. */
export function dnatTargets(endpoints: readonly EndpointInfo[]): DnatTargets {
  return Object.freeze(endpoints.flatMap((e) => [e.ip, e.port, e]));
}

/**
 * The fast path's evaluation of a DNAT of `sp` to target `index` of `targets` for a client at
 * `srcIP`, masqueraded when the packet is marked or the client is that endpoint (hairpin).
 *
 * Built fresh for each packet on purpose: its three small objects die young and cost a few
 * nanoseconds, where reading evaluations cached per Service cost a cache miss for each object
 * (the list, the evaluation, its verdict, its address) once packets spread over thousands of
 * Services.
 */
export function clusterDnat(
  sp: ServicePortInfo,
  targets: DnatTargets,
  index: number,
  masquerade: boolean,
  srcIP: string,
): ProxyEvaluation {
  const ip = targets[3 * index] as string;
  const to = { ip, port: targets[3 * index + 1] as number };
  const endpoint = targets[3 * index + 2] as EndpointInfo;
  return {
    verdict: { kind: "dnat", servicePort: sp, endpoint, to, masquerade: masquerade || ip === srcIP },
    hops: NO_HOPS,
  };
}
