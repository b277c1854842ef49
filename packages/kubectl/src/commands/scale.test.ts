/**
 * kubectl scale against a simulated API server, in-process: the scale subresource of the
 * workload kinds, the preconditions, `--timeout` in virtual time, and kubectl v1.32's messages
 * (k8s.io/kubectl/pkg/cmd/scale/scale.go, k8s.io/kubectl/pkg/scale/scale.go).
 */
import type { Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { apiServerSimulation } from "../../test/apiServerSimulation.js";
import { kubectl } from "../kubectl.js";

function cluster(): Simulation {
  const sim = apiServerSimulation();
  expect(kubectl(sim, "create deployment web --image=nginx").exitCode).toBe(0);
  expect(kubectl(sim, "create deployment api --image=nginx").exitCode).toBe(0);
  return sim;
}

const replicas = (sim: Simulation, kind: string, name: string) =>
  (sim.store.get(kind, "default", name)!.spec as { replicas?: number }).replicas;

describe("kubectl scale", () => {
  it("sets spec.replicas and prints `scaled`", () => {
    const sim = cluster();
    expect(kubectl(sim, "scale deployment web --replicas=3")).toEqual({
      stdout: "deployment.apps/web scaled\n",
      stderr: "",
      exitCode: 0,
    });
    expect(replicas(sim, "Deployment", "web")).toBe(3);
  });

  it("scales every object of a selector, --all, or several names", () => {
    const sim = cluster();
    expect(kubectl(sim, "scale deploy --all --replicas=2").stdout).toBe(
      "deployment.apps/api scaled\ndeployment.apps/web scaled\n",
    );
    expect(kubectl(sim, "scale deploy -l app=api --replicas=4").stdout).toBe("deployment.apps/api scaled\n");
    expect(kubectl(sim, "scale deploy/web deploy/api --replicas=5").stdout).toBe(
      "deployment.apps/web scaled\ndeployment.apps/api scaled\n",
    );
    expect([replicas(sim, "Deployment", "web"), replicas(sim, "Deployment", "api")]).toEqual([5, 5]);
  });

  it("scales replica sets, replication controllers and stateful sets too", () => {
    const sim = cluster();
    const template = {
      metadata: { labels: { app: "x" } },
      spec: { containers: [{ name: "c", image: "nginx" }] },
    };
    sim.store.create({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "rs", namespace: "default" },
      spec: { replicas: 1, selector: { matchLabels: { app: "x" } }, template },
    });
    sim.store.create({
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "rc", namespace: "default" },
      spec: { replicas: 1, selector: { app: "x" }, template },
    });
    expect(kubectl(sim, "scale rs/rs rc/rc --replicas=2").stdout).toBe(
      "replicaset.apps/rs scaled\nreplicationcontroller/rc scaled\n",
    );
    expect([replicas(sim, "ReplicaSet", "rs"), replicas(sim, "ReplicationController", "rc")]).toEqual([2, 2]);
  });

  it("checks --current-replicas and --resource-version before scaling", () => {
    const sim = cluster();
    expect(kubectl(sim, "scale deploy web --replicas=3 --current-replicas=2")).toEqual({
      stdout: "",
      stderr: "error: Expected replicas to be 2, was 1\n",
      exitCode: 1,
    });
    expect(kubectl(sim, "scale deploy web --replicas=3 --resource-version=999").stderr).toBe(
      `error: Expected resource version to be 999, was ${sim.store.get("Deployment", "default", "web")!.metadata.resourceVersion}\n`,
    );
    expect(kubectl(sim, "scale deploy web --replicas=3 --current-replicas=1").stdout).toBe(
      "deployment.apps/web scaled\n",
    );
    expect(kubectl(sim, "scale deploy --all --replicas=3 --resource-version=1").stderr).toBe(
      "error: cannot use --resource-version with multiple resources\n",
    );
  });

  it("cannot scale a kind without a scale subresource", () => {
    const sim = cluster();
    expect(kubectl(sim, "scale --replicas=2 namespace default")).toEqual({
      stdout: "",
      stderr:
        "Error from server (NotFound): the server could not find the requested resource (patch namespaces default)\n",
      exitCode: 1,
    });
  });

  it("wraps what it could not find in `no objects passed to scale` (kubectl 1.32-1.34)", () => {
    const sim = cluster();
    expect(kubectl(sim, "scale deploy nope --replicas=2").stderr).toBe(
      'error: no objects passed to scale deployments.apps "nope" not found\n',
    );
    expect(kubectl(sim, "scale deploy/web deploy/nope --replicas=2")).toEqual({
      stdout: "deployment.apps/web scaled\n",
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
      exitCode: 1,
    });
  });

  it("prints the object as it was read, before scaling, with -o (kubectl 1.32)", () => {
    const sim = cluster();
    expect(kubectl(sim, "scale deploy web --replicas=7 -o jsonpath={.spec.replicas}").stdout).toBe("1");
    expect(replicas(sim, "Deployment", "web")).toBe(7);
  });

  it("--dry-run changes nothing and says so", () => {
    const sim = cluster();
    expect(kubectl(sim, "scale deploy web --replicas=7 --dry-run=client").stdout).toBe(
      "deployment.apps/web scaled (dry run)\n",
    );
    expect(kubectl(sim, "scale deploy web --replicas=7 --dry-run=server").stdout).toBe(
      "deployment.apps/web scaled (server dry run)\n",
    );
    expect(replicas(sim, "Deployment", "web")).toBe(1);
  });

  it("--timeout waits in virtual time for the status to catch up", () => {
    const sim = cluster();
    const start = sim.nowMs;
    // No deployment controller runs here, so the status never reports 3 replicas.
    expect(kubectl(sim, "scale deploy web --replicas=3 --timeout=30s").stderr).toBe(
      'error: timed out waiting for "web" to be synced\n',
    );
    expect(sim.nowMs - start).toBe(30_000);
  });

  it.each([
    [
      "scale deploy web",
      /^E0101 00:00:00\.000000 {7}1 run\.go:72\] "command failed" err="required flag\(s\) \\"replicas\\" not set"\n$/,
    ],
    [
      "scale deploy web --replicas=-1",
      /^error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n$/,
    ],
    [
      "scale deploy web --replicas=1 --current-replicas=-2",
      /^error: The --current-replicas must specify an integer of -1 or greater\n$/,
    ],
    [
      "scale deploy web --replicas=1 --timeout=soon",
      /^Error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"\n/,
    ],
    ["scale deploy --replicas=1", /^error: resource\(s\) were provided, but no name was specified\n$/],
  ])("%s", (command, stderr) => {
    const r = kubectl(cluster(), command);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(stderr);
  });
});
