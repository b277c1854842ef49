/**
 * Dataplane benchmark (`pnpm bench:dataplane`, also part of `pnpm bench`): issue 5 item 7.
 *
 * Builds clusters cheaply (`createCluster({ controlPlane: false })`, then Pods, Services and
 * EndpointSlices written straight into the store in a few transactions, and one kube-proxy
 * sync), then sends new-flow ClusterIP packets through the public API,
 * `cluster.dataplane.send({ from, to, port, protocol, request, trace })`:
 * - many client pods on every node, each packet to another Service (spread over all of them,
 *   never one hot Service), each from a fresh ephemeral port, so every packet is a new flow:
 *   conntrack misses, kube-proxy's rules pick an endpoint, conntrack records the flow;
 * - TCP connects (`{ kind: "none" }`, `nc -z`) and, apart, HTTP GETs answered by agnhost;
 * - per proxy mode (iptables, ipvs, nftables), at 10 Services and at 10,000 Services, in the
 *   same run, so the per-packet cost ratio compares like with like on the same machine load;
 * - with full traces (`trace: true`) at 10,000 Services.
 *
 * Conntrack is bounded as on a real node (`nf_conntrack_max`): new flows accumulate, and a
 * full table drops new flows. To measure the steady state rather than a full table, virtual
 * time advances past the established timeout (24 h) between batches (outside the timed part);
 * expired entries are then reclaimed a few per insert, inside the timed part, as they are in
 * the simulator's normal use.
 *
 * A last section measures kube-proxy's sync after one Service's EndpointSlice changes, at 10 and
 * at 10,000 Services in the same run: per-change work must not grow with the cluster (goal: a
 * cost ratio of at most 1.5).
 *
 * Reports the best of 3 rounds (the machine may be shared), and every round. This is a report,
 * not a gate: it always exits 0 and prints "GOAL MISSED" lines plainly.
 */
import { type Cluster, createCluster } from "@kubesim/kubesim";
import { gc, nowMs, runningPod } from "./_shared.js";

// The dataplane's types through the cluster (the repository root depends on @kubesim/kubesim only).
type SendOptions = Parameters<Cluster["dataplane"]["send"]>[0];
type AppRequest = NonNullable<SendOptions["request"]>;
type Origin = SendOptions["from"];

type Mode = "iptables" | "ipvs" | "nftables";

const NODES = 10;
const BACKENDS_PER_NODE = 100;
const CLIENTS_PER_NODE = 10;
const ENDPOINTS_PER_SERVICE = 3;
const SMALL = 10;
const LARGE = 10_000;
/** Packets per batch; virtual time jumps a day between batches so conntrack stays in steady state. */
const BATCH = Number(process.env.KUBESIM_BENCH_BATCH ?? 50_000);
const BATCHES = 4;
const TRACED_PACKETS = 50_000;
/** `KUBESIM_BENCH_ROUNDS` and `KUBESIM_BENCH_MODES` (comma-separated) narrow a run, for profiling. */
const ROUNDS = Number(process.env.KUBESIM_BENCH_ROUNDS ?? 3);
const MODES = (process.env.KUBESIM_BENCH_MODES ?? "iptables,ipvs,nftables").split(",") as Mode[];
const DAY_MS = 86_400_000;
/** `KUBESIM_BENCH_PARTS` (comma-separated: `packets`, `sync`) narrows a run to some sections. */
const PARTS = (process.env.KUBESIM_BENCH_PARTS ?? "packets,sync").split(",");

const GOAL_UNTRACED_PPS = 500_000;
const GOAL_TRACED_PPS = 100_000;
const GOAL_RATIO = 1.5;

interface Bench {
  readonly cluster: Cluster;
  readonly clients: readonly Origin[];
  readonly targets: readonly string[];
}

/** A cluster with `services` ClusterIP Services over the same backend pods, in `mode`. */
export function build(mode: Mode, services: number): Bench {
  const cluster = createCluster({
    seed: 1,
    nodes: NODES,
    controlPlane: false,
    config: { networking: { kubeProxyMode: mode } },
  });
  const { sim } = cluster;
  const workers = Array.from({ length: NODES }, (_, i) => `kubesim-worker${i === 0 ? "" : i + 1}`);
  const nodeNames = new Set(sim.store.list("Node").map((n) => n.metadata.name));
  for (const w of workers) if (!nodeNames.has(w)) throw new Error(`no node ${w}`);
  // The pod CIDR of each worker, as bootstrap allocated it.
  const cidrOf = new Map(
    sim.store.list("Node").map((n) => [n.metadata.name, (n.spec as { podCIDR: string }).podCIDR]),
  );
  const base = (node: string) => (cidrOf.get(node) as string).split(".").slice(0, 3).join(".");
  sim.store.transaction((tx) => {
    tx.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "bench" } });
  });
  sim.advance(0); // the service account controller creates `default`, which admission requires of pods
  const backends: { name: string; ip: string; node: string }[] = [];
  const clients: Origin[] = [];
  sim.store.transaction((tx) => {
    for (const node of workers) {
      for (let h = 0; h < BACKENDS_PER_NODE; h++) {
        const name = `backend-${node}-${h}`;
        const ip = `${base(node)}.${h + 2}`;
        const p = runningPod({
          name,
          namespace: "bench",
          node,
          ip,
          image: "registry.k8s.io/e2e-test-images/agnhost:2.53",
          labels: { app: name },
          args: ["netexec", "--http-port=8080"],
          port: 8080,
        });
        const created = tx.create(p);
        tx.updateStatus({ ...created, status: p.status });
        backends.push({ name, ip, node });
      }
      for (let h = 0; h < CLIENTS_PER_NODE; h++) {
        const name = `client-${node}-${h}`;
        const ip = `${base(node)}.${h + 2 + BACKENDS_PER_NODE}`;
        const p = runningPod({
          name,
          namespace: "bench",
          node,
          ip,
          image: "busybox:1.36",
          labels: { app: name },
          args: ["sleep", "infinity"],
        });
        const created = tx.create(p);
        tx.updateStatus({ ...created, status: p.status });
        clients.push({ kind: "pod", namespace: "bench", name });
      }
    }
  });
  const perTx = 2_000;
  for (let start = 0; start < services; start += perTx) {
    sim.store.transaction((tx) => {
      for (let s = start; s < Math.min(services, start + perTx); s++) {
        const name = `svc-${s}`;
        tx.create({
          apiVersion: "v1",
          kind: "Service",
          metadata: { name, namespace: "bench" },
          spec: { ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }] },
        });
        const endpoints = [];
        for (let k = 0; k < ENDPOINTS_PER_SERVICE; k++) {
          const b = backends[(s * 7 + k * 331) % backends.length]!;
          endpoints.push({
            addresses: [b.ip],
            conditions: { ready: true, serving: true, terminating: false },
            nodeName: b.node,
            targetRef: { kind: "Pod", namespace: "bench", name: b.name },
          });
        }
        tx.create({
          apiVersion: "discovery.k8s.io/v1",
          kind: "EndpointSlice",
          metadata: {
            name: `${name}-abcde`,
            namespace: "bench",
            labels: { "kubernetes.io/service-name": name },
          },
          addressType: "IPv4",
          endpoints,
          ports: [{ name: "", port: 8080, protocol: "TCP" }],
        });
      }
    });
  }
  sim.advance(2000);
  const targets: string[] = [];
  for (let s = 0; s < services; s++) {
    const svc = sim.store.get("Service", "bench", `svc-${s}`);
    const ip = (svc?.spec as { clusterIP?: string } | undefined)?.clusterIP;
    if (!ip) throw new Error(`svc-${s} has no ClusterIP`);
    targets.push(ip);
  }
  return { cluster, clients, targets };
}

const CONNECT: AppRequest = { kind: "none" };
const HTTP_GET: AppRequest = {
  kind: "http",
  method: "GET",
  path: "/hostname",
  headers: [
    ["Host", "svc"],
    ["User-Agent", "Wget"],
  ],
  body: "",
};

/** Nanoseconds per packet: wall time, and CPU time of the process (user + system, all threads). */
export interface Cost {
  readonly wall: number;
  readonly cpu: number;
}

/** Sends `count` new-flow packets, spread over clients and Services; returns the cost per packet. */
export function sendMany(b: Bench, count: number, request: AppRequest, trace: boolean, offset: number): Cost {
  const { cluster, clients, targets } = b;
  const dp = cluster.dataplane;
  const nClients = clients.length;
  const nTargets = targets.length;
  let delivered = 0;
  let elapsed = 0;
  let cpuUs = 0;
  for (let done = 0; done < count; ) {
    const n = Math.min(trace ? count : BATCH, count - done);
    cluster.sim.advance(DAY_MS + 60_000);
    const cpu0 = process.cpuUsage();
    const t0 = nowMs();
    for (let i = 0; i < n; i++) {
      const k = offset + done + i;
      // A stride coprime to the counts walks every client/Service pair, in no local order.
      const trace1 = dp.send({
        from: clients[(k * 13) % nClients]!,
        to: targets[(k * 7919) % nTargets]!,
        port: 80,
        protocol: "TCP",
        request,
        trace,
      });
      if (trace1.verdict === "delivered") delivered++;
    }
    elapsed += nowMs() - t0;
    const cpu = process.cpuUsage(cpu0);
    cpuUs += cpu.user + cpu.system;
    done += n;
  }
  if (delivered !== count) throw new Error(`only ${delivered} of ${count} packets were delivered`);
  return { wall: (elapsed * 1e6) / count, cpu: (cpuUs * 1e3) / count };
}

interface ModeResult {
  readonly mode: Mode;
  /** Cost per packet per round: connects at 10 and at 10,000 Services, HTTP GETs, traced connects. */
  readonly small: Cost[];
  readonly large: Cost[];
  readonly largeHttp: Cost[];
  readonly traced: Cost[];
}

function rate(nsPerPacket: number): string {
  return `${Math.round(1e9 / nsPerPacket).toLocaleString("en-US")}/s`;
}

function best(xs: readonly Cost[], key: keyof Cost): number {
  return Math.min(...xs.map((x) => x[key]));
}

/** The mean cost of equally sized measurements. */
function mean(xs: readonly Cost[]): Cost {
  return {
    wall: xs.reduce((sum, x) => sum + x.wall, 0) / xs.length,
    cpu: xs.reduce((sum, x) => sum + x.cpu, 0) / xs.length,
  };
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function runMode(mode: Mode): ModeResult {
  gc();
  const small = build(mode, SMALL);
  const large = build(mode, LARGE);
  const total = BATCH * BATCHES;
  // Warm up (JIT, the per-port caches of every Service, traced rule text) before timing.
  sendMany(small, BATCH, CONNECT, false, 0);
  sendMany(large, BATCH, CONNECT, false, 0);
  sendMany(large, BATCH, HTTP_GET, false, 0);
  sendMany(large, LARGE, CONNECT, true, 0);
  const r: ModeResult = { mode, small: [], large: [], largeHttp: [], traced: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Small and large alternate batch by batch, so each ratio compares like machine load (on a
    // shared VM the speed drifts within a second; whole measurements one after the other let
    // that drift into the ratio).
    const offset = (round + 1) * total;
    const smallBatches: Cost[] = [];
    const largeBatches: Cost[] = [];
    for (let b = 0; b < BATCHES; b++) {
      smallBatches.push(sendMany(small, BATCH, CONNECT, false, offset + b * BATCH));
      largeBatches.push(sendMany(large, BATCH, CONNECT, false, offset + b * BATCH));
    }
    r.small.push(mean(smallBatches));
    r.large.push(mean(largeBatches));
    r.largeHttp.push(sendMany(large, total, HTTP_GET, false, offset + 17));
    r.traced.push(sendMany(large, TRACED_PACKETS, CONNECT, true, offset + 31));
  }
  return r;
}

function main(): void {
  console.log("kubesim dataplane benchmark (new-flow ClusterIP packets through dataplane.send)");
  console.log(
    `  ${NODES} nodes, ${NODES * BACKENDS_PER_NODE} agnhost backends, ${NODES * CLIENTS_PER_NODE} client pods, ${ENDPOINTS_PER_SERVICE} endpoints per Service; ${BATCH * BATCHES} packets per untraced measurement, ${TRACED_PACKETS} traced; best of ${ROUNDS} rounds`,
  );
  console.log(
    "  rate = packets per second of wall time; cpu = process CPU time per packet (the machine may be shared)",
  );
  const misses: string[] = [];
  for (const mode of PARTS.includes("packets") ? MODES : []) {
    const r = runMode(mode);
    const ratios = r.small.map((s, i) => (r.large[i] as Cost).wall / s.wall);
    const cpuRatios = r.small.map((s, i) => (r.large[i] as Cost).cpu / s.cpu);
    const ratio = median(ratios);
    console.log(`\n${mode}:`);
    const line = (label: string, xs: Cost[]) =>
      console.log(
        `  ${label.padEnd(34)} ${rate(best(xs, "wall")).padStart(11)}  ${(best(xs, "wall") / 1000).toFixed(2).padStart(6)} us wall  ${(best(xs, "cpu") / 1000).toFixed(2).padStart(6)} us cpu  (rounds: ${xs.map((x) => rate(x.wall)).join(", ")})`,
      );
    line(`${SMALL} Services, connect, no trace`, r.small);
    line(`${LARGE.toLocaleString("en-US")} Services, connect, no trace`, r.large);
    line(`${LARGE.toLocaleString("en-US")} Services, HTTP GET, no trace`, r.largeHttp);
    line(`${LARGE.toLocaleString("en-US")} Services, connect, full trace`, r.traced);
    console.log(
      `  cost ratio ${LARGE.toLocaleString("en-US")} / ${SMALL} Services (median of rounds): ${ratio.toFixed(2)}x wall, ${median(cpuRatios).toFixed(2)}x cpu  (rounds: ${ratios.map((x) => x.toFixed(2)).join(", ")})`,
    );
    if (1e9 / best(r.large, "wall") < GOAL_UNTRACED_PPS)
      misses.push(
        `${mode}: ${rate(best(r.large, "wall"))} untraced at ${LARGE} Services (goal ${GOAL_UNTRACED_PPS}/s)`,
      );
    if (1e9 / best(r.traced, "wall") < GOAL_TRACED_PPS)
      misses.push(`${mode}: ${rate(best(r.traced, "wall"))} traced (goal ${GOAL_TRACED_PPS}/s)`);
    if (mode !== "iptables" && ratio > GOAL_RATIO)
      misses.push(`${mode}: cost ratio ${ratio.toFixed(2)}x (goal <= ${GOAL_RATIO}x)`);
    if (mode === "iptables")
      console.log(
        "  (real iptables walks KUBE-SERVICES rule by rule, linear in the Services; the simulator finds the rule by hash, so its ratio is not linear)",
      );
  }
  if (PARTS.includes("sync")) {
    const miss = syncSection();
    if (miss) misses.push(miss);
  }
  console.log("");
  if (misses.length === 0) console.log("all dataplane goals met");
  for (const m of misses) console.log(`GOAL MISSED: ${m}`);
}

// --- kube-proxy sync: one Service's endpoints change --------------------------------------------

/** Syncs per measurement, each changing one Service (`KUBESIM_BENCH_SYNCS`). */
const SYNCS = Number(process.env.KUBESIM_BENCH_SYNCS ?? 2_000);
const SYNC_MODE: Mode = "iptables";

/**
 * Changes one Service's EndpointSlice (endpoint 0 flips between ready and not ready) through the
 * store and advances virtual time past kube-proxy's min sync period, `count` times, each time a
 * different Service; returns the wall and CPU time per sync (store write, watch delivery, the
 * sync and every timer due in that second: nothing is subtracted).
 */
export function syncMany(b: Bench, count: number, offset: number): Cost {
  const { sim } = b.cluster;
  const proxy = b.cluster.dataplane.proxy;
  const services = b.targets.length;
  const step = proxy.minSyncPeriodMs + 1;
  let elapsed = 0;
  let cpuUs = 0;
  for (let i = 0; i < count; i++) {
    const s = ((offset + i) * 7919) % services;
    const slice = sim.store.get("EndpointSlice", "bench", `svc-${s}-abcde`);
    if (!slice) throw new Error(`no EndpointSlice of svc-${s}`);
    const endpoints = (slice as unknown as { endpoints: { conditions: { ready: boolean } }[] }).endpoints;
    const [first, ...rest] = endpoints;
    if (!first) throw new Error(`svc-${s} has no endpoints`);
    const ready = !first.conditions.ready;
    const changed = {
      ...slice,
      endpoints: [{ ...first, conditions: { ...first.conditions, ready, serving: ready } }, ...rest],
    };
    const version = proxy.state().version;
    const cpu0 = process.cpuUsage();
    const t0 = nowMs();
    sim.store.update(changed);
    sim.advance(step);
    elapsed += nowMs() - t0;
    const cpu = process.cpuUsage(cpu0);
    cpuUs += cpu.user + cpu.system;
    const last = proxy.lastSync();
    if (proxy.state().version !== version + 1 || last?.servicesRecomputed !== 1 || last.portsChanged !== 1)
      throw new Error(`sync ${i} did not apply exactly one changed Service port`);
  }
  return { wall: (elapsed * 1e6) / count, cpu: (cpuUs * 1e3) / count };
}

/** The cost of one kube-proxy sync that changes one Service, at 10 and 10,000 Services; a miss line or undefined. */
function syncSection(): string | undefined {
  gc();
  const small = build(SYNC_MODE, SMALL);
  const large = build(SYNC_MODE, LARGE);
  // Warm up: JIT, and every Service's first change (later rounds change the same ones again).
  syncMany(small, SYNCS, 0);
  syncMany(large, SYNCS, 0);
  const smallCosts: Cost[] = [];
  const largeCosts: Cost[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Small and large alternate, so each ratio compares like machine load.
    smallCosts.push(syncMany(small, SYNCS, (round + 1) * SYNCS));
    largeCosts.push(syncMany(large, SYNCS, (round + 1) * SYNCS));
  }
  const ratios = smallCosts.map((s, i) => (largeCosts[i] as Cost).wall / s.wall);
  const cpuRatios = smallCosts.map((s, i) => (largeCosts[i] as Cost).cpu / s.cpu);
  const ratio = median(ratios);
  const us = (ns: number) => `${(ns / 1000).toFixed(1).padStart(7)} us`;
  const line = (label: string, xs: readonly Cost[]) =>
    console.log(
      `  ${label.padEnd(34)} ${us(best(xs, "wall"))} wall ${us(best(xs, "cpu"))} cpu  (rounds: ${xs.map((x) => (x.wall / 1000).toFixed(1)).join(", ")} us)`,
    );
  console.log(
    `\nkube-proxy sync (${SYNC_MODE}; one EndpointSlice updated in the store, then sim.advance past the ${small.cluster.dataplane.proxy.minSyncPeriodMs} ms min sync period; mean of ${SYNCS} syncs, each a different Service; best of ${ROUNDS} rounds):`,
  );
  line(`${SMALL} Services, one Service changed`, smallCosts);
  line(`${LARGE.toLocaleString("en-US")} Services, one Service changed`, largeCosts);
  console.log(
    `  cost ratio ${LARGE.toLocaleString("en-US")} / ${SMALL} Services (median of rounds): ${ratio.toFixed(2)}x wall, ${median(cpuRatios).toFixed(2)}x cpu  (rounds: ${ratios.map((x) => x.toFixed(2)).join(", ")})`,
  );
  return ratio > GOAL_RATIO
    ? `kube-proxy sync cost ratio ${ratio.toFixed(2)}x at ${LARGE} / ${SMALL} Services (goal <= ${GOAL_RATIO}x)`
    : undefined;
}

if (process.env.KUBESIM_BENCH_NO_MAIN !== "1") {
  main();
  process.exitCode = 0;
}
