/**
 * glibc `getent hosts [KEY...]` (nss/getent.c `hosts_keys`, `print_hosts`), the usual way to
 * see what an application's resolver returns: an IPv6 literal is looked up with
 * `gethostbyaddr(AF_INET6)`, an IPv4 literal with `gethostbyaddr(AF_INET)`, a name with
 * `gethostbyname2(AF_INET6)` and, failing that, `gethostbyname2(AF_INET)`. Each goes through
 * `/etc/hosts` first and then DNS with the search list and ndots (dnsClient.ts `glibcSearch`).
 * Every address prints as `printf("%-15s %s", ip, h_name)` plus the aliases; a key that is not
 * found makes the exit status 2. Without keys the hosts file is listed.
 *
 * @module
 */
import type { DNSType } from "../../packet/Packet.js";
import { type CommandOutput, finish, isIPv4, newOutput, type ToolContext } from "./common.js";
import {
  type DnsResponse,
  glibcSearch,
  type HostsEntry,
  hostsByAddr,
  hostsByName,
  isIPv6,
  parseHosts,
  type QueryIds,
  queryIds,
  relative,
  reverseName,
} from "./dnsClient.js";
import { parseResolvConf, type ResolvConf } from "./resolvConf.js";

/** What `gethostbyname2`/`gethostbyaddr` return. */
interface HostEnt {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly addrs: readonly string[];
}

const TRY = "Try `getent --help' or `getent --usage' for more information.\n";

/** Runs `getent DATABASE [KEY...]` (only the `hosts` database is simulated). */
export function runGetent(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  const db = args[0];
  if (db === undefined) {
    o.err += `getent: wrong number of arguments\n${TRY}`;
    return finish(o, 1);
  }
  if (db !== "hosts") {
    o.err += `Unknown database: ${db}\n${TRY}`;
    return finish(o, 1);
  }
  const hosts = parseHosts(ctx.env.readFile("/etc/hosts"));
  const keys = args.slice(1);
  if (keys.length === 0) {
    for (const e of hosts) o.out += hostLine(e.ip, e.name, e.aliases);
    return finish(o, 0);
  }
  const conf = parseResolvConf(ctx.env.readFile("/etc/resolv.conf"));
  const ids = queryIds(`${ctx.env.hostname}\0getent\0${args.join("\0")}`);
  let code = 0;
  for (const key of keys) {
    let h: HostEnt | undefined;
    if (isIPv6(key) || isIPv4(key)) h = byAddr(key, hosts, conf, ids, ctx, o);
    else h = byName(key, "AAAA", hosts, conf, ids, ctx, o) ?? byName(key, "A", hosts, conf, ids, ctx, o);
    if (h === undefined) code = 2;
    else for (const ip of h.addrs) o.out += hostLine(ip, h.name, h.aliases);
  }
  return finish(o, code);
}

function hostLine(ip: string, name: string, aliases: readonly string[]): string {
  return `${ip.padEnd(15)} ${name}${aliases.map((a) => ` ${a}`).join("")}\n`;
}

function fromHosts(e: HostsEntry): HostEnt {
  return { name: e.name, aliases: e.aliases, addrs: [e.ip] };
}

/** `gethostbyname2(name, AF_INET6 | AF_INET)`: files, then DNS. */
function byName(
  name: string,
  type: "A" | "AAAA",
  hosts: readonly HostsEntry[],
  conf: ResolvConf,
  ids: QueryIds,
  ctx: ToolContext,
  o: { elapsedMs: number },
): HostEnt | undefined {
  const e = hostsByName(hosts, name, type === "A" ? "inet" : "inet6");
  if (e !== undefined) return fromHosts(e);
  const r = glibcSearch(ctx.env, name, type, conf, ids);
  o.elapsedMs += r.elapsedMs;
  if (r.response === undefined) return undefined;
  return hostEntFromAnswer(r.response, type);
}

/**
 * glibc `getanswer()`: the addresses of `type`; `h_name` is the owner of the address records
 * (the end of any CNAME chain), the CNAME owners before it become aliases.
 */
export function hostEntFromAnswer(response: DnsResponse, type: DNSType): HostEnt | undefined {
  const addrs = response.answers.filter((r) => r.type === type);
  const first = addrs[0];
  if (first === undefined) return undefined;
  const aliases = response.answers.filter((r) => r.type === "CNAME").map((r) => relative(r.name));
  return { name: relative(first.name), aliases, addrs: addrs.map((r) => r.data.trim()) };
}

/** `gethostbyaddr(ip)`: files, then a PTR query for the reverse name. */
function byAddr(
  ip: string,
  hosts: readonly HostsEntry[],
  conf: ResolvConf,
  ids: QueryIds,
  ctx: ToolContext,
  o: { elapsedMs: number },
): HostEnt | undefined {
  const e = hostsByAddr(hosts, ip);
  if (e !== undefined) return fromHosts(e);
  const ptr = reverseName(ip);
  if (ptr === undefined) return undefined;
  const r = glibcSearch(ctx.env, `${ptr}.`, "PTR", conf, ids);
  o.elapsedMs += r.elapsedMs;
  const rec = r.response?.answers.find((a) => a.type === "PTR");
  if (rec === undefined) return undefined;
  return { name: relative(rec.data.trim()), aliases: [], addrs: [ip] };
}
