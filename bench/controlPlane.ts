/**
 * Control-plane scale benchmark (`pnpm bench:control-plane`, also the second half of `pnpm bench`):
 * issue 4 item 7. Builds whole clusters with `createCluster` at increasing scale, always the same
 * shape (about 30 pods per node, one Deployment of 15 replicas plus one ClusterIP Service per 15
 * pods, 50 Deployments per namespace), creates the workloads through the API server pipeline,
 * settles the simulation and reports (the 1,500-pod baseline is the fastest of three runs):
 * - wall time to settle (workload creation included; cluster bootstrap reported apart);
 * - pods scheduled and started per second of wall time (goal >= 20,000 at 150,000 pods);
 * - per-pod cost, and its ratio at the largest size measured vs 1,500 pods (goal <= 1.5);
 * - heap used after settling (goal < 2 GiB at 150,000 pods).
 * The 150,000-pod size (5,000 nodes, 10,000 Services, Kubernetes' scalability limits) runs only
 * with KUBESIM_BENCH_FULL=1 (it takes minutes and just under 2 GiB of heap with the event log, about
 * 15% less without; the script allows 8 GiB); otherwise a "skipped: estimated N minutes" line says how long it would take.
 * This is a report, not a gate: it always exits 0 and prints "GOAL MISSED" lines plainly.
 */
import type { KubeObject } from "@kubesim/core";
import { type Cluster, createCluster } from "@kubesim/kubesim";
import { gc, nowMs } from "./_shared.js";

const PODS_PER_NODE = 30;
const REPLICAS = 15;
const DEPLOYMENTS_PER_NAMESPACE = 50;
const SIZES = [
  { pods: 1_500, nodes: 50 },
  { pods: 15_000, nodes: 500 },
] as const;
const BASELINE_PODS = 1_500;
const BASELINE_ROUNDS = 3;
const FULL = { pods: 150_000, nodes: 5_000 } as const;
/** The default /16 pod network holds 256 nodes' /24s; 5,000 nodes need a wider one (clear of 10.96.0.0/12). */
const POD_SUBNET = "10.128.0.0/9";
/** `KUBESIM_BENCH_EVENT_LOG=0` runs every size without the store's event log (about 15% of the heap). */
const EVENT_LOG = process.env.KUBESIM_BENCH_EVENT_LOG !== "0";

export interface Result {
  readonly pods: number;
  readonly nodes: number;
  readonly services: number;
  readonly bootstrapMs: number;
  readonly settleMs: number;
  /** CPU time (user + system) of the same span: wall time is inflated when the machine is shared. */
  readonly settleCpuMs: number;
  readonly settled: boolean;
  readonly running: number;
  readonly ready: number;
  readonly readyReplicas: number;
  readonly endpoints: number;
  readonly virtualSeconds: number;
  readonly heapMiB: number;
  /** Reconciles and object writes during the settle: the work, counted without a clock. */
  readonly reconciles: number;
  readonly writes: number;
}

function heapMiB(): number {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function deployment(namespace: string, name: string): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: "main",
              image: "registry.k8s.io/e2e-test-images/agnhost:2.53",
              args: ["netexec", "--http-port=8080"],
              ports: [{ containerPort: 8080 }],
              resources: { requests: { cpu: "10m", memory: "16Mi" } },
            },
          ],
        },
      },
    },
  };
}

function service(namespace: string, name: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

/**
 * Builds and settles one cluster of `pods` pods on `nodes` nodes (the benchmark's shape) and
 * measures it; `onCluster` sees the cluster before any workload is created (for profiling tools).
 */
export function run(pods: number, nodes: number, onCluster?: (cluster: Cluster) => void): Result {
  const deployments = Math.ceil(pods / REPLICAS);
  const namespaces = Math.ceil(deployments / DEPLOYMENTS_PER_NAMESPACE);
  gc();
  const heapBefore = heapMiB();
  const t0 = nowMs();
  const cluster = createCluster({
    seed: 1,
    nodes,
    eventLog: EVENT_LOG,
    config: { networking: { podSubnet: POD_SUBNET } },
  });
  onCluster?.(cluster);
  const t1 = nowMs();
  const cpu1 = process.cpuUsage();
  const { sim } = cluster;
  const virtualStart = sim.nowMs;
  let reconciles = 0;
  let writes = 0;
  sim.inspector.on("event", (e) => {
    if (e.type === "reconcile") reconciles++;
    else if (e.type === "commit") writes += e.changes.length;
  });
  // Namespaces first (their service account controllers run), then one transaction per namespace
  // holding its Deployments and Services, as `kubectl apply -f` of a directory would send them.
  sim.store.transaction((tx) => {
    for (let n = 0; n < namespaces; n++)
      tx.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: `bench-${n}` } });
  });
  for (let n = 0; n < namespaces; n++) {
    const namespace = `bench-${n}`;
    sim.store.transaction((tx) => {
      const end = Math.min(deployments, (n + 1) * DEPLOYMENTS_PER_NAMESPACE);
      for (let d = n * DEPLOYMENTS_PER_NAMESPACE; d < end; d++) {
        const name = `app-${d}`;
        tx.create(deployment(namespace, name));
        tx.create(service(namespace, name));
      }
    });
  }
  const settled = sim.settle();
  const t2 = nowMs();
  const cpu2 = process.cpuUsage(cpu1);
  const heap = heapMiB() - heapBefore;

  let running = 0;
  let ready = 0;
  for (const pod of sim.store.list("Pod")) {
    if (!pod.metadata.namespace?.startsWith("bench-")) continue; // not CoreDNS's
    const p = pod as {
      spec?: { nodeName?: string };
      status?: { phase?: string; conditions?: { type: string; status: string }[] };
    };
    if (!p.spec?.nodeName || p.status?.phase !== "Running") continue;
    running++;
    if (p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True")) ready++;
  }
  let readyReplicas = 0;
  for (const d of sim.store.list("Deployment"))
    if (d.metadata.namespace?.startsWith("bench-"))
      readyReplicas += (d as { status?: { readyReplicas?: number } }).status?.readyReplicas ?? 0;
  let endpoints = 0;
  for (const s of sim.store.list("EndpointSlice")) {
    if (!s.metadata.namespace?.startsWith("bench-")) continue; // not the `kubernetes` Service's
    endpoints += ((s as { endpoints?: unknown[] }).endpoints ?? []).length;
  }
  return {
    pods,
    nodes,
    services: deployments,
    bootstrapMs: t1 - t0,
    settleMs: t2 - t1,
    settleCpuMs: (cpu2.user + cpu2.system) / 1000,
    settled,
    running,
    ready,
    readyReplicas,
    endpoints,
    virtualSeconds: (sim.nowMs - virtualStart) / 1000,
    heapMiB: heap,
    reconciles,
    writes,
  };
}

const misses: string[] = [];

function verdict(ok: boolean, what: string): string {
  if (!ok) misses.push(what);
  return ok ? "PASS" : "MISS";
}

function report(r: Result): void {
  const perPodUs = (r.settleMs * 1000) / r.pods;
  const podsPerSec = r.running / (r.settleMs / 1000);
  console.log(
    `\n${r.pods.toLocaleString("en-US")} pods on ${r.nodes.toLocaleString("en-US")} nodes, ${r.services.toLocaleString("en-US")} Deployments + Services`,
  );
  console.log(`  cluster bootstrap (nodes):     ${(r.bootstrapMs / 1000).toFixed(2)} s wall`);
  console.log(
    `  create workloads + settle:     ${(r.settleMs / 1000).toFixed(2)} s wall, ${r.virtualSeconds.toFixed(1)} s virtual, settled: ${r.settled}`,
  );
  console.log(
    `  pods Running on a node:        ${r.running} of ${r.pods} (Ready ${r.ready}, Deployment readyReplicas ${r.readyReplicas}, EndpointSlice endpoints ${r.endpoints})`,
  );
  console.log(
    `  per-pod cost:                  ${perPodUs.toFixed(1)} us wall (${((r.settleCpuMs * 1000) / r.pods).toFixed(1)} us CPU; CPU/wall ${(r.settleCpuMs / r.settleMs).toFixed(2)})`,
  );
  console.log(
    `  work per pod:                  ${(r.reconciles / r.pods).toFixed(1)} reconciles, ${(r.writes / r.pods).toFixed(1)} object writes`,
  );
  const rateOk = podsPerSec >= 20_000;
  console.log(
    `  pods scheduled+started / s:    ${Math.round(podsPerSec).toLocaleString("en-US")} (target >= 20,000 at 150,000 pods) ${verdict(rateOk, `${r.pods} pods: ${Math.round(podsPerSec)} pods/s < 20,000`)}`,
  );
  const heapOk = r.heapMiB < 2048;
  console.log(
    `  heap used after settle:        ${r.heapMiB.toFixed(0)} MiB (target < 2048 MiB at 150,000 pods) ${verdict(heapOk, `${r.pods} pods: heap ${r.heapMiB.toFixed(0)} MiB`)}`,
  );
  const complete = r.settled && r.running === r.pods && r.endpoints === r.pods;
  if (!complete) {
    misses.push(`${r.pods} pods: cluster incomplete after settle`);
    console.log("  GOAL MISSED: not every pod is Running and listed in an EndpointSlice");
  }
}

function main(): void {
  console.log("kubesim control-plane benchmark (createCluster + Deployments + Services, settled)");
  console.log(
    `shape: ${PODS_PER_NODE} pods/node, ${REPLICAS} replicas/Deployment, one Service per Deployment; event log ${EVENT_LOG ? "on" : "off"}`,
  );
  // Warm-up: the first cluster pays for module loading and JIT compilation, which would inflate
  // the 1,500-pod baseline and flatter the ratio.
  run(SIZES[0].pods, SIZES[0].nodes);
  const results: Result[] = [];
  for (const { pods, nodes } of SIZES) {
    // The 1,500-pod run lasts seconds, so other load on the machine swings it by 2x: take the
    // fastest of three. That lowers the baseline, so the ratio errs against the goal, not for it.
    let r = run(pods, nodes);
    for (let i = 1; i < (pods === BASELINE_PODS ? BASELINE_ROUNDS : 1); i++) {
      const again = run(pods, nodes);
      if (again.settleMs < r.settleMs) r = again;
    }
    results.push(r);
    report(r);
  }
  const base = results[0]!;
  const mid = results[1]!;
  const perPod = (r: Result) => r.settleMs / r.pods;
  // Extrapolate from the growth of per-pod cost between 1.5k and 15k: one more 10x step at the
  // same growth factor (at least linear per-pod cost, i.e. no better than the 15k run).
  const growth = Math.max(1, perPod(mid) / perPod(base));
  const estimateMin =
    (perPod(mid) * growth * FULL.pods + mid.bootstrapMs * (FULL.nodes / mid.nodes)) / 60_000;
  if (process.env.KUBESIM_BENCH_FULL === "1") {
    console.log(
      `\n150,000 pods on 5,000 nodes: estimated ${estimateMin.toFixed(1)} minutes (per-pod cost grew ${growth.toFixed(2)}x from 1.5k to 15k)`,
    );
    const r = run(FULL.pods, FULL.nodes);
    results.push(r);
    report(r);
  } else {
    console.log(
      `\n150,000 pods on 5,000 nodes: skipped (set KUBESIM_BENCH_FULL=1): estimated ${estimateMin.toFixed(1)} minutes, per-pod cost grew ${growth.toFixed(2)}x from 1.5k to 15k`,
    );
    misses.push(`150,000 pods not measured (estimated ${estimateMin.toFixed(1)} minutes)`);
  }
  const largest = results[results.length - 1]!;
  const ratio = perPod(largest) / perPod(base);
  console.log(
    `\nper-pod cost ratio ${largest.pods.toLocaleString("en-US")} / 1,500 pods: ${ratio.toFixed(2)} (target <= 1.5 at 150,000) ${verdict(ratio <= 1.5, `per-pod cost ratio ${ratio.toFixed(2)} > 1.5`)}`,
  );
  const cpuRatio = largest.settleCpuMs / largest.pods / (base.settleCpuMs / base.pods);
  console.log(
    `same ratio in CPU time: ${cpuRatio.toFixed(2)} (less sensitive to other load on the machine; wall time is the goal)`,
  );
  console.log("");
  if (misses.length === 0) console.log("all control-plane goals met");
  for (const m of misses) console.log(`GOAL MISSED: ${m}`);
}

// `KUBESIM_BENCH_NO_MAIN=1`: imported by another script (bench/promotedGarbage.ts) for `run`.
if (process.env.KUBESIM_BENCH_NO_MAIN !== "1") {
  main();
  process.exitCode = 0;
}
