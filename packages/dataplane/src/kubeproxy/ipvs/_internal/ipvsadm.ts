/**
 * `ipvsadm -Ln` text, as ipvsadm's `print_title` / `print_service_entry` print it
 * (ipvsadm.c: service `"%s  %s"` proto + `ip:port`, then `" %s"` scheduler and
 * `" persistent %u"`; destinations `"  -> %-28s %-7s %-6d %-10u %-10u\n"`), with
 * services sorted as libipvs `ipvs_cmp_services` sorts them (protocol number, address,
 * port) and destinations as `ipvs_cmp_dests` (address, port).
 *
 * @module
 */
import { parseIPv4 } from "../../_internal/ipv4.js";

/** The first three lines of `ipvsadm -Ln` (the kernel's version line, then `print_title`). */
export const IPVSADM_HEADER =
  "IP Virtual Server version 1.2.1 (size=4096)\n" +
  "Prot LocalAddress:Port Scheduler Flags\n" +
  "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";

/** IANA protocol numbers, the first key of ipvsadm's service sort. */
const PROTOCOL_NUMBER: Readonly<Record<string, number>> = { TCP: 6, UDP: 17, SCTP: 132 };

/** One IPVS virtual server as kube-proxy's ipvs proxier creates it. */
export interface VirtualServerLine {
  readonly protocol: "TCP" | "UDP" | "SCTP";
  readonly ip: string;
  readonly port: number;
  readonly scheduler: string;
  /** IPVS persistence timeout in seconds (session affinity ClientIP), 0 when not persistent. */
  readonly persistentSeconds: number;
}

/** `TCP  10.96.0.1:443 rr` (plus ` persistent 10800` for a persistent service). */
export function virtualServerLine(vs: VirtualServerLine): string {
  const base = `${vs.protocol}  ${vs.ip}:${vs.port} ${vs.scheduler}`;
  return vs.persistentSeconds > 0 ? `${base} persistent ${vs.persistentSeconds}` : base;
}

function padEnd(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/**
 * `  -> 10.244.1.5:8080               Masq    1      0          0         `: kube-proxy adds
 * every real server with weight 1 and the masquerading (NAT) forward method. The counters
 * are printed as 0: kubesim does not count IPVS connections.
 */
export function realServerLine(ip: string, port: number): string {
  // ipvsadm truncates an IPv4 destination name to 28 characters before padding.
  const name = `${ip}:${port}`.slice(0, 28);
  return `  -> ${padEnd(name, 28)} ${padEnd("Masq", 7)} ${padEnd("1", 6)} ${padEnd("0", 10)} ${padEnd("0", 10)}`;
}

/** Compares virtual servers in `ipvs_cmp_services` order. */
export function compareVirtualServers(a: VirtualServerLine, b: VirtualServerLine): number {
  const pa = PROTOCOL_NUMBER[a.protocol] ?? 0;
  const pb = PROTOCOL_NUMBER[b.protocol] ?? 0;
  if (pa !== pb) return pa - pb;
  const c = compareAddresses(a.ip, b.ip);
  return c !== 0 ? c : a.port - b.port;
}

/** Compares addresses numerically (IPv4), falling back to text for anything else. */
export function compareAddresses(a: string, b: string): number {
  const na = parseIPv4(a);
  const nb = parseIPv4(b);
  if (na >= 0 && nb >= 0) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
