/**
 * Shared helpers of the dataplane scenario and property tests: a cluster in a given kube-proxy
 * mode and CNI backend, manifests built as objects (JSON is YAML), waiting for pods in virtual
 * time, pod views from the store, and request shorthands. Helpers throw with the seed and the
 * command's output when the cluster does not get where a test needs it, so failures say why.
 */
import type { AppRequest, Origin, Trace } from "@kubesim/dataplane";
import { stringify } from "yaml";
import { type Cluster, createCluster } from "../../src/index.js";

/** kube-proxy's `--proxy-mode` values. */
export type ProxyModeName = "iptables" | "ipvs" | "nftables";
export const PROXY_MODES: readonly ProxyModeName[] = ["iptables", "ipvs", "nftables"];

/** The agnhost image the Kubernetes e2e tests use. */
export const AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";

/** Worker node names of a default cluster (`kubesim-worker`, `kubesim-worker2`, ...). */
export const WORKER1 = "kubesim-worker";
export const WORKER2 = "kubesim-worker2";

/** A cluster with the given seed, proxy mode, CNI backend and number of workers. */
export function netCluster(
  options: { seed?: number; mode?: ProxyModeName; cni?: "vxlan" | "host-gw"; workers?: number } = {},
): Cluster {
  return createCluster({
    seed: options.seed ?? 0,
    ...(options.workers !== undefined ? { nodes: options.workers } : {}),
    config: {
      networking: {
        kubeProxyMode: options.mode ?? "iptables",
        cniBackend: options.cni ?? "vxlan",
      },
    },
  });
}

/** `kubectl apply -f -` of the objects (or a YAML text); throws with kubectl's output when it fails. */
export function apply(c: Cluster, ...objects: (object | string)[]): void {
  const text = objects.map((o) => (typeof o === "string" ? o : stringify(o))).join("\n---\n");
  const r = c.kubectl("apply -f -", { stdin: text });
  if (r.exitCode !== 0) throw new Error(`kubectl apply failed (seed ${c.sim.seed}): ${r.stderr}`);
}

/** Runs a kubectl command that must succeed; returns its stdout. */
export function kubectlOk(c: Cluster, args: string | readonly string[]): string {
  const r = c.kubectl(args);
  if (r.exitCode !== 0)
    throw new Error(`kubectl ${String(args)} failed (seed ${c.sim.seed}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** An agnhost `netexec` Deployment (HTTP on `httpPort`, UDP on `udpPort` unless -1), with a readiness probe. */
export function netexecDeployment(options: {
  name: string;
  replicas: number;
  labels?: Record<string, string>;
  httpPort?: number;
  udpPort?: number;
  nodeName?: string;
  readiness?: boolean;
}): object {
  const httpPort = options.httpPort ?? 8080;
  const labels = options.labels ?? { app: options.name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: options.name },
    spec: {
      replicas: options.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...(options.nodeName ? { nodeName: options.nodeName } : {}),
          containers: [
            {
              name: "app",
              image: AGNHOST,
              args: ["netexec", `--http-port=${httpPort}`, `--udp-port=${options.udpPort ?? -1}`],
              ports: [{ containerPort: httpPort }],
              ...(options.readiness === false
                ? {}
                : { readinessProbe: { httpGet: { path: "/", port: httpPort }, periodSeconds: 2 } }),
            },
          ],
        },
      },
    },
  };
}

/** A `hashicorp/http-echo` Deployment answering `text` on `port`. */
export function httpEchoDeployment(options: {
  name: string;
  replicas: number;
  text: string;
  port: number;
  labels?: Record<string, string>;
}): object {
  const labels = options.labels ?? { app: options.name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: options.name },
    spec: {
      replicas: options.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: "echo",
              image: "hashicorp/http-echo:1.0",
              args: [`-text=${options.text}`, `-listen=:${options.port}`],
              ports: [{ containerPort: options.port }],
            },
          ],
        },
      },
    },
  };
}

/** One port of {@link service}. */
export interface PortSpec {
  port: number;
  targetPort?: number;
  name?: string;
  protocol?: "TCP" | "UDP";
  nodePort?: number;
}

/** A Service object. */
export function service(options: {
  name: string;
  selector: Record<string, string>;
  ports: PortSpec[];
  type?: "ClusterIP" | "NodePort" | "LoadBalancer";
  sessionAffinity?: "ClientIP";
  timeoutSeconds?: number;
  externalTrafficPolicy?: "Cluster" | "Local";
  internalTrafficPolicy?: "Cluster" | "Local";
}): object {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: options.name },
    spec: {
      selector: options.selector,
      ports: options.ports,
      ...(options.type ? { type: options.type } : {}),
      ...(options.sessionAffinity
        ? {
            sessionAffinity: options.sessionAffinity,
            ...(options.timeoutSeconds
              ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: options.timeoutSeconds } } }
              : {}),
          }
        : {}),
      ...(options.externalTrafficPolicy ? { externalTrafficPolicy: options.externalTrafficPolicy } : {}),
      ...(options.internalTrafficPolicy ? { internalTrafficPolicy: options.internalTrafficPolicy } : {}),
    },
  };
}

/** A busybox pod that sleeps forever: the client of most scenarios. */
export function clientPod(name: string, nodeName?: string, image = "busybox:1.36"): object {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { role: "client" } },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [{ name: "client", image, command: ["sleep", "infinity"] }],
    },
  };
}

/** What the tests look at in a pod. */
export interface PodView {
  readonly name: string;
  readonly ip: string | undefined;
  readonly node: string | undefined;
  readonly ready: boolean;
  readonly running: boolean;
  readonly terminating: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/** The pods of a namespace whose labels include `labels`, sorted by name. */
export function podsWith(c: Cluster, labels: Record<string, string>, namespace = "default"): PodView[] {
  return c.sim.store
    .list("Pod", { namespace })
    .filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v))
    .map((p) => {
      const status = p.status as
        | {
            podIP?: string;
            phase?: string;
            conditions?: { type: string; status: string }[];
            containerStatuses?: { state?: { running?: object } }[];
          }
        | undefined;
      return {
        name: p.metadata.name ?? "",
        ip: status?.podIP,
        node: (p.spec as { nodeName?: string } | undefined)?.nodeName,
        ready: status?.conditions?.some((x) => x.type === "Ready" && x.status === "True") ?? false,
        running: (status?.containerStatuses ?? []).some((s) => s.state?.running !== undefined),
        terminating: p.metadata.deletionTimestamp !== undefined,
        labels: p.metadata.labels ?? {},
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Runs virtual time until `condition` holds; throws (naming the seed) if it does not within `timeoutMs`. */
export function waitUntil(c: Cluster, what: string, condition: () => boolean, timeoutMs = 120_000): void {
  if (!c.sim.runUntil(condition, { timeoutMs }))
    throw new Error(`timed out waiting for ${what} (seed ${c.sim.seed})`);
}

/** Waits until the pod's phase is Running (its containers started; `kubectl exec` works). */
export function waitForRunning(c: Cluster, name: string, namespace = "default"): void {
  waitUntil(
    c,
    `pod ${namespace}/${name} running`,
    () =>
      (c.sim.store.get("Pod", namespace, name)?.status as { phase?: string } | undefined)?.phase ===
      "Running",
  );
}

/**
 * Waits until exactly `count` pods with `labels` are Ready (and none is terminating), then
 * until kube-proxy has synced what that changed, so Services route to them.
 */
export function waitForReady(c: Cluster, labels: Record<string, string>, count: number): PodView[] {
  waitUntil(c, `${count} ready pods with ${JSON.stringify(labels)}`, () => {
    const pods = podsWith(c, labels);
    return pods.length === count && pods.every((p) => p.ready && !p.terminating);
  });
  waitForProxySync(c);
  return podsWith(c, labels);
}

/** Waits until kube-proxy has applied every pending Service/EndpointSlice change. */
export function waitForProxySync(c: Cluster): void {
  waitUntil(c, "the kube-proxy sync", () => !c.dataplane.proxy.pendingChanges(), 60_000);
}

/** A pod as the origin of a request. */
export function fromPod(name: string, namespace = "default"): Origin {
  return { kind: "pod", namespace, name };
}

/** An HTTP GET of `path`. */
export function httpGet(path: string, host = "backend"): AppRequest {
  return { kind: "http", method: "GET", path, headers: [["Host", host]], body: "" };
}

/** The HTTP body (or UDP/TCP data) of a trace's response; "" when there is none. */
export function bodyOf(trace: Trace): string {
  const r = trace.response;
  return r?.kind === "http" ? r.body : r?.kind === "data" ? r.data : "";
}

/** A Service's ClusterIP. */
export function clusterIPOf(c: Cluster, name: string, namespace = "default"): string {
  const svc = c.sim.store.get("Service", namespace, name);
  const ip = (svc?.spec as { clusterIP?: string } | undefined)?.clusterIP;
  if (!ip) throw new Error(`service ${namespace}/${name} has no ClusterIP`);
  return ip;
}

/** A Service's node port (its first port's). */
export function nodePortOf(c: Cluster, name: string, namespace = "default"): number {
  const svc = c.sim.store.get("Service", namespace, name);
  const port = (svc?.spec as { ports?: { nodePort?: number }[] } | undefined)?.ports?.[0]?.nodePort;
  if (!port) throw new Error(`service ${namespace}/${name} has no nodePort`);
  return port;
}

/** A node's InternalIP. */
export function nodeIPOf(c: Cluster, node: string): string {
  const ip = c.dataplane.network.node(node)?.ips[0];
  if (!ip) throw new Error(`node ${node} has no IP`);
  return ip;
}

/** Counts values (backend names, verdicts) in a Map with a stable key order. */
export function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of [...values].sort()) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/**
 * Pearson's chi-square statistic of observed counts against expected probabilities (keys of
 * `expected`; an observed key missing from `expected` makes it Infinity).
 */
export function chiSquare(
  observed: ReadonlyMap<string, number>,
  expected: ReadonlyMap<string, number>,
): number {
  const n = [...observed.values()].reduce((a, b) => a + b, 0);
  for (const key of observed.keys()) if (!expected.has(key)) return Number.POSITIVE_INFINITY;
  let chi = 0;
  for (const [key, p] of expected) {
    const e = n * p;
    const o = observed.get(key) ?? 0;
    if (e === 0) {
      if (o > 0) return Number.POSITIVE_INFINITY;
      continue;
    }
    chi += (o - e) ** 2 / e;
  }
  return chi;
}

/**
 * The chi-square critical value for `df` degrees of freedom (1..12 from tables, scipy
 * `chi2.isf`), at p = 0.001 for tests with a fixed seed (they pass or fail deterministically; the
 * threshold says how surprising a failure would be for a fair split) or p = 1e-6 for property
 * tests, whose seeds change from run to run and must not flake. Larger df use the
 * Wilson-Hilferty approximation.
 */
export function chiSquareCritical(df: number, p: 0.001 | 1e-6 = 0.001): number {
  const tables = {
    0.001: [0, 10.83, 13.82, 16.27, 18.47, 20.52, 22.46, 24.32, 26.12, 27.88, 29.59, 31.26, 32.91],
    1e-6: [0, 23.93, 27.63, 30.66, 33.38, 35.89, 38.26, 40.52, 42.7, 44.81, 46.86, 48.87, 50.83],
  } as const;
  const v = tables[p][df];
  if (v !== undefined && df > 0) return v;
  const z = p === 0.001 ? 3.09 : 4.753;
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}
