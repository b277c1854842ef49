/**
 * kube-proxy's iptables chain names, computed exactly as Kubernetes computes them
 * (pkg/proxy/iptables/proxier.go `portProtoHash`, `servicePortPolicyClusterChain`,
 * `servicePortPolicyLocalChainName`, `serviceFirewallChainName`, `serviceExternalChainName`,
 * `servicePortEndpointChainName`): a prefix plus the first 16 characters of
 * `base32.StdEncoding(sha256(input))`. Chain names must stay within iptables' 28-character
 * limit, which is why Kubernetes hashes instead of spelling the Service out.
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import type { ServicePortName } from "../ServicePortInfo.js";

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * RFC 4648 base32 with the standard alphabet and `=` padding, as Go's `base32.StdEncoding`
 * encodes it.
 */
export function base32StdEncoding(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += "=";
  return out;
}

/** The first 16 characters of base32(sha256(`input`)), the hash part of every per-service chain name. */
function hash16(input: string): string {
  return base32StdEncoding(sha256(utf8ToBytes(input))).slice(0, 16);
}

/** Go's `strings.ToLower(string(protocol))`: `tcp`, `udp`, `sctp`. */
function lower(protocol: string): string {
  return protocol.toLowerCase();
}

/**
 * `KUBE-SVC-<hash>`: the chain dispatching to a service port's endpoints under `Cluster`
 * traffic policy. `servicePortName` is `ServicePortName.String()` (`ns/name:port`).
 */
export function servicePortPolicyClusterChain(servicePortName: ServicePortName, protocol: string): string {
  return `KUBE-SVC-${hash16(servicePortName + lower(protocol))}`;
}

/** `KUBE-SVL-<hash>`: the chain dispatching to this node's endpoints under `Local` traffic policy. */
export function servicePortPolicyLocalChainName(servicePortName: ServicePortName, protocol: string): string {
  return `KUBE-SVL-${hash16(servicePortName + lower(protocol))}`;
}

/** `KUBE-FW-<hash>`: the chain enforcing `loadBalancerSourceRanges`. */
export function serviceFirewallChainName(servicePortName: ServicePortName, protocol: string): string {
  return `KUBE-FW-${hash16(servicePortName + lower(protocol))}`;
}

/** `KUBE-EXT-<hash>`: the chain for external destinations (NodePort, externalIPs, load-balancer IPs). */
export function serviceExternalChainName(servicePortName: ServicePortName, protocol: string): string {
  return `KUBE-EXT-${hash16(servicePortName + lower(protocol))}`;
}

/**
 * `KUBE-SEP-<hash>`: the chain DNATing to one endpoint; `endpoint` is the endpoint's
 * `ip:port` string (`BaseEndpointInfo.String()`).
 */
export function servicePortEndpointChainName(
  servicePortName: ServicePortName,
  protocol: string,
  endpoint: string,
): string {
  return `KUBE-SEP-${hash16(servicePortName + lower(protocol) + endpoint)}`;
}
