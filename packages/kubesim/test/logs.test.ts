/**
 * Containers' main processes run by the kubelet through the dataplane's tools, and `kubectl logs`
 * (k8s.io/kubectl/pkg/cmd/logs/logs.go, polymorphichelpers/logsforobject.go; the kubelet's
 * `validateContainerLogStatus` in pkg/kubelet/kubelet_pods.go for its refusals): exit codes
 * drive Completed / Error, restarts and CrashLoopBackOff; the output is the container's log.
 */
import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { type Cluster, createCluster } from "../src/index.js";

interface Status {
  phase?: string;
  podIP?: string;
  containerStatuses?: {
    restartCount: number;
    state?: { terminated?: { exitCode: number; reason: string }; waiting?: { reason: string } };
  }[];
}

const status = (c: Cluster, name: string) =>
  (c.sim.store.get("Pod", "default", name) as KubeObject | undefined)?.status as Status | undefined;

function withNginx(seed = 7): { c: Cluster; ip: string } {
  const c = createCluster({ seed });
  expect(c.kubectl("run web --image=nginx").exitCode).toBe(0);
  c.sim.runUntil(() => status(c, "web")?.phase === "Running", { timeoutMs: 60_000 });
  return { c, ip: status(c, "web")!.podIP! };
}

describe("a client pod's main process runs once, when its container starts", () => {
  it("wget of an nginx pod: the pod is Completed and kubectl logs prints the welcome page", () => {
    const { c, ip } = withNginx();
    expect(c.kubectl(`run t --restart=Never --image=busybox -- wget -qO- http://${ip}`).exitCode).toBe(0);
    c.sim.advance(30_000);
    expect(status(c, "t")?.phase).toBe("Succeeded");
    expect(status(c, "t")?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 0,
      reason: "Completed",
    });
    const logs = c.kubectl("logs t");
    expect(logs.exitCode).toBe(0);
    expect(logs.stderr).toBe("");
    expect(logs.stdout).toMatch(/^<!DOCTYPE html>\n/);
    expect(logs.stdout).toContain("<h1>Welcome to nginx!</h1>\n");
    expect(logs.stdout.endsWith("</html>\n")).toBe(true);
    expect(c.kubectl("logs t --tail=1").stdout).toBe("</html>\n");
    expect(c.kubectl("logs t --tail 0").stdout).toBe("");
    // The server's own log (nginx's access log) is not modelled: empty.
    expect(c.kubectl("logs web")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("a refused connection: the pod is Error with wget's exit code 1, and the log has wget's message", () => {
    const { c, ip } = withNginx();
    c.kubectl(`run t --restart=Never --image=busybox -- wget -qO- http://${ip}:81`);
    c.sim.advance(30_000);
    expect(status(c, "t")?.phase).toBe("Failed");
    expect(status(c, "t")?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 1,
      reason: "Error",
    });
    expect(c.kubectl("get pod t").stdout).toMatch(/t\s+0\/1\s+Error\s+0\s/);
    expect(c.kubectl("logs t")).toEqual({
      stdout: `wget: can't connect to remote host (${ip}): Connection refused\n`,
      stderr: "",
      exitCode: 0,
    });
    // A terminated container without an earlier instance has no previous log.
    expect(c.kubectl("logs t -p")).toEqual({
      stdout: "",
      stderr: 'Error from server (BadRequest): previous terminated container "t" in pod "t" not found\n',
      exitCode: 1,
    });
  });

  it("restartPolicy OnFailure restarts the failing container into CrashLoopBackOff; --previous reads the last instance", () => {
    const { c, ip } = withNginx();
    c.kubectl(`run t --restart=OnFailure --image=busybox -- wget -qO- http://${ip}:81`);
    c.sim.advance(60_000);
    const s = status(c, "t")!;
    expect(s.phase).toBe("Running");
    expect(s.containerStatuses![0]!.restartCount).toBeGreaterThanOrEqual(2);
    expect(c.kubectl("get pod t").stdout).toContain("CrashLoopBackOff");
    const refused = `wget: can't connect to remote host (${ip}): Connection refused\n`;
    expect(c.kubectl("logs t").stdout).toBe(refused);
    expect(c.kubectl("logs t --previous").stdout).toBe(refused);
    // The timestamp is the virtual instant the process wrote the line (RFC3339Nano).
    expect(c.kubectl("logs t --timestamps").stdout).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z wget: can't connect/,
    );
  });

  it("OnFailure with a process that succeeds: Completed without restarts", () => {
    const { c, ip } = withNginx();
    c.kubectl(`run t --restart=OnFailure --image=busybox -- wget -qO- http://${ip}`);
    c.sim.advance(30_000);
    expect(status(c, "t")?.phase).toBe("Succeeded");
    expect(status(c, "t")?.containerStatuses?.[0]?.restartCount).toBe(0);
  });

  it("is deterministic: the same seed gives the same log, timestamps included", () => {
    const run = () => {
      const { c, ip } = withNginx(11);
      c.kubectl(`run t --restart=Never --image=busybox -- wget -qO- http://${ip}:81`);
      c.kubectl(`run u --restart=Never --image=busybox -- wget -qO- http://${ip}`);
      c.sim.advance(30_000);
      return [c.kubectl("logs t --timestamps").stdout, c.kubectl("logs u --timestamps").stdout];
    };
    const a = run();
    expect(a[0]).not.toBe("");
    expect(run()).toEqual(a);
  });
});

describe("kubectl logs: which pod and container, and the kubelet's refusals", () => {
  it("refuses a container that is waiting to start, and -f", () => {
    const c = createCluster({ seed: 3 });
    c.kubectl("run s --image=busybox --restart=Never -- sleep 100");
    c.sim.runUntil(() => status(c, "s")?.containerStatuses !== undefined, { timeoutMs: 30_000 });
    expect(c.kubectl("logs s")).toEqual({
      stdout: "",
      stderr:
        'Error from server (BadRequest): container "s" in pod "s" is waiting to start: ContainerCreating\n',
      exitCode: 1,
    });
    expect(c.kubectl("logs -f s").stderr).toMatch(/^error: kubesim does not support kubectl logs -f/);
    expect(c.kubectl("logs nope").stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it("deploy/NAME reads the first pod kubectl picks, saying which when there are several", () => {
    const c = createCluster({ seed: 3 });
    c.kubectl("create deployment web --image=nginx --replicas=2");
    c.sim.advance(30_000);
    const r = c.kubectl("logs deploy/web");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/^Found 2 pods, using pod\/web-[a-z0-9]+-[a-z0-9]{5}\n$/);
    expect(c.kubectl("logs deploy/web -c nope").stderr).toMatch(
      /error: container nope is not valid for pod web-[a-z0-9-]+ out of: nginx\n$/,
    );
  });
});
