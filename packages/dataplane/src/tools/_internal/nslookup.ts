/**
 * busybox `nslookup`, in the two forms Kubernetes users meet:
 *
 * - busybox 1.28 and older (`busybox:1.28`, the image Kubernetes' DNS debugging guide pins):
 *   the small libc-based applet (networking/nslookup.c, `!ENABLE_FEATURE_NSLOOKUP_BIG`). It
 *   prints `Server:    IP` / `Address 1: IP NAME`, resolves the name with getaddrinfo (uclibc-ng,
 *   so the search list applies to every name, see dnsClient.ts) and names each address with a
 *   PTR lookup. Failure: `nslookup: can't resolve 'NAME'` on stderr, exit 1.
 * - busybox 1.29 and later (`busybox`, `busybox:latest`, `busybox:1.36`, and alpine's busybox):
 *   the "LEDE" applet with its own resolver (`ENABLE_FEATURE_NSLOOKUP_BIG`). It sends every
 *   query (A and AAAA, once per search domain) at once to each server in turn, prints each reply
 *   as it arrives after a `Server:\t\tIP` / `Address:\tIP:53` header, applies the search list only
 *   to names without any dot (`add_query_with_search()`: `strchr(dname, '.')`, not ndots), and
 *   ignores the resolv.conf `timeout`/`attempts` options: 5 s per server, resent after 2.5 s
 *   (`-timeout=`, `-retry=`). Exit status 1 when any reply was not NOERROR (1.34+).
 *
 * Simplifications: a SERVFAIL reply is accepted at once (busybox first resends it up to twice);
 * ICMP errors are reported once per send round (the socket keeps only the last one).
 *
 * @module
 */
import type { DNSRecord, DNSType } from "../../packet/Packet.js";
import { BUSYBOX_BANNER, type CommandOutput, finish, isIPv4, newOutput, type ToolContext } from "./common.js";
import {
  answersOfType,
  type DnsResponse,
  exchange,
  firstTxtString,
  hostsByAddr,
  hostsByName,
  isIPv6,
  parseHosts,
  queryIds,
  relative,
  reverseName,
  uclibcLookup,
} from "./dnsClient.js";
import { busyboxSearchDomains, parseResolvConf } from "./resolvConf.js";

/** Which nslookup an image has. */
export type NslookupFlavour = "libc" | "own-resolver";

/**
 * `busybox:1.28` and older tags (`1.28.4`, `1.27-uclibc`) have the libc applet; every other
 * tag (`latest`, `stable`, `musl`, `1.29`+) and every other image the own-resolver one.
 */
export function nslookupFlavour(image: string): NslookupFlavour {
  const noDigest = image.split("@")[0] as string;
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const tag = colon > slash ? noDigest.slice(colon + 1) : "latest";
  if (!(repo === "busybox" || repo.endsWith("/busybox"))) return "own-resolver";
  const m = /^(\d+)\.(\d+)/.exec(tag);
  if (m === null) return "own-resolver";
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major < 1 || (major === 1 && minor <= 28) ? "libc" : "own-resolver";
}

/** Runs `nslookup ARGS` as the image's busybox does. */
export function runNslookup(args: readonly string[], ctx: ToolContext): CommandOutput {
  return nslookupFlavour(ctx.image) === "libc" ? runLibcNslookup(args, ctx) : runOwnNslookup(args, ctx);
}

const BUSYBOX_128_BANNER = "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.";

function usage(flavour: NslookupFlavour): string {
  if (flavour === "libc")
    return (
      `${BUSYBOX_128_BANNER}\n\nUsage: nslookup [HOST] [SERVER]\n\n` +
      "Query the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n"
    );
  return (
    `${BUSYBOX_BANNER}\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n` +
    "Query DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n"
  );
}

// ---------------------------------------------------------------------------------------------
// busybox >= 1.29: own resolver

/**
 * `qtypes[]` in source order: explicit types are queried in this order, not the command line's.
 * MX is accepted but not sent: kubesim's DNS messages have no MX type (no cluster name has one).
 */
const QTYPES: readonly string[] = ["SOA", "NS", "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "ANY"];

interface Query {
  readonly name: string;
  readonly type: DNSType;
  readonly id: number;
}

function runOwnNslookup(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  let port = 53;
  let retry = 2;
  let timeoutSec = 5;
  let debug = false;
  const types = new Set<string>();
  let i = 0;
  for (;;) {
    const a = args[i];
    if (a === undefined) {
      o.err += usage("own-resolver");
      return finish(o, 1);
    }
    if (!a.startsWith("-")) break;
    i++;
    const eq = a.indexOf("=");
    const opt = eq >= 0 ? a.slice(1, eq) : a.slice(1);
    const val = eq >= 0 ? a.slice(eq + 1) : "";
    // index_in_substrings(): exact option names only ("-query=" is bind's, not busybox's).
    if (opt === "type" || opt === "querytype") {
      const t = QTYPES.find((q) => q.toLowerCase() === val.toLowerCase());
      if (t === undefined) {
        o.err += `nslookup: invalid query type "${val}"\n`;
        return finish(o, 1);
      }
      types.add(t);
    } else if (opt === "port" || opt === "retry" || opt === "t" || opt === "timeout") {
      const n = /^\d+$/.test(val) ? Number(val) : Number.NaN;
      const max = opt === "port" ? 65535 : opt === "retry" ? 2147483647 : 2147483;
      if (!(n >= 1 && n <= max)) {
        o.err += `nslookup: invalid number '${val}'\n`;
        return finish(o, 1);
      }
      if (opt === "port") port = n;
      else if (opt === "retry") retry = n;
      else timeoutSec = n;
    } else if (opt === "debug") debug = true;
    else {
      o.err += usage("own-resolver");
      return finish(o, 1);
    }
  }
  const host = args[i] as string;
  const serverArg = args[i + 1];
  if (args[i + 2] !== undefined) {
    o.err += usage("own-resolver");
    return finish(o, 1);
  }

  // Servers: the argument, else every nameserver line of resolv.conf, else 127.0.0.1. The search
  // list is read only together with resolv.conf's servers.
  let servers: string[];
  let search: readonly string[] = [];
  if (serverArg !== undefined) {
    const ip = serverAddress(serverArg, ctx);
    if (ip === undefined) {
      o.err += `nslookup: bad address '${serverArg}'\n`;
      return finish(o, 1);
    }
    servers = [ip];
  } else {
    const text = ctx.env.readFile("/etc/resolv.conf");
    servers = (text ?? "")
      .split("\n")
      .map((l) => l.trim().split(/[ \t]+/))
      .filter((w) => w[0] === "nameserver" && w[1] !== undefined)
      .map((w) => w[1] as string);
    search = busyboxSearchDomains(text);
    if (search.length === 0) {
      const dot = ctx.env.hostname.indexOf(".");
      if (dot >= 0) search = ctx.env.hostname.slice(dot + 1).split(/\s+/);
    }
    if (servers.length === 0) servers = ["127.0.0.1"];
  }

  const ids = queryIds(`${ctx.env.hostname}\0nslookup\0${args.join("\0")}`);
  const queries: Query[] = [];
  const addWithSearch = (type: DNSType, name: string) => {
    if (type === "PTR" || search.length === 0 || name.includes(".")) queries.push({ name, type, id: 0 });
    else for (const d of search) queries.push({ name: `${name}.${d}`, type, id: 0 });
  };
  if (types.size === 0) {
    const ptr = reverseName(host);
    if (ptr !== undefined) queries.push({ name: ptr, type: "PTR", id: 0 });
    else {
      addWithSearch("A", host);
      addWithSearch("AAAA", host);
    }
  } else for (const t of QTYPES) if (types.has(t) && t !== "MX") addWithSearch(t as DNSType, host);
  const withIds = queries.map((q) => ({ ...q, id: ids.next() }));

  if (withIds.length === 0) {
    // Only -type=mx: nothing kubesim can ask; print the header as for an empty reply set.
    const server = servers[0] as string;
    o.out += `Server:\t\t${server}\nAddress:\t${server}:${port}\n\n`;
    return finish(o, 0);
  }
  const timeoutMs = timeoutSec * 1000;
  const interval = Math.floor(timeoutMs / retry);
  let exitCode = 0;
  for (const server of servers) {
    const arrivals = new Map<number, { at: number; response: DnsResponse }>();
    const roundErrors: string[] = [];
    // Send rounds: at 0, interval, 2*interval, ... while before the timeout; each round resends
    // the queries still unanswered at that moment.
    for (let t = 0; t < timeoutMs; t += Math.max(1, interval)) {
      let roundError: string | undefined;
      withIds.forEach((q, qi) => {
        const prev = arrivals.get(qi);
        if (prev !== undefined && prev.at <= t) return;
        const x = exchange(
          ctx.env,
          server,
          { name: `${relative(q.name)}.`, type: q.type },
          q.id,
          timeoutMs - t,
          port,
        );
        if (x.kind === "response") {
          const at = t + x.elapsedMs;
          if (at < timeoutMs && (prev === undefined || at < prev.at))
            arrivals.set(qi, { at, response: x.response });
        } else if (x.kind === "error")
          roundError = x.errno === "ECONNREFUSED" ? "Connection refused" : "No route to host";
      });
      if (roundError !== undefined) roundErrors.push(`nslookup: read: ${roundError}\n`);
      if (arrivals.size === withIds.length) break;
    }
    o.err += roundErrors.join("");
    if (arrivals.size === 0) {
      o.elapsedMs += timeoutMs;
      continue;
    }
    const order = [...arrivals.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0]);
    o.out += `Server:\t\t${server}\n`;
    o.out += `Address:\t${isIPv6(server) ? `[${server}]` : server}:${port}\n\n`;
    for (const [qi, { at, response }] of order) {
      const q = withIds[qi] as Query;
      if (debug) o.out += `Query #${qi} completed in ${Math.floor(at)}ms:\n`;
      if (response.rcode !== "NOERROR") {
        o.out += `** server can't find ${q.name}: ${response.rcode}\n`;
        exitCode = 1;
      } else o.out += replyText(response, debug);
      o.out += "\n";
    }
    const unanswered = withIds.filter((_, qi) => !arrivals.has(qi));
    for (const q of unanswered) o.out += `*** Can't find ${q.name}: No answer\n`;
    if (unanswered.length > 0) o.out += "\n";
    o.elapsedMs += unanswered.length > 0 ? timeoutMs : Math.max(...order.map(([, a]) => a.at));
    return finish(o, exitCode);
  }
  o.out += ";; connection timed out; no servers could be reached\n\n";
  return finish(o, 1);
}

/** A server argument as `xhost2sockaddr()` takes it: an address, or a name to resolve. */
function serverAddress(arg: string, ctx: ToolContext): string | undefined {
  if (isIPv4(arg) || isIPv6(arg)) return arg;
  const r = ctx.env.resolve(arg);
  return r.ok ? r.ips[0] : undefined;
}

/** `parse_reply()`: one line (or block) per answer record. */
function replyText(response: DnsResponse, debug: boolean): string {
  let s = "";
  if (!response.authoritative) s += "Non-authoritative answer:\n";
  else if (debug) s += "authoritative answer:\n";
  for (const r of response.answers) s += recordText(r);
  return s;
}

function recordText(r: DNSRecord): string {
  const name = relative(r.name);
  const f = r.data.trim().split(/\s+/);
  switch (r.type) {
    case "A":
    case "AAAA":
      return `Name:\t${name}\nAddress: ${r.data.trim()}\n`;
    case "NS":
      return `${name}\tnameserver = ${relative(r.data.trim())}\n`;
    case "CNAME":
      return `${name}\tcanonical name = ${relative(r.data.trim())}\n`;
    case "PTR":
      return `${name}\tname = ${relative(r.data.trim())}\n`;
    case "TXT": {
      const t = firstTxtString(r.data);
      return t === "" ? "" : `${name}\ttext = "${t}"\n`;
    }
    case "SRV":
      return `${name}\tservice = ${f[0]} ${f[1]} ${f[2]} ${relative(f[3] ?? ".")}\n`;
    case "SOA":
      return (
        `${name}\n\torigin = ${relative(f[0] ?? ".")}\n\tmail addr = ${relative(f[1] ?? ".")}\n` +
        `\tserial = ${f[2]}\n\trefresh = ${f[3]}\n\tretry = ${f[4]}\n\texpire = ${f[5]}\n\tminimum = ${f[6]}\n`
      );
    default:
      return "";
  }
}

// ---------------------------------------------------------------------------------------------
// busybox <= 1.28: libc applet on uclibc-ng

function runLibcNslookup(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  const host = args[0];
  if (host === undefined || host.startsWith("-") || args.length > 2) {
    o.err += usage("libc");
    return finish(o, 1);
  }
  let conf = parseResolvConf(ctx.env.readFile("/etc/resolv.conf"));
  const serverArg = args[1];
  if (serverArg !== undefined) {
    const ip = serverAddress(serverArg, ctx);
    if (ip === undefined) {
      o.err += `nslookup: bad address '${serverArg}'\n`;
      return finish(o, 1);
    }
    conf = { ...conf, nameservers: [ip] };
  }
  const ids = queryIds(`${ctx.env.hostname}\0nslookup\0${args.join("\0")}`);
  const hosts = parseHosts(ctx.env.readFile("/etc/hosts"));
  const server = conf.nameservers[0] as string;

  // getnameinfo(NI_NAMEREQD): /etc/hosts, then a PTR query (no search list for PTR).
  const nameOf = (ip: string): string | undefined => {
    const h = hostsByAddr(hosts, ip);
    if (h !== undefined) return h.name;
    const ptr = reverseName(ip);
    if (ptr === undefined) return undefined;
    const r = uclibcLookup(ctx.env, `${ptr}.`, "PTR", conf, ids);
    o.elapsedMs += r.elapsedMs;
    const rec = r.response === undefined ? undefined : answersOfType(r.response, "PTR")[0];
    return rec === undefined ? undefined : relative(rec.data.trim());
  };
  const printHost = (name: string, header: string, addrs: readonly string[]) => {
    o.out += `${header.padEnd(10)} ${name}\n`;
    addrs.forEach((ip, k) => {
      const rev = nameOf(ip);
      o.out += `Address ${k + 1}: ${ip}${rev !== undefined ? ` ${rev}` : ""}\n`;
    });
  };

  printHost(server, "Server:", [server]);
  o.out += "\n";

  // getaddrinfo(AF_UNSPEC): a literal is its own address; a name is looked up for IPv6 and
  // then IPv4, each through /etc/hosts first, then DNS.
  let addrs: string[];
  if (isIPv4(host) || isIPv6(host)) addrs = [host];
  else {
    addrs = [];
    for (const [type, family] of [
      ["AAAA", "inet6"],
      ["A", "inet"],
    ] as const) {
      const h = hostsByName(hosts, host, family);
      if (h !== undefined) {
        addrs.push(h.ip);
        continue;
      }
      const r = uclibcLookup(ctx.env, host, type, conf, ids);
      o.elapsedMs += r.elapsedMs;
      if (r.response !== undefined)
        addrs.push(...answersOfType(r.response, type).map((rec) => rec.data.trim()));
    }
  }
  if (addrs.length === 0) {
    o.err += `nslookup: can't resolve '${host}'\n`;
    return finish(o, 1);
  }
  printHost(host, "Name:", addrs);
  return finish(o, 0);
}
