/**
 * The kubelet (K8s pkg/kubelet): pod sandbox and IP from the node's podCIDR as CNI host-local
 * hands them out, container states and pod phases, image pull events, probes, CrashLoopBackOff,
 * graceful termination, IP exhaustion, node heartbeats and faults. Pods are bound by hand
 * (`spec.nodeName`), which bypasses the scheduler as it does in Kubernetes.
 */
import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import {
  crashContainer,
  failReadiness,
  getHostLocalState,
  type KubeletTimings,
  kubeletController,
  startKubelet,
  stopKubelet,
} from "../../core/src/kubelet/index.js";
import { createCluster } from "../src/index.js";

/** The parts of a pod's status these tests read (kubesim has no dependency on kubernetes-types). */
interface Terminated {
  exitCode: number;
  reason?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}
interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: Terminated;
}
interface PodObject extends KubeObject {
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    hostIP?: string;
    hostIPs?: { ip: string }[];
    qosClass?: string;
    startTime?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: {
      name: string;
      image: string;
      imageID: string;
      containerID?: string;
      ready: boolean;
      started?: boolean;
      restartCount: number;
      state?: ContainerState;
      lastState?: ContainerState;
    }[];
  };
}

function setup(options: { seed?: number; timings?: Partial<KubeletTimings> } = {}) {
  const cluster = createCluster({ seed: options.seed ?? 1, controlPlane: false });
  const kubelet = kubeletController({
    sim: cluster.sim,
    ...(options.timings ? { timings: options.timings } : {}),
  });
  cluster.sim.addController(kubelet);
  const sim = cluster.sim;
  const pod = (name: string) => sim.store.get("Pod", "default", name) as PodObject | undefined;
  const create = (name: string, spec: Record<string, unknown>, nodeName = "kubesim-worker") =>
    sim.store.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: "default" },
      spec: { nodeName, ...spec },
    }) as PodObject;
  const events = (name: string) =>
    sim.store
      .list("Event", { namespace: "default" })
      .filter((e) => (e.involvedObject as { name: string }).name === name)
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => `${e.type as string} ${e.reason as string}: ${e.message as string}`);
  return { cluster, sim, kubelet, pod, create, events };
}

const nginx = { containers: [{ name: "web", image: "nginx" }] };

describe("kubelet: pod lifecycle", () => {
  it("takes a bound pod from Pending through ContainerCreating to Running with an IP from the node's podCIDR", () => {
    const { sim, pod, create, events, cluster } = setup();
    const created = create("web", nginx);
    const start = sim.nowMs;
    sim.advance(0);
    const pending = pod("web")!;
    expect(pending.status?.phase).toBe("Pending");
    expect(pending.status?.hostIP).toBe("172.18.0.3");
    expect(pending.status?.hostIPs).toEqual([{ ip: "172.18.0.3" }]);
    expect(pending.status?.podIP).toBeUndefined();
    expect(pending.status?.containerStatuses).toEqual([
      {
        image: "nginx",
        imageID: "",
        lastState: {},
        name: "web",
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: "ContainerCreating" } },
      },
    ]);
    expect(pending.status?.conditions?.map((c) => [c.type, c.status])).toEqual([
      ["PodReadyToStartContainers", "False"],
      ["Initialized", "True"],
      ["Ready", "False"],
      ["ContainersReady", "False"],
      ["PodScheduled", "True"],
    ]);
    expect(pending.status?.conditions?.find((c) => c.type === "Ready")).toMatchObject({
      reason: "ContainersNotReady",
      message: "containers with unready status: [web]",
    });
    expect(cluster.kubectl("get pod web").stdout).toContain("ContainerCreating");

    expect(sim.runUntil(() => pod("web")?.status?.phase === "Running", { timeoutMs: 60_000 })).toBe(true);
    const running = pod("web")!;
    const tookMs = sim.nowMs - start;
    expect(tookMs).toBeGreaterThan(1000);
    expect(tookMs).toBeLessThan(15_000);
    expect(running.status?.podIP).toBe("10.244.1.2");
    expect(running.status?.podIPs).toEqual([{ ip: "10.244.1.2" }]);
    const cs = running.status!.containerStatuses![0]!;
    expect(cs).toMatchObject({
      name: "web",
      image: "docker.io/library/nginx:latest",
      ready: true,
      restartCount: 0,
      started: true,
      lastState: {},
    });
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs.state?.running?.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(running.status?.conditions?.every((c) => c.status === "True")).toBe(true);
    expect(running.status?.startTime).toBe(pending.status?.startTime);
    expect(running.status?.qosClass).toBe(created.status?.qosClass);
    const log = events("web");
    expect(log[0]).toBe('Normal Pulling: Pulling image "nginx"');
    expect(log[1]).toMatch(
      /^Normal Pulled: Successfully pulled image "nginx" in (\d+ms|\d+(\.\d+)?s) \(\1 including waiting\)\. Image size: \d+ bytes\.$/,
    );
    expect(log.slice(2)).toEqual([
      "Normal Created: Created container: web",
      "Normal Started: Started container web",
    ]);
    expect(cluster.kubectl("get pod web -o wide").stdout).toContain("10.244.1.2");
  });

  it("reports a cached image as already present (imagePullPolicy IfNotPresent)", () => {
    const { sim, pod, create, events } = setup();
    create("a", { containers: [{ name: "c", image: "nginx:1.27" }] });
    sim.runUntil(() => pod("a")?.status?.phase === "Running");
    create("b", { containers: [{ name: "c", image: "nginx:1.27" }] });
    sim.runUntil(() => pod("b")?.status?.phase === "Running");
    expect(events("b")[0]).toBe('Normal Pulled: Container image "nginx:1.27" already present on machine');
  });

  it("gives replacement pods new IPs (host-local continues after the last reserved IP) and releases IPs", () => {
    const { sim, pod, create } = setup();
    create("a", nginx);
    sim.runUntil(() => pod("a")?.status?.phase === "Running");
    expect(pod("a")?.status?.podIP).toBe("10.244.1.2");
    // host-local's record: the address and who holds it (its file holds the container's ID).
    expect(sim.store.transaction((tx) => getHostLocalState(tx, "kubesim-worker"))?.reserved).toEqual([
      { ip: "10.244.1.2", podUID: pod("a")?.metadata.uid },
    ]);
    sim.store.delete({ kind: "Pod", namespace: "default", name: "a" });
    expect(sim.runUntil(() => !pod("a"), { timeoutMs: 5000 })).toBe(true);
    const state = sim.store.transaction((tx) => getHostLocalState(tx, "kubesim-worker"));
    expect(state?.reserved).toEqual([]);
    expect(state?.lastReservedIP).toBe("10.244.1.2");
    create("b", nginx);
    create("c", nginx);
    create("d", nginx, "kubesim-worker2");
    sim.runUntil(() => ["b", "c", "d"].every((n) => pod(n)?.status?.phase === "Running"));
    // b and c race for their sandboxes (seeded jitter); neither gets a's .2 back.
    expect(["b", "c"].map((n) => pod(n)?.status?.podIP).sort()).toEqual(["10.244.1.3", "10.244.1.4"]);
    expect(pod("d")?.status?.podIP).toBe("10.244.2.2");
  });

  it("uses the node's InternalIP for hostNetwork pods", () => {
    const { sim, pod, create } = setup();
    create("h", { hostNetwork: true, containers: [{ name: "c", image: "nginx" }] });
    sim.runUntil(() => pod("h")?.status?.phase === "Running");
    expect(pod("h")?.status?.podIP).toBe("172.18.0.3");
    expect(pod("h")?.status?.podIPs).toEqual([{ ip: "172.18.0.3" }]);
  });

  it("lets `sleep 5` complete: Succeeded with restartPolicy Never, the IP released and kept in status", () => {
    const { sim, pod, create } = setup();
    create("s", {
      restartPolicy: "Never",
      containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "5"] }],
    });
    sim.runUntil(() => pod("s")?.status?.phase === "Running");
    const startedAt = sim.nowMs;
    expect(sim.runUntil(() => pod("s")?.status?.phase === "Succeeded")).toBe(true);
    expect(sim.nowMs - startedAt).toBe(5000);
    const s = pod("s")!;
    expect(s.status?.containerStatuses?.[0]).toMatchObject({
      ready: false,
      started: false,
      restartCount: 0,
      state: { terminated: { exitCode: 0, reason: "Completed" } },
    });
    expect(s.status?.containerStatuses?.[0]?.state?.terminated?.containerID).toMatch(/^containerd:\/\//);
    expect(s.status?.conditions?.find((c) => c.type === "Ready")).toMatchObject({
      status: "False",
      reason: "PodCompleted",
    });
    expect(s.status?.conditions?.find((c) => c.type === "PodReadyToStartContainers")?.status).toBe("False");
    expect(s.status?.podIP).toBe("10.244.1.2");
    expect(sim.store.transaction((tx) => getHostLocalState(tx, "kubesim-worker"))?.reserved).toEqual([]);
  });

  it("fails a pod whose container exits non-zero with restartPolicy Never", () => {
    const { sim, pod, create } = setup();
    create("f", {
      restartPolicy: "Never",
      containers: [{ name: "c", image: "busybox:1.36", command: ["sh", "-c", "sleep 2; exit 3"] }],
    });
    expect(sim.runUntil(() => pod("f")?.status?.phase === "Failed")).toBe(true);
    expect(pod("f")?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 3,
      reason: "Error",
    });
  });

  it("shares the status parts and event sources the pods of a node have in common, and each pod's status stays its own", () => {
    const { sim, kubelet, pod, create } = setup();
    create("a", nginx);
    create("b", nginx);
    expect(
      sim.runUntil(() => pod("a")?.status?.phase === "Running" && pod("b")?.status?.phase === "Running"),
    ).toBe(true);
    const [a, b] = [pod("a")!, pod("b")!];
    // One object for both pods: the node's hostIPs, and every condition with the same content.
    expect(a.status?.hostIPs).toBe(b.status?.hostIPs);
    let equal = 0;
    for (const ca of a.status!.conditions!) {
      const cb = b.status!.conditions!.find((c) => c.type === ca.type)!;
      if (JSON.stringify(ca) !== JSON.stringify(cb)) continue;
      equal++;
      expect(ca).toBe(cb);
    }
    // The two pods started together, so most conditions are equal (the check above ran).
    expect(equal).toBeGreaterThan(0);
    const sources = sim.store
      .list("Event", { namespace: "default" })
      .filter((e) => (e.source as { component: string }).component === "kubelet")
      .map((e) => e.source);
    expect(sources.length).toBeGreaterThan(4);
    for (const s of sources) expect(s).toBe(sources[0]);
    // A change to one pod's status leaves the other's as it was.
    const before = JSON.stringify(pod("b"));
    crashContainer(kubelet, { namespace: "default", name: "a" }, "web");
    sim.advance(1000);
    expect(pod("a")!.status!.containerStatuses![0]!.restartCount).toBeGreaterThan(0);
    expect(JSON.stringify(pod("b"))).toBe(before);
  });
});

describe("kubelet: restarts", () => {
  it("restarts `exit 1` with CrashLoopBackOff: at once, then after 10s, 20s, 40s", () => {
    const { sim, pod, create, events } = setup();
    create("crash", { containers: [{ name: "c", image: "busybox:1.36", command: ["sh", "-c", "exit 1"] }] });
    // `exit 1` dies as it starts (its status never shows it running): time the Started events.
    const starts: number[] = [];
    sim.store.watch({ kind: "Event", namespace: "default" }, (e) => {
      const io = e.object.involvedObject as { name: string };
      if (io.name === "crash" && e.object.reason === "Started") starts.push(sim.nowMs);
    });
    sim.runUntil(() => starts.length >= 5, { timeoutMs: 600_000 });
    const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
    // Each container dies as it starts; the next starts after the back-off plus create+start (~300 ms).
    const backoffs = [0, 10_000, 20_000, 40_000];
    expect(gaps).toHaveLength(4);
    gaps.forEach((g, i) => {
      expect(g - backoffs[i]!).toBeGreaterThanOrEqual(0);
      expect(g - backoffs[i]!).toBeLessThan(1000);
    });
    const p = pod("crash")!;
    expect(p.status?.phase).toBe("Running");
    sim.runUntil(
      () => pod("crash")?.status?.containerStatuses?.[0]?.state?.waiting?.reason === "CrashLoopBackOff",
    );
    const cs = pod("crash")!.status!.containerStatuses![0]!;
    expect(cs.state?.waiting?.message).toBe(
      `back-off 1m20s restarting failed container=c pod=crash_default(${p.metadata.uid})`,
    );
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(cs.restartCount).toBe(4);
    expect(cs.ready).toBe(false);
    expect(events("crash")).toContain(
      `Warning BackOff: Back-off restarting failed container c in pod crash_default(${p.metadata.uid})`,
    );
    expect(sim.nowMs).toBeGreaterThan(0);
  });

  it("caps the back-off at 300s", () => {
    const { sim, pod, create } = setup();
    create("crash", { containers: [{ name: "c", image: "busybox:1.36", command: ["false"] }] });
    sim.runUntil(() => (pod("crash")?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 8, {
      timeoutMs: 3_600_000,
    });
    sim.runUntil(
      () => pod("crash")?.status?.containerStatuses?.[0]?.state?.waiting?.reason === "CrashLoopBackOff",
    );
    expect(pod("crash")?.status?.containerStatuses?.[0]?.state?.waiting?.message).toMatch(
      /^back-off 5m0s restarting/,
    );
  });

  it("restarts a crashed container (fault) with its exit code in lastState", () => {
    const { sim, pod, create, kubelet } = setup();
    create("web", nginx);
    sim.runUntil(() => pod("web")?.status?.phase === "Running");
    const ip = pod("web")?.status?.podIP;
    crashContainer(kubelet, { namespace: "default", name: "web" }, "web", 2);
    sim.advance(0);
    expect(pod("web")?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 2,
      reason: "Error",
    });
    sim.runUntil(() => pod("web")?.status?.containerStatuses?.[0]?.state?.running !== undefined);
    const cs = pod("web")!.status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 2, reason: "Error" });
    // The sandbox survives a container restart: same pod, same IP.
    expect(pod("web")?.status?.podIP).toBe(ip);
  });
});

describe("kubelet: probes", () => {
  const probed = {
    containers: [
      {
        name: "web",
        image: "nginx",
        readinessProbe: {
          httpGet: { path: "/", port: 80 },
          periodSeconds: 5,
          failureThreshold: 3,
          successThreshold: 1,
        },
      },
    ],
  };

  it("turns Ready False while the readiness probe fails (fault) and True again after", () => {
    const { sim, pod, create, kubelet, events } = setup();
    create("web", probed);
    sim.runUntil(() => pod("web")?.status?.conditions?.find((c) => c.type === "Ready")?.status === "True");
    const t0 = sim.nowMs;
    failReadiness(kubelet, { namespace: "default", name: "web" }, 60_000);
    sim.runUntil(() => pod("web")?.status?.conditions?.find((c) => c.type === "Ready")?.status === "False");
    // Three failures, five seconds apart: the first at the first tick from the fault on.
    expect(sim.nowMs - t0).toBeGreaterThanOrEqual(10_000);
    expect(sim.nowMs - t0).toBeLessThanOrEqual(15_000);
    const ready = pod("web")!.status!.conditions!.find((c) => c.type === "Ready")!;
    expect(ready).toMatchObject({
      reason: "ContainersNotReady",
      message: "containers with unready status: [web]",
    });
    expect(pod("web")?.status?.containerStatuses?.[0]?.ready).toBe(false);
    expect(pod("web")?.status?.phase).toBe("Running");
    expect(events("web")).toContain(
      "Warning Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503",
    );
    sim.runUntil(() => pod("web")?.status?.conditions?.find((c) => c.type === "Ready")?.status === "True");
    expect(sim.nowMs - t0).toBeGreaterThanOrEqual(60_000);
    expect(sim.nowMs - t0).toBeLessThan(66_000);
    expect(sim.settle()).toBe(true);
  });

  it("never readies a container whose probe targets a port it does not listen on, and still settles", () => {
    const { sim, pod, create, events } = setup();
    create("web", {
      containers: [{ name: "web", image: "nginx", readinessProbe: { tcpSocket: { port: 8080 } } }],
    });
    expect(sim.settle({ timeoutMs: 600_000 })).toBe(true);
    expect(pod("web")?.status?.phase).toBe("Running");
    expect(pod("web")?.status?.containerStatuses?.[0]?.ready).toBe(false);
    expect(events("web")).toContain(
      "Warning Unhealthy: Readiness probe failed: dial tcp 10.244.1.2:8080: connect: connection refused",
    );
  });

  it("kills and restarts a container failing its liveness probe (the docs' exec example)", () => {
    const { sim, pod, create, events } = setup();
    create("liveness", {
      containers: [
        {
          name: "liveness",
          image: "registry.k8s.io/busybox",
          args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
          livenessProbe: {
            exec: { command: ["cat", "/tmp/healthy"] },
            initialDelaySeconds: 5,
            periodSeconds: 5,
          },
        },
      ],
    });
    sim.runUntil(() => pod("liveness")?.status?.phase === "Running");
    const started = sim.nowMs;
    sim.runUntil(() => events("liveness").some((e) => e.includes("Killing")));
    // Probes at 5, 10, ... s; the file goes at 30 s; failures at 30, 35, 40 s.
    expect(sim.nowMs - started).toBe(40_000);
    expect(events("liveness")).toContain(
      "Warning Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n",
    );
    expect(events("liveness")).toContain(
      "Normal Killing: Container liveness failed liveness probe, will be restarted",
    );
    // sh as PID 1 ignores SIGTERM: SIGKILL after the 30 s grace period, exit code 137.
    sim.runUntil(() => (pod("liveness")?.status?.containerStatuses?.[0]?.restartCount ?? 0) === 1);
    const cs = pod("liveness")!.status!.containerStatuses![0]!;
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    const { startedAt, finishedAt } = cs.lastState!.terminated!;
    expect(Date.parse(finishedAt!) - Date.parse(startedAt!)).toBe(70_000);
  });
});

describe("kubelet: startup probes and readiness gates", () => {
  it("keeps started false until the startup probe succeeds, and runs no other probe before", () => {
    const { sim, pod, create } = setup();
    create("slow", {
      containers: [
        {
          name: "web",
          image: "nginx",
          startupProbe: { httpGet: { port: 80 }, initialDelaySeconds: 20, periodSeconds: 10 },
          readinessProbe: { httpGet: { port: 80 }, periodSeconds: 10 },
        },
      ],
    });
    sim.runUntil(() => pod("slow")?.status?.phase === "Running");
    const t0 = sim.nowMs;
    expect(pod("slow")?.status?.containerStatuses?.[0]).toMatchObject({ started: false, ready: false });
    sim.runUntil(() => pod("slow")?.status?.containerStatuses?.[0]?.ready === true);
    expect(sim.nowMs - t0).toBe(20_000);
    expect(pod("slow")?.status?.containerStatuses?.[0]?.started).toBe(true);
  });

  it("restarts a container whose startup probe never succeeds", () => {
    const { sim, pod, create, events } = setup();
    create("never", {
      containers: [
        {
          name: "web",
          image: "nginx",
          startupProbe: { tcpSocket: { port: 9999 }, periodSeconds: 1, failureThreshold: 3 },
        },
      ],
    });
    sim.runUntil(() => (pod("never")?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, {
      timeoutMs: 60_000,
    });
    expect(events("never")).toContain(
      "Normal Killing: Container web failed startup probe, will be restarted",
    );
  });

  it("keeps Ready False until the readiness gates' conditions are True", () => {
    const { sim, pod, create } = setup();
    create("gated", {
      readinessGates: [{ conditionType: "example.com/lb" }],
      containers: [{ name: "web", image: "nginx" }],
    });
    sim.runUntil(() => pod("gated")?.status?.containerStatuses?.[0]?.ready === true);
    const conditions = () => pod("gated")!.status!.conditions!;
    expect(conditions().find((c) => c.type === "ContainersReady")?.status).toBe("True");
    expect(conditions().find((c) => c.type === "Ready")).toMatchObject({
      status: "False",
      reason: "ReadinessGatesNotReady",
      message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.',
    });
    sim.store.mutate({ kind: "Pod", namespace: "default", name: "gated" }, (d) => {
      const status = d.status as { conditions: { type: string; status: string }[] };
      status.conditions.push({ type: "example.com/lb", status: "True" });
    });
    sim.advance(0);
    expect(conditions().find((c) => c.type === "Ready")?.status).toBe("True");
    expect(conditions().find((c) => c.type === "example.com/lb")?.status).toBe("True");
  });
});

describe("kubelet: graceful termination", () => {
  it("takes terminationGracePeriodSeconds for `sleep 3600` (sleep ignores SIGTERM)", () => {
    const { sim, pod, create, events } = setup();
    create("sleeper", { containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "3600"] }] });
    sim.runUntil(() => pod("sleeper")?.status?.phase === "Running");
    const t0 = sim.nowMs;
    sim.store.delete({ kind: "Pod", namespace: "default", name: "sleeper" });
    sim.advance(29_000);
    expect(pod("sleeper")?.metadata.deletionTimestamp).toBeDefined();
    // Still running and ready while it terminates (EndpointSlices report it serving).
    expect(pod("sleeper")?.status?.containerStatuses?.[0]).toMatchObject({
      ready: true,
      state: { running: {} },
    });
    expect(events("sleeper")).toContain("Normal Killing: Stopping container c");
    sim.runUntil(() => !pod("sleeper"));
    expect(sim.nowMs - t0).toBe(30_000);
    expect(sim.store.transaction((tx) => getHostLocalState(tx, "kubesim-worker"))?.reserved).toEqual([]);
  });

  it("kills sooner when a second delete shortens the grace period", () => {
    const { sim, pod, create } = setup();
    create("sleeper", { containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "3600"] }] });
    sim.runUntil(() => pod("sleeper")?.status?.phase === "Running");
    const t0 = sim.nowMs;
    sim.store.delete({ kind: "Pod", namespace: "default", name: "sleeper" });
    sim.advance(5000);
    sim.store.delete({ kind: "Pod", namespace: "default", name: "sleeper" }, { gracePeriodSeconds: 3 });
    sim.runUntil(() => !pod("sleeper"));
    expect(sim.nowMs - t0).toBe(8000);
  });

  it("is quick for nginx, which stops on SIGTERM", () => {
    const { sim, pod, create } = setup();
    create("web", nginx);
    sim.runUntil(() => pod("web")?.status?.phase === "Running");
    const t0 = sim.nowMs;
    sim.store.delete({ kind: "Pod", namespace: "default", name: "web" });
    sim.runUntil(() => !pod("web"));
    expect(sim.nowMs - t0).toBeLessThan(1000);
  });

  it("runs the preStop hook before SIGTERM", () => {
    const { sim, pod, create } = setup();
    create("web", {
      containers: [
        { name: "web", image: "nginx", lifecycle: { preStop: { exec: { command: ["sleep", "5"] } } } },
      ],
    });
    sim.runUntil(() => pod("web")?.status?.phase === "Running");
    const t0 = sim.nowMs;
    sim.store.delete({ kind: "Pod", namespace: "default", name: "web" });
    sim.runUntil(() => !pod("web"));
    expect(sim.nowMs - t0).toBeGreaterThanOrEqual(5000);
    expect(sim.nowMs - t0).toBeLessThan(6000);
  });
});

describe("kubelet: IP exhaustion", () => {
  it("keeps a pod in ContainerCreating with FailedCreatePodSandBox while the podCIDR is full", () => {
    const { sim, pod, create, events, cluster } = setup();
    // A node with a /30: host-local's range is .1-.2 and .1 is the gateway, so one pod fits.
    sim.store.transaction((tx) => {
      const node = tx.create({
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: "tiny", labels: { "kubernetes.io/hostname": "tiny" } },
        spec: { podCIDR: "10.244.9.0/30", podCIDRs: ["10.244.9.0/30"] },
      });
      tx.updateStatus({ ...node, status: { addresses: [{ type: "InternalIP", address: "172.18.0.9" }] } });
    });
    create("a", nginx, "tiny");
    sim.runUntil(() => pod("a")?.status?.phase === "Running");
    expect(pod("a")?.status?.podIP).toBe("10.244.9.2");
    create("b", nginx, "tiny");
    sim.advance(20_000);
    expect(pod("b")?.status?.phase).toBe("Pending");
    expect(pod("b")?.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe("ContainerCreating");
    expect(cluster.kubectl("get pod b").stdout).toContain("ContainerCreating");
    const failures = events("b").filter((e) => e.includes("FailedCreatePodSandBox"));
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures[0]).toMatch(
      /^Warning FailedCreatePodSandBox: Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="flannel" failed \(add\): failed to delegate add: failed to allocate for range 0: no IP addresses available in range set: 10\.244\.9\.1-10\.244\.9\.2$/,
    );
    // Once the first pod is gone, a retry (every 10-15 s) gets the address.
    sim.store.delete({ kind: "Pod", namespace: "default", name: "a" });
    expect(sim.runUntil(() => pod("b")?.status?.phase === "Running", { timeoutMs: 30_000 })).toBe(true);
    expect(pod("b")?.status?.podIP).toBe("10.244.9.2");
  });
});

describe("kubelet: node heartbeats and faults", () => {
  const heartbeat = (sim: ReturnType<typeof setup>["sim"], node: string) => {
    const status = sim.store.get("Node", "", node)?.status as
      | { conditions?: { type: string; lastHeartbeatTime?: string }[] }
      | undefined;
    return status?.conditions?.find((c) => c.type === "Ready")?.lastHeartbeatTime;
  };

  it("posts node status every 10 s as background work, and stops while the kubelet is stopped", () => {
    const { sim, kubelet, cluster } = setup();
    sim.advance(10_000);
    const first = Date.parse(heartbeat(sim, "kubesim-worker")!);
    sim.advance(10_000);
    expect(Date.parse(heartbeat(sim, "kubesim-worker")!) - first).toBe(10_000);
    expect(sim.settle()).toBe(true);
    stopKubelet(kubelet, "kubesim-worker");
    const stoppedAt = heartbeat(sim, "kubesim-worker");
    sim.advance(60_000);
    expect(heartbeat(sim, "kubesim-worker")).toBe(stoppedAt);
    expect(Date.parse(heartbeat(sim, "kubesim-worker2")!)).toBeGreaterThan(sim.nowMs - 10_000);
    startKubelet(kubelet, "kubesim-worker");
    sim.advance(0);
    expect(Date.parse(heartbeat(sim, "kubesim-worker")!)).toBe(sim.nowMs);
    expect(cluster.kubectl("get nodes").exitCode).toBe(0);
  });

  it("posts Ready=True again after the node lifecycle controller marked the node Unknown", () => {
    const { sim, kubelet } = setup();
    stopKubelet(kubelet, "kubesim-worker");
    sim.store.mutate({ kind: "Node", namespace: "", name: "kubesim-worker" }, (d) => {
      const ready = (
        d.status as { conditions: { type: string; status: string; reason?: string }[] }
      ).conditions.find((c) => c.type === "Ready")!;
      ready.status = "Unknown";
      ready.reason = "NodeStatusUnknown";
    });
    startKubelet(kubelet, "kubesim-worker");
    sim.advance(0);
    const node = sim.store.get("Node", "", "kubesim-worker")!;
    const ready = (
      node.status as { conditions: { type: string; status: string; reason: string }[] }
    ).conditions.find((c) => c.type === "Ready");
    expect(ready).toMatchObject({ status: "True", reason: "KubeletReady" });
    const events = sim.store
      .list("Event", { namespace: "default" })
      .filter((e) => (e.involvedObject as { kind: string }).kind === "Node")
      .map((e) => `${e.reason as string}: ${e.message as string}`);
    expect(events).toEqual(["NodeReady: Node kubesim-worker status is now: NodeReady"]);
  });

  it("does no pod work on a node whose kubelet is stopped, and catches up when it starts", () => {
    const { sim, kubelet, pod, create } = setup();
    stopKubelet(kubelet, "kubesim-worker");
    create("web", nginx);
    sim.advance(30_000);
    expect(pod("web")?.status?.containerStatuses).toBeUndefined();
    startKubelet(kubelet, "kubesim-worker");
    expect(sim.runUntil(() => pod("web")?.status?.phase === "Running", { timeoutMs: 30_000 })).toBe(true);
  });

  it("leaves a pod Terminating while its kubelet is stopped, and releases a force-deleted pod's IP on restart", () => {
    const { sim, kubelet, pod, create } = setup();
    create("a", nginx);
    create("b", nginx);
    sim.runUntil(() => pod("a")?.status?.phase === "Running" && pod("b")?.status?.phase === "Running");
    stopKubelet(kubelet, "kubesim-worker");
    sim.store.delete({ kind: "Pod", namespace: "default", name: "a" });
    sim.store.delete({ kind: "Pod", namespace: "default", name: "b" }, { gracePeriodSeconds: 0 });
    sim.advance(120_000);
    expect(pod("a")?.metadata.deletionTimestamp).toBeDefined();
    const held = () =>
      sim.store.transaction((tx) => getHostLocalState(tx, "kubesim-worker"))!.reserved.map((r) => r.ip);
    expect(held()).toHaveLength(2);
    startKubelet(kubelet, "kubesim-worker");
    sim.runUntil(() => !pod("a"));
    sim.advance(0);
    expect(held()).toEqual([]);
  });
});

describe("kubelet: determinism", () => {
  function run(seed: number): string {
    const { sim, pod, create, kubelet } = setup({ seed });
    create("web", {
      containers: [{ name: "web", image: "nginx", readinessProbe: { httpGet: { port: 80 } } }],
    });
    create(
      "crash",
      { containers: [{ name: "c", image: "busybox:1.36", command: ["sh", "-c", "sleep 3; exit 1"] }] },
      "kubesim-worker2",
    );
    create("done", {
      restartPolicy: "Never",
      containers: [{ name: "c", image: "busybox", command: ["sleep", "5"] }],
    });
    sim.runUntil(() => pod("web")?.status?.phase === "Running");
    failReadiness(kubelet, { namespace: "default", name: "web" }, 40_000);
    sim.advance(120_000);
    sim.store.delete({ kind: "Pod", namespace: "default", name: "web" });
    sim.advance(60_000);
    return JSON.stringify(sim.store.eventLog());
  }

  it("replays byte for byte with the same seed and differs with another", () => {
    const a = run(7);
    expect(run(7)).toBe(a);
    expect(run(8)).not.toBe(a);
  });

  it("honours configured timings", () => {
    const { sim, pod, create } = setup({
      timings: {
        sandboxCreationMs: 5000,
        imagePullMs: 20_000,
        containerCreateMs: 0,
        containerStartMs: 0,
        jitter: 0,
      },
    });
    create("web", nginx);
    const t0 = sim.nowMs;
    sim.runUntil(() => pod("web")?.status?.phase === "Running");
    expect(sim.nowMs - t0).toBe(25_000);
  });
});
