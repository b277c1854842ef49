/**
 * CoreDNS in a pod, as kubeadm deploys it: DNS on 53/UDP and 53/TCP answered from
 * {@link ClusterDNSRecords} (authoritative for the cluster zone, recursive for the rest), its
 * `loadbalance` plugin shuffling address records, `prometheus :9153` (`/metrics`),
 * `health { lameduck 5s }` on 8080 (`/health` answers `OK`) and `ready` on 8181 (`/ready`
 * answers `OK`). Chosen for every container whose image's base name is `coredns`
 * (`registry.k8s.io/coredns/coredns:v1.12.0`).
 *
 * @module
 */
import { imageBaseName, type RandomStream } from "@kubesim/core";
import type { AppResponse, DNSRecord, Workload, WorkloadMatcher } from "@kubesim/dataplane";
import type { ClusterDNSRecords } from "./ClusterDNSRecords.js";

/** How the CoreDNS workload answers. */
export interface CoreDNSWorkloadOptions {
  /**
   * The seeded stream `loadbalance` shuffles with (the simulation's `coredns` stream, read at
   * each answer); without it, answers keep their order.
   */
  readonly random?: () => RandomStream;
}

const LISTENS = Object.freeze([
  { port: 53, protocol: "UDP" as const },
  { port: 53, protocol: "TCP" as const },
  { port: 9153, protocol: "TCP" as const },
  { port: 8080, protocol: "TCP" as const },
  { port: 8181, protocol: "TCP" as const },
]);

function plain(status: number, body: string): AppResponse {
  return {
    kind: "http",
    status,
    reason: status === 200 ? "OK" : "Not Found",
    headers: [
      ["Content-Type", "text/plain; charset=utf-8"],
      ["Content-Length", String(body.length)],
    ],
    body,
  };
}

/** Go's `http.NotFound` body, what CoreDNS's HTTP listeners answer for other paths. */
const NOT_FOUND = "404 page not found\n";

/**
 * `loadbalance` (`plugin/loadbalance/loadbalance.go` `roundRobin`): CNAMEs first, then other
 * records, then the address records shuffled (MX records, shuffled last by CoreDNS, do not occur).
 */
export function loadbalance(records: readonly DNSRecord[], random: RandomStream | undefined): DNSRecord[] {
  if (!random || records.length < 2) return [...records];
  const cname: DNSRecord[] = [];
  const address: DNSRecord[] = [];
  const rest: DNSRecord[] = [];
  for (const r of records) {
    if (r.type === "CNAME") cname.push(r);
    else if (r.type === "A" || r.type === "AAAA") address.push(r);
    else rest.push(r);
  }
  for (let j = 0; j < address.length - 1; j++) {
    const p = random.int(j, address.length - 1);
    const t = address[j] as DNSRecord;
    address[j] = address[p] as DNSRecord;
    address[p] = t;
  }
  return [...cname, ...rest, ...address];
}

/** The `version` label of `coredns_build_info`, from the image tag (`v1.12.0` → `1.12.0`). */
function versionOf(image: string): string {
  const tag = /:([^:/@]+)(@|$)/.exec(image)?.[1] ?? "";
  return tag.replace(/^v/, "");
}

/** The CoreDNS workload over `records`. */
export function coreDNSWorkload(records: ClusterDNSRecords, options: CoreDNSWorkloadOptions = {}): Workload {
  return {
    listens: () => LISTENS,
    handle: (ctx, req) => {
      const app = req.request;
      if (req.local.port === 53) {
        // Anything but a DNS message is a malformed query: CoreDNS drops it without a reply.
        if (app.kind !== "dns") return { kind: "none" };
        const reply = records.answer(app.question);
        return {
          kind: "dns",
          id: app.id,
          question: app.question,
          rcode: reply.rcode,
          authoritative: reply.authoritative,
          answers: loadbalance(reply.answers, options.random?.()),
          authority: reply.authority,
          additional: loadbalance(reply.additional, options.random?.()),
        };
      }
      if (app.kind !== "http") return { kind: "none" };
      const path = app.path.split("?")[0] ?? "";
      if (req.local.port === 8080) return path === "/health" ? plain(200, "OK") : plain(404, NOT_FOUND);
      if (req.local.port === 8181) return path === "/ready" ? plain(200, "OK") : plain(404, NOT_FOUND);
      if (path !== "/metrics") return plain(404, NOT_FOUND);
      return plain(
        200,
        "# HELP coredns_build_info A metric with a constant '1' value labeled by version, revision, and goversion from which CoreDNS was built.\n" +
          "# TYPE coredns_build_info gauge\n" +
          `coredns_build_info{goversion="go1.23.3",revision="",version="${versionOf(ctx.container.image)}"} 1\n`,
      );
    },
  };
}

/** A matcher running {@link coreDNSWorkload} in every container whose image's base name is `coredns`. */
export function matchCoreDNS(
  records: ClusterDNSRecords,
  options: CoreDNSWorkloadOptions = {},
): WorkloadMatcher {
  const workload = coreDNSWorkload(records, options);
  return (ctx) => (imageBaseName(ctx.container.image) === "coredns" ? workload : undefined);
}
