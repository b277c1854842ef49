/**
 * The C library's stub resolver: how `getaddrinfo(name, AF_UNSPEC)` turns a name into queries
 * with the resolv.conf search list, `ndots`, `timeout` and `attempts`, and what it makes of the
 * answers. Two flavours, because images differ:
 *
 * - glibc (`resolv/res_query.c` `__res_context_search`, `res_send.c`): a name with at least
 *   `ndots` dots (or a trailing dot) is tried as it is first, otherwise the search list first
 *   and the bare name last. NXDOMAIN and NODATA move on to the next candidate; a timeout or a
 *   refused query (`TRY_AGAIN`) ends the search. Each query goes to each nameserver in turn,
 *   `attempts` rounds, waiting `timeout` seconds for each (its UDP socket is connected, so an
 *   ICMP port unreachable fails the try at once).
 * - musl (`src/network/lookup_name.c` `name_from_dns_search`, `res_msend.c`): a name with at
 *   least `ndots` dots is never searched; otherwise the search list, then the bare name. Any
 *   answer but NXDOMAIN ends the search (so a NODATA for a search candidate is final). Queries
 *   go to all nameservers at once, retransmitted every `timeout / attempts` seconds, for
 *   `timeout` seconds in all; its unconnected socket never sees ICMP errors.
 *
 * A and AAAA are asked together for each candidate, as `getaddrinfo` does with `AF_UNSPEC`.
 *
 * @module
 */

import { imageBaseName } from "@kubesim/core";
import type { DNSQuestion, DNSRecord, Resolution, Trace } from "@kubesim/dataplane";
import { fqdn, trimDot } from "./_internal/names.js";
import type { DNSConfig } from "./resolvConf.js";

/** The resolver library of an image. */
export type Libc = "glibc" | "musl";

/**
 * The C library an image's programs resolve names with: musl for Alpine-based images and
 * busybox's `-musl` variants; glibc otherwise. busybox's default variant is glibc since
 * 1.36 (docker-library/busybox `versions.json` lists glibc first, the variant `latest` and the
 * bare version tags point at); earlier default tags (such as the `busybox:1.28` of Kubernetes'
 * DNS debugging guide) were uclibc, whose resolver searches as glibc's does, so glibc stands
 * in for it.
 */
export function libcOfImage(image: string): Libc {
  const base = imageBaseName(image);
  const at = image.split("@")[0] ?? image;
  const slash = at.lastIndexOf("/");
  const colon = at.indexOf(":", slash + 1);
  const tag = colon < 0 ? "" : at.slice(colon + 1);
  if (base === "alpine" || tag.includes("alpine") || tag.endsWith("musl")) return "musl";
  return "glibc";
}

/** The resolver's settings: resolv.conf's lists and its options parsed. */
export interface ResolverConfig {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  /** `options ndots:` (default 1, both libcs). */
  readonly ndots: number;
  /** `options timeout:` seconds (default 5). */
  readonly timeoutSeconds: number;
  /** `options attempts:` (default 2). */
  readonly attempts: number;
}

/** The resolver's view of DNS settings (glibc `res_init.c` defaults and caps: ndots ≤ 15, timeout ≤ 30, attempts ≤ 5). */
export function resolverConfig(config: DNSConfig): ResolverConfig {
  let ndots = 1;
  let timeoutSeconds = 5;
  let attempts = 2;
  for (const op of config.options) {
    const [name, value] = op.split(":");
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) continue;
    if (name === "ndots") ndots = Math.min(n, 15);
    else if (name === "timeout") timeoutSeconds = Math.max(1, Math.min(n, 30));
    else if (name === "attempts") attempts = Math.max(1, Math.min(n, 5));
  }
  return { nameservers: config.nameservers, searches: config.searches, ndots, timeoutSeconds, attempts };
}

/** What one query packet came to, as the resolver sees it. */
export interface QueryReply {
  /** `answered`: a DNS response; `refused`: ICMP port unreachable; `lost`: nothing came back. */
  readonly outcome: "answered" | "refused" | "lost";
  readonly rcode?: "NOERROR" | "NXDOMAIN" | "SERVFAIL" | "REFUSED";
  readonly answers?: readonly DNSRecord[];
  /** Virtual milliseconds until the reply (ignored when `lost`: the resolver's own timeout applies). */
  readonly elapsedMs: number;
  readonly trace?: Trace;
}

/** Sends one query to one nameserver with the resolver's wait; the caller models the network. */
export type SendQuery = (nameserver: string, question: DNSQuestion, timeoutMs: number) => QueryReply;

/** One query of a lookup, for traces. */
export interface QueryAttempt {
  readonly name: string;
  readonly type: "A" | "AAAA";
  readonly nameserver: string;
  /** The response code, or `timeout` / `refused` when no response came. */
  readonly outcome: "NOERROR" | "NXDOMAIN" | "SERVFAIL" | "REFUSED" | "timeout" | "refused";
  /** Addresses in the answer. */
  readonly addresses: readonly string[];
  /** Virtual milliseconds from the start of the lookup when this query was sent. */
  readonly sentAtMs: number;
  readonly trace?: Trace;
}

/** A lookup's result: the libc's {@link Resolution}, every query it sent, and how long it took. */
export type ResolveResult = Resolution & {
  readonly queries: readonly QueryAttempt[];
  readonly elapsedMs: number;
};

/** Which address types `getaddrinfo` asks for. */
export type AddressFamilies = "A" | "AAAA" | "A+AAAA";

/** The outcome of one (name, type) query after retries. */
interface Exchange {
  readonly status: "answered" | "failed";
  readonly rcode: "NOERROR" | "NXDOMAIN" | "SERVFAIL" | "REFUSED";
  readonly addresses: readonly string[];
  readonly elapsedMs: number;
}

function addressesOf(answers: readonly DNSRecord[] | undefined, type: "A" | "AAAA"): string[] {
  return (answers ?? []).filter((r) => r.type === type).map((r) => r.data);
}

/** The names a lookup tries, in order (search candidates fully qualified). */
export function candidateNames(name: string, config: ResolverConfig, libc: Libc): string[] {
  if (name.endsWith(".")) return [name];
  let dots = 0;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) === 46) dots++;
  const searched = config.searches.map((s) => `${name}.${trimDot(s)}.`);
  const bare = `${name}.`;
  if (libc === "musl") return dots >= config.ndots ? [bare] : [...searched, bare];
  return dots >= config.ndots ? [bare, ...searched] : [...searched, bare];
}

/**
 * Resolves `name` as the libc does, sending every query through `send`. Returns the addresses
 * (A before AAAA), `not-found` (every candidate NXDOMAIN or NODATA), or `timeout` (no usable
 * answer: `EAI_AGAIN`, "Temporary failure in name resolution").
 */
export function resolveName(
  name: string,
  config: ResolverConfig,
  libc: Libc,
  send: SendQuery,
  options: { readonly families?: AddressFamilies } = {},
): ResolveResult {
  const families: readonly ("A" | "AAAA")[] =
    options.families === "A" ? ["A"] : options.families === "AAAA" ? ["AAAA"] : ["A", "AAAA"];
  const queries: QueryAttempt[] = [];
  let clock = 0;
  if (config.nameservers.length === 0) return { ok: false, error: "timeout", queries, elapsedMs: 0 };
  for (const candidate of candidateNames(name, config, libc)) {
    const start = clock;
    const results = families.map((type) =>
      libc === "glibc"
        ? exchangeGlibc(candidate, type, config, send, queries, start)
        : exchangeMusl(candidate, type, config, send, queries, start),
    );
    // The two queries are in flight together: the candidate takes as long as the slower.
    clock = start + Math.max(...results.map((r) => r.elapsedMs));
    const ips = results.flatMap((r) => r.addresses);
    if (ips.length > 0) return { ok: true, ips, queries, elapsedMs: clock };
    const failed = results.some((r) => r.status === "failed");
    if (libc === "glibc") {
      // res_search: HOST_NOT_FOUND and NO_DATA keep searching, SERVFAIL too; TRY_AGAIN stops.
      if (failed) return { ok: false, error: "timeout", queries, elapsedMs: clock };
      continue;
    }
    // musl: SERVFAIL or silence is EAI_AGAIN; NXDOMAIN for any query moves on; else EAI_NODATA, final.
    if (failed || results.some((r) => r.rcode === "SERVFAIL"))
      return { ok: false, error: "timeout", queries, elapsedMs: clock };
    if (results.some((r) => r.rcode === "NXDOMAIN")) continue;
    return { ok: false, error: "not-found", queries, elapsedMs: clock };
  }
  return { ok: false, error: "not-found", queries, elapsedMs: clock };
}

/** glibc `__res_context_send`: each round, each nameserver in turn, until one answers. */
function exchangeGlibc(
  name: string,
  type: "A" | "AAAA",
  config: ResolverConfig,
  send: SendQuery,
  log: QueryAttempt[],
  start: number,
): Exchange {
  let elapsed = 0;
  const n = config.nameservers.length;
  for (let attempt = 0; attempt < config.attempts; attempt++)
    for (let i = 0; i < n; i++) {
      const nameserver = config.nameservers[i] as string;
      // send_dg: `seconds = retrans << ns; if (ns > 0) seconds /= nscount`.
      const waitMs = Math.max(1, Math.floor((config.timeoutSeconds << i) / (i > 0 ? n : 1))) * 1000;
      const reply = send(nameserver, { name, type }, waitMs);
      const sentAtMs = start + elapsed;
      if (reply.outcome === "answered") {
        elapsed += reply.elapsedMs;
        const addresses = addressesOf(reply.answers, type);
        log.push(entry(name, type, nameserver, reply.rcode ?? "SERVFAIL", addresses, sentAtMs, reply.trace));
        // A SERVFAIL or REFUSED reply makes glibc try the next server.
        if (reply.rcode === "SERVFAIL" || reply.rcode === "REFUSED") continue;
        return { status: "answered", rcode: reply.rcode ?? "NOERROR", addresses, elapsedMs: elapsed };
      }
      elapsed += reply.outcome === "refused" ? reply.elapsedMs : waitMs;
      log.push(
        entry(
          name,
          type,
          nameserver,
          reply.outcome === "refused" ? "refused" : "timeout",
          [],
          sentAtMs,
          reply.trace,
        ),
      );
    }
  return { status: "failed", rcode: "SERVFAIL", addresses: [], elapsedMs: elapsed };
}

/** musl `__res_msend_rc`: every nameserver at once, retransmitted every `timeout / attempts`, `timeout` in all. */
function exchangeMusl(
  name: string,
  type: "A" | "AAAA",
  config: ResolverConfig,
  send: SendQuery,
  log: QueryAttempt[],
  start: number,
): Exchange {
  const totalMs = config.timeoutSeconds * 1000;
  const retryMs = Math.floor(totalMs / config.attempts);
  for (let attempt = 0; attempt < config.attempts; attempt++) {
    const at = attempt * retryMs;
    const waitMs = attempt === config.attempts - 1 ? totalMs - at : retryMs;
    let best: { reply: QueryReply; nameserver: string } | undefined;
    for (const nameserver of config.nameservers) {
      const reply = send(nameserver, { name, type }, waitMs);
      const answered = reply.outcome === "answered";
      log.push(
        entry(
          name,
          type,
          nameserver,
          answered ? (reply.rcode ?? "SERVFAIL") : "timeout",
          answered ? addressesOf(reply.answers, type) : [],
          start + at,
          reply.trace,
        ),
      );
      // The first useful reply wins; SERVFAIL is retried, REFUSED and others are accepted.
      if (answered && reply.rcode !== "SERVFAIL" && (!best || reply.elapsedMs < best.reply.elapsedMs))
        best = { reply, nameserver };
    }
    if (best)
      return {
        status: "answered",
        rcode: best.reply.rcode ?? "NOERROR",
        addresses: addressesOf(best.reply.answers, type),
        elapsedMs: at + best.reply.elapsedMs,
      };
  }
  return { status: "failed", rcode: "SERVFAIL", addresses: [], elapsedMs: totalMs };
}

function entry(
  name: string,
  type: "A" | "AAAA",
  nameserver: string,
  outcome: QueryAttempt["outcome"],
  addresses: readonly string[],
  sentAtMs: number,
  trace: Trace | undefined,
): QueryAttempt {
  return { name: fqdn(name), type, nameserver, outcome, addresses, sentAtMs, ...(trace ? { trace } : {}) };
}
