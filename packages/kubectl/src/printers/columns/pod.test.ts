import type { Container, ContainerStatus, Pod, PodStatus } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { podPrinter } from "./pod.js";

// Cases ported from K8s pkg/printers/internalversion/printers_test.go (TestPrintPod,
// TestPrintPodWithRestartableInitContainer, TestPrintPodwide, TestPrintPodConditions,
// TestPrintNonTerminatedPod). time.Now() there is NOW here.
const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const SECOND = 1000;
const DAY = 24 * 3600 * SECOND;

const containers = (n: number): Container[] => Array.from({ length: n }, () => ({ name: "" }));
const cs = (s: Partial<ContainerStatus>): ContainerStatus => ({
  name: "",
  image: "",
  imageID: "",
  ready: false,
  restartCount: 0,
  ...s,
});
const restartedAgo = (ms: number) => ({ terminated: { exitCode: 0, finishedAt: ago(ms) } });
const always = "Always";

function pod(
  name: string,
  spec: Partial<NonNullable<Pod["spec"]>>,
  status: PodStatus,
  deleting = false,
): Pod {
  return {
    metadata: { name, ...(deleting ? { deletionTimestamp: ago(10 * SECOND) } : {}) },
    spec: { containers: [], ...spec },
    status,
  };
}

const row = (p: Pod) => podPrinter.row(p, { nowMs: NOW, wide: false });
const wideRow = (p: Pod) => podPrinter.row(p, { nowMs: NOW, wide: true });

describe("podPrinter", () => {
  it("has the columns of printers.go podColumnDefinitions", () => {
    expect(podPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      "Name:0",
      "Ready:0",
      "Status:0",
      "Restarts:0",
      "Age:0",
      "IP:1",
      "Node:1",
      "Nominated Node:1",
      "Readiness Gates:1",
    ]);
  });

  it.each<[string, Pod, string[]]>([
    [
      "test1: name, containers, restarts, ready count",
      pod(
        "test1",
        { containers: containers(2) },
        {
          phase: "podPhase",
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { running: {} } }),
            cs({ restartCount: 3 }),
          ],
        },
      ),
      ["test1", "1/2", "podPhase", "6", "<unknown>"],
    ],
    [
      "test2: a container's waiting reason overrides the phase",
      pod(
        "test2",
        { containers: containers(2) },
        {
          phase: "podPhase",
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { running: {} } }),
            cs({ restartCount: 3, state: { waiting: { reason: "ContainerWaitingReason" } } }),
          ],
        },
      ),
      ["test2", "1/2", "ContainerWaitingReason", "6", "<unknown>"],
    ],
    [
      "test3: the first container's reason wins over later ones",
      pod(
        "test3",
        { containers: containers(2) },
        {
          phase: "podPhase",
          containerStatuses: [
            cs({ restartCount: 3, state: { waiting: { reason: "ContainerWaitingReason" } } }),
            cs({
              restartCount: 3,
              state: { terminated: { exitCode: 0, reason: "ContainerTerminatedReason" } },
            }),
          ],
        },
      ),
      ["test3", "0/2", "ContainerWaitingReason", "6", "<unknown>"],
    ],
    [
      "test4: ready is not enough for reporting running",
      pod(
        "test4",
        { containers: containers(2) },
        {
          phase: "podPhase",
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { running: {} } }),
            cs({ ready: true, restartCount: 3 }),
          ],
        },
      ),
      ["test4", "1/2", "podPhase", "6", "<unknown>"],
    ],
    [
      "test5: the pod reason overrides the phase",
      pod(
        "test5",
        { containers: containers(2) },
        {
          reason: "podReason",
          phase: "podPhase",
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { running: {} } }),
            cs({ ready: true, restartCount: 3 }),
          ],
        },
      ),
      ["test5", "1/2", "podReason", "6", "<unknown>"],
    ],
    [
      "test6: one container completed and one running, without a Ready condition",
      pod(
        "test6",
        { containers: containers(2) },
        {
          phase: "Running",
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { terminated: { reason: "Completed", exitCode: 0 } } }),
            cs({ ready: true, restartCount: 3, state: { running: {} } }),
          ],
        },
      ),
      ["test6", "1/2", "NotReady", "6", "<unknown>"],
    ],
    [
      "test6: one container completed and one running, with a Ready condition",
      pod(
        "test6",
        { containers: containers(2) },
        {
          phase: "Running",
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { terminated: { reason: "Completed", exitCode: 0 } } }),
            cs({ ready: true, restartCount: 3, state: { running: {} } }),
          ],
          conditions: [{ type: "Ready", status: "True" }],
        },
      ),
      ["test6", "1/2", "Running", "6", "<unknown>"],
    ],
    [
      "test7: an init container restarting",
      pod(
        "test7",
        { initContainers: containers(1), containers: containers(1) },
        {
          phase: "podPhase",
          initContainerStatuses: [
            cs({ restartCount: 3, state: { running: {} }, lastState: restartedAgo(10 * SECOND) }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
        },
      ),
      ["test7", "0/1", "Init:0/1", "3 (10s ago)", "<unknown>"],
    ],
    [
      "test8: the first of two init containers restarting",
      pod(
        "test8",
        { initContainers: containers(2), containers: containers(1) },
        {
          phase: "podPhase",
          initContainerStatuses: [
            cs({ restartCount: 3, state: { running: {} }, lastState: restartedAgo(10 * SECOND) }),
            cs({ state: { waiting: {} } }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
        },
      ),
      ["test8", "0/1", "Init:0/2", "3 (10s ago)", "<unknown>"],
    ],
    [
      "test9: one init container completed, the second restarting",
      pod(
        "test9",
        { initContainers: containers(2), containers: containers(1) },
        {
          phase: "podPhase",
          initContainerStatuses: [
            cs({ state: { terminated: { exitCode: 0 } } }),
            cs({ restartCount: 3, state: { running: {} }, lastState: restartedAgo(10 * SECOND) }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
        },
      ),
      ["test9", "0/1", "Init:1/2", "3 (10s ago)", "<unknown>"],
    ],
    [
      "test10: restarts of completed init containers count while initializing",
      pod(
        "test10",
        { initContainers: containers(2), containers: containers(1) },
        {
          phase: "podPhase",
          initContainerStatuses: [
            cs({
              restartCount: 2,
              state: { terminated: { exitCode: 0 } },
              lastState: restartedAgo(120 * SECOND),
            }),
            cs({ restartCount: 3, state: { running: {} }, lastState: restartedAgo(10 * SECOND) }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
        },
      ),
      ["test10", "0/1", "Init:1/2", "5 (10s ago)", "<unknown>"],
    ],
    [
      "test11: once initialized, only app containers' restarts count",
      pod(
        "test11",
        { initContainers: containers(1), containers: containers(1) },
        {
          phase: "Running",
          initContainerStatuses: [
            cs({
              restartCount: 2,
              state: { terminated: { exitCode: 0 } },
              lastState: restartedAgo(120 * SECOND),
            }),
          ],
          containerStatuses: [
            cs({ restartCount: 4, state: { running: {} }, lastState: restartedAgo(20 * SECOND) }),
          ],
        },
      ),
      ["test11", "0/1", "Running", "4 (20s ago)", "<unknown>"],
    ],
    [
      "test12: a container that restarted 5d ago",
      pod(
        "test12",
        { containers: containers(1) },
        {
          phase: "Running",
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { running: {} }, lastState: restartedAgo(5 * DAY) }),
          ],
        },
      ),
      ["test12", "1/1", "Running", "3 (5d ago)", "<unknown>"],
    ],
    [
      "test13: one container never restarted, the other 10d ago",
      pod(
        "test13",
        { containers: containers(2) },
        {
          phase: "Running",
          containerStatuses: [
            cs({ ready: true, state: { running: {} } }),
            cs({ ready: true, restartCount: 3, state: { running: {} }, lastState: restartedAgo(10 * DAY) }),
          ],
        },
      ),
      ["test13", "2/2", "Running", "3 (10d ago)", "<unknown>"],
    ],
    [
      "test14: the latest restart of any container is shown",
      pod(
        "test14",
        { containers: containers(2) },
        {
          phase: "Running",
          containerStatuses: [
            cs({ ready: true, restartCount: 6, state: { running: {} }, lastState: restartedAgo(5 * DAY) }),
            cs({ ready: true, restartCount: 3, state: { running: {} }, lastState: restartedAgo(20 * DAY) }),
          ],
        },
      ),
      ["test14", "2/2", "Running", "9 (5d ago)", "<unknown>"],
    ],
    [
      "test15: PodScheduled condition with reason SchedulingGated",
      pod(
        "test15",
        { containers: containers(2) },
        {
          phase: "podPhase",
          conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }],
        },
      ),
      ["test15", "0/2", "SchedulingGated", "0", "<unknown>"],
    ],
    [
      "test16: succeeded pod",
      pod(
        "test16",
        { containers: containers(1) },
        {
          phase: "Succeeded",
          containerStatuses: [cs({ state: { terminated: { reason: "Completed", exitCode: 0 } } })],
        },
      ),
      ["test16", "0/1", "Completed", "0", "<unknown>"],
    ],
    [
      "test17: failed pod",
      pod(
        "test17",
        { containers: containers(1) },
        {
          phase: "Failed",
          containerStatuses: [cs({ state: { terminated: { reason: "Error", exitCode: 1 } } })],
        },
      ),
      ["test17", "0/1", "Error", "0", "<unknown>"],
    ],
    [
      "test18: a succeeded pod being deleted is not Terminating",
      pod(
        "test18",
        { containers: containers(1) },
        {
          phase: "Succeeded",
          containerStatuses: [cs({ state: { terminated: { reason: "Completed", exitCode: 0 } } })],
        },
        true,
      ),
      ["test18", "0/1", "Completed", "0", "<unknown>"],
    ],
    [
      "test19: a running pod being deleted is Terminating",
      pod(
        "test19",
        { containers: containers(1) },
        { phase: "Running", containerStatuses: [cs({ state: { running: {} } })] },
        true,
      ),
      ["test19", "0/1", "Terminating", "0", "<unknown>"],
    ],
    [
      "test20: a pending pod being deleted is Terminating",
      pod("test20", { containers: containers(1) }, { phase: "Pending" }, true),
      ["test20", "0/1", "Terminating", "0", "<unknown>"],
    ],
  ])("printers_test.go TestPrintPod %s", (_name, p, expected) => {
    expect(row(p)).toEqual(expected);
  });

  const sidecars = (): Container[] => [
    { name: "restartable-init-1", restartPolicy: always },
    { name: "restartable-init-2", restartPolicy: always },
  ];

  it.each<[string, Pod, string[]]>([
    [
      "two sidecars, the first running but not started",
      pod(
        "test1",
        { initContainers: sidecars(), containers: containers(1) },
        {
          phase: "Pending",
          initContainerStatuses: [
            cs({
              name: "restartable-init-1",
              restartCount: 3,
              state: { running: {} },
              started: false,
              lastState: restartedAgo(10 * SECOND),
            }),
            cs({ name: "restartable-init-2", state: { waiting: {} }, started: false }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
          conditions: [{ type: "Initialized", status: "False" }],
        },
      ),
      ["test1", "0/3", "Init:0/2", "3 (10s ago)", "<unknown>"],
    ],
    [
      "the first sidecar started, the second running but not started",
      pod(
        "test1",
        { initContainers: sidecars(), containers: containers(1) },
        {
          phase: "Pending",
          initContainerStatuses: [
            cs({
              name: "restartable-init-1",
              restartCount: 3,
              state: { running: {} },
              started: true,
              lastState: restartedAgo(10 * SECOND),
            }),
            cs({ name: "restartable-init-2", state: { running: {} }, started: false }),
          ],
          containerStatuses: [cs({ state: { waiting: {} } })],
          conditions: [{ type: "Initialized", status: "False" }],
        },
      ),
      ["test1", "0/3", "Init:1/2", "3 (10s ago)", "<unknown>"],
    ],
    [
      "both sidecars started and the container running",
      pod(
        "test2",
        { initContainers: sidecars(), containers: containers(1) },
        {
          phase: "Running",
          initContainerStatuses: [
            cs({
              name: "restartable-init-1",
              restartCount: 3,
              state: { running: {} },
              started: true,
              lastState: restartedAgo(10 * SECOND),
            }),
            cs({ name: "restartable-init-2", state: { running: {} }, started: true }),
          ],
          containerStatuses: [
            cs({
              ready: true,
              restartCount: 4,
              state: { running: {} },
              lastState: restartedAgo(20 * SECOND),
            }),
          ],
          conditions: [{ type: "Initialized", status: "True" }],
        },
      ),
      ["test2", "1/3", "Running", "7 (10s ago)", "<unknown>"],
    ],
    [
      "sidecars exited non-zero and the container completed",
      pod(
        "test3",
        { initContainers: sidecars(), containers: containers(1) },
        {
          phase: "Succeeded",
          initContainerStatuses: [
            cs({
              name: "restartable-init-1",
              restartCount: 3,
              state: { terminated: { reason: "Error", exitCode: 137 } },
              started: false,
              lastState: restartedAgo(10 * SECOND),
            }),
            cs({
              name: "restartable-init-2",
              state: { terminated: { reason: "Error", exitCode: 137 } },
              started: false,
            }),
          ],
          containerStatuses: [
            cs({
              restartCount: 4,
              state: { terminated: { reason: "Completed", exitCode: 0 } },
              lastState: restartedAgo(20 * SECOND),
            }),
          ],
          conditions: [{ type: "Initialized", status: "True" }],
        },
      ),
      ["test3", "0/3", "Completed", "7 (10s ago)", "<unknown>"],
    ],
    [
      "statuses of containers that are not in the spec",
      pod(
        "test4",
        {
          initContainers: [
            { name: "init1", image: "initimage" },
            { name: "sidecar1", image: "sidecarimage", restartPolicy: always },
          ],
          containers: [{ name: "container1", image: "containerimage" }],
        },
        {
          phase: "Running",
          initContainerStatuses: [
            cs({ name: "initinvalid" }),
            cs({ name: "init1" }),
            cs({ name: "sidecar1" }),
          ],
          containerStatuses: [cs({ name: "containerinvalid" }), cs({ name: "container1" })],
        },
      ),
      ["test4", "0/2", "Init:0/2", "0", "<unknown>"],
    ],
  ])("printers_test.go TestPrintPodWithRestartableInitContainer: %s", (_name, p, expected) => {
    expect(row(p)).toEqual(expected);
  });

  describe("wide", () => {
    const gated = (podIPs: { ip: string }[]) =>
      pod(
        "test1",
        {
          containers: containers(2),
          nodeName: "test1",
          readinessGates: [
            { conditionType: "condition1" },
            { conditionType: "condition2" },
            { conditionType: "condition3" },
          ],
        },
        {
          conditions: [
            { type: "condition1", status: "False" },
            { type: "condition2", status: "True" },
          ],
          phase: "podPhase",
          podIPs,
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { running: {} } }),
            cs({ restartCount: 3 }),
          ],
          nominatedNodeName: "node1",
        },
      );

    it("printers_test.go TestPrintPodwide: IP, NODE, NOMINATED NODE and READINESS GATES", () => {
      const expected = ["test1", "1/2", "podPhase", "6", "<unknown>", "1.1.1.1", "test1", "node1", "1/3"];
      expect(wideRow(gated([{ ip: "1.1.1.1" }]))).toEqual(expected);
      expect(wideRow(gated([{ ip: "1.1.1.1" }, { ip: "2001:db8::" }]))).toEqual(expected);
    });

    it("printers_test.go TestPrintPodwide: <none> when unscheduled", () => {
      const p = pod(
        "test2",
        { containers: containers(2), nodeName: "" },
        {
          phase: "podPhase",
          containerStatuses: [
            cs({ ready: true, restartCount: 3, state: { running: {} } }),
            cs({ restartCount: 3, state: { waiting: { reason: "ContainerWaitingReason" } } }),
          ],
        },
      );
      expect(wideRow(p)).toEqual([
        "test2",
        "1/2",
        "ContainerWaitingReason",
        "6",
        "<unknown>",
        "<none>",
        "<none>",
        "<none>",
        "<none>",
      ]);
    });

    it("takes the IP from status.podIP when podIPs is empty (v1 -> internal conversion)", () => {
      const p = pod("a", { containers: containers(1) }, { phase: "Running", podIP: "10.244.0.7" });
      expect(wideRow(p)[5]).toBe("10.244.0.7");
    });
  });

  it.each<[string, string]>([
    ["Running", "Running"],
    ["Pending", "Pending"],
    ["Unknown", "Unknown"],
    ["Succeeded", "Succeeded"],
    ["Failed", "Failed"],
  ])("printers_test.go TestPrintNonTerminatedPod / TestPrintPodConditions: phase %s", (phase, status) => {
    const p = pod(
      "test1",
      { containers: containers(2) },
      {
        phase,
        containerStatuses: [
          cs({ ready: true, restartCount: 3, state: { running: {} } }),
          cs({ restartCount: 3 }),
        ],
      },
    );
    expect(row(p)).toEqual(["test1", "1/2", status, "6", "<unknown>"]);
  });

  describe("STATUS as the kubelet reports a pod's life", () => {
    const one = (status: PodStatus, deleting = false) =>
      row(pod("p", { containers: [{ name: "app" }] }, status, deleting))[2];

    it("ContainerCreating and CrashLoopBackOff come from the waiting reason", () => {
      expect(
        one({
          phase: "Pending",
          containerStatuses: [cs({ state: { waiting: { reason: "ContainerCreating" } } })],
        }),
      ).toBe("ContainerCreating");
      expect(
        one({
          phase: "Running",
          containerStatuses: [cs({ restartCount: 5, state: { waiting: { reason: "CrashLoopBackOff" } } })],
        }),
      ).toBe("CrashLoopBackOff");
    });

    it("a terminated container without a reason reads Signal:N or ExitCode:N", () => {
      expect(
        one({ phase: "Running", containerStatuses: [cs({ state: { terminated: { exitCode: 2 } } })] }),
      ).toBe("ExitCode:2");
      expect(
        one({
          phase: "Running",
          containerStatuses: [cs({ state: { terminated: { exitCode: 137, signal: 9 } } })],
        }),
      ).toBe("Signal:9");
    });

    it("failing init containers read Init:<reason>, Init:ExitCode:N, Init:Signal:N", () => {
      const init = (s: Partial<ContainerStatus>) =>
        row(
          pod(
            "p",
            { initContainers: [{ name: "i" }], containers: [{ name: "app" }] },
            { phase: "Pending", initContainerStatuses: [cs(s)] },
          ),
        )[2];
      expect(init({ state: { waiting: { reason: "CrashLoopBackOff" } } })).toBe("Init:CrashLoopBackOff");
      expect(init({ state: { waiting: { reason: "PodInitializing" } } })).toBe("Init:0/1");
      expect(init({ state: { terminated: { exitCode: 1, reason: "Error" } } })).toBe("Init:Error");
      expect(init({ state: { terminated: { exitCode: 3 } } })).toBe("Init:ExitCode:3");
      expect(init({ state: { terminated: { exitCode: 143, signal: 15 } } })).toBe("Init:Signal:15");
    });

    it("a deleted pod of a lost node reads Unknown; the NodeLost reason shows until deletion", () => {
      const lost: PodStatus = {
        phase: "Running",
        reason: "NodeLost",
        containerStatuses: [cs({ state: { running: {} } })],
      };
      expect(one(lost, true)).toBe("Unknown");
      expect(one({ ...lost, containerStatuses: [] })).toBe("NodeLost");
    });

    it("RESTARTS carries no age when no termination time is known", () => {
      const p = pod(
        "p",
        { containers: [{ name: "app" }] },
        { phase: "Running", containerStatuses: [cs({ restartCount: 2, state: { running: {} } })] },
      );
      expect(row(p)[3]).toBe("2");
    });
  });

  it("AGE counts from metadata.creationTimestamp", () => {
    const p: Pod = {
      metadata: { name: "p", creationTimestamp: ago(5 * 60 * SECOND + 30 * SECOND) },
      spec: { containers: [] },
    };
    expect(row(p)).toEqual(["p", "0/0", "", "0", "5m30s"]);
  });
});
