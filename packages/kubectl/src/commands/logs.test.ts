/**
 * `kubectl logs` against the API server alone (no kubelet): kubectl v1.32's argument errors,
 * container choice and notices (k8s.io/kubectl/pkg/cmd/logs/logs.go,
 * pkg/polymorphichelpers/logsforobject.go), with a fake runtime standing in for the kubelet.
 */
import type { Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { apiServerSimulation } from "../../test/apiServerSimulation.js";
import type { ContainerExecTarget, ContainerLogOptions, ContainerRuntime } from "../KubectlContext.js";
import { kubectl } from "../kubectl.js";

function fakeRuntime(): ContainerRuntime & {
  calls: { target: ContainerExecTarget; options: ContainerLogOptions }[];
} {
  const calls: { target: ContainerExecTarget; options: ContainerLogOptions }[] = [];
  return {
    calls,
    exec: () => ({ stdout: "", stderr: "", exitCode: 0, elapsedMs: 0 }),
    logs(target, options) {
      calls.push({ target, options });
      return {
        ok: true,
        lines: [
          { stream: "stdout", text: "out\n" },
          { stream: "stderr", text: "err\n" },
        ],
      };
    },
  };
}

function addPod(
  sim: Simulation,
  name: string,
  containers: string[],
  extra: Record<string, unknown> = {},
): void {
  sim.store.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", ...extra },
    spec: { nodeName: "worker-1", containers: containers.map((c) => ({ name: c, image: "busybox" })) },
  });
}

describe("kubectl logs: arguments and the container", () => {
  it("refuses what logs.go refuses, with its wording", () => {
    const sim = apiServerSimulation();
    const run = (args: string) => kubectl(sim, args, { runtime: fakeRuntime() });
    expect(run("logs")).toEqual({
      stdout: "",
      stderr:
        "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
      exitCode: 1,
    });
    expect(run("logs a b c").exitCode).toBe(1);
    expect(run("logs a b -c c").stderr).toBe(
      "error: only one of -c or an inline [CONTAINER] arg is allowed\n",
    );
    expect(run("logs a --tail=-2").stderr).toBe("error: --tail must be greater than or equal to -1\n");
    expect(run("logs a --since=-1s").stderr).toBe("error: --since must be greater than 0\n");
    expect(run("logs a --since=soon").stderr).toContain('time: invalid duration "soon"');
    expect(run("logs a -f").stderr).toMatch(/^error: kubesim does not support kubectl logs -f \(--follow\)/);
    expect(run("logs a").stderr).toBe('Error from server (NotFound): pods "a" not found\n');
  });

  it("merges the streams on stdout and passes --previous, --timestamps, --tail and --since on", () => {
    const sim = apiServerSimulation();
    addPod(sim, "p", ["main"]);
    const runtime = fakeRuntime();
    expect(kubectl(sim, "logs p -p --timestamps --tail=3 --since=1m", { runtime })).toEqual({
      stdout: "out\nerr\n",
      stderr: "",
      exitCode: 0,
    });
    expect(runtime.calls).toEqual([
      {
        target: { namespace: "default", pod: "p", container: "main" },
        options: { previous: true, timestamps: true, tail: 3, sinceSeconds: 60 },
      },
    ]);
  });

  it("defaults to the annotated or the first container, saying so, and refuses an unknown one", () => {
    const sim = apiServerSimulation();
    addPod(sim, "two", ["a", "b"]);
    addPod(sim, "annotated", ["a", "b"], { annotations: { "kubectl.kubernetes.io/default-container": "b" } });
    addPod(sim, "stale", ["a", "b"], { annotations: { "kubectl.kubernetes.io/default-container": "zz" } });
    const runtime = fakeRuntime();
    expect(kubectl(sim, "logs two", { runtime }).stderr).toBe('Defaulted container "a" out of: a, b\n');
    expect(kubectl(sim, "logs annotated", { runtime }).stderr).toBe("");
    expect(kubectl(sim, "logs stale", { runtime }).stderr).toBe(
      'Default container name "zz" not found in pod stale\nDefaulted container "a" out of: a, b\n',
    );
    expect(runtime.calls.map((c) => c.target.container)).toEqual(["a", "b", "a"]);
    expect(kubectl(sim, "logs two c", { runtime }).stderr).toBe(
      "error: container c is not valid for pod two out of: a, b\n",
    );
  });

  it("says it needs a runtime with logs", () => {
    const sim = apiServerSimulation();
    addPod(sim, "p", ["main"]);
    expect(kubectl(sim, "logs p").stderr).toContain("this cluster has no dataplane");
  });
});
