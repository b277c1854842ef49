/**
 * `kubectl exec` and attached `kubectl run` on a whole simulated cluster (scheduler, kubelets,
 * dataplane; a fake container runtime stands in for the tools where exec's calls are checked): run.go's attached flow
 * (wait for Running and Ready in virtual time, the session, the wait for completion with
 * `--restart=Never`, `--rm`), kubectl v1.32's messages and exit codes
 * (k8s.io/kubectl/pkg/cmd/run/run.go, pkg/cmd/attach/attach.go, pkg/cmd/exec/exec.go).
 */
import type { KubeObject } from "@kubesim/core";
import type {
  ContainerExecOptions,
  ContainerExecResult,
  ContainerExecTarget,
  ContainerRuntime,
} from "@kubesim/kubectl";
import { kubectl } from "@kubesim/kubectl";
import { describe, expect, it } from "vitest";
import { containerRuntime } from "../src/containerRuntime.js";
import { type Cluster, createCluster } from "../src/index.js";

interface Call {
  readonly target: ContainerExecTarget;
  readonly argv: readonly string[];
  readonly options: ContainerExecOptions;
  /** The pod as the runtime saw it when called. */
  readonly pod: KubeObject | undefined;
  readonly atMs: number;
}

function fakeRuntime(
  cluster: Cluster,
  answer: Partial<ContainerExecResult> = {},
): ContainerRuntime & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    exec(target, argv, options) {
      calls.push({
        target,
        argv,
        options,
        pod: cluster.sim.store.get("Pod", target.namespace, target.pod),
        atMs: cluster.sim.nowMs,
      });
      return { stdout: "", stderr: "", exitCode: 0, elapsedMs: 0, ...answer };
    },
  };
}

const phase = (pod: KubeObject | undefined) => (pod?.status as { phase?: string } | undefined)?.phase;

const PROMPT = "If you don't see a command prompt, try pressing enter.\n";

/** A cluster with an nginx pod `web` that runs; returns its IP. */
function withNginx(seed = 5): { c: Cluster; ip: string } {
  const c = createCluster({ seed });
  expect(c.kubectl("run web --image=nginx").exitCode).toBe(0);
  c.sim.runUntil(() => phase(c.sim.store.get("Pod", "default", "web")) === "Running", { timeoutMs: 60_000 });
  const ip = (c.sim.store.get("Pod", "default", "web")?.status as { podIP?: string } | undefined)?.podIP;
  expect(ip).toBeDefined();
  return { c, ip: ip! };
}

/** Connections the network tracked to `ip:port` since `sinceMs`, on every node. */
function connectionsTo(c: Cluster, ip: string, port: number, sinceMs: number): number {
  let n = 0;
  for (const node of c.sim.store.list("Node"))
    for (const e of c.dataplane.conntrack(node.metadata.name!).entries(c.sim.nowMs))
      if (e.original.dst.ip === ip && e.original.dst.port === port && e.createdAtMs >= sinceMs) n++;
  return n;
}

describe("kubectl run --rm -i --restart=Never (attached): the kubelet runs the process, kubectl shows its log", () => {
  it("waits for the pod to run, prints the output once, deletes the pod; the network saw one request", () => {
    const { c, ip } = withNginx();
    const runtime = fakeRuntime(c);
    const start = c.sim.nowMs;
    const r = c.kubectl(`run client --rm -i --restart=Never --image=busybox -- wget -qO- http://${ip}`, {
      runtime: { ...containerRuntime(c.dataplane, c.kubelet), exec: runtime.exec },
    });
    expect(r.stdout).toMatch(
      /^<!DOCTYPE html>\n[\s\S]*<h1>Welcome to nginx!<\/h1>[\s\S]*<\/html>\npod "client" deleted\n$/,
    );
    expect(r.stdout.match(/Welcome to nginx!<\/h1>/g)).toHaveLength(1);
    expect(r.stderr).toBe(PROMPT);
    expect(r.exitCode).toBe(0);
    // kubectl no longer runs the command itself: the container's main process ran once.
    expect(runtime.calls).toEqual([]);
    expect(connectionsTo(c, ip, 80, start)).toBe(1);
    c.sim.settle();
    expect(c.sim.store.get("Pod", "default", "client")).toBeUndefined();
  });

  it("exits with the container's exit code and kubectl's `terminated (Error)` line", () => {
    const { c, ip } = withNginx();
    const r = c.kubectl(`run client --rm -i --restart=Never --image=busybox -- wget -qO- http://${ip}:81`);
    expect(r).toEqual({
      stdout: 'pod "client" deleted\n',
      stderr: `${PROMPT}wget: can't connect to remote host (${ip}): Connection refused\npod default/client terminated (Error)\n`,
      exitCode: 1,
    });
    c.sim.settle();
    expect(c.sim.store.get("Pod", "default", "client")).toBeUndefined();
  });

  it("with -t says that stdin is no terminal, and with -q prints only the session", () => {
    const { c, ip } = withNginx();
    const a = c.kubectl(`run a --rm -it --restart=Never --image=busybox -- wget -qO- http://${ip}`);
    expect(a.stderr).toBe(
      `Unable to use a TTY - input is not a terminal or the right kind of file\n${PROMPT}`,
    );
    expect(a.stdout).toContain("Welcome to nginx!");
    // --command: the arguments are the container's command.
    expect(
      c.kubectl("run d --rm -q -i --restart=Never --image=busybox --command -- sh -c 'echo ok'"),
    ).toEqual({
      stdout: "ok\n",
      stderr: "",
      exitCode: 0,
    });
  });

  it("prints a pod's log on stdout without the prompt hint when it completed before kubectl could attach", () => {
    // run.go handleAttachPod: a pod that already ran to completion has its logs streamed instead.
    const c = createCluster({ seed: 5 });
    expect(c.kubectl("run quick --rm -i --restart=Never --image=busybox -- echo done")).toEqual({
      stdout: 'done\npod "quick" deleted\n',
      stderr: "",
      exitCode: 0,
    });
    // busybox without arguments: its shell exits at once without a terminal, printing nothing.
    expect(c.kubectl("run shell --rm -i --restart=Never --image=busybox")).toEqual({
      stdout: 'pod "shell" deleted\n',
      stderr: "",
      exitCode: 0,
    });
  });

  it("keeps the pod without --rm, and it completes", () => {
    const { c, ip } = withNginx();
    const r = c.kubectl(`run once -i --restart=Never --image=busybox -- wget -qO- http://${ip}`);
    expect(r.stdout).toContain("Welcome to nginx!");
    expect(r.stderr).toBe(PROMPT);
    expect(r.exitCode).toBe(0);
    expect(phase(c.sim.store.get("Pod", "default", "once"))).toBe("Succeeded");
  });

  it("gives up after --pod-running-timeout with kubectl's error, still removing the pod", () => {
    const c = createCluster({ seed: 5 });
    const start = c.sim.nowMs;
    const r = c.kubectl("run slow --rm -i --restart=Never --pod-running-timeout=1s --image=busybox -- date");
    expect(r).toEqual({
      stdout: 'pod "slow" deleted\n',
      stderr: "error: timed out waiting for the condition\n",
      exitCode: 1,
    });
    expect(c.sim.nowMs - start).toBe(1000);
    c.sim.settle();
    expect(c.sim.store.get("Pod", "default", "slow")).toBeUndefined();
  });

  it("says that it needs a dataplane when the cluster has no runtime (or one without logs), and still cleans up", () => {
    // kubectl used as a library on a bare simulation: no container runtime is given.
    const c = createCluster({ seed: 5 });
    const r = kubectl(c.sim, "run x --rm -i --restart=Never --image=busybox -- wget -qO- http://web");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('pod "x" deleted\n');
    expect(r.stderr).toContain("this cluster has no dataplane");
    const old = c.kubectl("run y --rm -i --restart=Never --image=busybox -- echo hi", {
      runtime: fakeRuntime(c),
    });
    expect(old.stderr).toContain("this cluster has no dataplane");
    c.sim.settle();
    expect(c.sim.store.get("Pod", "default", "x")).toBeUndefined();
  });

  it("still refuses --rm without attaching, and attaching with --dry-run", () => {
    const c = createCluster({ seed: 5 });
    expect(c.kubectl("run x --rm --image=busybox").stderr).toBe(
      "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n",
    );
    expect(c.kubectl("run x -i --dry-run=client --image=busybox").exitCode).toBe(1);
  });
});

describe("kubectl exec on a running cluster", () => {
  it("execs into a Deployment's pod once it runs, and advances time by the command's duration", () => {
    const c = createCluster({ seed: 5 });
    expect(c.kubectl("create deployment web --image=nginx --replicas=2").exitCode).toBe(0);
    c.sim.settle();
    const pods = c.sim.store.list("Pod", { namespace: "default" });
    expect(pods.map(phase)).toEqual(["Running", "Running"]);
    const runtime = fakeRuntime(c, { stdout: "<html>\n", elapsedMs: 250 });
    const before = c.sim.nowMs;
    const r = c.kubectl("exec deploy/web -- curl -s localhost", { runtime });
    expect(r).toEqual({ stdout: "<html>\n", stderr: "", exitCode: 0 });
    expect(c.sim.nowMs - before).toBe(250);
    expect(pods.map((p) => p.metadata.name)).toContain(runtime.calls[0]!.target.pod);
    expect(runtime.calls[0]!.target.container).toBe("nginx");
  });

  it("refuses a pod whose container has not started yet, as the kubelet does", () => {
    const c = createCluster({ seed: 5 });
    expect(c.kubectl("run web --image=nginx").exitCode).toBe(0);
    c.sim.advance(0);
    const r = c.kubectl("exec web -- date", { runtime: fakeRuntime(c) });
    expect(r.stderr).toBe('error: unable to upgrade connection: container not found ("web")\n');
  });
});
