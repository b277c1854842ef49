/**
 * The small DNS client the simulated `nslookup`, `dig`, `getent` and `host` share: it builds
 * queries, sends them as UDP datagrams to a name server's port 53 through
 * `ToolEnvironment.connect` (so they cross kube-proxy and the CNI like any packet), and
 * reproduces how each C library walks the search list and times out:
 *
 * - glibc `resolv/res_query.c` `__res_context_search` and `res_send.c` (getent, and dig's
 *   `+search`): names with at least `ndots` dots are tried as given first; otherwise the search
 *   domains first and the name as given last. NXDOMAIN and NODATA move on to the next
 *   candidate, a timeout or a refused query stops the walk. Each query is sent `attempts`
 *   times to every name server, waiting `timeout` seconds (`retrans << ns / nscount` for the
 *   later servers).
 * - uclibc-ng `libc/inet/resolv.c` `__dns_lookup` (busybox 1.28's libc): a name with a dot is
 *   tried as given first and then with each search domain; a name without one gets the search
 *   domains first and itself last; only NXDOMAIN (or SERVFAIL) moves on, NODATA ends the lookup.
 *   A timeout restarts the walk on the next server, `nameservers * attempts` times in all.
 *
 * Query ids come from a counter seeded by the command line, so runs are reproducible.
 *
 * @module
 */
import type { AppResponse, DNSQuestion, DNSRecord, DNSType } from "../../packet/Packet.js";
import type { ToolEnvironment } from "../ToolEnvironment.js";
import { isIPv4 } from "./common.js";
import type { ResolvConf } from "./resolvConf.js";

/** A DNS response as the tools read it. */
export type DnsResponse = Extract<AppResponse, { kind: "dns" }>;

/** The port every name server listens on. */
export const DNS_PORT = 53;

/** What one query datagram came to. */
export type Exchange =
  | { readonly kind: "response"; readonly response: DnsResponse; readonly elapsedMs: number }
  /** Nothing came back within the wait. */
  | { readonly kind: "timeout"; readonly elapsedMs: number }
  /** An ICMP error came back: the socket reports ECONNREFUSED or EHOSTUNREACH. */
  | { readonly kind: "error"; readonly errno: "ECONNREFUSED" | "EHOSTUNREACH"; readonly elapsedMs: number };

/** A per-invocation query id counter (16 bits, wrapping). */
export interface QueryIds {
  next(): number;
}

/**
 * A counter starting at a value derived from `seed` (FNV-1a of the command line): real
 * resolvers pick random ids; this keeps them realistic-looking and reproducible.
 */
export function queryIds(seed: string): QueryIds {
  let id = fnv1a(seed) & 0xffff;
  return {
    next() {
      const v = id;
      id = (id + 1) & 0xffff;
      return v;
    },
  };
}

/** 32-bit FNV-1a over UTF-16 code units. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `name` with exactly one trailing dot (the root stays `.`). */
export function absolute(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

/** `name` without its trailing dot, as `dn_expand` and getaddrinfo print names. */
export function relative(name: string): string {
  return name.length > 1 && name.endsWith(".") ? name.slice(0, -1) : name;
}

/** Sends one query for `name`/`type` to `server:53` over UDP and waits at most `timeoutMs`. */
export function exchange(
  env: ToolEnvironment,
  server: string,
  question: DNSQuestion,
  id: number,
  timeoutMs: number,
  port: number = DNS_PORT,
): Exchange {
  const outcome = env.connect({
    protocol: "UDP",
    ip: server,
    port,
    request: { kind: "dns", id, question, recursionDesired: true },
    timeoutMs,
  });
  if (outcome.verdict === "refused")
    return { kind: "error", errno: "ECONNREFUSED", elapsedMs: outcome.elapsedMs };
  if (outcome.verdict === "unreachable")
    return { kind: "error", errno: "EHOSTUNREACH", elapsedMs: outcome.elapsedMs };
  const r = outcome.response;
  if (outcome.verdict === "delivered" && r?.kind === "dns" && outcome.elapsedMs <= timeoutMs)
    return { kind: "response", response: r, elapsedMs: outcome.elapsedMs };
  return { kind: "timeout", elapsedMs: timeoutMs };
}

/** The PTR owner name for an IP literal (`10.0.96.10.in-addr.arpa`), or undefined. */
export function reverseName(ip: string): string | undefined {
  if (isIPv4(ip)) return `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
  const groups = expandIPv6(ip);
  if (groups === undefined) return undefined;
  const hex = groups.map((g) => g.toString(16).padStart(4, "0")).join("");
  return `${hex.split("").reverse().join(".")}.ip6.arpa`;
}

/** The eight 16-bit groups of an IPv6 literal (dotted IPv4 tails allowed), or undefined. */
export function expandIPv6(ip: string): number[] | undefined {
  if (!ip.includes(":") || !/^[0-9a-fA-F:.]+$/.test(ip)) return undefined;
  const halves = ip.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    for (const g of part.split(":")) {
      if (isIPv4(g)) {
        const b = g.split(".").map(Number) as [number, number, number, number];
        out.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(Number.parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = parse(halves[0] ?? "");
  const tail = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const fill = 8 - head.length - tail.length;
  if (fill < 1) return undefined;
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

/** Whether `s` is an IPv6 literal. */
export function isIPv6(s: string): boolean {
  return expandIPv6(s) !== undefined;
}

/** One `/etc/hosts` line: address, canonical name, aliases. */
export interface HostsEntry {
  readonly ip: string;
  readonly name: string;
  readonly aliases: readonly string[];
}

/** Parses an `/etc/hosts` file (comments after `#`, blank lines skipped). */
export function parseHosts(text: string | undefined): HostsEntry[] {
  const out: HostsEntry[] = [];
  for (const raw of (text ?? "").split("\n")) {
    const line = raw.split("#")[0]?.trim() ?? "";
    if (line === "") continue;
    const [ip, name, ...aliases] = line.split(/[ \t]+/);
    if (ip === undefined || name === undefined) continue;
    out.push({ ip, name, aliases });
  }
  return out;
}

/** The first hosts entry of `family` naming `name` (case-insensitive), as the files backend finds it. */
export function hostsByName(
  entries: readonly HostsEntry[],
  name: string,
  family: "inet" | "inet6",
): HostsEntry | undefined {
  const want = relative(name).toLowerCase();
  return entries.find(
    (e) =>
      (family === "inet" ? isIPv4(e.ip) : isIPv6(e.ip)) &&
      (e.name.toLowerCase() === want || e.aliases.some((a) => a.toLowerCase() === want)),
  );
}

/** The first hosts entry for address `ip`. */
export function hostsByAddr(entries: readonly HostsEntry[], ip: string): HostsEntry | undefined {
  return entries.find((e) => e.ip === ip);
}

/** One query a resolver sent, for callers that show the walk. */
export interface SentQuery {
  readonly server: string;
  readonly name: string;
  readonly type: DNSType;
  readonly id: number;
  readonly result: Exchange["kind"];
}

/** h_errno-style outcome of a libc lookup. */
export type LookupStatus = "ok" | "HOST_NOT_FOUND" | "NO_DATA" | "TRY_AGAIN" | "NO_RECOVERY";

/** What a libc-style lookup found. */
export interface LibcLookup {
  readonly status: LookupStatus;
  /** The response that ended the lookup successfully. */
  readonly response?: DnsResponse;
  /** The absolute name whose query succeeded. */
  readonly qname?: string;
  readonly elapsedMs: number;
  readonly sent: readonly SentQuery[];
}

/** The records of `type` in a response's answer section. */
export function answersOfType(response: DnsResponse, type: DNSType): DNSRecord[] {
  return response.answers.filter((r) => r.type === type);
}

/** One query sent the way glibc `__res_context_send` does: every server, `attempts` rounds. */
function glibcSend(
  env: ToolEnvironment,
  conf: ResolvConf,
  question: DNSQuestion,
  ids: QueryIds,
  sent: SentQuery[],
):
  | { readonly kind: "response"; readonly response: DnsResponse; readonly elapsedMs: number }
  | { readonly kind: "fail"; readonly errno: "ETIMEDOUT" | "ECONNREFUSED"; readonly elapsedMs: number } {
  const id = ids.next();
  const n = conf.nameservers.length;
  let elapsed = 0;
  let refused = false;
  let lastBad: DnsResponse | undefined;
  for (let attempt = 0; attempt < conf.attempts; attempt++) {
    for (let ns = 0; ns < n; ns++) {
      const server = conf.nameservers[ns] as string;
      // send_dg(): seconds = retrans << ns, divided by nscount for ns > 0, at least 1.
      let seconds = conf.timeoutSec * 2 ** ns;
      if (ns > 0) seconds = Math.floor(seconds / n);
      if (seconds <= 0) seconds = 1;
      const x = exchange(env, server, question, id, seconds * 1000);
      sent.push({ server, name: question.name, type: question.type, id, result: x.kind });
      elapsed += x.elapsedMs;
      if (x.kind === "response") {
        const rc = x.response.rcode;
        // SERVFAIL, NOTIMP and REFUSED: try the next server, keep the answer in case none does better.
        if (rc === "SERVFAIL" || rc === "REFUSED") {
          lastBad = x.response;
          continue;
        }
        return { kind: "response", response: x.response, elapsedMs: elapsed };
      }
      if (x.kind === "error") refused = true;
    }
  }
  if (lastBad !== undefined) return { kind: "response", response: lastBad, elapsedMs: elapsed };
  return { kind: "fail", errno: refused ? "ECONNREFUSED" : "ETIMEDOUT", elapsedMs: elapsed };
}

/** The names glibc `__res_context_search` queries for `name`, in order (absolute). */
export function glibcCandidates(name: string, conf: ResolvConf): string[] {
  if (name.endsWith(".")) return [name];
  const dots = name.split(".").length - 1;
  const searched = conf.search.map((d) => `${name}.${d}.`);
  return dots >= conf.ndots ? [`${name}.`, ...searched] : [...searched, `${name}.`];
}

/**
 * `res_search(name, type)` as glibc runs it for `gethostbyname2` and dig's `+search`:
 * candidates in {@link glibcCandidates} order; NXDOMAIN, NODATA and SERVFAIL move on, a
 * timeout or refusal stops. The final status prefers NO_DATA over HOST_NOT_FOUND, as glibc does.
 */
export function glibcSearch(
  env: ToolEnvironment,
  name: string,
  type: DNSType,
  conf: ResolvConf,
  ids: QueryIds,
): LibcLookup {
  const sent: SentQuery[] = [];
  let elapsed = 0;
  let gotNodata = false;
  let gotServfail = false;
  let last: LookupStatus = "HOST_NOT_FOUND";
  for (const qname of glibcCandidates(name, conf)) {
    const r = glibcSend(env, conf, { name: qname, type }, ids, sent);
    elapsed += r.elapsedMs;
    if (r.kind === "fail") return { status: "TRY_AGAIN", elapsedMs: elapsed, sent };
    const rc = r.response.rcode;
    if (rc === "NOERROR" && answersOfType(r.response, type).length > 0)
      return { status: "ok", response: r.response, qname, elapsedMs: elapsed, sent };
    if (rc === "NOERROR") {
      gotNodata = true;
      last = "NO_DATA";
    } else if (rc === "NXDOMAIN") last = "HOST_NOT_FOUND";
    else if (rc === "SERVFAIL") {
      gotServfail = true;
      last = "TRY_AGAIN";
    } else {
      last = "NO_RECOVERY";
      break;
    }
  }
  const status: LookupStatus = gotNodata ? "NO_DATA" : gotServfail ? "TRY_AGAIN" : last;
  return { status, elapsedMs: elapsed, sent };
}

/** uclibc-ng `__dns_lookup(name, type)` (busybox 1.28's libc), see the module comment. */
export function uclibcLookup(
  env: ToolEnvironment,
  name: string,
  type: DNSType,
  conf: ResolvConf,
  ids: QueryIds,
): LibcLookup {
  const sent: SentQuery[] = [];
  const endsWithDot = name.endsWith(".");
  const bare = relative(name);
  const containsDot = bare.includes(".");
  const search = type === "PTR" ? [] : conf.search;
  const n = conf.nameservers.length;
  let retriesLeft = n * conf.attempts;
  let variant = -1;
  let ns = 0;
  let elapsed = 0;
  do {
    // For qualified names act_variant = -1, 0, .., n-1 (as given first); for single labels
    // 0, .., n (search domains first, the name as given last).
    const act = containsDot ? variant : variant + 1;
    const qname = act >= 0 && act < search.length ? `${bare}.${search[act]}.` : `${bare}.`;
    if (ns >= n) ns = 0;
    const server = conf.nameservers[ns] as string;
    const id = ids.next();
    const x = exchange(env, server, { name: qname, type }, id, conf.timeoutSec * 1000);
    sent.push({ server, name: qname, type, id, result: x.kind });
    elapsed += x.elapsedMs;
    if (x.kind === "response") {
      const rc = x.response.rcode;
      if (rc === "NXDOMAIN" || rc === "SERVFAIL") {
        if (!endsWithDot && variant < search.length - 1) {
          variant++;
          continue;
        }
        if (rc === "NXDOMAIN") return { status: "HOST_NOT_FOUND", elapsedMs: elapsed, sent };
      } else if (rc === "NOERROR") {
        if (x.response.answers.length === 0) return { status: "NO_DATA", elapsedMs: elapsed, sent };
        if (answersOfType(x.response, type).length === 0 && type !== "CNAME")
          return { status: "NO_DATA", elapsedMs: elapsed, sent };
        return { status: "ok", response: x.response, qname, elapsedMs: elapsed, sent };
      }
    }
    // try_next_server: a timeout, an ICMP error, SERVFAIL at the end of the list, REFUSED.
    retriesLeft--;
    ns++;
    variant = -1;
  } while (retriesLeft > 0);
  return { status: "TRY_AGAIN", elapsedMs: elapsed, sent };
}

/** The first character-string of TXT RDATA in presentation form (`"1.0.1"` -> `1.0.1`). */
export function firstTxtString(data: string): string {
  const m = /^"((?:[^"\\]|\\.)*)"/.exec(data.trim());
  if (m === null) return data.trim().split(/\s+/)[0] ?? "";
  return (m[1] ?? "").replace(/\\(\d{3}|.)/g, (_, e: string) =>
    /^\d{3}$/.test(e) ? String.fromCharCode(Number(e)) : e,
  );
}

/**
 * The size in bytes of `response` on the wire, without name compression (CoreDNS replies
 * uncompressed unless the message nearly fills the client's buffer: `request.Scrub`), plus
 * `optBytes` for an OPT record.
 */
export function wireSize(response: DnsResponse, optBytes: number): number {
  let n = 12 + nameWire(response.question.name) + 4;
  for (const r of [...response.answers, ...response.authority, ...response.additional])
    n += nameWire(r.name) + 10 + rdataWire(r);
  return n + optBytes;
}

function nameWire(name: string): number {
  const labels = relative(name) === "." ? [] : relative(name).split(".");
  return labels.reduce((s, l) => s + l.length + 1, 0) + 1;
}

function rdataWire(r: DNSRecord): number {
  const f = r.data.trim().split(/\s+/);
  switch (r.type) {
    case "A":
      return 4;
    case "AAAA":
      return 16;
    case "CNAME":
    case "PTR":
    case "NS":
      return nameWire(r.data.trim());
    case "SRV":
      return 6 + nameWire(f[3] ?? ".");
    case "SOA":
      return nameWire(f[0] ?? ".") + nameWire(f[1] ?? ".") + 20;
    case "TXT": {
      const strings = r.data.match(/"(?:[^"\\]|\\.)*"/g) ?? [r.data];
      return strings.reduce((s, q) => s + 1 + firstTxtString(q).length, 0);
    }
    default:
      return r.data.length;
  }
}
