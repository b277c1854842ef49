/**
 * Domain-name and address helpers shared by the records, the workload and the resolver: name
 * normalisation (lower case, one trailing dot), reverse-lookup names (`in-addr.arpa`,
 * `ip6.arpa`) and the dashed address forms CoreDNS uses for pods and endpoints.
 *
 * @module
 */
import { formatIP, type IP, ipv6, parseIP, parseIPv4 } from "@kubesim/ipam";

/** `name` fully qualified (one trailing dot). */
export function fqdn(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

/** `name` without its trailing dot. */
export function trimDot(name: string): string {
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

/**
 * The reverse-lookup owner name of an address (`10.96.0.10` → `10.0.96.10.in-addr.arpa.`,
 * IPv6 nibbles → `...ip6.arpa.`), or undefined when `ip` is not an address.
 */
export function reverseName(ip: string): string | undefined {
  const parsed = parseIP(ip);
  if (!parsed) return undefined;
  if (parsed.family === "IPv4") return `${ip.split(".").reverse().join(".")}.in-addr.arpa.`;
  const hex = parsed.value.toString(16).padStart(32, "0");
  return `${[...hex].reverse().join(".")}.ip6.arpa.`;
}

/**
 * The address a reverse name stands for (`1.0.96.10.in-addr.arpa` → `10.96.0.1`), canonical, or
 * undefined when the name is not a complete reverse name (CoreDNS `dnsutil.ExtractAddressFromReverse`).
 */
export function addressOfReverse(lowerName: string): string | undefined {
  const name = trimDot(lowerName);
  if (name.endsWith(".in-addr.arpa")) {
    const labels = name.slice(0, -".in-addr.arpa".length).split(".");
    if (labels.length !== 4) return undefined;
    const text = labels.reverse().join(".");
    return parseIPv4(text) === undefined ? undefined : text;
  }
  if (name.endsWith(".ip6.arpa")) {
    const labels = name.slice(0, -".ip6.arpa".length).split(".");
    if (labels.length !== 32 || labels.some((l) => !/^[0-9a-f]$/.test(l))) return undefined;
    return formatIP(ipv6(BigInt(`0x${labels.reverse().join("")}`)));
  }
  return undefined;
}

/** Whether a name is under one of the reverse zones kubeadm's Corefile serves (`in-addr.arpa`, `ip6.arpa`). */
export function isReverseName(lowerName: string): boolean {
  const name = trimDot(lowerName);
  return (
    name === "in-addr.arpa" ||
    name === "ip6.arpa" ||
    name.endsWith(".in-addr.arpa") ||
    name.endsWith(".ip6.arpa")
  );
}

/**
 * The dashed form of an address as CoreDNS writes endpoint names (`10.244.1.5` → `10-244-1-5`,
 * `fd00::5` → `fd00--5`: every `.` or `:` becomes `-`, CoreDNS `endpointHostname`).
 */
export function dashedIP(ip: string): string {
  return ip.replace(/[.:]/g, "-");
}

/**
 * The address of a dashed pod label (`10-244-1-5` → `10.244.1.5`; with anything but exactly three
 * dashes or with `--`, the dashes read as colons: IPv6), or undefined when it is no address
 * (CoreDNS `findPods`).
 */
export function ipOfDashed(label: string): IP | undefined {
  const dashes = label.split("-").length - 1;
  const text = dashes === 3 && !label.includes("--") ? label.replace(/-/g, ".") : label.replace(/-/g, ":");
  return parseIP(text);
}
