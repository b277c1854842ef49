/**
 * The untraced ClusterIP fast path shared by the ipvs and nftables modes: per synced state, a
 * map from ClusterIP straight to the mode's view of each of its ports, and the cached DNAT
 * evaluations those views hold.
 *
 * Why: with 10,000 Services, a new flow's packet goes to a Service whose data is not in the CPU
 * cache, so every object it reads costs a cache miss, and these misses made a packet's cost grow
 * with the number of Services. The general path reads the port list, the port, a second map
 * and the view. This path reads one map entry and the view. Ports whose rules differ per node
 * (Local traffic policies, topology hints, source ranges) keep the general path.
 *
 * @module
 */
import type { SocketAddress } from "../../packet/Packet.js";
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

/** The untraced evaluation of a DNAT of `sp` to `endpoint` (at `to`, when given: its address). */
export function dnatEvaluation(
  sp: ServicePortInfo,
  endpoint: EndpointInfo,
  masquerade: boolean,
  to: SocketAddress = { ip: endpoint.ip, port: endpoint.port },
): ProxyEvaluation {
  return { verdict: { kind: "dnat", servicePort: sp, endpoint, to, masquerade }, hops: NO_HOPS };
}

/**
 * The evaluations of a DNAT to each of `endpoints`, built at once so they sit together in
 * memory: slot `2i` unmasqueraded, `2i + 1` masqueraded, for endpoint `i`, both with one
 * destination address (fewer objects for the cache to miss).
 */
export function dnatEvaluations(sp: ServicePortInfo, endpoints: readonly EndpointInfo[]): ProxyEvaluation[] {
  const evals: ProxyEvaluation[] = [];
  for (const endpoint of endpoints) {
    const to: SocketAddress = { ip: endpoint.ip, port: endpoint.port };
    evals.push(dnatEvaluation(sp, endpoint, false, to), dnatEvaluation(sp, endpoint, true, to));
  }
  return evals;
}

/**
 * The cached evaluation of endpoint `index` for a client at `srcIP`: slot `2 * index + 1` when
 * the packet is marked for masquerade or the client is that endpoint (hairpin), else `2 * index`.
 */
export function cachedDnat(
  evals: readonly ProxyEvaluation[],
  index: number,
  masquerade: boolean,
  srcIP: string,
): ProxyEvaluation {
  const plain = evals[2 * index] as ProxyEvaluation;
  if (!masquerade && (plain.verdict as DnatVerdict).to.ip !== srcIP) return plain;
  return evals[2 * index + 1] as ProxyEvaluation;
}
