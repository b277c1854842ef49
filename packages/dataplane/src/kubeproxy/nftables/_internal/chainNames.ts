/**
 * nftables chain and set names, as kube-proxy's nftables proxier builds them
 * (K8s `pkg/proxy/nftables/proxier.go` `hashAndTruncate`, `servicePortChainNameBase`,
 * `servicePortEndpointChainNameBase`): the first 8 characters of
 * base32(sha256(name)), a dash, then the readable name, truncated to 240 characters.
 *
 * The iptables mode hashes with the same sha256+base32 (16 characters); the lead may fold
 * the two helpers together.
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import type { ServicePortInfo } from "../../ServicePortInfo.js";

/** kube-proxy's `chainNameBaseLengthMax`. */
const CHAIN_NAME_BASE_LENGTH_MAX = 240;
const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function utf8(text: string): Uint8Array {
  // Names are made of Kubernetes names, IPs and digits: ASCII, so one byte per character.
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** RFC 4648 base32 (Go's `base32.StdEncoding`), first `length` characters only. */
export function base32Prefix(bytes: Uint8Array, length: number): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    buffer = (buffer << 8) | bytes[i]!;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** `hashAndTruncate`: `<8 chars of base32(sha256(name))>-<name>`, at most 240 characters. */
export function hashAndTruncate(name: string): string {
  const named = `${base32Prefix(sha256(utf8(name)), 8)}-${name}`;
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
