/**
 * The CNI between nodes as data: the hops a packet takes from one node's host namespace to
 * another's, with flannel's vxlan backend (encapsulation) or host-gw (plain routing).
 *
 * @module
 */
import type { FiveTuple, Hop } from "../packet/Packet.js";
import { fnv1a32 } from "./_internal/ipv4.js";
import type { CNIBackend } from "./NetworkTypes.js";

/**
 * The UDP port of flannel's VXLAN: flannel leaves it 0, so the kernel's default applies (8472,
 * the port Linux used before IANA assigned 4789; kernel `vxlan` module `udp_port`).
 */
export const FLANNEL_VXLAN_PORT = 8472;
/** flannel's VXLAN network identifier (`VNI` default 1, hence the device name `flannel.1`). */
export const FLANNEL_VNI = 1;

/** The range the kernel picks VXLAN source ports from: the ephemeral range (`ip_local_port_range`). */
const SRC_PORT_MIN = 32768;
const SRC_PORT_MAX = 60999;

/** One node as the crossing needs it. */
export interface CrossingNode {
  readonly name: string;
  /** Its InternalIP. */
  readonly ip: string;
  readonly podCIDR?: string | undefined;
}

/**
 * The outer UDP source port of a VXLAN packet. Linux hashes the inner flow
 * (`udp_flow_src_port`) so one flow keeps one port and flows spread over the range; kubesim
 * hashes the inner tuple with FNV-1a, which keeps both properties without being Linux's hash.
 */
export function vxlanSourcePort(inner: FiveTuple): number {
  const key = `${inner.protocol} ${inner.src.ip}:${inner.src.port} ${inner.dst.ip}:${inner.dst.port}`;
  return SRC_PORT_MIN + (fnv1a32(key) % (SRC_PORT_MAX - SRC_PORT_MIN + 1));
}

/**
 * The hops of `packet` leaving `from` for `to` (empty when they are the same node).
 * - vxlan: flannel.1 on `from` wraps the packet in VXLAN (VNI 1) inside UDP from `from`'s IP to
 *   `to`'s IP port 8472 (the hop's `after` is the outer tuple); it crosses the node network out of
 *   eth0; flannel.1 on `to` unwraps it (`after` is the inner tuple again).
 * - host-gw: the route to `to`'s podCIDR has `to`'s IP as next hop on eth0: the packet crosses
 *   unchanged, which needs the nodes on one layer-2 network.
 */
export function crossNodeHops(options: {
  readonly backend: CNIBackend;
  readonly from: CrossingNode;
  readonly to: CrossingNode;
  readonly packet: FiveTuple;
}): Hop[] {
  const { backend, from, to, packet } = options;
  if (from.name === to.name) return [];
  const fromNs = `host ${from.name}`;
  const toNs = `host ${to.name}`;
  const dest = to.podCIDR ? `${to.name}'s podCIDR ${to.podCIDR}` : to.name;
  if (backend === "host-gw") {
    return [
      {
        node: from.name,
        netns: fromNs,
        stage: "routing",
        iface: "eth0",
        note: `host-gw: ${packet.dst.ip} is in ${dest}, routed via ${to.ip} dev eth0 without encapsulation`,
      },
      {
        node: from.name,
        netns: fromNs,
        stage: "wire",
        iface: "eth0",
        note: `crosses the node network from ${from.ip} to ${to.ip} (next hop ${to.name}) unchanged`,
      },
      {
        node: to.name,
        netns: toNs,
        stage: "routing",
        iface: "eth0",
        note: `arrives on ${to.name}'s eth0 and is routed on to cni0`,
      },
    ];
  }
  const outer: FiveTuple = {
    protocol: "UDP",
    src: { ip: from.ip, port: vxlanSourcePort(packet) },
    dst: { ip: to.ip, port: FLANNEL_VXLAN_PORT },
  };
  return [
    {
      node: from.name,
      netns: fromNs,
      stage: "vxlan",
      iface: "flannel.1",
      before: packet,
      after: outer,
      note: `flannel.1 encapsulates the packet in VXLAN (VNI ${FLANNEL_VNI}) for ${dest}: outer UDP ${from.ip}:${outer.src.port} -> ${to.ip}:${FLANNEL_VXLAN_PORT}`,
    },
    {
      node: from.name,
      netns: fromNs,
      stage: "wire",
      iface: "eth0",
      note: `the UDP datagram crosses the node network from ${from.ip} to ${to.ip}`,
    },
    {
      node: to.name,
      netns: toNs,
      stage: "vxlan",
      iface: "flannel.1",
      before: outer,
      after: packet,
      note: `${to.name} receives UDP port ${FLANNEL_VXLAN_PORT} on eth0; flannel.1 decapsulates VNI ${FLANNEL_VNI} and routes the inner packet to cni0`,
    },
  ];
}
