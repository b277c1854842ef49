/**
 * `kubectl exec` and attached `kubectl run` on a whole simulated cluster (scheduler, kubelets),
 * with a fake container runtime standing in for the dataplane's tools: run.go's attached flow
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

describe("kubectl run --rm -i --restart=Never (attached)", () => {
  it("waits for the pod to run, prints the command's output, deletes the pod and leaves nothing behind", () => {
    const c = createCluster({ seed: 5 });
    const runtime = fakeRuntime(c, { stdout: "hello from web\n", elapsedMs: 1000 });
    const start = c.sim.nowMs;
    const r = c.kubectl("run client --rm -i --restart=Never --image=busybox -- wget -qO- http://web", {
      runtime,
    });
    expect(r).toEqual({ stdout: 'hello from web\npod "client" deleted\n', stderr: PROMPT, exitCode: 0 });
    expect(runtime.calls).toHaveLength(1);
    const call = runtime.calls[0]!;
    expect(call.target).toEqual({ namespace: "default", pod: "client", container: "client" });
    expect(call.argv).toEqual(["wget", "-qO-", "http://web"]);
    expect(call.options).toEqual({ stdin: "", tty: false, mainProcess: true });
    // The session began once the pod ran (sandbox, pull, start take seconds), not at once.
    expect(phase(call.pod)).toBe("Running");
    expect(call.atMs).toBeGreaterThan(start);
    c.sim.settle();
    expect(c.sim.store.list("Pod", { namespace: "default" }).map((p) => p.metadata.name)).toEqual([]);
  });

  it("exits with the container's exit code and kubectl's `terminated (Error)` line", () => {
    const c = createCluster({ seed: 5 });
    const runtime = fakeRuntime(c, {
      stderr: "wget: can't connect to remote host (10.96.0.50): Connection refused\n",
      exitCode: 1,
      elapsedMs: 20,
    });
    const r = c.kubectl("run client --rm -i --restart=Never --image=busybox -- wget -qO- http://10.96.0.50", {
      runtime,
    });
    expect(r).toEqual({
      stdout: 'pod "client" deleted\n',
      stderr: `${PROMPT}wget: can't connect to remote host (10.96.0.50): Connection refused\npod default/client terminated (Error)\n`,
      exitCode: 1,
    });
    c.sim.settle();
    expect(c.sim.store.get("Pod", "default", "client")).toBeUndefined();
  });

  it("with -t says that stdin is no terminal, and with -q prints only the session", () => {
    const c = createCluster({ seed: 5 });
    const runtime = fakeRuntime(c, { stdout: "ok\n" });
    expect(c.kubectl("run a --rm -it --restart=Never --image=busybox -- wget -qO- web", { runtime })).toEqual(
      {
        stdout: 'ok\npod "a" deleted\n',
        stderr: `Unable to use a TTY - input is not a terminal or the right kind of file\n${PROMPT}`,
        exitCode: 0,
      },
    );
    expect(c.kubectl("run b --rm -q -i --restart=Never --image=busybox -- echo ok", { runtime })).toEqual({
      stdout: "ok\n",
      stderr: "",
      exitCode: 0,
    });
    // --command: the arguments are the container's command, passed the same way.
    c.kubectl("run d --rm -i --restart=Never --image=busybox --command -- sh -c 'echo ok'", { runtime });
    expect(runtime.calls.map((call) => call.argv)).toEqual([
      ["wget", "-qO-", "web"],
      ["echo", "ok"],
      ["sh", "-c", "echo ok"],
    ]);
  });

  it("prints a pod's output without the prompt hint when it completed before kubectl could attach", () => {
    // run.go handleAttachPod: a pod that already ran to completion has its logs streamed instead.
    const c = createCluster({ seed: 5 });
    const runtime = fakeRuntime(c, { stdout: "done\n" });
    expect(c.kubectl("run quick --rm -i --restart=Never --image=busybox -- echo done", { runtime })).toEqual({
      stdout: 'done\npod "quick" deleted\n',
      stderr: "",
      exitCode: 0,
    });
    expect(phase(runtime.calls[0]!.pod)).toBe("Succeeded");
    // busybox without arguments: its shell exits at once without a terminal, printing nothing.
    const silent = fakeRuntime(c);
    expect(c.kubectl("run shell --rm -i --restart=Never --image=busybox", { runtime: silent })).toEqual({
      stdout: 'pod "shell" deleted\n',
      stderr: "",
      exitCode: 0,
    });
    expect(silent.calls[0]!.argv).toEqual([]);
  });

  it("keeps the pod without --rm, and it completes", () => {
    const c = createCluster({ seed: 5 });
    const runtime = fakeRuntime(c, { stdout: "ok\n", elapsedMs: 1000 });
    expect(
      c.kubectl("run once -i --restart=Never --image=busybox -- wget -qO- http://web", { runtime }),
    ).toEqual({
      stdout: "ok\n",
      stderr: PROMPT,
      exitCode: 0,
    });
    expect(phase(c.sim.store.get("Pod", "default", "once"))).toBe("Succeeded");
  });

  it("gives up after --pod-running-timeout with kubectl's error, still removing the pod", () => {
    const c = createCluster({ seed: 5 });
    const runtime = fakeRuntime(c);
    const start = c.sim.nowMs;
    const r = c.kubectl("run slow --rm -i --restart=Never --pod-running-timeout=1s --image=busybox -- date", {
      runtime,
    });
    expect(r).toEqual({
      stdout: 'pod "slow" deleted\n',
      stderr: "error: timed out waiting for the condition\n",
      exitCode: 1,
    });
    expect(c.sim.nowMs - start).toBe(1000);
    expect(runtime.calls).toEqual([]);
    c.sim.settle();
    expect(c.sim.store.get("Pod", "default", "slow")).toBeUndefined();
  });

  it("says that it needs a dataplane when the cluster has no runtime, and still cleans up", () => {
    // kubectl used as a library on a bare simulation: no container runtime is given.
    const c = createCluster({ seed: 5 });
    const r = kubectl(c.sim, "run x --rm -i --restart=Never --image=busybox -- wget -qO- http://web");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('pod "x" deleted\n');
    expect(r.stderr).toContain("this cluster has no dataplane");
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
