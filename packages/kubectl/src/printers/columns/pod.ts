import type { Container, Pod, PodCondition } from "kubernetes-types/core/v1.js";
import { humanDuration, parseTimestampMs, translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";

/** `node.NodeUnreachablePodReason`: the reason the node lifecycle controller gives pods of a lost node. */
const NODE_UNREACHABLE_POD_REASON = "NodeLost";

function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === "Always";
}

function hasPodReadyCondition(conditions: readonly PodCondition[]): boolean {
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
}

function isPodInitializedConditionTrue(conditions: readonly PodCondition[]): boolean {
  const c = conditions.find((x) => x.type === "Initialized");
  return c?.status === "True";
}

/** Later of two Go `metav1.Time`s where undefined is the zero time (`a.Before(&b)` then `b`). */
function later(a: number | undefined, b: number | undefined): number | undefined {
  if (b === undefined) return a;
  return a === undefined || a < b ? b : a;
}

/**
 * `kubectl get pods`: NAME, READY, STATUS, RESTARTS, AGE; wide adds IP, NODE, NOMINATED NODE,
 * READINESS GATES. Port of `printPod` (K8s `pkg/printers/internalversion/printers.go`), including
 * its STATUS rules: the pod reason over the phase, `SchedulingGated`, `Init:N/M` and
 * `Init:<reason>` while init containers run, a container's waiting or terminated reason
 * (`CrashLoopBackOff`, `ContainerCreating`, `Completed`, `Error`, `Signal:N`, `ExitCode:N`),
 * `NotReady`/`Running` when a completed container sits next to a running one, `Terminating`
 * under a deletion timestamp and `Unknown` for pods of a lost node; and RESTARTS as `N` or
 * `N (<age> ago)`. Restartable init containers (sidecars) count as containers.
 */
export const podPrinter: ResourcePrinter<Pod> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Ready", priority: 0 },
    { name: "Status", priority: 0 },
    { name: "Restarts", priority: 0 },
    { name: "Age", priority: 0 },
    { name: "IP", priority: 1 },
    { name: "Node", priority: 1 },
    { name: "Nominated Node", priority: 1 },
    { name: "Readiness Gates", priority: 1 },
  ],
  row(pod, ctx) {
    const spec = pod.spec;
    const status = pod.status ?? {};
    const conditions = status.conditions ?? [];
    const initContainerSpecs = spec?.initContainers ?? [];
    let restarts = 0;
    let restartableInitContainerRestarts = 0;
    let totalContainers = spec?.containers?.length ?? 0;
    let readyContainers = 0;
    let lastRestartDate: number | undefined;
    let lastRestartableInitContainerRestartDate: number | undefined;

    const podPhase = status.phase ?? "";
    let reason = status.reason ? status.reason : podPhase;

    // A pod carrying {type: PodScheduled, reason: SchedulingGated} reads SchedulingGated.
    for (const c of conditions) {
      if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";
    }

    const initContainers = new Map<string, Container>();
    for (const c of initContainerSpecs) {
      initContainers.set(c.name, c);
      if (isRestartableInitContainer(c)) totalContainers++;
    }

    let initializing = false;
    const initStatuses = status.initContainerStatuses ?? [];
    for (let i = 0; i < initStatuses.length; i++) {
      const container = initStatuses[i];
      if (!container) continue;
      const restartable = isRestartableInitContainer(initContainers.get(container.name));
      const lastTerminated = container.lastState?.terminated;
      restarts += container.restartCount ?? 0;
      if (lastTerminated)
        lastRestartDate = later(lastRestartDate, parseTimestampMs(lastTerminated.finishedAt));
      if (restartable) {
        restartableInitContainerRestarts += container.restartCount ?? 0;
        if (lastTerminated) {
          lastRestartableInitContainerRestartDate = later(
            lastRestartableInitContainerRestartDate,
            parseTimestampMs(lastTerminated.finishedAt),
          );
        }
      }
      const terminated = container.state?.terminated;
      const waiting = container.state?.waiting;
      if (terminated && terminated.exitCode === 0) continue;
      if (restartable && container.started === true) {
        if (container.ready) readyContainers++;
        continue;
      }
      if (terminated) {
        // Initialization failed.
        if (!terminated.reason) {
          reason = terminated.signal
            ? `Init:Signal:${terminated.signal}`
            : `Init:ExitCode:${terminated.exitCode}`;
        } else {
          reason = `Init:${terminated.reason}`;
        }
      } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
        reason = `Init:${waiting.reason}`;
      } else {
        reason = `Init:${i}/${initContainerSpecs.length}`;
      }
      initializing = true;
      break;
    }

    if (!initializing || isPodInitializedConditionTrue(conditions)) {
      restarts = restartableInitContainerRestarts;
      lastRestartDate = lastRestartableInitContainerRestartDate;
      let hasRunning = false;
      const statuses = status.containerStatuses ?? [];
      // Walk backwards so that the first container's reason wins, as printPod does.
      for (let i = statuses.length - 1; i >= 0; i--) {
        const container = statuses[i];
        if (!container) continue;
        restarts += container.restartCount ?? 0;
        const lastTerminated = container.lastState?.terminated;
        if (lastTerminated)
          lastRestartDate = later(lastRestartDate, parseTimestampMs(lastTerminated.finishedAt));
        const waiting = container.state?.waiting;
        const terminated = container.state?.terminated;
        if (waiting?.reason) {
          reason = waiting.reason;
        } else if (terminated?.reason) {
          reason = terminated.reason;
        } else if (terminated) {
          reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
        } else if (container.ready && container.state?.running) {
          hasRunning = true;
          readyContainers++;
        }
      }
      // Back to "Running" when at least one container still reports running.
      if (reason === "Completed" && hasRunning) {
        reason = hasPodReadyCondition(conditions) ? "Running" : "NotReady";
      }
    }

    if (pod.metadata?.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) {
      reason = "Unknown";
    } else if (pod.metadata?.deletionTimestamp && podPhase !== "Succeeded" && podPhase !== "Failed") {
      reason = "Terminating";
    }

    const restartsStr =
      restarts !== 0 && lastRestartDate !== undefined
        ? `${restarts} (${humanDuration(ctx.nowMs - lastRestartDate)} ago)`
        : `${restarts}`;
    const cells = [
      pod.metadata?.name ?? "",
      `${readyContainers}/${totalContainers}`,
      reason,
      restartsStr,
      translateTimestampSince(pod.metadata?.creationTimestamp, ctx.nowMs),
    ];
    if (ctx.wide) {
      // v1 -> internal conversion: podIP wins over podIPs[0] when both are set.
      const podIP = status.podIP || status.podIPs?.[0]?.ip || "<none>";
      let readinessGates = "<none>";
      const gates = spec?.readinessGates ?? [];
      if (gates.length > 0) {
        let trueConditions = 0;
        for (const gate of gates) {
          const c = conditions.find((x) => x.type === gate.conditionType);
          if (c?.status === "True") trueConditions++;
        }
        readinessGates = `${trueConditions}/${gates.length}`;
      }
      cells.push(podIP, spec?.nodeName || "<none>", status.nominatedNodeName || "<none>", readinessGates);
    }
    return cells;
  },
};
