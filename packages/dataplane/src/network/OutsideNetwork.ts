import type { Chooser } from "../kubeproxy/ProxyMode.js";
import type { Protocol, SocketAddress } from "../packet/Packet.js";
import type { Listener } from "../packet/WalkWorld.js";

/**
 * Where the network outside the nodes sends a packet for an address no node has: to a node
 * (a MetalLB speaker answering ARP for a LoadBalancer IP, a cloud load balancer forwarding to a
 * node port), or nowhere (the load balancer's firewall, no healthy node).
 */
export type OutsideRoute =
  | {
      readonly kind: "node";
      readonly node: string;
      /** The destination as the node receives it (a proxying load balancer rewrites it). */
      readonly dst: SocketAddress;
      /** The trace's words for this hop. */
      readonly note: string;
    }
  | { readonly kind: "drop"; readonly note: string };

/** A machine outside the cluster (a web server on the internet, the client's own LAN). */
export interface OutsideHost {
  readonly name: string;
  /** Its socket on `protocol`/`port`, if something listens there. */
  listener(protocol: Protocol, port: number): Listener | undefined;
}

/**
 * The world around the cluster's nodes, as the packet walk sees it: load balancers in front of
 * the nodes, and hosts outside that clients (external ones and pods, through their node's
 * masquerade) can reach. Everything else outside stays silent.
 */
export interface OutsideNetwork {
  /**
   * Where a packet from outside the cluster to `dst` goes, when `dst` is no node's address
   * (`undefined`: the address is nobody's). `chooser` picks among equal targets, so the
   * all-outcomes mode sees every node a load balancer may choose.
   */
  route(
    dst: SocketAddress,
    protocol: Protocol,
    src: SocketAddress,
    chooser: Chooser,
  ): OutsideRoute | undefined;
  /** The outside host that has address `ip`, if any. */
  host(ip: string): OutsideHost | undefined;
}

/** An outside world with nothing in it. */
export const EMPTY_OUTSIDE: OutsideNetwork = { route: () => undefined, host: () => undefined };
