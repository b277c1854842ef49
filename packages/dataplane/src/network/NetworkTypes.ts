/**
 * The shape of a network namespace as `ip addr` and `ip route` show it: interfaces with their
 * addresses, and routes. Plain data; the tools format it, the packet walk reads it.
 *
 * @module
 */

/** One address of an interface (`inet 10.244.1.5/24 brd 10.244.1.255 scope global eth0`). */
export interface InterfaceAddress {
  readonly family: "inet" | "inet6";
  /** Address with prefix length, e.g. `10.244.1.5/24`. */
  readonly cidr: string;
  /** Broadcast address (IPv4 only, when the kernel shows one). */
  readonly broadcast?: string;
  readonly scope: "global" | "link" | "host";
}

/** One network interface. */
export interface NetworkInterface {
  /** The kernel's ifindex (1 is `lo`). */
  readonly index: number;
  /** `eth0`, `cni0`, `flannel.1`, `veth1a2b3c4d`, `kube-ipvs0`, ... */
  readonly name: string;
  /** For veth ends: the peer's ifindex in the other namespace (`eth0@if7`). */
  readonly peerIndex?: number;
  readonly kind: "loopback" | "ethernet" | "bridge" | "veth" | "vxlan" | "dummy";
  /** Flags as `ip addr` prints them, e.g. `["BROADCAST", "MULTICAST", "UP", "LOWER_UP"]`. */
  readonly flags: readonly string[];
  readonly mtu: number;
  readonly state: "UP" | "DOWN" | "UNKNOWN";
  /** `aa:bb:cc:dd:ee:ff`; `00:00:00:00:00:00` for lo. */
  readonly mac: string;
  /** The bridge this interface is enslaved to (`master cni0`). */
  readonly master?: string;
  readonly addresses: readonly InterfaceAddress[];
}

/** One route, in the terms `ip route` prints. */
export interface Route {
  /** `default` or a CIDR. */
  readonly destination: string;
  /** Next hop (`via`). */
  readonly gateway?: string;
  readonly dev: string;
  /** `proto kernel` for connected routes, absent otherwise. */
  readonly proto?: "kernel" | "static";
  readonly scope?: "link" | "host";
  /** Preferred source (`src`). */
  readonly src?: string;
  /** `onlink` (flannel's VXLAN routes). */
  readonly onlink?: boolean;
  /** `linkdown`: the device has no carrier (a `cni0` bridge with no veth attached). */
  readonly linkdown?: boolean;
}

/** How pod traffic crosses between nodes. */
export type CNIBackend = "vxlan" | "host-gw";
