/**
 * Where the control plane's old-generation garbage is allocated (`pnpm bench:promoted-garbage`):
 * a diagnostic for the per-pod cost ratio of issue 4 item 7, not a benchmark with goals.
 *
 * Objects that outlive two scavenges are promoted to V8's old generation; those that die there
 * (a pod's replaced version, a controller's per-Service state rebuilt on each sync) grow the old
 * generation until the next major collection, which marks the whole heap: at 150,000 pods, the
 * part of the per-pod cost that a small cluster does not pay. `--trace-gc-nvp` counts the bytes
 * promoted, not where they came from. This script settles one cluster of the control-plane
 * benchmark's shape (`KUBESIM_PODS`, 15,000 by default) under V8's sampling heap profiler (one
 * sample per 32 KiB allocated) and takes the profile every `KUBESIM_EVERY` commits (20,000):
 * a sample still alive {@link OLD_AFTER} samples after it was taken had been promoted, and if it
 * is gone from the profile taken at the end (after a forced collection), it was old-generation
 * garbage. It prints those bytes by allocating stack (`KUBESIM_DEPTH` frames, 3 by default).
 *
 * A lower bound: an object promoted and dead between two profiles is never seen. (The
 * profiler's `includeObjectsCollectedByMajorGC` flag does not answer this question: a major
 * collection also frees the young generation, so most of what it keeps is short-lived.)
 */
import { Session } from "node:inspector";
import type { Cluster } from "@kubesim/kubesim";

process.env.KUBESIM_BENCH_NO_MAIN = "1";
const { run } = await import("./controlPlane.js");

const PODS = Number(process.env.KUBESIM_PODS ?? 15_000);
const EVERY = Number(process.env.KUBESIM_EVERY ?? 20_000);
const DEPTH = Number(process.env.KUBESIM_DEPTH ?? 3);
const SAMPLING_INTERVAL = 32_768;
/** Samples allocated after one for it to count as promoted: about 190 MiB, three 64 MiB semi-spaces. */
const OLD_AFTER = 6_000;

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children: readonly ProfileNode[];
}
interface SamplingProfile {
  readonly head: ProfileNode;
  readonly samples: readonly { readonly nodeId: number; readonly ordinal: number }[];
}

const session = new Session();
session.connect();
/** `Session.post` on the main thread's own session answers before it returns. */
function post<T>(method: string, params: object = {}): T {
  let result: T | undefined;
  let error: Error | null = null;
  session.post(method, params, (e, r) => {
    error = e;
    result = r as T;
  });
  if (error) throw error;
  if (result === undefined) throw new Error(`${method}: no synchronous answer`);
  return result;
}

/** Each profile node's stack, innermost first, `DEPTH` frames. */
const stacks = new Map<number, string>();
function indexStacks(node: ProfileNode, parents: readonly string[]): void {
  const { functionName, url } = node.callFrame;
  const frame = `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}`;
  const frames = [frame, ...parents].slice(0, DEPTH);
  stacks.set(node.id, frames.join(" < "));
  for (const child of node.children) indexStacks(child, frames);
}

/** Samples seen promoted: ordinal -> profile node. */
const promoted = new Map<number, number>();
function takeProfile(): SamplingProfile {
  const { profile } = post<{ profile: SamplingProfile }>("HeapProfiler.getSamplingProfile");
  indexStacks(profile.head, []);
  return profile;
}

run(1_500, 50); // warm-up: the JIT, as the benchmark does before measuring
post("HeapProfiler.enable");
post("HeapProfiler.startSampling", { samplingInterval: SAMPLING_INTERVAL });
let commits = 0;
/** Kept past `run`, so that the final collection frees the garbage and not the cluster. */
let settled: Cluster | undefined;
const result = run(PODS, Math.ceil(PODS / 30), (cluster: Cluster) => {
  settled = cluster;
  cluster.sim.inspector.on("event", (e) => {
    if (e.type !== "commit" || ++commits % EVERY !== 0) return;
    const profile = takeProfile();
    let newest = 0;
    for (const s of profile.samples) newest = Math.max(newest, s.ordinal);
    for (const s of profile.samples)
      if (s.ordinal < newest - OLD_AFTER && !promoted.has(s.ordinal)) promoted.set(s.ordinal, s.nodeId);
  });
});
(globalThis as { gc?: () => void }).gc?.();
const alive = new Set(takeProfile().samples.map((s) => s.ordinal));
post("HeapProfiler.stopSampling");
if (settled?.sim.store.list("Pod").length === 0) throw new Error("the settled cluster has no pods");

const bySite = new Map<string, number>();
let total = 0;
for (const [ordinal, nodeId] of promoted) {
  if (alive.has(ordinal)) continue;
  const site = stacks.get(nodeId) ?? "?";
  if (site.includes("bench/promotedGarbage.ts")) continue; // this script's own profiles
  total += SAMPLING_INTERVAL;
  bySite.set(site, (bySite.get(site) ?? 0) + SAMPLING_INTERVAL);
}
const mib = (bytes: number) => (bytes / 1_048_576).toFixed(1).padStart(7);
console.log(
  `${PODS.toLocaleString("en-US")} pods, ${(result.settleMs / PODS).toFixed(2)} ms per pod (profiler on): old-generation garbage seen ${mib(total).trim()} MiB, about ${Math.round(total / PODS)} bytes per pod (a lower bound), by allocating stack:`,
);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(`${mib(bytes)} MiB  ${site}`);
