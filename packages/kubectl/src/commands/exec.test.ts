/**
 * kubectl exec against a simulated API server with a fake container runtime: kubectl v1.32's
 * argument handling and errors (k8s.io/kubectl/pkg/cmd/exec/exec.go; the argument errors were
 * checked against the real kubectl v1.32 binary, which reports them without a cluster), the
 * API server's and kubelet's refusals (pkg/registry/core/pod/strategy.go `streamLocation`,
 * kubelet `GetExec`), container defaulting (podcmd.FindOrDefaultContainerByName), pod choice for
 * TYPE/NAME (polymorphichelpers attachablePodForObject, podutils.ActivePods), exit codes
 * (remotecommand's `command terminated with exit code N`, cmdutil.CheckErr) and virtual time.
 */
import { formatTimestamp, type Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { apiServerSimulation } from "../../test/apiServerSimulation.js";
import type {
  ContainerExecOptions,
  ContainerExecResult,
  ContainerExecTarget,
  ContainerRuntime,
} from "../KubectlContext.js";
import { kubectl, kubectlNeedsStdin } from "../kubectl.js";

interface Call {
  readonly target: ContainerExecTarget;
  readonly argv: readonly string[];
  readonly options: ContainerExecOptions;
}

/** A runtime that records its calls and answers with `answer`. */
function fakeRuntime(answer: Partial<ContainerExecResult> = {}): ContainerRuntime & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    exec(target, argv, options) {
      calls.push({ target, argv, options });
      return { stdout: "", stderr: "", exitCode: 0, elapsedMs: 0, ...answer };
    },
  };
}

interface PodOptions {
  readonly containers?: readonly string[];
  readonly initContainers?: readonly string[];
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly namespace?: string;
  readonly nodeName?: string | null;
  /** Phase to set; Running pods get Ready and running containers. */
  readonly phase?: "Pending" | "Running" | "Succeeded" | "Failed";
  readonly ready?: boolean;
  readonly readySinceMs?: number;
  readonly restarts?: number;
}

function addPod(sim: Simulation, name: string, o: PodOptions = {}): void {
  const namespace = o.namespace ?? "default";
  const containers = o.containers ?? ["main"];
  sim.store.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    spec: {
      ...(o.nodeName === null ? {} : { nodeName: o.nodeName ?? "worker-1" }),
      containers: containers.map((c) => ({ name: c, image: "busybox" })),
      ...(o.initContainers
        ? { initContainers: o.initContainers.map((c) => ({ name: c, image: "busybox" })) }
        : {}),
    },
  });
  const phase = o.phase ?? "Running";
  if (phase === "Pending") return;
  const running = phase === "Running";
  const ready = running && (o.ready ?? true);
  const pod = sim.store.get("Pod", namespace, name)!;
  sim.store.updateStatus({
    ...pod,
    status: {
      phase,
      conditions: [
        {
          type: "Ready",
          status: ready ? "True" : "False",
          lastTransitionTime: formatTimestamp(o.readySinceMs ?? sim.nowMs),
        },
      ],
      containerStatuses: containers.map((c) => ({
        name: c,
        restartCount: o.restarts ?? 0,
        state: running
          ? { running: { startedAt: formatTimestamp(sim.nowMs) } }
          : { terminated: { exitCode: 0 } },
      })),
    },
  });
}

function cluster(): Simulation {
  const sim = apiServerSimulation();
  addPod(sim, "web");
  return sim;
}

describe("kubectl exec: arguments (as the real kubectl v1.32 prints them)", () => {
  const sim = cluster();
  const runtime = fakeRuntime();
  const run = (args: string | readonly string[]) => kubectl(sim, args, { runtime });

  it("needs a pod and a command after --", () => {
    expect(run("exec")).toEqual({
      stdout: "",
      stderr: "error: pod, type/name or --filename must be specified\n",
      exitCode: 1,
    });
    expect(run("exec -- date").stderr).toBe("error: pod, type/name or --filename must be specified\n");
    expect(run("exec web").stderr).toBe("error: you must specify at least one command for the container\n");
    expect(run("exec web --").stderr).toBe(
      "error: you must specify at least one command for the container\n",
    );
    expect(run("exec web -i -t").stderr).toBe(
      "error: you must specify at least one command for the container\n",
    );
    expect(runtime.calls).toEqual([]);
  });

  it("refuses the removed `exec POD COMMAND` form and a non-positive --pod-running-timeout", () => {
    expect(run("exec web date")).toEqual({
      stdout: "",
      stderr:
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n",
      exitCode: 1,
    });
    expect(run("exec --pod-running-timeout=0 web -- date").stderr).toBe(
      "error: --pod-running-timeout must be higher than zero\nSee 'kubectl exec -h' for help and examples\n",
    );
    expect(run("exec --pod-running-timeout=soon web -- date").stderr).toBe(
      `Error: invalid argument "soon" for "--pod-running-timeout" flag: time: invalid duration "soon"\nSee 'kubectl exec --help' for usage.\n`,
    );
    expect(run("exec -c").stderr).toBe(
      "Error: flag needs an argument: 'c' in -c\nSee 'kubectl exec --help' for usage.\n",
    );
  });

  it("passes everything after -- to the container untouched, flags included", () => {
    runtime.calls.length = 0;
    expect(run("exec web -- sh -c 'echo hi; ls -l /'").exitCode).toBe(0);
    expect(run(["exec", "-n", "default", "web", "--", "wget", "-qO-", "-T", "2", "http://x"]).exitCode).toBe(
      0,
    );
    expect(runtime.calls.map((c) => c.argv)).toEqual([
      ["sh", "-c", "echo hi; ls -l /"],
      ["wget", "-qO-", "-T", "2", "http://x"],
    ]);
    expect(runtime.calls[0]!.target).toEqual({ namespace: "default", pod: "web", container: "main" });
    expect(runtime.calls[0]!.options).toEqual({ tty: false });
  });
});

describe("kubectl exec: output, exit codes and time", () => {
  it("prints the command's stdout and stderr and exits 0", () => {
    const sim = cluster();
    const runtime = fakeRuntime({ stdout: "web\n", stderr: "note\n" });
    expect(kubectl(sim, "exec web -- hostname", { runtime })).toEqual({
      stdout: "web\n",
      stderr: "note\n",
      exitCode: 0,
    });
  });

  it("propagates a non-zero exit status with `command terminated with exit code N`", () => {
    const sim = cluster();
    const runtime = fakeRuntime({
      stderr: "wget: can't connect to remote host (10.96.0.20): Connection refused\n",
      exitCode: 1,
    });
    expect(kubectl(sim, "exec web -- wget -qO- http://10.96.0.20", { runtime })).toEqual({
      stdout: "",
      stderr:
        "wget: can't connect to remote host (10.96.0.20): Connection refused\ncommand terminated with exit code 1\n",
      exitCode: 1,
    });
    const notFound = fakeRuntime({ stderr: "sh: foo: not found\n", exitCode: 127 });
    expect(kubectl(sim, "exec web -- sh -c foo", { runtime: notFound })).toMatchObject({
      stderr: "sh: foo: not found\ncommand terminated with exit code 127\n",
      exitCode: 127,
    });
  });

  it("reports a process the runtime cannot start as containerd does, exit code 1", () => {
    const sim = cluster();
    const reason =
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown';
    const r = kubectl(sim, "exec web -- foo", {
      runtime: fakeRuntime({ startError: reason, exitCode: 127 }),
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: .*executable file not found in \$PATH: unknown\n$/,
    );
  });

  it("advances virtual time by as long as the command took", () => {
    const sim = cluster();
    const before = sim.nowMs;
    kubectl(sim, "exec web -- wget -T 5 http://10.96.0.99", {
      runtime: fakeRuntime({ elapsedMs: 5000, exitCode: 1 }),
    });
    expect(sim.nowMs - before).toBe(5000);
    kubectl(sim, "exec web -- true", { runtime: fakeRuntime({ elapsedMs: 0 }) });
    expect(sim.nowMs - before).toBe(5000);
  });

  it("passes stdin with -i (and asks the front end for it), and warns that -t needs a terminal", () => {
    const sim = cluster();
    const runtime = fakeRuntime();
    const r = kubectl(sim, "exec -it web -- sh", { runtime, stdin: "echo hi\n" });
    expect(r.stderr).toBe("Unable to use a TTY - input is not a terminal or the right kind of file\n");
    expect(runtime.calls[0]!.options).toEqual({ stdin: "echo hi\n", tty: false });
    // -t without -i: SetupTTY drops the TTY silently.
    expect(kubectl(sim, "exec -t web -- date", { runtime }).stderr).toBe("");
    expect(kubectl(sim, "exec -q -it web -- date", { runtime }).stderr).toBe("");
    expect(kubectlNeedsStdin(["exec", "-i", "web", "--", "sh"])).toBe(true);
    expect(kubectlNeedsStdin(["exec", "web", "--", "sh"])).toBe(false);
  });

  it("says it needs a dataplane when the cluster has no runtime", () => {
    const sim = cluster();
    expect(kubectl(sim, "exec web -- date")).toEqual({
      stdout: "",
      stderr:
        "error: kubesim cannot run commands in containers here: this cluster has no dataplane (create it with one to use kubectl exec and kubectl run -i)\n",
      exitCode: 1,
    });
  });
});

describe("kubectl exec: the pod and the container", () => {
  it("reports a missing pod or object as the API server does", () => {
    const sim = cluster();
    const runtime = fakeRuntime();
    expect(kubectl(sim, "exec nope -- date", { runtime })).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
    expect(kubectl(sim, "exec -n kube-system web -- date", { runtime }).stderr).toBe(
      'Error from server (NotFound): pods "web" not found\n',
    );
    expect(kubectl(sim, "exec deploy/nope -- date", { runtime }).stderr).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
    expect(kubectl(sim, "exec foo/bar -- date", { runtime }).stderr).toBe(
      `error: the server doesn't have a resource type "foo"\n`,
    );
  });

  it("uses the first container, saying so when the pod has several", () => {
    const sim = apiServerSimulation();
    addPod(sim, "two", { containers: ["app", "sidecar"] });
    addPod(sim, "one", { containers: ["app"] });
    addPod(sim, "init", { containers: ["app"], initContainers: ["setup"] });
    const runtime = fakeRuntime({ stdout: "ok\n" });
    expect(kubectl(sim, "exec two -- date", { runtime })).toEqual({
      stdout: "ok\n",
      stderr: 'Defaulted container "app" out of: app, sidecar\n',
      exitCode: 0,
    });
    expect(kubectl(sim, "exec one -- date", { runtime }).stderr).toBe("");
    expect(kubectl(sim, "exec init -- date", { runtime }).stderr).toBe(
      'Defaulted container "app" out of: app, setup (init)\n',
    );
    expect(kubectl(sim, "exec -q two -- date", { runtime }).stderr).toBe("");
    expect(kubectl(sim, "exec two -c sidecar -- date", { runtime }).stderr).toBe("");
    expect(runtime.calls.map((c) => c.target.container)).toEqual(["app", "app", "app", "app", "sidecar"]);
  });

  it("honours the kubectl.kubernetes.io/default-container annotation, silently", () => {
    const sim = apiServerSimulation();
    addPod(sim, "two", {
      containers: ["app", "sidecar"],
      annotations: { "kubectl.kubernetes.io/default-container": "sidecar" },
    });
    addPod(sim, "stale", {
      containers: ["app", "sidecar"],
      annotations: { "kubectl.kubernetes.io/default-container": "gone" },
    });
    const runtime = fakeRuntime();
    expect(kubectl(sim, "exec two -- date", { runtime }).stderr).toBe("");
    expect(kubectl(sim, "exec stale -- date", { runtime }).stderr).toBe(
      'Defaulted container "app" out of: app, sidecar\n',
    );
    expect(runtime.calls.map((c) => c.target.container)).toEqual(["sidecar", "app"]);
  });

  it("refuses an unknown container, an unscheduled pod, a container not running and a completed pod", () => {
    const sim = apiServerSimulation();
    addPod(sim, "web", { containers: ["app"] });
    addPod(sim, "unscheduled", { nodeName: null, phase: "Pending" });
    addPod(sim, "creating", { phase: "Pending" });
    addPod(sim, "done", { phase: "Succeeded" });
    addPod(sim, "crashed", { phase: "Failed" });
    const runtime = fakeRuntime();
    expect(kubectl(sim, "exec web -c nope -- date", { runtime })).toEqual({
      stdout: "",
      stderr: "Error from server (BadRequest): container nope is not valid for pod web\n",
      exitCode: 1,
    });
    expect(kubectl(sim, "exec unscheduled -- date", { runtime }).stderr).toBe(
      "Error from server (BadRequest): pod unscheduled does not have a host assigned\n",
    );
    expect(kubectl(sim, "exec creating -- date", { runtime }).stderr).toBe(
      'error: unable to upgrade connection: container not found ("main")\n',
    );
    expect(kubectl(sim, "exec done -- date", { runtime }).stderr).toBe(
      "error: cannot exec into a container in a completed pod; current phase is Succeeded\n",
    );
    expect(kubectl(sim, "exec crashed -- date", { runtime }).stderr).toBe(
      "error: cannot exec into a container in a completed pod; current phase is Failed\n",
    );
    expect(runtime.calls).toEqual([]);
  });

  it("picks the most active pod behind deploy/ and svc/ (scheduled, Running, Ready longest)", () => {
    const sim = apiServerSimulation();
    expect(kubectl(sim, "create deployment web --image=nginx").exitCode).toBe(0);
    expect(kubectl(sim, "expose deployment web --port=80").exitCode).toBe(0);
    const labels = { app: "web" };
    addPod(sim, "web-a-pending", { labels, phase: "Pending", nodeName: null });
    addPod(sim, "web-b-new", { labels, readySinceMs: sim.nowMs });
    addPod(sim, "web-c-old", { labels, readySinceMs: sim.nowMs - 60_000 });
    addPod(sim, "web-d-notready", { labels, ready: false });
    addPod(sim, "other", { labels: { app: "other" } });
    const runtime = fakeRuntime();
    for (const target of ["deploy/web", "deployment.apps/web", "svc/web", "service/web"])
      expect(kubectl(sim, `exec ${target} -- date`, { runtime }).exitCode).toBe(0);
    expect(runtime.calls.map((c) => c.target.pod)).toEqual([
      "web-c-old",
      "web-c-old",
      "web-c-old",
      "web-c-old",
    ]);
  });

  it("explains objects that select no pods, and waits --pod-running-timeout for one to appear", () => {
    const sim = apiServerSimulation();
    sim.store.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "external", namespace: "default" },
      spec: { ports: [{ port: 80 }] },
    });
    sim.store.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", namespace: "default" } });
    const runtime = fakeRuntime();
    expect(kubectl(sim, "exec svc/external -- date", { runtime }).stderr).toBe(
      "error: cannot attach to *v1.Service: invalid service 'external': Service is defined without a selector\n",
    );
    expect(kubectl(sim, "exec cm/cm -- date", { runtime }).stderr).toBe(
      "error: cannot attach to *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n",
    );
    expect(kubectl(sim, "create deployment idle --image=nginx --replicas=0").exitCode).toBe(0);
    const before = sim.nowMs;
    expect(kubectl(sim, "exec deploy/idle --pod-running-timeout=20s -- date", { runtime }).stderr).toBe(
      "error: timed out waiting for the condition\n",
    );
    expect(sim.nowMs - before).toBe(20_000);
  });
});
