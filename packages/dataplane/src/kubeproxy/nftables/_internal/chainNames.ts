/**
 * nftables chain and set names, as kube-proxy's nftables proxier builds them
 * (K8s `pkg/proxy/nftables/proxier.go` `hashAndTruncate`, `servicePortChainNameBase`,
 * `servicePortEndpointChainNameBase`): the first 8 characters of
 * base32(sha256(name)), a dash, then the readable name, truncated to 240 characters.
 *
 * The iptables mode hashes with the same sha256+base32 (16 characters there).
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { base32StdEncoding } from "../../iptables/chainNames.js";
import type { ServicePortInfo } from "../../ServicePortInfo.js";

/** kube-proxy's `chainNameBaseLengthMax`. */
const CHAIN_NAME_BASE_LENGTH_MAX = 240;

/** `hashAndTruncate`: `<8 chars of base32(sha256(name))>-<name>`, at most 240 characters. */
export function hashAndTruncate(name: string): string {
  const named = `${base32StdEncoding(sha256(utf8ToBytes(name))).slice(0, 8)}-${name}`;
  return named.length > CHAIN_NAME_BASE_LENGTH_MAX
    ? `${named.slice(0, CHAIN_NAME_BASE_LENGTH_MAX - 3)}...`
    : named;
}

/** `servicePortChainNameBase`: `HASH-<ns>/<svc>/<protocol>/<portName>`, e.g. `ULMVA6XW-ns1/svc1/tcp/p80`. */
export function servicePortChainNameBase(sp: ServicePortInfo): string {
  return hashAndTruncate(`${sp.namespace}/${sp.serviceName}/${sp.protocol.toLowerCase()}/${sp.portName}`);
}

/**
 * `servicePortEndpointChainNameBase`: `HASH-<ns>/<svc>/<protocol>/<portName>__<ip>/<port>`
 * (colons of an IPv6 address become dots).
 */
export function servicePortEndpointChainNameBase(sp: ServicePortInfo, ip: string, port: number): string {
  const safeIP = ip.includes(":") ? ip.replaceAll(":", ".") : ip;
  return hashAndTruncate(
    `${sp.namespace}/${sp.serviceName}/${sp.protocol.toLowerCase()}/${sp.portName}__${safeIP}/${port}`,
  );
}
