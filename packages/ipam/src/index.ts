/**
 * @kubesim/ipam: IP address and port management, pure and dependency-free.
 *
 * Map of the package:
 * - `IP.ts`            IPv4/IPv6 parsing (Go `net.ParseIP`, Kubernetes `ParseIPSloppy`) and
 *                      canonical formatting (Go `net.IP.String()`).
 * - `CIDR.ts`          CIDR parsing (Go `net.ParseCIDR`), containment, n-th address, sizes.
 * - `PortRange.ts`     `--service-node-port-range` values (`30000-32767`).
 * - `calculateRangeOffset.ts`  the static bands of KEP-3070 (ClusterIPs) and KEP-3668 (NodePorts).
 * - `allocateNext.ts`  the dynamic scan: random start in the upper band, forward with wrap-around,
 *                      then the lower band. Randomness only through the function passed in.
 * - `ServiceIPRange.ts` the ClusterIP allocator's usable addresses of a service CIDR.
 * - `Bitmap.ts`        a set of offsets with Kubernetes' `RangeAllocation.data` text form.
 * - `CIDRSet.ts`       node podCIDR allocation from the cluster CIDR (node IPAM `cidrset`).
 * - `HostLocalRange.ts` pod IPs inside a podCIDR as the CNI host-local plugin hands them out.
 * - `messages.ts`      every error text, verbatim from the component that prints it.
 */
export { allocateNext, intnFrom, type RandomIntn } from "./allocateNext.js";
export { Bitmap, base64Decode, base64Encode } from "./Bitmap.js";
export {
  type CIDR,
  cidrAddress,
  cidrContains,
  cidrEqual,
  cidrIndexOf,
  cidrLastAddress,
  cidrSize,
  cidrsOverlap,
  formatCIDR,
  hostBits,
  maskIP,
  mustParseCIDR,
  type ParsedCIDR,
  parseCIDR,
} from "./CIDR.js";
export {
  type CIDRSet,
  type CIDRSetAllocation,
  cidrSetAllocateNext,
  cidrSetBlock,
  cidrSetIndexOf,
  DEFAULT_CLUSTER_CIDR,
  DEFAULT_NODE_CIDR_MASK_SIZE,
  defaultCIDRSet,
  newCIDRSet,
} from "./CIDRSet.js";
export {
  calculateNodePortRangeOffset,
  calculateRangeOffset,
  calculateServiceIPRangeOffset,
  NODE_PORT_RANGE_OFFSET,
  type RangeOffsetParams,
  SERVICE_IP_RANGE_OFFSET,
} from "./calculateRangeOffset.js";
export {
  formatHostLocalRange,
  type HostLocalAllocation,
  type HostLocalRange,
  hostLocalAllocate,
  hostLocalRange,
  hostLocalRangeContains,
} from "./HostLocalRange.js";
export {
  compareIP,
  familyBits,
  formatIP,
  formatIPv4,
  type IP,
  type IPFamily,
  ipAdd,
  ipEqual,
  ipFamilyOfString,
  ipv4,
  ipv6,
  isIPv4String,
  isIPv6String,
  maxIPValue,
  otherFamily,
  parseIP,
  parseIPSloppy,
  parseIPv4,
} from "./IP.js";
export {
  CIDR_SET_ERRORS,
  HOST_LOCAL_ERRORS,
  IP_ALLOCATOR_ERRORS,
  PORT_ALLOCATOR_ERRORS,
  PORT_RANGE_ERRORS,
} from "./messages.js";
export type { ParseResult } from "./ParseResult.js";
export {
  checkStaticPort,
  DEFAULT_SERVICE_NODE_PORT_RANGE,
  formatPortRange,
  mustParsePortRange,
  type PortRange,
  parsePortRange,
  portRangeContains,
  portRangeOffsetOf,
} from "./PortRange.js";
export {
  checkStaticServiceIP,
  type ServiceIPRange,
  serviceIPAt,
  serviceIPOffsetOf,
  serviceIPRange,
} from "./ServiceIPRange.js";
