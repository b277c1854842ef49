/**
 * The kubelet of every node, as one kubesim controller: it runs the pods bound to its nodes
 * (sandbox and pod IP, image pulls, containers, probes, restarts with CrashLoopBackOff,
 * graceful termination) and posts node heartbeats.
 *
 * ## State
 *
 * - In the store: pod status (what kubectl shows), Events, and each node's CNI host-local
 *   state (see `hostLocalState.ts`).
 * - In the controller instance, as a real kubelet keeps it in memory: one pod worker per pod
 *   (stage and deadline of each container, probe counters, CrashLoopBackOff entries), the images
 *   each node has pulled, the heartbeat timers, the derived index of pod keys per node (fed by
 *   the Pod watch, so stopping/starting a node's kubelet touches only that node's pods), and
 *   the fault state (stopped kubelets, pending crashes, readiness failure windows). After a
 *   store `restore()` a worker whose pod no longer matches is dropped and rebuilt.
 *
 * ## Time
 *
 * A reconcile does everything that is due at the current instant and asks to be called again
 * at the next deadline (`requeueAfterMs`). Probes are evaluated event-driven: a probe whose
 * result cannot change before the next change of its outcome (a fault window, a file an exec
 * probe looks at) skips the ticks in between, so a cluster of healthy pods settles. The price:
 * the `Unhealthy` event of a probe that keeps failing stops being re-counted once the result
 * has flipped.
 *
 * ## Heartbeats
 *
 * Every `heartbeatIntervalMs` (10 s, `nodeStatusUpdateFrequency`; the first one at a seeded
 * offset per node) the kubelet sets `lastHeartbeatTime` of its Node's conditions to now, with
 * `Ready=True` (`KubeletReady`, `kubelet is posting ready status`), as background timers.
 * kubesim has no Lease kind; the node lifecycle controller reads this condition.
 *
 * @module
 */

import type { Draft } from "immer";
import type {
  Container,
  ContainerState,
  ContainerStatus,
  LifecycleHandler,
  Node,
  NodeCondition,
  Pod,
  PodCondition,
  PodStatus,
  Probe,
} from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../api/KubeObject.js";
import type { Controller, ReconcileContext, ReconcileResult } from "../controller/Controller.js";
import { objectKey } from "../controller/Controller.js";
import { flatString } from "../engine/flatString.js";
import { Interner } from "../engine/Interner.js";
import type { RandomStream } from "../engine/RandomStreams.js";
import type { VirtualClock } from "../engine/VirtualClock.js";
import { type EventInput, recordEvent } from "../events/recordEvent.js";
import type { Simulation } from "../Simulation.js";
import type { Transaction, WatchEvent } from "../store/ObjectStore.js";
import {
  type ContainerBehaviour,
  containerBehaviour,
  execChangePoints,
  execOutcome,
} from "./containerBehaviour.js";
import {
  type ContainerLogInstance,
  type ContainerLogLine,
  type ContainerLogReadOptions,
  logEntries,
  readContainerLog,
} from "./containerLog.js";
import { hostLocalAdd, hostLocalDel } from "./hostLocalState.js";
import { goDuration, imageID, imageSizeBytes, normalizeImage } from "./images.js";
import { DEFAULT_KUBELET_TIMINGS, type KubeletTimings } from "./kubeletTimings.js";

/** Options of {@link kubeletController}. */
export interface KubeletOptions {
  /** The simulation: the kubelet schedules its heartbeats on it and faults enqueue work on it. */
  readonly sim: Simulation;
  /** Controller name; default `kubelet`. */
  readonly name?: string;
  /** Durations; unset fields take {@link DEFAULT_KUBELET_TIMINGS}. */
  readonly timings?: Partial<KubeletTimings>;
  /**
   * The CNI plugin named in sandbox errors (`plugin type="flannel" failed (add): ...`); default
   * `flannel`, which delegates to bridge + host-local.
   */
  readonly cniPlugin?: string;
  /**
   * Record Events (Pulling, Started, Unhealthy, ...); default true. Turning them off saves four
   * or more Event objects per pod in very large simulations.
   */
  readonly recordEvents?: boolean;
  /**
   * Runs a container's main process for real when the container starts (kubesim wires the
   * dataplane's tools here: `wget`, `curl`, `nc`, `ping`, `echo`, `sh -c` ...). Called only for
   * processes the built-in model (`containerBehaviour`) says exit by themselves; its answer
   * replaces the model's exit code and run time, and its output becomes the container's log.
   * Return `undefined` to keep the model's answer (and an empty log).
   */
  readonly processRunner?: (pod: Pod, container: Container, nowMs: number) => MainProcessRun | undefined;
}

/** What a container's main process did, as a {@link KubeletOptions.processRunner} ran it. */
export interface MainProcessRun {
  readonly exitCode: number;
  /** How long the process ran, in virtual milliseconds, from the container's start. */
  readonly runsForMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A container log read: the lines, or the kubelet's refusal (served as `BadRequest`). */
export type ContainerLogResult =
  | { readonly ok: true; readonly lines: readonly ContainerLogLine[] }
  | { readonly ok: false; readonly error: string };

/** The kubelet controller, with the handles the fault functions use. */
export interface KubeletController extends Controller {
  /**
   * The log of a pod's container as the kubelet serves it (`GetContainerLogs`): the instance
   * the pod status names (the running one, the last terminated one; with `previous` the one in
   * `lastState`), with the kubelet's errors for a container that is waiting or has no previous
   * instance (`validateContainerLogStatus`, pkg/kubelet/kubelet_pods.go). Lines are those written
   * by the current virtual instant. Containers whose process kubesim does not run (servers) have
   * an empty log.
   */
  containerLog(
    namespace: string,
    pod: string,
    container: string,
    options?: ContainerLogReadOptions & { readonly previous?: boolean },
  ): ContainerLogResult;
  /** @internal Fault state and hooks; use the functions of `kubeletFaults.ts`. */
  readonly _internal: KubeletInternal;
}

/** @internal What the fault functions reach into. */
export interface KubeletInternal {
  readonly sim: Simulation;
  /** Nodes whose kubelet is stopped. */
  readonly stopped: Set<string>;
  /** Pending crashes: pod key → container name → exit code. */
  readonly crashes: Map<string, Map<string, number>>;
  /** Readiness failure windows per pod key: [fromMs, untilMs) and the containers (all when undefined). */
  readonly readinessFaults: Map<string, { fromMs: number; untilMs: number; container?: string }[]>;
  /** Pods whose probes skipped ticks and must look again (a fault changed their outcome). */
  readonly probeResync: Set<string>;
  /** Pod keys per node (derived from the Pod watch). */
  readonly podsByNode: Map<string, Set<string>>;
  /** Starts the heartbeats of a node again (after a stop). */
  startHeartbeats(node: string): void;
  /** Stops the heartbeats of a node. */
  stopHeartbeats(node: string): void;
  /** Keys of the pods the kubelet runs (or ran) on a node, from its workers. */
  workerKeysOn(node: string): string[];
  /** Whether a pod's container has a readiness probe (for the readiness fault). */
  workerOf(key: string): { containers: readonly { name: string; hasReadinessProbe: boolean }[] } | undefined;
}

type Stage =
  | "queued" // waiting for its turn to start (sandbox first, then containers in spec order)
  | "pulling"
  | "creating"
  | "running"
  | "stopping"
  | "exited" // dead, restart due now
  | "backoff" // dead, in CrashLoopBackOff
  | "done"; // dead for good

interface Terminated {
  readonly exitCode: number;
  readonly reason: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly containerID: string;
}

interface ProbeState {
  readonly probe: Probe;
  /** The first tick (container start + initialDelaySeconds); ticks follow every periodSeconds. */
  readonly anchorMs: number;
  result: boolean | undefined;
  successes: number;
  failures: number;
  nextMs: number;
}

interface ContainerRun {
  readonly name: string;
  /** `spec.containers{NAME}`, the events' fieldPath: one string shared by the container's events. */
  readonly fieldPath: string;
  readonly spec: Container;
  readonly behaviour: ContainerBehaviour;
  /** The current instance's run time and exit code: the model's, or the process runner's. */
  runsForMs: number | undefined;
  exitCode: number;
  /** The logs of the current instance and of the one before (`--previous`). */
  log?: ContainerLogInstance;
  previousLog?: ContainerLogInstance;
  stage: Stage;
  /** When the current stage ends (Infinity: not by itself). */
  nextMs: number;
  containerID?: string;
  /** Number of containers created so far (restartCount = created - 1). */
  created: number;
  startedAtMs?: number;
  started: boolean;
  stopExitCode?: number;
  /** Whether the container still reports ready while it stops (a pod being deleted). */
  readyWhileStopping?: boolean;
  /** Whether the container is restarted once the kill in progress (stage `stopping`) ends. */
  restartAfterStop?: boolean;
  lastDead?: Terminated;
  beforeLastDead?: Terminated;
  backoff?: { durationMs: number; lastUpdateMs: number };
  backoffMessage?: string;
  readiness?: ProbeState;
  liveness?: ProbeState;
  startup?: ProbeState;
}

interface PodWorker {
  readonly uid: string;
  readonly node: string;
  sandboxAtMs: number;
  sandboxReady: boolean;
  /** The sandbox was torn down (finished pod): its IP is released. */
  sandboxGone: boolean;
  podIP?: string;
  readonly hostNetwork: boolean;
  readonly containers: ContainerRun[];
  terminating: boolean;
  /** The grace period the termination runs with (a later delete may shorten it). */
  graceSeconds?: number;
}

const SOURCE = "kubelet";

/**
 * The kubelet of every node (reconcile keys: `namespace/name` of pods; node names for Node
 * changes). Wire it with `sim.addController(kubeletController({ sim }))`.
 */
export function kubeletController(options: KubeletOptions): KubeletController {
  const { sim } = options;
  const name = options.name ?? "kubelet";
  const t: KubeletTimings = { ...DEFAULT_KUBELET_TIMINGS, ...options.timings };
  const cniPlugin = options.cniPlugin ?? "flannel";
  const recordEvents = options.recordEvents ?? true;
  const workers = new Map<string, PodWorker>();
  const images = new Map<string, Set<string>>();
  /** Worker keys per node, so a kubelet restart finds its workers without scanning all. */
  const workersByNode = new Map<string, Set<string>>();
  const heartbeats = new Map<string, number>();
  /**
   * The resourceVersion of the kubelet's own last status write per pod: the watch event it
   * causes needs no reconcile (everything it says, the kubelet already knows).
   */
  const ownWrites = new Map<string, string>();
  /**
   * Status parts and event texts that many pods share, kept once. Room for two per node (its
   * hostIPs and event source) at Kubernetes' 5,000 nodes, and what pods share besides.
   */
  const shared = new Interner(65_536);
  /** Events' `involvedObject`, shared only by the events of one pod version (one step). */
  const involved = new Interner(1_024);
  const podNode = new Map<string, string>();
  const internal: KubeletInternal = {
    sim,
    stopped: new Set(),
    crashes: new Map(),
    readinessFaults: new Map(),
    probeResync: new Set(),
    podsByNode: new Map(),
    startHeartbeats: (node) => scheduleHeartbeat(node, 0),
    stopHeartbeats: (node) => {
      const id = heartbeats.get(node);
      if (id !== undefined) sim.cancel(id);
      heartbeats.delete(node);
    },
    workerKeysOn: (node) => [...(workersByNode.get(node) ?? [])],
    workerOf: (key) => {
      const w = workers.get(key);
      return (
        w && { containers: w.containers.map((c) => ({ name: c.name, hasReadinessProbe: !!c.readiness })) }
      );
    },
  };

  function addWorker(key: string, w: PodWorker): void {
    workers.set(key, w);
    const set = workersByNode.get(w.node) ?? new Set<string>();
    workersByNode.set(w.node, set);
    set.add(key);
  }

  function removeWorker(key: string): void {
    const w = workers.get(key);
    if (!w) return;
    workers.delete(key);
    workersByNode.get(w.node)?.delete(key);
    internal.crashes.delete(key);
    internal.readinessFaults.delete(key);
    internal.probeResync.delete(key);
  }

  function indexPod(event: WatchEvent): readonly string[] {
    const key = objectKey(event.object.metadata.namespace, event.object.metadata.name!);
    const node = event.type === "DELETED" ? undefined : (event.object as Pod).spec?.nodeName;
    const old = podNode.get(key);
    if (old !== node) {
      if (old !== undefined) internal.podsByNode.get(old)?.delete(key);
      if (node === undefined) podNode.delete(key);
      else {
        podNode.set(key, node);
        const set = internal.podsByNode.get(node) ?? new Set<string>();
        internal.podsByNode.set(node, set);
        set.add(key);
      }
    }
    const own = ownWrites.get(key);
    if (own !== undefined) {
      ownWrites.delete(key);
      if (event.type === "MODIFIED" && event.object.metadata.resourceVersion === own) return [];
    }
    // Pods not bound to a node are none of the kubelet's business (unless it ran them before).
    return node !== undefined || workers.has(key) ? [key] : [];
  }

  function rand(ctx: ReconcileContext | undefined): RandomStream {
    return ctx ? ctx.random("kubelet") : sim.random("kubelet");
  }

  function jittered(random: RandomStream, ms: number): number {
    if (t.jitter <= 0 || ms <= 0) return ms;
    return Math.max(1, Math.round(ms * (1 + t.jitter * (2 * random.float() - 1))));
  }

  function scheduleHeartbeat(node: string, delayMs: number): void {
    if (heartbeats.has(node) || internal.stopped.has(node)) return;
    const id = sim.schedule(
      delayMs,
      () => {
        heartbeats.delete(node);
        if (internal.stopped.has(node)) return;
        if (!sim.store.get("Node", "", node)) return;
        sim.store.transaction((tx) => postNodeStatus(tx, node, sim.nowMs, recordEvents));
        scheduleHeartbeat(node, t.heartbeatIntervalMs);
      },
      { background: true, label: `kubelet heartbeat ${node}` },
    );
    heartbeats.set(node, id);
  }

  function reconcileNode(node: string, ctx: ReconcileContext): undefined {
    if (!ctx.tx.get("Node", "", node)) {
      internal.stopHeartbeats(node);
      images.delete(node);
      return undefined;
    }
    if (!heartbeats.has(node) && !internal.stopped.has(node)) {
      scheduleHeartbeat(node, ctx.random("kubelet-heartbeat").int(0, Math.max(0, t.heartbeatIntervalMs - 1)));
    }
    return undefined;
  }

  function reconcile(key: string, ctx: ReconcileContext): ReconcileResult | undefined {
    if (!key.includes("/")) return reconcileNode(key, ctx);
    const { tx } = ctx;
    const slash = key.indexOf("/");
    const namespace = key.slice(0, slash);
    const podName = key.slice(slash + 1);
    const pod = tx.get("Pod", namespace, podName) as (Pod & KubeObject) | undefined;
    let worker = workers.get(key);
    if (worker && (!pod || pod.metadata.uid !== worker.uid)) {
      // The pod is gone (or replaced by a namesake): tear down what the old one held.
      if (!internal.stopped.has(worker.node)) {
        if (!worker.sandboxGone && !worker.hostNetwork) hostLocalDel(tx, worker.node, worker.uid);
        removeWorker(key);
      }
      worker = undefined;
    }
    if (!pod) return undefined;
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || internal.stopped.has(nodeName)) return undefined;
    const node = tx.get("Node", "", nodeName) as (Node & KubeObject) | undefined;
    if (!node) return undefined;
    if (!worker) {
      const phase = pod.status?.phase;
      if (phase === "Succeeded" || phase === "Failed") return undefined;
      if (pod.metadata.deletionTimestamp) {
        // Deleted before the kubelet started anything: nothing to stop.
        tx.delete({ kind: "Pod", namespace, name: podName }, { gracePeriodSeconds: 0 });
        return undefined;
      }
      worker = newWorker(pod, nodeName, ctx);
      addWorker(key, worker);
    }
    return step(key, worker, pod, node, ctx);
  }

  function newWorker(pod: Pod & KubeObject, node: string, ctx: ReconcileContext): PodWorker {
    const random = rand(ctx);
    return {
      uid: pod.metadata.uid!,
      node,
      sandboxAtMs: ctx.nowMs + jittered(random, t.sandboxCreationMs),
      sandboxReady: false,
      sandboxGone: false,
      hostNetwork: pod.spec?.hostNetwork === true,
      terminating: false,
      containers: (pod.spec?.containers ?? []).map((c) => {
        const behaviour = containerBehaviour(c.image ?? "", c.command, c.args);
        return {
          name: c.name,
          fieldPath: `spec.containers{${c.name}}`,
          spec: c,
          behaviour,
          runsForMs: behaviour.runsForMs,
          exitCode: behaviour.exitCode,
          stage: "queued" as const,
          nextMs: Number.POSITIVE_INFINITY,
          created: 0,
          started: false,
        };
      }),
    };
  }

  function step(
    key: string,
    w: PodWorker,
    pod: Pod & KubeObject,
    node: Node & KubeObject,
    ctx: ReconcileContext,
  ): ReconcileResult | undefined {
    const { tx, nowMs: now } = ctx;
    const random = rand(ctx);
    const event = (e: EventInput) =>
      recordEvents &&
      recordEvent(
        tx,
        now,
        tx.get("Pod", pod.metadata.namespace!, pod.metadata.name!) ?? pod,
        shared.value(`source\u0000${w.node}`, () => ({ component: SOURCE, host: w.node })),
        { ...e, message: shared.string(flatString(e.message)) },
        involved,
      );
    const containerEvent = (c: ContainerRun, type: EventInput["type"], reason: string, message: string) =>
      event({ type, reason, message, fieldPath: c.fieldPath });
    const restartPolicy = pod.spec?.restartPolicy ?? "Always";
    const graceSeconds = (probe?: Probe) =>
      probe?.terminationGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;

    // --- faults: crash a running container now.
    const crashes = internal.crashes.get(key);
    if (crashes) {
      for (const c of w.containers) {
        const code = crashes.get(c.name);
        if (code !== undefined && (c.stage === "running" || c.stage === "stopping")) die(c, code);
      }
      internal.crashes.delete(key);
    }

    // --- a new fault may change probe outcomes: skipped ticks come back on the probes' grid.
    if (internal.probeResync.delete(key)) {
      for (const c of w.containers) {
        for (const p of [c.startup, c.liveness, c.readiness]) {
          if (!p) continue;
          const period = Math.max(1, p.probe.periodSeconds ?? 10) * 1000;
          const onGrid =
            now <= p.anchorMs ? p.anchorMs : p.anchorMs + Math.ceil((now - p.anchorMs) / period) * period;
          p.nextMs = Math.min(p.nextMs, onGrid);
        }
      }
    }

    // --- graceful deletion.
    if (pod.metadata.deletionTimestamp && !w.terminating) {
      w.terminating = true;
      const grace = pod.metadata.deletionGracePeriodSeconds ?? graceSeconds();
      w.graceSeconds = grace;
      for (const c of w.containers) {
        if (c.stage === "running") beginStop(c, grace * 1000, `Stopping container ${c.name}`, false);
        else if (c.stage === "stopping") c.restartAfterStop = false;
        else {
          c.stage = "done";
          c.nextMs = Number.POSITIVE_INFINITY;
        }
      }
    }

    // A second delete with a shorter grace period: SIGKILL comes sooner (counted from now).
    const shorter = pod.metadata.deletionGracePeriodSeconds;
    if (w.terminating && shorter !== undefined && shorter < (w.graceSeconds ?? shorter)) {
      w.graceSeconds = shorter;
      const killAt = now + shorter * 1000;
      for (const c of w.containers) {
        if (c.stage === "stopping" && c.nextMs > killAt) {
          c.nextMs = killAt;
          c.stopExitCode = 137;
        }
      }
    }

    for (let guard = 0; guard < 10_000; guard++) {
      let progressed = false;
      // --- sandbox and pod IP.
      if (!w.sandboxReady && !w.terminating && now >= w.sandboxAtMs) {
        progressed = true;
        const sandboxID = hex64(random);
        const ip = w.hostNetwork ? internalIP(node) : allocate(tx, node, w);
        if (ip.ok) {
          w.sandboxReady = true;
          w.podIP = ip.ip;
        } else {
          event({
            type: "Warning",
            reason: "FailedCreatePodSandBox",
            message: sandboxErrorMessage(sandboxID, ip.error),
          });
          w.sandboxAtMs = now + Math.round(t.syncRetryMs * (1 + 0.5 * random.float()));
        }
      }
      // --- containers whose stage ends now.
      for (const c of w.containers) {
        if (c.nextMs > now) continue;
        progressed = true;
        advanceStage(c);
      }
      // --- the next container's turn: containers start one after another, in spec order.
      if (w.sandboxReady && !w.terminating && !w.sandboxGone) {
        const busy = w.containers.some((c) => c.stage === "pulling" || c.stage === "creating");
        const next = w.containers.find((c) => c.stage === "queued");
        if (!busy && next) {
          progressed = true;
          beginPull(next);
        }
      }
      // --- probes due now.
      for (const c of w.containers) {
        if (c.stage !== "running") continue;
        for (const kind of ["startup", "liveness", "readiness"] as const) {
          const p = c[kind];
          if (!p || p.nextMs > now || c.stage !== "running") continue;
          if (kind !== "startup" && !c.started) continue;
          progressed = true;
          probeTick(c, kind, p);
        }
      }
      if (!progressed) break;
    }

    // --- a finished pod gives its IP back (the kubelet tears its sandbox down).
    const phase = podPhase(containerStatuses(w, sim.clock), restartPolicy);
    if ((phase === "Succeeded" || phase === "Failed") && w.sandboxReady && !w.sandboxGone) {
      w.sandboxGone = true;
      if (!w.hostNetwork) hostLocalDel(tx, w.node, w.uid);
    }

    // --- a terminating pod whose containers have all stopped is removed.
    if (
      w.terminating &&
      w.containers.every((c) => c.stage === "done" || c.stage === "exited" || c.stage === "backoff")
    ) {
      if (!w.sandboxGone && !w.hostNetwork) hostLocalDel(tx, w.node, w.uid);
      removeWorker(key);
      tx.delete(
        { kind: "Pod", namespace: pod.metadata.namespace!, name: pod.metadata.name! },
        { gracePeriodSeconds: 0 },
      );
      return undefined;
    }

    const current = tx.get("Pod", pod.metadata.namespace!, pod.metadata.name!) as Pod & KubeObject;
    const status = buildStatus(current, w, node, phase, now, sim.clock, shared);
    const written = tx.updateStatus({ ...current, status });
    if (written !== current) ownWrites.set(key, written.metadata.resourceVersion!);

    let nextMs = Number.POSITIVE_INFINITY;
    if (!w.sandboxReady && !w.terminating) nextMs = Math.min(nextMs, w.sandboxAtMs);
    for (const c of w.containers) {
      nextMs = Math.min(nextMs, c.nextMs);
      if (c.stage === "running") {
        for (const kind of ["startup", "liveness", "readiness"] as const) {
          const p = c[kind];
          if (p && (kind === "startup" || c.started)) nextMs = Math.min(nextMs, p.nextMs);
        }
      }
    }
    return Number.isFinite(nextMs) ? { requeueAfterMs: Math.max(0, nextMs - now) } : undefined;

    // ----- container stage machine -----

    function beginPull(c: ContainerRun): void {
      const image = c.spec.image ?? "";
      const policy = c.spec.imagePullPolicy ?? "IfNotPresent";
      const cache = images.get(w.node) ?? new Set<string>();
      images.set(w.node, cache);
      const present = cache.has(normalizeImage(image));
      if (policy === "Never" || (policy === "IfNotPresent" && present)) {
        containerEvent(c, "Normal", "Pulled", `Container image "${image}" already present on machine`);
        c.stage = "creating";
        c.nextMs = now + jittered(random, t.containerCreateMs + t.containerStartMs);
        return;
      }
      containerEvent(c, "Normal", "Pulling", `Pulling image "${image}"`);
      c.stage = "pulling";
      c.nextMs = now + jittered(random, present ? t.imageRepullMs : t.imagePullMs);
      c.startedAtMs = now; // the pull's start, for the Pulled message
    }

    function advanceStage(c: ContainerRun): void {
      switch (c.stage) {
        case "pulling": {
          const image = c.spec.image ?? "";
          images.get(w.node)?.add(normalizeImage(image));
          const took = goDuration(now - (c.startedAtMs ?? now));
          containerEvent(
            c,
            "Normal",
            "Pulled",
            `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${imageSizeBytes(image)} bytes.`,
          );
          c.stage = "creating";
          c.nextMs = now + jittered(random, t.containerCreateMs + t.containerStartMs);
          return;
        }
        case "creating": {
          // CreateContainer and StartContainer run back to back in one sync (kubelet
          // startContainer); the status manager rarely sees the created-not-started state.
          c.containerID = hex64(random);
          c.created++;
          containerEvent(c, "Normal", "Created", `Created container: ${c.name}`);
          containerEvent(c, "Normal", "Started", `Started container ${c.name}`);
          c.stage = "running";
          c.startedAtMs = now;
          startProcess(c);
          const runs = c.runsForMs;
          c.nextMs = runs === undefined ? Number.POSITIVE_INFINITY : now + runs;
          const probeState = (probe: Probe | undefined): ProbeState | undefined =>
            probe && {
              probe,
              result: undefined,
              successes: 0,
              failures: 0,
              anchorMs: now + (probe.initialDelaySeconds ?? 0) * 1000,
              nextMs: now + (probe.initialDelaySeconds ?? 0) * 1000,
            };
          c.startup = probeState(c.spec.startupProbe);
          c.liveness = probeState(c.spec.livenessProbe);
          c.readiness = probeState(c.spec.readinessProbe);
          c.started = !c.startup;
          return;
        }
        case "running":
          die(c, c.exitCode);
          return;
        case "stopping":
          die(c, c.stopExitCode ?? 137);
          return;
        case "exited":
          c.stage = "queued";
          c.nextMs = Number.POSITIVE_INFINITY;
          return;
        case "backoff":
          backoffNext(c);
          c.backoffMessage = undefined;
          c.stage = "queued";
          c.nextMs = Number.POSITIVE_INFINITY;
          return;
        default:
          c.nextMs = Number.POSITIVE_INFINITY;
      }
    }

    /**
     * The main process of a new instance: the model's answer, or the process runner's (which
     * runs it now and reports its output, written as the process exits: the tools do not say
     * when within the run each line came).
     */
    function startProcess(c: ContainerRun): void {
      c.runsForMs = c.behaviour.runsForMs;
      c.exitCode = c.behaviour.exitCode;
      if (c.log) c.previousLog = c.log;
      const instance = {
        restartCount: c.created - 1,
        containerID: runtimeContainerID(c),
        entries: [] as ReturnType<typeof logEntries>,
      };
      c.log = instance;
      if (c.behaviour.runsForMs === undefined || !options.processRunner) return;
      const run = options.processRunner(pod, c.spec, now);
      if (!run) return;
      c.runsForMs = Math.max(0, run.runsForMs);
      c.exitCode = run.exitCode;
      instance.entries = logEntries(run.stdout, run.stderr, now + c.runsForMs);
    }

    /** Sends SIGTERM (after the preStop hook); SIGKILL at the end of the grace period. */
    function beginStop(c: ContainerRun, graceMs: number, message: string, restartAfter: boolean): void {
      // A container stopping for a pod's deletion keeps its last readiness until it exits (what
      // EndpointSlices' `serving` reports); one killed for a failed probe is unready at once.
      c.readyWhileStopping = !restartAfter && w.terminating && containerReady(c);
      containerEvent(c, "Normal", "Killing", message);
      const startedAt = c.startedAtMs ?? now;
      const hookMs = preStopMs(c.spec.lifecycle?.preStop, c.behaviour, now - startedAt);
      const termMs =
        c.behaviour.onSigterm === "exit"
          ? hookMs + jittered(random, t.serverStopMs)
          : Number.POSITIVE_INFINITY;
      const naturalMs = c.runsForMs === undefined ? Number.POSITIVE_INFINITY : startedAt + c.runsForMs - now;
      if (naturalMs <= Math.min(termMs, graceMs)) c.stopExitCode = c.exitCode;
      else if (termMs <= graceMs) c.stopExitCode = c.behaviour.sigtermExitCode;
      else c.stopExitCode = 137;
      c.stage = "stopping";
      c.restartAfterStop = restartAfter;
      c.nextMs = now + Math.max(0, Math.min(termMs, graceMs, naturalMs));
      c.readiness = undefined;
      c.liveness = undefined;
      c.startup = undefined;
    }

    /** The container's process is gone with `code`: record it and decide about a restart. */
    function die(c: ContainerRun, code: number): void {
      const dead: Terminated = {
        exitCode: code,
        reason: code === 0 ? "Completed" : "Error",
        startedAt: sim.clock.timestamp(c.startedAtMs ?? now),
        finishedAt: sim.clock.timestamp(now),
        containerID: runtimeContainerID(c),
      };
      c.beforeLastDead = c.lastDead;
      c.lastDead = dead;
      // A process killed before its natural end never wrote what it would have printed then.
      if (c.log?.entries.some((e) => e.atMs > now))
        c.log = { ...c.log, entries: c.log.entries.filter((e) => e.atMs <= now) };
      c.readiness = undefined;
      c.liveness = undefined;
      c.startup = undefined;
      c.started = false;
      // A container killed for a failed liveness/startup probe restarts whatever its exit code
      // (kubelet computePodActions: `shouldRestartOnFailure`); one that exited by itself per restartPolicy.
      const restart =
        !w.terminating &&
        (c.stage === "stopping"
          ? c.restartAfterStop === true
          : restartPolicy === "Always" || (restartPolicy === "OnFailure" && code !== 0));
      if (!restart) {
        c.stage = "done";
        c.nextMs = Number.POSITIVE_INFINITY;
        return;
      }
      // kubelet doBackOff (pkg/kubelet/kuberuntime/kuberuntime_manager.go) with client-go's
      // flowcontrol.Backoff: in back-off while now - finishedAt < the entry's duration.
      const b = c.backoff;
      if (b && !(now - b.lastUpdateMs > 2 * t.crashLoopMaxMs) && 0 < b.durationMs) {
        c.stage = "backoff";
        c.nextMs = now + b.durationMs;
        c.backoffMessage = `back-off ${goDuration(b.durationMs)} restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${w.uid})`;
        containerEvent(
          c,
          "Warning",
          "BackOff",
          `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${w.uid})`,
        );
        return;
      }
      backoffNext(c);
      c.stage = "exited";
      c.nextMs = now;
    }

    function backoffNext(c: ContainerRun): void {
      const b = c.backoff;
      c.backoff =
        !b || now - b.lastUpdateMs > 2 * t.crashLoopMaxMs
          ? { durationMs: t.crashLoopInitialMs, lastUpdateMs: now }
          : { durationMs: Math.min(2 * b.durationMs, t.crashLoopMaxMs), lastUpdateMs: now };
    }

    // ----- probes -----

    function probeTick(c: ContainerRun, kind: "startup" | "liveness" | "readiness", p: ProbeState): void {
      const probe = p.probe;
      const period = Math.max(1, probe.periodSeconds ?? 10) * 1000;
      const successThreshold = kind === "readiness" ? Math.max(1, probe.successThreshold ?? 1) : 1;
      const failureThreshold = Math.max(1, probe.failureThreshold ?? 3);
      const outcome = probeOutcome(c, kind, probe, now);
      const label = kind === "startup" ? "Startup" : kind === "liveness" ? "Liveness" : "Readiness";
      if (outcome.ok) {
        p.successes++;
        p.failures = 0;
        if (p.result !== true && p.successes >= successThreshold) p.result = true;
      } else {
        p.failures++;
        p.successes = 0;
        containerEvent(c, "Warning", "Unhealthy", `${label} probe failed: ${outcome.message}`);
        if (p.result !== false && p.failures >= failureThreshold) p.result = false;
      }
      p.nextMs = now + period;
      if (kind === "startup" && p.result === true) {
        c.started = true;
        c.startup = undefined;
        // The other probes have been ticking unseen; they act from now on.
        if (c.liveness) c.liveness.nextMs = Math.max(c.liveness.nextMs, now);
        if (c.readiness) c.readiness.nextMs = Math.max(c.readiness.nextMs, now);
        return;
      }
      if ((kind === "liveness" || kind === "startup") && p.result === false) {
        const restart = restartPolicy !== "Never";
        beginStop(
          c,
          graceSeconds(probe) * 1000,
          `Container ${c.name} failed ${kind} probe${restart ? ", will be restarted" : ""}`,
          restart,
        );
        return;
      }
      // Skip ticks whose result cannot change: nothing happens until the outcome may change.
      const saturated = outcome.ok ? p.result === true : p.result === false;
      if (saturated) {
        const change = nextChange(c, kind, probe, now);
        if (change === Number.POSITIVE_INFINITY) p.nextMs = Number.POSITIVE_INFINITY;
        else if (change > p.nextMs) p.nextMs += Math.ceil((change - p.nextMs) / period) * period;
      }
    }

    function probeOutcome(
      c: ContainerRun,
      kind: "startup" | "liveness" | "readiness",
      probe: Probe,
      at: number,
    ): { ok: boolean; message: string } {
      const ip = w.podIP ?? "";
      if (kind === "readiness" && faultActive(key, c.name, at)) {
        if (probe.httpGet) return { ok: false, message: "HTTP probe failed with statuscode: 503" };
        if (probe.tcpSocket)
          return {
            ok: false,
            message: `dial tcp ${ip}:${portOf(c, probe.tcpSocket.port)}: connect: connection refused`,
          };
        return { ok: false, message: "" };
      }
      if (probe.exec) {
        const r = execOutcome(probe.exec.command ?? [], c.behaviour, at - (c.startedAtMs ?? at));
        return { ok: r.exitCode === 0, message: r.output };
      }
      if (probe.httpGet) {
        const port = portOf(c, probe.httpGet.port);
        if (listens(c, port)) return { ok: true, message: "" };
        const host = probe.httpGet.host || ip;
        const scheme = (probe.httpGet.scheme ?? "HTTP").toLowerCase();
        const path = probe.httpGet.path ?? "/";
        return {
          ok: false,
          message: `Get "${scheme}://${hostPort(host, port)}${path.startsWith("/") ? path : `/${path}`}": dial tcp ${hostPort(host, port)}: connect: connection refused`,
        };
      }
      if (probe.tcpSocket) {
        const port = portOf(c, probe.tcpSocket.port);
        if (listens(c, port)) return { ok: true, message: "" };
        return {
          ok: false,
          message: `dial tcp ${hostPort(probe.tcpSocket.host || ip, port)}: connect: connection refused`,
        };
      }
      if (probe.grpc)
        return listens(c, probe.grpc.port)
          ? { ok: true, message: "" }
          : { ok: false, message: `timeout: failed to connect service "${ip}:${probe.grpc.port}" within 1s` };
      return { ok: true, message: "" };
    }

    /** The next instant after `at` when the probe's outcome may change. */
    function nextChange(c: ContainerRun, kind: string, probe: Probe, at: number): number {
      let next = Number.POSITIVE_INFINITY;
      if (kind === "readiness") {
        for (const f of internal.readinessFaults.get(key) ?? []) {
          if (f.container !== undefined && f.container !== c.name) continue;
          if (f.fromMs > at) next = Math.min(next, f.fromMs);
          if (f.untilMs > at) next = Math.min(next, f.untilMs);
        }
      }
      if (probe.exec) {
        for (const offset of execChangePoints(c.behaviour)) {
          const abs = (c.startedAtMs ?? 0) + offset;
          if (abs > at) next = Math.min(next, abs);
        }
      }
      return next;
    }
  }

  function allocate(
    tx: Transaction,
    node: Node & KubeObject,
    w: PodWorker,
  ): { ok: true; ip: string } | { ok: false; error: string } {
    const cidr = node.spec?.podCIDR;
    if (!cidr)
      return {
        ok: false,
        error: `failed to allocate for range 0: node ${node.metadata.name} has no podCIDR`,
      };
    return hostLocalAdd(tx, node.metadata.name!, cidr, w.uid);
  }

  function sandboxErrorMessage(sandboxID: string, cniError: string): string {
    // kubelet: "Failed to create pod sandbox: %v" of containerd's gRPC error; containerd:
    // `failed to setup network for sandbox %q: %w`; libcni: `plugin type=%q failed (add): %w`;
    // flannel: `failed to delegate add: %w` around the bridge plugin, which returns host-local's
    // error unchanged.
    const plugin = cniPlugin === "flannel" ? `failed to delegate add: ${cniError}` : cniError;
    return `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandboxID}": plugin type="${cniPlugin}" failed (add): ${plugin}`;
  }

  function faultActive(key: string, container: string, at: number): boolean {
    for (const f of internal.readinessFaults.get(key) ?? []) {
      if ((f.container === undefined || f.container === container) && at >= f.fromMs && at < f.untilMs)
        return true;
    }
    return false;
  }

  function containerLog(
    namespace: string,
    podName: string,
    containerName: string,
    read: ContainerLogReadOptions & { readonly previous?: boolean } = {},
  ): ContainerLogResult {
    const pod = sim.store.get("Pod", namespace, podName) as (Pod & KubeObject) | undefined;
    const statuses = [
      ...(pod?.status?.containerStatuses ?? []),
      ...(pod?.status?.initContainerStatuses ?? []),
      ...(pod?.status?.ephemeralContainerStatuses ?? []),
    ];
    const status = statuses.find((s) => s.name === containerName);
    const q = (s: string) => JSON.stringify(s);
    if (!status)
      return { ok: false, error: `container ${q(containerName)} in pod ${q(podName)} is not available` };
    const last = status.lastState?.terminated;
    const { waiting, running, terminated } = status.state ?? {};
    let id: string | undefined;
    if (read.previous) {
      if (!last?.containerID)
        return {
          ok: false,
          error: `previous terminated container ${q(containerName)} in pod ${q(podName)} not found`,
        };
      id = last.containerID;
    } else if (running) id = status.containerID;
    else if (terminated) {
      id = terminated.containerID || last?.containerID;
      if (!id)
        return { ok: false, error: `container ${q(containerName)} in pod ${q(podName)} is terminated` };
    } else if (last) {
      if (!last.containerID)
        return { ok: false, error: `container ${q(containerName)} in pod ${q(podName)} is terminated` };
      id = last.containerID;
    } else if (waiting) {
      const reason =
        waiting.reason === "ErrImagePull"
          ? "image can't be pulled"
          : waiting.reason === "ImagePullBackOff"
            ? "trying and failing to pull image"
            : (waiting.reason ?? "");
      return {
        ok: false,
        error: `container ${q(containerName)} in pod ${q(podName)} is waiting to start: ${reason}`,
      };
    } else
      return {
        ok: false,
        error: `container ${q(containerName)} in pod ${q(podName)} is waiting to start - no logs yet`,
      };
    const worker = workers.get(objectKey(namespace, podName));
    const c =
      worker && worker.uid === pod?.metadata.uid
        ? worker.containers.find((x) => x.name === containerName)
        : undefined;
    const instance = [c?.log, c?.previousLog].find((l) => l !== undefined && l.containerID === id);
    return { ok: true, lines: instance ? readContainerLog(instance.entries, sim.nowMs, read) : [] };
  }

  return {
    name,
    watches: [{ filter: { kind: "Pod" }, keys: indexPod }, { filter: { kind: "Node" } }],
    reconcile,
    containerLog,
    _internal: internal,
  };
}

/** 64 hex digits (a containerd container or sandbox ID). */
/** `containerd://<id>` as container statuses report it, as one flat string. */
function runtimeContainerID(c: ContainerRun): string {
  return flatString(`containerd://${c.containerID ?? ""}`);
}

function hex64(random: RandomStream): string {
  const parts: string[] = [];
  for (let i = 0; i < 8; i++) parts.push(random.int(0, 0xffffffff).toString(16).padStart(8, "0"));
  return parts.join(""); // flat, not a rope of eight pieces (see flatString)
}

function internalIP(node: Node): { ok: true; ip: string } | { ok: false; error: string } {
  const ip = node.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
  return ip ? { ok: true, ip } : { ok: false, error: "node has no InternalIP" };
}

function hostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function portOf(c: ContainerRun, port: number | string): number | string {
  if (typeof port === "number") return port;
  const named = c.spec.ports?.find((p) => p.name === port);
  return named ? named.containerPort : port;
}

function listens(c: ContainerRun, port: number | string): boolean {
  if (typeof port !== "number") return false;
  return (
    c.behaviour.listens.includes(port) ||
    (c.spec.ports ?? []).some((p) => p.containerPort === port && (p.protocol ?? "TCP") === "TCP")
  );
}

/** How long a preStop hook takes (exec: the command model; sleep: its seconds; httpGet: at once). */
function preStopMs(
  hook: LifecycleHandler | undefined,
  behaviour: ContainerBehaviour,
  elapsedMs: number,
): number {
  if (!hook) return 0;
  if (hook.sleep) return hook.sleep.seconds * 1000;
  if (hook.exec) {
    const r = execOutcome(hook.exec.command ?? [], behaviour, elapsedMs);
    return r.durationMs ?? Number.POSITIVE_INFINITY;
  }
  return 0;
}

/** kubelet `getPhase` (pkg/kubelet/kubelet_pods.go), from the container statuses, without init containers. */
function podPhase(
  statuses: readonly ContainerStatus[],
  restartPolicy: string,
): "Pending" | "Running" | "Succeeded" | "Failed" {
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    if (restartPolicy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (restartPolicy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

/** The container statuses, sorted by name as the kubelet sorts them. */
function containerStatuses(w: PodWorker, clock: VirtualClock, shared?: Interner): ContainerStatus[] {
  return w.containers
    .map((c) => containerStatus(c, clock, shared))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function containerReady(c: ContainerRun): boolean {
  if (c.stage === "stopping") return c.readyWhileStopping === true;
  if (c.stage !== "running" || !c.started) return false;
  return c.readiness ? c.readiness.result === true : true;
}

/** The pod status the kubelet's status manager would write. */
function buildStatus(
  pod: Pod & KubeObject,
  w: PodWorker,
  node: Node & KubeObject,
  phase: string,
  now: number,
  clock: VirtualClock,
  shared: Interner,
): PodStatus {
  const old = pod.status ?? {};
  const nowText = clock.timestamp(now);
  const oldConditions = old.conditions ?? [];
  const cond = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => {
    const status = ok ? "True" : "False";
    const prev = oldConditions.find((c) => c.type === type);
    const lastTransitionTime = prev && prev.status === status ? prev.lastTransitionTime : nowText;
    const why = ok ? "" : `${reason ?? ""}\u0000${message ?? ""}`;
    // The pods a node starts in one second have the same conditions: one object for all of them.
    return shared.value(`${type}\u0000${status}\u0000${lastTransitionTime}\u0000${why}`, () => ({
      type,
      status,
      lastProbeTime: null as unknown as string,
      lastTransitionTime,
      ...(reason && !ok ? { reason } : {}),
      ...(message && !ok ? { message } : {}),
    }));
  };
  const unready = w.containers.filter((c) => !containerReady(c)).map((c) => c.name);
  const containersReady = unready.length === 0;
  const unreadyMessage = shared.string(`containers with unready status: [${unready.join(" ")}]`);
  // A pod that ran to completion reports PodCompleted on its readiness conditions.
  const finished = phase === "Succeeded" || phase === "Failed";
  const notReadyReason = finished ? "PodCompleted" : "ContainersNotReady";
  const gateProblem = readinessGateProblem(pod, oldConditions);
  const scheduled = oldConditions.find((c) => c.type === "PodScheduled");
  const conditions: PodCondition[] = [
    cond("PodReadyToStartContainers", w.sandboxReady && !w.sandboxGone),
    cond("Initialized", true),
    containersReady && gateProblem
      ? cond("Ready", false, "ReadinessGatesNotReady", gateProblem)
      : cond("Ready", containersReady, notReadyReason, finished ? undefined : unreadyMessage),
    cond("ContainersReady", containersReady, notReadyReason, finished ? undefined : unreadyMessage),
    scheduled ?? cond("PodScheduled", true),
  ];
  // Conditions others own (readiness gates, DisruptionTarget, ...) are kept.
  const own = new Set(conditions.map((c) => c.type));
  for (const c of oldConditions) if (!own.has(c.type)) conditions.push(c);

  const hostIP = node.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
  const status: PodStatus = {
    ...old,
    conditions,
    containerStatuses: containerStatuses(w, clock, shared),
    phase,
    ...(hostIP ? { hostIP, hostIPs: shared.value(`hostIPs\u0000${hostIP}`, () => [{ ip: hostIP }]) } : {}),
    ...(w.podIP ? { podIP: w.podIP, podIPs: [{ ip: w.podIP }] } : {}),
    startTime: old.startTime ?? nowText,
  };
  return status;
}

function readinessGateProblem(pod: Pod, conditions: readonly PodCondition[]): string | undefined {
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) return `corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`;
    if (c.status !== "True")
      return `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`;
  }
  return undefined;
}

function terminatedState(d: Terminated): ContainerState {
  return {
    terminated: {
      containerID: d.containerID,
      exitCode: d.exitCode,
      finishedAt: d.finishedAt,
      reason: d.reason,
      startedAt: d.startedAt,
    },
  };
}

/** `lastState` of a container that has not terminated yet: one frozen object for all of them. */
const NO_STATE: ContainerState = Object.freeze({});

/** `shared` (when given) keeps one instance of the parts many pods' statuses have in common. */
function containerStatus(c: ContainerRun, clock: VirtualClock, shared?: Interner): ContainerStatus {
  const image = c.spec.image ?? "";
  if (c.created === 0) {
    return {
      image,
      imageID: "",
      lastState: NO_STATE,
      name: c.name,
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: "ContainerCreating" } },
    };
  }
  let containerID = runtimeContainerID(c);
  let lastState: ContainerState = NO_STATE;
  let state: ContainerState;
  if (c.stage === "running" || c.stage === "stopping") {
    if (c.lastDead) lastState = terminatedState(c.lastDead);
    const startedAt = clock.timestamp(c.startedAtMs ?? 0);
    state = shared
      ? shared.value(`running\u0000${startedAt}`, () => ({ running: { startedAt } }))
      : { running: { startedAt } };
  } else if (c.stage === "backoff" && c.lastDead) {
    containerID = c.lastDead.containerID;
    lastState = terminatedState(c.lastDead);
    state = { waiting: { reason: "CrashLoopBackOff", message: c.backoffMessage ?? "" } };
  } else if (c.lastDead) {
    containerID = c.lastDead.containerID;
    if (c.beforeLastDead) lastState = terminatedState(c.beforeLastDead);
    state = terminatedState(c.lastDead);
  } else {
    state = { waiting: { reason: "ContainerCreating" } };
  }
  // Built from one literal and then added to, never spread from a shared base: V8 gives an
  // object made by spreading and then frozen a hidden class of its own (about 500 bytes per pod).
  const status: ContainerStatus = {
    image: shared ? shared.value(`image\u0000${image}`, () => normalizeImage(image)) : normalizeImage(image),
    imageID: shared ? shared.value(`imageID\u0000${image}`, () => imageID(image)) : imageID(image),
    name: c.name,
    ready: containerReady(c),
    restartCount: c.created - 1,
    started: (c.stage === "running" || c.stage === "stopping") && c.started,
  };
  const mounts = c.spec.volumeMounts;
  if (mounts && mounts.length > 0) {
    status.volumeMounts = mounts.map((m) =>
      m.readOnly
        ? { mountPath: m.mountPath, name: m.name, readOnly: true, recursiveReadOnly: "Disabled" }
        : { mountPath: m.mountPath, name: m.name },
    );
  }
  status.containerID = containerID;
  status.lastState = lastState;
  status.state = state;
  return status;
}

/**
 * The kubelet's node status post: every condition's `lastHeartbeatTime` becomes now; the
 * kubelet-owned conditions go back to healthy (a kubelet that was stopped and restarted
 * reports `Ready=True` again).
 */
function postNodeStatus(tx: Transaction, nodeName: string, now: number, events: boolean): void {
  const nowText = tx.timestamp(now);
  const readyBefore = (tx.get("Node", "", nodeName) as Node | undefined)?.status?.conditions?.find(
    (c) => c.type === "Ready",
  )?.status;
  const updated = tx.mutate({ kind: "Node", namespace: "", name: nodeName }, (d: Draft<KubeObject>) => {
    const node = d as unknown as { status?: { conditions?: NodeCondition[] } };
    node.status ??= {};
    node.status.conditions ??= [];
    const conditions = node.status.conditions;
    for (const [type, status, reason, message] of HEALTHY_CONDITIONS) {
      let c = conditions.find((x) => x.type === type);
      if (!c) {
        c = { type, status, reason, message, lastTransitionTime: nowText };
        conditions.push(c);
      }
      if (c.status !== status) {
        c.status = status;
        c.lastTransitionTime = nowText;
      }
      c.reason = reason;
      c.message = message;
      c.lastTransitionTime ??= tx.get("Node", "", nodeName)?.metadata.creationTimestamp ?? nowText;
      c.lastHeartbeatTime = nowText;
    }
  });
  if (events && readyBefore !== undefined && readyBefore !== "True") {
    // kubelet recordNodeStatusEvent: "Node %s status is now: %s".
    recordEvent(
      tx,
      now,
      updated,
      { component: SOURCE, host: nodeName },
      { type: "Normal", reason: "NodeReady", message: `Node ${nodeName} status is now: NodeReady` },
    );
  }
}

const HEALTHY_CONDITIONS: readonly (readonly [string, string, string, string])[] = [
  ["MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
  ["DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
  ["PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
  ["Ready", "True", "KubeletReady", "kubelet is posting ready status"],
];
