/**
 * Every error text this package produces, in one table, verbatim from the component that prints
 * it in a real cluster. The Kubernetes API server wraps the allocator texts into field errors and
 * status messages (see `@kubesim/core`'s service allocation).
 *
 * @module
 */

/**
 * ClusterIP allocator errors (K8s `pkg/registry/core/service/ipallocator/interfaces.go`).
 * `notInRange` is the wording of Kubernetes 1.33 (commit 78fc8e44); the newest sources drop the
 * range (`provided IP <ip> is not in the valid range`, kubernetes/kubernetes PR #141559).
 */
export const IP_ALLOCATOR_ERRORS = {
  full: "range is full",
  allocated: "provided IP is already allocated",
  mismatchedNetwork: "the provided network does not match the current range",
  notReady: "allocator not ready",
  notInRange: (ip: string, validRange: string): string =>
    `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${validRange}`,
} as const;

/** NodePort allocator errors (K8s `pkg/registry/core/service/portallocator/allocator.go`). */
export const PORT_ALLOCATOR_ERRORS = {
  full: "range is full",
  allocated: "provided port is already allocated",
  mismatchedNetwork: "the provided port range does not match the current port range",
  notInRange: (validPorts: string): string =>
    `provided port is not in the valid range. The range of valid ports is ${validPorts}`,
} as const;

/** `--service-node-port-range` parse errors (apimachinery `pkg/util/net/port_range.go`, `PortRange.Set`). */
export const PORT_RANGE_ERRORS = {
  unparsableSingle: (value: string, atoiError: string): string =>
    `unable to parse port range: ${value}: ${atoiError}, expected hyphen in port range or a single port number`,
  singleOutOfRange: "the port range should between 0 and 65535",
  unparsable: (value: string, atoiError: string): string =>
    `unable to parse port range: ${value}: ${atoiError}`,
  tooLarge: (value: string): string => `the port range cannot be greater than 65535: ${value}`,
  endBeforeStart: (value: string): string => `end port cannot be less than start port: ${value}`,
} as const;

/** Node pod CIDR allocator errors (K8s `pkg/controller/nodeipam/ipam/cidrset/cidr_set.go`). */
export const CIDR_SET_ERRORS = {
  noCIDRsRemaining:
    "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range",
  subNetTooBig: "New CIDR set failed; the node CIDR size is too big",
} as const;

/**
 * CNI `host-local` IPAM errors (containernetworking/plugins `plugins/ipam/host-local/main.go`,
 * `backend/allocator/allocator.go`, `range.go`).
 */
export const HOST_LOCAL_ERRORS = {
  /** `cmdAdd` wraps the allocator's error with the index of the range (always 0 for one podCIDR). */
  rangeFailed: (rangeIndex: number, err: string): string =>
    `failed to allocate for range ${rangeIndex}: ${err}`,
  noAddresses: (rangeSet: string): string => `no IP addresses available in range set: ${rangeSet}`,
  tooSmall: (subnet: string): string => `Network ${subnet} too small to allocate from`,
  hostBitsSet: (ones: number, network: string): string =>
    `Network has host bits set. For a subnet mask of length ${ones} the network address is ${network}`,
} as const;
