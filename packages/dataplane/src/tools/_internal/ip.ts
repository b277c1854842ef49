/**
 * busybox 1.36 `ip addr` and `ip route` (networking/libiproute/ipaddress.c `print_linkinfo`,
 * `print_addrinfo`; iproute.c `print_route`), printed from the namespace's interfaces and routes.
 *
 * busybox quirks kept: a veth's `@ifN` names the peer by index when the peer is in another
 * namespace and adds `M-DOWN` (the index is not a local, up interface); `ip addr` asks for the
 * queue length (`qlen 1000`); route lines keep busybox's spacing (`scope link  src 10.244.1.5 `).
 * The qdisc is not in the model: `noqueue` for virtual devices, `fq_codel` for physical ones.
 *
 * @module
 */
import type { NetworkInterface, Route } from "../../network/NetworkTypes.js";
import { BUSYBOX_BANNER, type CommandOutput, finish, newOutput, type ToolContext } from "./common.js";

const IP_USAGE =
  `${BUSYBOX_BANNER}\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n\n` +
  "OPTIONS := -f[amily] inet|inet6|link | -o[neline]\n\n" +
  "ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]\n" +
  "ip route list|flush|add|del|change|append|replace|test ROUTE\n" +
  "ip link set IFACE [up|down] [arp on|off] [multicast on|off]\n" +
  "\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]\n" +
  "\t[master IFACE | nomaster] [netns PID]\n" +
  "ip tunnel add|change|del|show [NAME]\n" +
  "\t[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]\n" +
  "ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]\n" +
  "ip rule [list] | add|del SELECTOR ACTION\n";

/** The order busybox's `index_in_substrings` matches `ip` objects by prefix. */
function matches(word: string, full: string): boolean {
  return word.length > 0 && full.startsWith(word);
}

function linkLine(iface: NetworkInterface, all: readonly NetworkInterface[]): string {
  let name = iface.name;
  let mdown = false;
  if (iface.peerIndex !== undefined) {
    const peer = all.find((i) => i.index === iface.peerIndex);
    name += `@${peer?.name ?? `if${iface.peerIndex}`}`;
    mdown = peer === undefined || !peer.flags.includes("UP");
  }
  const flags = [...iface.flags, ...(mdown ? ["M-DOWN"] : [])].join(",");
  const qdisc = iface.kind === "ethernet" ? "fq_codel" : "noqueue";
  const master = iface.master !== undefined ? `master ${iface.master} ` : "";
  const linkType = iface.kind === "loopback" ? "loopback" : "ether";
  const brd = iface.kind === "loopback" ? "00:00:00:00:00:00" : "ff:ff:ff:ff:ff:ff";
  return (
    `${iface.index}: ${name}: <${flags}> mtu ${iface.mtu} qdisc ${qdisc} ${master}state ${iface.state} qlen 1000\n` +
    `    link/${linkType} ${iface.mac} brd ${brd}\n`
  );
}

function addrLines(iface: NetworkInterface, family: "inet" | "inet6" | undefined): string {
  let r = "";
  for (const a of iface.addresses) {
    if (family !== undefined && a.family !== family) continue;
    const brd = a.broadcast !== undefined ? `brd ${a.broadcast} ` : "";
    // IFA_LABEL (the interface name) exists for IPv4 addresses only.
    const label = a.family === "inet" ? iface.name : "";
    r += `    ${a.family} ${a.cidr} ${brd}scope ${a.scope} ${label}\n`;
    r += "       valid_lft forever preferred_lft forever\n";
  }
  return r;
}

function ipAddr(
  args: readonly string[],
  ctx: ToolContext,
  family: "inet" | "inet6" | undefined,
): CommandOutput {
  const o = newOutput();
  const verb = args[0];
  if (verb !== undefined && !matches(verb, "show") && !matches(verb, "list") && verb !== "dev") {
    o.err += `ip: can't ${verb === "add" || verb === "del" || verb === "flush" ? "change addresses: Operation not permitted" : `find ${verb}`}\n`;
    return finish(o, 1);
  }
  const rest = verb !== undefined && verb !== "dev" ? args.slice(1) : args;
  let dev: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "dev") dev = rest[++i];
    else dev = rest[i];
  }
  const all = [...ctx.env.interfaces].sort((a, b) => a.index - b.index);
  if (dev !== undefined && !all.some((i) => i.name === dev)) {
    o.err += `ip: can't find device '${dev}'\n`;
    return finish(o, 1);
  }
  for (const iface of all) {
    if (dev !== undefined && iface.name !== dev) continue;
    if (family !== undefined && !iface.addresses.some((a) => a.family === family)) continue;
    o.out += linkLine(iface, all) + addrLines(iface, family);
  }
  return finish(o, 0);
}

function routeLine(r: Route): string {
  let s = r.destination === "default" ? "default " : `${r.destination} `;
  if (r.gateway !== undefined) s += `via ${r.gateway} `;
  s += `dev ${r.dev} `;
  if (r.scope !== undefined) s += `scope ${r.scope} `;
  if (r.src !== undefined) s += ` src ${r.src} `;
  if (r.onlink === true) s += "onlink ";
  return `${s}\n`;
}

function ipRoute(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  const verb = args[0];
  if (verb !== undefined && !matches(verb, "list") && !matches(verb, "show")) {
    o.err += "ip: RTNETLINK answers: Operation not permitted\n";
    return finish(o, 2);
  }
  for (const r of ctx.env.routes) o.out += routeLine(r);
  return finish(o, 0);
}

/** Runs busybox `ip ARGS` (`addr`/`a`/`address show`, `route`/`r`, `link`). */
export function runIp(args: readonly string[], ctx: ToolContext): CommandOutput {
  let family: "inet" | "inet6" | undefined;
  let i = 0;
  while (i < args.length && (args[i] as string).startsWith("-")) {
    const a = args[i] as string;
    if (a === "-4") family = "inet";
    else if (a === "-6") family = "inet6";
    else if ((a === "-f" || a === "-family") && args[i + 1] !== undefined) {
      const f = args[++i];
      family = f === "inet6" ? "inet6" : f === "inet" ? "inet" : undefined;
    }
    i++;
  }
  const object = args[i];
  const rest = args.slice(i + 1);
  if (object === undefined) {
    const o = newOutput();
    o.err += IP_USAGE;
    return finish(o, 1);
  }
  if (matches(object, "address")) return ipAddr(rest, ctx, family);
  if (matches(object, "route")) return ipRoute(rest, ctx);
  if (matches(object, "link")) {
    const o = newOutput();
    const all = [...ctx.env.interfaces].sort((a, b) => a.index - b.index);
    for (const iface of all) o.out += linkLine(iface, all);
    return finish(o, 0);
  }
  const o = newOutput();
  o.err += `ip: unknown object '${object}'\n`;
  return finish(o, 1);
}
