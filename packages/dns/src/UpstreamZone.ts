/**
 * The world outside the cluster as DNS sees it: the names CoreDNS's `forward . /etc/resolv.conf`
 * would get answers for from the node's resolver (on kind, Docker's embedded DNS at the network
 * gateway, which forwards to the host's). A small configurable map of names to addresses or
 * CNAMEs; everything else does not exist (NXDOMAIN). Answers are recursive, not authoritative,
 * as a forwarder's are.
 *
 * @module
 */
import type { DNSQuestion, DNSRecord } from "@kubesim/dataplane";
import { isIPv4String, isIPv6String } from "@kubesim/ipam";
import { addressOfReverse, fqdn, reverseName } from "./_internal/names.js";

/** What an outside name is: addresses, or an alias of another name. */
export type UpstreamEntry = { readonly ips: readonly string[] } | { readonly cname: string };

/** Outside names (case-insensitive, with or without the trailing dot) and what they are. */
export type UpstreamNames = Readonly<Record<string, UpstreamEntry>>;

/**
 * A few well-known names, so tutorials' `wget example.com` works. `example.com`'s addresses are
 * those IANA served in 2024 (they change; replace them with `upstream` if it matters).
 */
export const DEFAULT_UPSTREAM_NAMES: UpstreamNames = Object.freeze({
  "example.com": { ips: ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"] },
  "www.example.com": { cname: "example.com" },
});

/** The TTL an upstream answer carries (what a forwarder passes on; CoreDNS's `cache 30` caps it at 30). */
export const UPSTREAM_TTL_SECONDS = 30;

/** An upstream resolver's answer. */
export interface UpstreamAnswer {
  readonly rcode: "NOERROR" | "NXDOMAIN";
  readonly answers: readonly DNSRecord[];
}

/** See the module documentation. */
export class UpstreamZone {
  readonly #names = new Map<string, UpstreamEntry>();
  readonly #reverse = new Map<string, string>();

  constructor(names: UpstreamNames = DEFAULT_UPSTREAM_NAMES) {
    for (const key of Object.keys(names).sort()) {
      const entry = names[key] as UpstreamEntry;
      const owner = fqdn(key.toLowerCase());
      this.#names.set(owner, entry);
      if ("ips" in entry)
        for (const ip of entry.ips) {
          const rev = reverseName(ip);
          if (rev && !this.#reverse.has(rev)) this.#reverse.set(rev, owner);
        }
    }
  }

  /**
   * Answers `question` (its name matched case-insensitively; records are owned by the name as
   * asked) following CNAMEs, at most 8 deep, as a recursive resolver does.
   */
  answer(question: DNSQuestion): UpstreamAnswer {
    const answers: DNSRecord[] = [];
    let asked = fqdn(question.name);
    let lower = asked.toLowerCase();
    if (question.type === "PTR") {
      const owner = addressOfReverse(lower) !== undefined ? this.#reverse.get(lower) : undefined;
      if (!owner) return { rcode: "NXDOMAIN", answers };
      answers.push({ name: asked, type: "PTR", ttl: UPSTREAM_TTL_SECONDS, data: owner });
      return { rcode: "NOERROR", answers };
    }
    for (let depth = 0; depth < 8; depth++) {
      const entry = this.#names.get(lower);
      if (!entry) return { rcode: depth === 0 ? "NXDOMAIN" : "NOERROR", answers };
      if ("cname" in entry) {
        const target = fqdn(entry.cname.toLowerCase());
        answers.push({ name: asked, type: "CNAME", ttl: UPSTREAM_TTL_SECONDS, data: target });
        if (question.type === "CNAME") return { rcode: "NOERROR", answers };
        asked = target;
        lower = target;
        continue;
      }
      const want = question.type === "A" ? isIPv4String : question.type === "AAAA" ? isIPv6String : undefined;
      if (want)
        for (const ip of entry.ips)
          if (want(ip))
            answers.push({ name: asked, type: question.type, ttl: UPSTREAM_TTL_SECONDS, data: ip });
      return { rcode: "NOERROR", answers };
    }
    return { rcode: "NOERROR", answers };
  }
}
