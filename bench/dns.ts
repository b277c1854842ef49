/**
 * Cluster DNS benchmark (`pnpm bench:dns`, also part of `pnpm bench`): issue 6 item 5, "a
 * lookup's cost does not grow with the number of Services".
 *
 * Builds clusters cheaply (`createCluster({ controlPlane: false })`, pods, Services and
 * EndpointSlices written straight into the store, one kube-proxy sync), with two CoreDNS pods
 * behind the `kube-dns` Service and cluster DNS installed, at 10 and at 10,000 Services in the
 * same run. Measures, each over every Service in turn (never one hot name):
 * - the records layer: `records.answer({ name: "<svc>.bench.svc.cluster.local.", type: "A" })`
 *   (informational: one hash lookup inside every query);
 * - a full resolve from a pod: `dns.resolve("<svc>.bench.svc.cluster.local", pod, { families:
 *   "A", trace: false })`: glibc's candidate order, one UDP query walked through kube-proxy to a
 *   CoreDNS pod and its answer (a fully qualified name with 4 dots still searches first under
 *   ndots:5, so this is 4 queries: 3 NXDOMAIN search candidates, then the answer).
 * Virtual time jumps a day between batches so conntrack's UDP entries expire (outside the timed
 * part). Each figure is the best chunk of its round (the machine may be shared); reports the best
 * of 3 rounds and every round; a report, not a gate (always exits 0,
 * prints "GOAL MISSED" plainly).
 */
import type { KubeObject } from "@kubesim/core";
import { type ClusterDNS, installClusterDNS } from "@kubesim/dns";
import { type Cluster, createCluster } from "@kubesim/kubesim";
import { gc, nowMs, runningPod } from "./_shared.js";

const SMALL = 10;
const LARGE = 10_000;
const RECORD_LOOKUPS = 200_000;
const RESOLVES = 20_000;
const BATCH = 2_500;
const ROUNDS = Number(process.env.KUBESIM_BENCH_ROUNDS ?? 3);
const DAY_MS = 86_400_000;
const GOAL_RATIO = 1.5;

interface Bench {
  readonly cluster: Cluster;
  readonly dns: ClusterDNS;
  readonly client: { readonly kind: "pod"; readonly namespace: string; readonly name: string };
  readonly names: readonly string[];
}

function build(services: number): Bench {
  const cluster = createCluster({ seed: 1, nodes: 2, controlPlane: false });
  const { sim } = cluster;
  const dns = installClusterDNS({ sim, dataplane: cluster.dataplane });
  sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "bench" } });
  sim.advance(0);
  const nodes = ["kubesim-worker", "kubesim-worker2"];
  const cidr = (node: string) =>
    ((sim.store.get("Node", "", node)?.spec ?? {}) as { podCIDR: string }).podCIDR
      .split(".")
      .slice(0, 3)
      .join(".");
  const coredns: { name: string; ip: string; node: string }[] = [];
  sim.store.transaction((tx) => {
    nodes.forEach((node, i) => {
      const name = `coredns-${i}`;
      const ip = `${cidr(node)}.2`;
      const p = runningPod({
        name,
        namespace: "kube-system",
        node,
        ip,
        image: "registry.k8s.io/coredns/coredns:v1.12.0",
        labels: { "k8s-app": "kube-dns" },
      });
      tx.updateStatus({ ...tx.create(p), status: p.status });
      coredns.push({ name, ip, node });
    });
    const c = runningPod({
      name: "client",
      namespace: "bench",
      node: nodes[0] as string,
      ip: `${cidr(nodes[0] as string)}.3`,
      image: "busybox:1.36",
      labels: { app: "client" },
    });
    tx.updateStatus({ ...tx.create(c), status: c.status });
    tx.create({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name: "kube-dns-abcde",
        namespace: "kube-system",
        labels: { "kubernetes.io/service-name": "kube-dns" },
      },
      addressType: "IPv4",
      endpoints: coredns.map((d) => ({
        addresses: [d.ip],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: d.node,
        targetRef: { kind: "Pod", namespace: "kube-system", name: d.name },
      })),
      ports: [
        { name: "dns", port: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 53, protocol: "TCP" },
        { name: "metrics", port: 9153, protocol: "TCP" },
      ],
    } as KubeObject);
  });
  for (let start = 0; start < services; start += 2_000)
    sim.store.transaction((tx) => {
      for (let s = start; s < Math.min(services, start + 2_000); s++)
        tx.create({
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: `svc-${s}`, namespace: "bench" },
          spec: { ports: [{ port: 80, protocol: "TCP" }] },
        });
    });
  sim.advance(2000);
  const names = Array.from({ length: services }, (_, s) => `svc-${s}.bench.svc.cluster.local`);
  return { cluster, dns, client: { kind: "pod", namespace: "bench", name: "client" }, names };
}

function timeRecords(b: Bench): number {
  // As many distinct question objects in both clusters (10 names repeated, or 10,000 names), so
  // the two differ only in the number of Services, not in the client side's memory footprint.
  const questions = Array.from({ length: LARGE }, (_, i) => ({
    name: `${b.names[i % b.names.length]}.`,
    type: "A" as const,
  }));
  // The best of 10 chunks: a shared machine's pauses hit some chunks, not the lookup's cost.
  const chunk = RECORD_LOOKUPS / 10;
  let best = Number.POSITIVE_INFINITY;
  let answered = 0;
  for (let c = 0; c < 10; c++) {
    gc();
    const start = nowMs();
    for (let i = c * chunk; i < (c + 1) * chunk; i++)
      answered += b.dns.records.answer(questions[i % questions.length]!).answers.length;
    best = Math.min(best, ((nowMs() - start) * 1000) / chunk);
  }
  if (answered !== RECORD_LOOKUPS)
    throw new Error(`records: ${answered} answers for ${RECORD_LOOKUPS} lookups`);
  return best;
}

function timeResolves(b: Bench): number {
  // The best batch, as for the records.
  let best = Number.POSITIVE_INFINITY;
  let ok = 0;
  for (let done = 0; done < RESOLVES; done += BATCH) {
    b.cluster.sim.advance(DAY_MS);
    gc();
    const start = nowMs();
    for (let i = done; i < done + BATCH; i++)
      if (b.dns.resolve(b.names[i % b.names.length]!, b.client, { families: "A", trace: false }).ok) ok++;
    best = Math.min(best, ((nowMs() - start) * 1000) / BATCH);
  }
  if (ok !== RESOLVES) throw new Error(`resolve: ${ok} of ${RESOLVES} resolved`);
  return best;
}

const small = build(SMALL);
const large = build(LARGE);
const rounds: { records: [number, number]; resolve: [number, number] }[] = [];
for (let r = 0; r < ROUNDS; r++)
  rounds.push({
    records: [timeRecords(small), timeRecords(large)],
    resolve: [timeResolves(small), timeResolves(large)],
  });
const fmt = (us: number) => `${us.toFixed(2)} µs`;
for (const [i, r] of rounds.entries())
  console.log(
    `round ${i + 1}: records ${fmt(r.records[0])} @${SMALL} / ${fmt(r.records[1])} @${LARGE} (ratio ${(r.records[1] / r.records[0]).toFixed(2)}); ` +
      `resolve ${fmt(r.resolve[0])} @${SMALL} / ${fmt(r.resolve[1])} @${LARGE} (ratio ${(r.resolve[1] / r.resolve[0]).toFixed(2)})`,
  );
for (const what of ["records", "resolve"] as const) {
  const bestSmall = Math.min(...rounds.map((r) => r[what][0]));
  const bestLarge = Math.min(...rounds.map((r) => r[what][1]));
  const ratio = bestLarge / bestSmall;
  // The goal is on the lookup a process makes (resolve); the records layer is one hash lookup of
  // well under a microsecond inside it, whose ratio shows the cache effects of larger maps.
  const verdict =
    what === "records"
      ? "(informational: the records layer alone)"
      : `(goal <= ${GOAL_RATIO})${ratio > GOAL_RATIO ? "  GOAL MISSED" : ""}`;
  console.log(
    `${what}: best ${fmt(bestSmall)} per lookup at ${SMALL} Services, ${fmt(bestLarge)} at ${LARGE}: ratio ${ratio.toFixed(2)} ${verdict}`,
  );
}
