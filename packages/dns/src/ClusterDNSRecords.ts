/**
 * The cluster's DNS data and CoreDNS's answers from it: what a kubeadm cluster's CoreDNS
 * (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa
 * ip6.arpa; ttl 30 }` then `forward . /etc/resolv.conf`) replies to one question.
 *
 * Records follow the Kubernetes DNS-Based Service Discovery specification (kubernetes/dns
 * `docs/specification.md`) as CoreDNS's kubernetes plugin implements it (coredns/coredns
 * `plugin/kubernetes/kubernetes.go` `Records`/`findServices`/`findPods`, `parse.go`
 * `parseRequest`, `reverse.go`, `handler.go`, and `plugin/backend_lookup.go` for the A, AAAA,
 * SRV, CNAME, TXT, PTR and SOA shapes):
 * - `<svc>.<ns>.svc.<zone>` A/AAAA: the ClusterIPs; headless: every ready endpoint address
 *   (NXDOMAIN when there is none); ExternalName: a CNAME, chased upstream.
 * - `<hostname>.<svc>.<ns>.svc.<zone>`: the endpoint whose EndpointSlice `hostname` (or dashed
 *   IP, `10-244-1-5`) it is, for any Service with endpoints (CoreDNS answers endpoint names for
 *   ClusterIP Services too).
 * - SRV `_<port>._<proto>.<svc>.<ns>.svc.<zone>` (and the bare Service name, all ports):
 *   priority 0, weight `floor(100 / n)` over the n matches (`backend_lookup.go` `SRV`), targets
 *   the Service (or, headless, each endpoint's name), addresses in the additional section.
 * - PTR for ClusterIPs and ready endpoint addresses; `<a>-<b>-<c>-<d>.<ns>.pod.<zone>` under
 *   `pods insecure`; TXT `dns-version.<zone>`.
 * - NXDOMAIN for names that do not exist, NODATA (NOERROR, no answer) for names that exist
 *   with other types, both with the zone's SOA (`<zone> IN SOA ns.dns.<zone>.
 *   hostmaster.<zone>. <serial> 7200 1800 86400 <ttl>`) in the authority section.
 * - Names are matched case-insensitively; answers are owned by the name as asked.
 * - Names outside the zone (and reverse names the cluster does not know) go to the
 *   {@link UpstreamZone}, as `forward` would send them to the node's resolver.
 *
 * The data is kept current from store watches on Namespaces, Services and EndpointSlices (and
 * Pods under `pods verified`), in hash indexes: a lookup costs the same with 10 Services or
 * 10,000, and a change touches only the changed object's entries.
 *
 * @module
 */
import type { KubeObject, Simulation } from "@kubesim/core";
import type { DNSQuestion, DNSRecord, DNSType } from "@kubesim/dataplane";
import { formatIP, isIPv4String, isIPv6String, parseIP } from "@kubesim/ipam";
import { addressOfReverse, dashedIP, fqdn, ipOfDashed, isReverseName } from "./_internal/names.js";
import { type UpstreamNames, UpstreamZone } from "./UpstreamZone.js";

/** The kubernetes plugin's `pods` option. */
export type PodsMode = "insecure" | "verified" | "disabled";

/** Corefile-level settings of the records. */
export interface ClusterDNSRecordsOptions {
  readonly sim: Simulation;
  /** The cluster domain, kubelet's `--cluster-domain` and the plugin's zone (default `cluster.local`). */
  readonly clusterDomain?: string;
  /** The plugin's `ttl` (default 30: kubeadm's Corefile; the plugin's own default is 5). */
  readonly ttlSeconds?: number;
  /** The plugin's `pods` mode (default `insecure`, kubeadm's Corefile). */
  readonly pods?: PodsMode;
  /** The outside world `forward` reaches (default {@link DEFAULT_UPSTREAM_NAMES}). */
  readonly upstream?: UpstreamNames | UpstreamZone;
  /**
   * The `dns-version` TXT value. CoreDNS's `DNSSchemaVersion` has been `1.1.0` since it
   * replaced the spec document's `1.0.1` (coredns `plugin/kubernetes/kubernetes.go`).
   */
  readonly schemaVersion?: string;
}

/** CoreDNS's reply to one question (before `loadbalance` shuffles it). */
export interface DNSAnswer {
  readonly rcode: "NOERROR" | "NXDOMAIN" | "SERVFAIL" | "REFUSED";
  readonly authoritative: boolean;
  readonly answers: readonly DNSRecord[];
  readonly authority: readonly DNSRecord[];
  readonly additional: readonly DNSRecord[];
}

interface PortEntry {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

interface ServiceEntry {
  readonly name: string;
  readonly namespace: string;
  readonly headless: boolean;
  readonly externalName: string | undefined;
  readonly clusterIPs: readonly string[];
  /** The record type of each ClusterIP (`A` or `AAAA`), worked out once, not per lookup. */
  readonly clusterIPTypes: readonly ("A" | "AAAA")[];
  readonly ports: readonly PortEntry[];
}

interface EndpointAddress {
  readonly ip: string;
  readonly rr: "A" | "AAAA";
  /** The EndpointSlice `hostname`, or the dashed IP (CoreDNS `endpointHostname`). */
  readonly hostname: string;
}

interface SliceEntry {
  readonly key: string;
  readonly service: string;
  readonly namespace: string;
  /** Ready addresses only: unready endpoints have no records. */
  readonly addresses: readonly EndpointAddress[];
  readonly ports: readonly PortEntry[];
}

/** One match of a lookup (`msg.Service` in CoreDNS): an address or a name, a port, and the name that owns it. */
interface Match {
  readonly host: string;
  /** What `host` is: an address (`A`/`AAAA`), a name (`CNAME`), or text (`TXT`). */
  readonly rr: "A" | "AAAA" | "CNAME" | "TXT";
  readonly port: number;
  /** Fully qualified: the Service's name, or the endpoint's under it (the SRV target). */
  readonly owner: string;
  readonly text?: string;
}

type Found = { readonly error: true } | { readonly error: false; readonly matches: readonly Match[] };

const NXDOMAIN: Found = Object.freeze({ error: true });
const NODATA: Found = Object.freeze({ error: false, matches: Object.freeze([]) as readonly Match[] });
/** Ports of an endpoint without ports: CoreDNS's sentinel, skipped by SRV. */
const NO_PORTS: readonly PortEntry[] = Object.freeze([{ name: "", port: -1, protocol: "" }]);
/** The TTL of the `dns-version` record (CoreDNS `Services`, TXT case). */
const SCHEMA_TTL_SECONDS = 28800;
const MAX_CNAME_CHAIN = 8;

function serviceKey(name: string, namespace: string): string {
  return `${name}.${namespace}`;
}

function equalFold(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/** CoreDNS `matchPortAndProtocol`: an absent port or protocol in the name matches any. */
function matchPortAndProtocol(port: string, protocol: string, p: PortEntry): boolean {
  return (port === "" || equalFold(port, p.name)) && (protocol === "" || equalFold(protocol, p.protocol));
}

function stripUnderscore(label: string): string {
  return label.startsWith("_") ? label.slice(1) : label;
}

/** See the module documentation. */
export class ClusterDNSRecords {
  /** The zone, lower case, without the trailing dot (`cluster.local`). */
  readonly clusterDomain: string;
  readonly ttlSeconds: number;
  readonly pods: PodsMode;
  readonly schemaVersion: string;
  readonly upstream: UpstreamZone;
  readonly #sim: Simulation;
  /** `.cluster.local.`, for suffix tests. */
  readonly #zoneSuffix: string;
  readonly #zoneFqdn: string;
  readonly #namespaces = new Set<string>();
  readonly #services = new Map<string, ServiceEntry>();
  readonly #slicesByService = new Map<string, Map<string, SliceEntry>>();
  readonly #slices = new Map<string, SliceEntry>();
  readonly #serviceByClusterIP = new Map<string, string>();
  readonly #slicesByAddress = new Map<string, Set<string>>();
  /** Pods by IP (`pods verified` only): `namespace/name` keys. */
  readonly #podsByIP = new Map<string, Map<string, string>>();
  #modifiedMs: number;
  readonly #unwatch: (() => void)[] = [];

  constructor(options: ClusterDNSRecordsOptions) {
    this.#sim = options.sim;
    this.clusterDomain = (options.clusterDomain ?? "cluster.local").toLowerCase().replace(/\.$/, "");
    this.#zoneFqdn = `${this.clusterDomain}.`;
    this.#zoneSuffix = `.${this.#zoneFqdn}`;
    this.ttlSeconds = options.ttlSeconds ?? 30;
    this.pods = options.pods ?? "insecure";
    this.schemaVersion = options.schemaVersion ?? "1.1.0";
    this.upstream =
      options.upstream instanceof UpstreamZone ? options.upstream : new UpstreamZone(options.upstream);
    this.#modifiedMs = options.sim.nowMs;
    const store = options.sim.store;
    for (const ns of store.list("Namespace")) this.#namespaces.add(ns.metadata.name ?? "");
    for (const svc of store.list("Service")) this.#setService(undefined, svc);
    for (const slice of store.list("EndpointSlice")) this.#setSlice(undefined, slice);
    this.#unwatch.push(
      store.watch({ kind: "Namespace" }, (e) => {
        const name = e.object.metadata.name ?? "";
        if (e.type === "DELETED") this.#namespaces.delete(name);
        else this.#namespaces.add(name);
        this.#touch();
      }),
      store.watch({ kind: "Service" }, (e) =>
        this.#setService(e.oldObject, e.type === "DELETED" ? undefined : e.object),
      ),
      store.watch({ kind: "EndpointSlice" }, (e) =>
        this.#setSlice(
          e.oldObject ?? (e.type === "DELETED" ? e.object : undefined),
          e.type === "DELETED" ? undefined : e.object,
        ),
      ),
    );
    if (this.pods === "verified") {
      for (const pod of store.list("Pod")) this.#setPod(undefined, pod);
      this.#unwatch.push(
        store.watch({ kind: "Pod" }, (e) =>
          this.#setPod(
            e.oldObject ?? (e.type === "DELETED" ? e.object : undefined),
            e.type === "DELETED" ? undefined : e.object,
          ),
        ),
      );
    }
  }

  /** Stops following the store. */
  dispose(): void {
    for (const stop of this.#unwatch.splice(0)) stop();
  }

  /** The SOA serial: the last change's Unix time in seconds (CoreDNS `Serial`: `APIConn.Modified()`). */
  get serial(): number {
    return Math.floor(this.#modifiedMs / 1000);
  }

  /** The zone's SOA record, as CoreDNS puts it in negative answers (`backend_lookup.go` `SOA`). */
  soa(): DNSRecord {
    const zone = this.#zoneFqdn;
    return {
      name: zone,
      type: "SOA",
      ttl: Math.min(this.ttlSeconds, 300),
      data: `ns.dns.${zone} hostmaster.${zone} ${this.serial} 7200 1800 86400 ${this.ttlSeconds}`,
    };
  }

  /** CoreDNS's reply to `question` (before `loadbalance`). */
  answer(question: DNSQuestion): DNSAnswer {
    const asked = fqdn(question.name);
    const lower = asked.toLowerCase();
    if (lower === this.#zoneFqdn || lower.endsWith(this.#zoneSuffix))
      return this.#kubernetes(asked, lower, question.type);
    if (question.type === "PTR" && isReverseName(lower)) {
      const ip = addressOfReverse(lower);
      const names = ip === undefined ? [] : this.#reverse(ip);
      if (names.length > 0)
        return this.#reply(
          "NOERROR",
          names.map((n) => ({ name: asked, type: "PTR" as const, ttl: this.ttlSeconds, data: n })),
          [],
        );
    }
    // `fallthrough in-addr.arpa ip6.arpa`, then `forward . /etc/resolv.conf`.
    const up = this.upstream.answer({ name: asked, type: question.type });
    return { rcode: up.rcode, authoritative: false, answers: up.answers, authority: [], additional: [] };
  }

  // --- The kubernetes plugin (`handler.go` `ServeDNS`).

  #kubernetes(asked: string, lower: string, type: DNSType): DNSAnswer {
    const base = lower === this.#zoneFqdn ? "" : lower.slice(0, -this.#zoneSuffix.length);
    if (type === "SOA" && base === "") return this.#reply("NOERROR", [this.soa()], []);
    if (type === "NS" && base === "") {
      const ips = this.#nsAddresses();
      if (ips.length === 0) return this.#nodata();
      const target = `ns.dns.${this.#zoneFqdn}`;
      return this.#reply(
        "NOERROR",
        [{ name: asked, type: "NS", ttl: this.ttlSeconds, data: target }],
        ips.map((ip) => this.#address(target, ip)),
      );
    }
    let found: Found;
    let answers: DNSRecord[] = [];
    const additional: DNSRecord[] = [];
    switch (type) {
      case "A":
      case "AAAA":
        found = this.#lookup(base, type);
        if (!found.error) answers = this.#addresses(asked, lower, type, found.matches, 0);
        break;
      case "TXT":
        found = this.#txt(base);
        if (!found.error)
          for (const m of found.matches)
            answers.push({ name: asked, type: "TXT", ttl: SCHEMA_TTL_SECONDS, data: `"${m.text}"` });
        break;
      case "CNAME": {
        found = this.#records(base);
        const first = found.error ? undefined : found.matches[0];
        if (first?.rr === "CNAME")
          answers.push({ name: asked, type: "CNAME", ttl: this.ttlSeconds, data: fqdn(first.host) });
        break;
      }
      case "SRV":
        found = this.#records(base);
        if (!found.error) this.#srv(asked, found.matches, answers, additional);
        break;
      default:
        // SOA/NS below the apex, PTR of a forward name, anything else: a fake A lookup tells NXDOMAIN from NODATA.
        found = this.#lookup(base, "A");
    }
    if (found.error) return this.#nxdomain();
    if (answers.length === 0) return this.#nodata();
    return this.#reply("NOERROR", dedup(answers), dedup(additional));
  }

  #reply(rcode: "NOERROR", answers: readonly DNSRecord[], additional: readonly DNSRecord[]): DNSAnswer {
    return { rcode, authoritative: true, answers, authority: [], additional };
  }

  #nxdomain(): DNSAnswer {
    return { rcode: "NXDOMAIN", authoritative: true, answers: [], authority: [this.soa()], additional: [] };
  }

  #nodata(): DNSAnswer {
    return { rcode: "NOERROR", authoritative: true, answers: [], authority: [this.soa()], additional: [] };
  }

  #address(name: string, ip: string): DNSRecord {
    return { name, type: isIPv4String(ip) ? "A" : "AAAA", ttl: this.ttlSeconds, data: ip };
  }

  /** `kubernetes.go` `Services`, the TXT case: `dns-version`, else NODATA for names that exist. */
  #txt(base: string): Found {
    if (base === "dns-version")
      return {
        error: false,
        matches: [{ host: "", rr: "TXT", port: 0, owner: "", text: this.schemaVersion }],
      };
    const r = this.#records(base);
    return !r.error && r.matches.length > 0 ? NODATA : NXDOMAIN;
  }

  /** `Services` for address questions: the special `ns.dns.<zone>` name, else `Records`. */
  #lookup(base: string, type: "A" | "AAAA"): Found {
    if (base === "ns.dns") {
      const matches = this.#nsAddresses()
        .filter((ip) => (type === "A" ? isIPv4String(ip) : isIPv6String(ip)))
        .map((ip) => ({ host: ip, rr: type, port: 0, owner: `ns.dns.${this.#zoneFqdn}` }));
      return { error: false, matches };
    }
    return this.#records(base);
  }

  /** The addresses CoreDNS names its nameserver by: the kube-dns Service's ClusterIPs (`ns.go` `nsAddrs`). */
  #nsAddresses(): readonly string[] {
    return this.#services.get(serviceKey("kube-dns", "kube-system"))?.clusterIPs ?? [];
  }

  /** `Records` (with `parseRequest`): what a name inside the zone stands for. */
  #records(base: string): Found {
    if (base === "" || base === "svc" || base === "pod") return NODATA;
    const segs = base.split(".");
    let last = segs.length - 1;
    const podOrSvc = segs[last] as string;
    if (podOrSvc !== "svc" && podOrSvc !== "pod") return NXDOMAIN;
    if (--last < 0) return NODATA;
    const namespace = segs[last] as string;
    const service = --last >= 0 ? (segs[last] as string) : "";
    let endpoint = "";
    let port = "";
    let protocol = "";
    last--;
    if (last === 0) endpoint = segs[0] as string;
    else if (last === 1) {
      protocol = stripUnderscore(segs[1] as string);
      port = stripUnderscore(segs[0] as string);
    } else if (last > 1) return NXDOMAIN;
    if (!this.#namespaces.has(namespace)) return NXDOMAIN;
    if (podOrSvc === "pod") return this.#findPod(service, namespace);
    return this.#findService(service, namespace, endpoint, port, protocol);
  }

  /** `findPods`. */
  #findPod(label: string, namespace: string): Found {
    if (this.pods === "disabled") return NXDOMAIN;
    if (label === "") return NODATA;
    const ip = ipOfDashed(label);
    if (!ip) return NXDOMAIN;
    const host = formatIP(ip);
    if (this.pods === "verified" && !this.#podsByIP.get(host)?.has(namespace)) return NXDOMAIN;
    const rr = ip.family === "IPv4" ? ("A" as const) : ("AAAA" as const);
    return {
      error: false,
      matches: [{ host, rr, port: 0, owner: `${label}.${namespace}.pod.${this.#zoneFqdn}` }],
    };
  }

  /** `findServices`. */
  #findService(service: string, namespace: string, endpoint: string, port: string, protocol: string): Found {
    if (service === "") return NODATA;
    const key = serviceKey(service, namespace);
    const svc = this.#services.get(key);
    if (!svc) return NXDOMAIN;
    const owner = `${svc.name}.${svc.namespace}.svc.${this.#zoneFqdn}`;
    const matches: Match[] = [];
    if (svc.externalName !== undefined) {
      if (endpoint !== "" || port !== "" || protocol !== "") return NXDOMAIN;
      if (parseIP(svc.externalName) !== undefined) return NXDOMAIN;
      return { error: false, matches: [{ host: svc.externalName, rr: "CNAME", port: 0, owner }] };
    }
    if (svc.headless || endpoint !== "") {
      const slices = this.#slicesByService.get(key);
      if (slices)
        for (const slice of slices.values())
          for (const addr of slice.addresses) {
            if (endpoint !== "" && !equalFold(endpoint, addr.hostname)) continue;
            const ports = slice.ports.length > 0 ? slice.ports : NO_PORTS;
            for (const p of ports)
              if (matchPortAndProtocol(port, protocol, p))
                matches.push({
                  host: addr.ip,
                  rr: addr.rr,
                  port: p.port,
                  owner: `${addr.hostname}.${owner}`,
                });
          }
      return matches.length > 0 ? { error: false, matches } : NXDOMAIN;
    }
    let matched = false;
    for (const p of svc.ports) {
      if (!matchPortAndProtocol(port, protocol, p)) continue;
      matched = true;
      for (let i = 0; i < svc.clusterIPs.length; i++)
        matches.push({
          host: svc.clusterIPs[i] as string,
          rr: svc.clusterIPTypes[i] as "A",
          port: p.port,
          owner,
        });
    }
    return matched ? { error: false, matches } : NXDOMAIN;
  }

  /** `backend_lookup.go` `A`/`AAAA`: addresses of the family, CNAMEs chased (in the zone, else upstream). */
  #addresses(
    asked: string,
    lower: string,
    type: "A" | "AAAA",
    matches: readonly Match[],
    depth: number,
  ): DNSRecord[] {
    const out: DNSRecord[] = [];
    // Most answers have one address: a Set only when there are several.
    const seen = matches.length > 1 ? new Set<string>() : undefined;
    for (const m of matches) {
      if (m.rr === "A" || m.rr === "AAAA") {
        if (m.rr === type && !seen?.has(m.host)) {
          seen?.add(m.host);
          out.push({ name: asked, type, ttl: this.ttlSeconds, data: m.host });
        }
        continue;
      }
      if (m.rr !== "CNAME") continue;
      const target = fqdn(m.host);
      const targetLower = target.toLowerCase();
      if (targetLower === lower || depth >= MAX_CNAME_CHAIN) continue;
      const cname: DNSRecord = { name: asked, type: "CNAME", ttl: this.ttlSeconds, data: target };
      if (targetLower === this.#zoneFqdn || targetLower.endsWith(this.#zoneSuffix)) {
        const next = this.#lookup(targetLower.slice(0, -this.#zoneSuffix.length), type);
        if (next.error) continue;
        const nested = this.#addresses(target, targetLower, type, next.matches, depth + 1);
        if (nested.length > 0) out.push(cname, ...nested);
        continue;
      }
      out.push(cname, ...this.upstream.answer({ name: target, type }).answers);
    }
    return out;
  }

  /** `backend_lookup.go` `SRV`: priority 0, weight `floor(100 / n)`, duplicates dropped, addresses as additional records. */
  #srv(asked: string, all: readonly Match[], answers: DNSRecord[], additional: DNSRecord[]): void {
    // SRV for ExternalName Services is not implemented in CoreDNS: their CNAME matches are removed.
    const matches = all.filter((m) => m.rr === "A" || m.rr === "AAAA");
    const weight = Math.max(1, Math.floor(100 / matches.length));
    const seen = new Set<string>();
    for (const m of matches) {
      if (m.port === -1) continue;
      const srvKey = `${m.owner} ${m.port}`;
      if (!seen.has(srvKey)) {
        seen.add(srvKey);
        answers.push({
          name: asked,
          type: "SRV",
          ttl: this.ttlSeconds,
          data: `0 ${weight} ${m.port} ${m.owner}`,
        });
      }
      const addrKey = `${m.owner} @${m.host}`;
      if (!seen.has(addrKey)) {
        seen.add(addrKey);
        additional.push({ name: m.owner, type: m.rr as "A", ttl: this.ttlSeconds, data: m.host });
      }
    }
  }

  /** `reverse.go` `serviceRecordForIP`: the Service with that ClusterIP, else every ready endpoint with that address. */
  #reverse(ip: string): string[] {
    const svcKey = this.#serviceByClusterIP.get(ip);
    const svc = svcKey === undefined ? undefined : this.#services.get(svcKey);
    if (svc) return [`${svc.name}.${svc.namespace}.svc.${this.#zoneFqdn}`];
    const out: string[] = [];
    for (const sliceKey of this.#slicesByAddress.get(ip) ?? []) {
      const slice = this.#slices.get(sliceKey);
      if (!slice) continue;
      for (const addr of slice.addresses)
        if (addr.ip === ip)
          out.push(`${addr.hostname}.${slice.service}.${slice.namespace}.svc.${this.#zoneFqdn}`);
    }
    return [...new Set(out)].sort();
  }

  // --- Keeping the indexes current.

  #touch(): void {
    this.#modifiedMs = this.#sim.nowMs;
  }

  #setService(before: KubeObject | undefined, after: KubeObject | undefined): void {
    const obj = after ?? before;
    if (!obj) return;
    const key = serviceKey(obj.metadata.name ?? "", obj.metadata.namespace ?? "");
    const old = this.#services.get(key);
    if (old)
      for (const ip of old.clusterIPs)
        if (this.#serviceByClusterIP.get(ip) === key) this.#serviceByClusterIP.delete(ip);
    if (!after) {
      this.#services.delete(key);
      this.#touch();
      return;
    }
    const entry = toServiceEntry(after);
    this.#services.set(key, entry);
    for (const ip of entry.clusterIPs) this.#serviceByClusterIP.set(ip, key);
    this.#touch();
  }

  #setSlice(before: KubeObject | undefined, after: KubeObject | undefined): void {
    const obj = after ?? before;
    if (!obj) return;
    const namespace = obj.metadata.namespace ?? "";
    const sliceKey = `${namespace}/${obj.metadata.name ?? ""}`;
    const old = this.#slices.get(sliceKey);
    // The old entry's addresses by IP: kept records are reused, and the address index changes
    // only for the IPs that came or went. An entry lives from one update of its slice to the
    // next, long enough to reach the collector's old generation, so rebuilding what did not
    // change would leave garbage only a full collection frees.
    const oldByIP = old ? new Map(old.addresses.map((a) => [a.ip, a])) : undefined;
    const entry = after ? toSliceEntry(after, sliceKey, oldByIP) : undefined;
    if (old) {
      const svcKey = serviceKey(old.service, old.namespace);
      const perService = this.#slicesByService.get(svcKey);
      // Deleted and set again below: a service's slices are listed in the order they last changed.
      perService?.delete(sliceKey);
      if (perService?.size === 0 && !(entry && serviceKey(entry.service, entry.namespace) === svcKey))
        this.#slicesByService.delete(svcKey);
    }
    if (entry) {
      this.#slices.set(sliceKey, entry);
      const svcKey = serviceKey(entry.service, entry.namespace);
      let perService = this.#slicesByService.get(svcKey);
      if (!perService) {
        perService = new Map();
        this.#slicesByService.set(svcKey, perService);
      }
      perService.set(sliceKey, entry);
    } else if (old) this.#slices.delete(sliceKey);
    const newIPs = entry && oldByIP ? new Set(entry.addresses.map((a) => a.ip)) : undefined;
    for (const a of old?.addresses ?? []) {
      if (newIPs?.has(a.ip)) continue;
      const set = this.#slicesByAddress.get(a.ip);
      set?.delete(sliceKey);
      if (set?.size === 0) this.#slicesByAddress.delete(a.ip);
    }
    for (const a of entry?.addresses ?? []) {
      if (oldByIP?.has(a.ip)) continue;
      let set = this.#slicesByAddress.get(a.ip);
      if (!set) {
        set = new Set();
        this.#slicesByAddress.set(a.ip, set);
      }
      set.add(sliceKey);
    }
    this.#touch();
  }

  #setPod(before: KubeObject | undefined, after: KubeObject | undefined): void {
    const ipsOf = (p: KubeObject | undefined) =>
      ((p?.status as { podIPs?: { ip: string }[] } | undefined)?.podIPs ?? []).map((x) => x.ip);
    const keyOf = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;
    if (before)
      for (const ip of ipsOf(before)) {
        const m = this.#podsByIP.get(ip);
        m?.delete(keyOf(before));
        if (m?.size === 0) this.#podsByIP.delete(ip);
      }
    if (after)
      for (const ip of ipsOf(after)) {
        let m = this.#podsByIP.get(ip);
        if (!m) {
          m = new Map();
          this.#podsByIP.set(ip, m);
        }
        m.set(keyOf(after), after.metadata.namespace ?? "");
      }
  }
}

/** Drops repeated records (CoreDNS `dnsutil.Dedup`), keeping the first. */
function dedup(records: DNSRecord[]): DNSRecord[] {
  if (records.length < 2) return records;
  const seen = new Set<string>();
  return records.filter((r) => {
    const k = `${r.name.toLowerCase()} ${r.type} ${r.data}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

interface ServiceShape {
  readonly spec?: {
    readonly type?: string;
    readonly clusterIP?: string;
    readonly clusterIPs?: readonly string[];
    readonly externalName?: string;
    readonly ports?: readonly { readonly name?: string; readonly port: number; readonly protocol?: string }[];
  };
}

function toServiceEntry(obj: KubeObject): ServiceEntry {
  const spec = (obj as ServiceShape).spec ?? {};
  const ips = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  const headless = spec.type !== "ExternalName" && (ips[0] === "None" || ips.length === 0);
  const clusterIPs =
    headless || spec.type === "ExternalName" ? [] : ips.filter((ip) => ip !== "None" && ip !== "");
  return {
    name: obj.metadata.name ?? "",
    namespace: obj.metadata.namespace ?? "",
    headless,
    externalName: spec.type === "ExternalName" ? (spec.externalName ?? "") : undefined,
    clusterIPs,
    clusterIPTypes: clusterIPs.map((ip) => (isIPv4String(ip) ? "A" : "AAAA")),
    ports: (spec.ports ?? []).map((p) => ({
      name: p.name ?? "",
      port: p.port,
      protocol: p.protocol ?? "TCP",
    })),
  };
}

interface SliceShape {
  readonly endpoints?: readonly {
    readonly addresses?: readonly string[];
    readonly hostname?: string;
    readonly conditions?: { readonly ready?: boolean };
  }[];
  readonly ports?: readonly { readonly name?: string; readonly port?: number; readonly protocol?: string }[];
}

/** The index entry of an EndpointSlice; records equal to one of `reuse` (by IP) are that one. */
function toSliceEntry(
  obj: KubeObject,
  key: string,
  reuse: ReadonlyMap<string, EndpointAddress> | undefined,
): SliceEntry | undefined {
  const service = obj.metadata.labels?.["kubernetes.io/service-name"];
  if (!service) return undefined;
  const slice = obj as unknown as SliceShape;
  const addresses: EndpointAddress[] = [];
  for (const ep of slice.endpoints ?? []) {
    // `conditions.ready` unset means ready (EndpointSlice API); the controller sets it true for
    // publishNotReadyAddresses Services.
    if (ep.conditions?.ready === false) continue;
    for (const ip of ep.addresses ?? []) {
      const hostname = ep.hostname ?? dashedIP(ip);
      const known = reuse?.get(ip);
      addresses.push(
        known && known.hostname === hostname ? known : { ip, rr: isIPv4String(ip) ? "A" : "AAAA", hostname },
      );
    }
  }
  const ports = (slice.ports ?? [])
    .filter((p) => p.port !== undefined)
    .map((p) => ({ name: p.name ?? "", port: p.port as number, protocol: p.protocol ?? "TCP" }));
  return { key, service, namespace: obj.metadata.namespace ?? "", addresses, ports };
}
