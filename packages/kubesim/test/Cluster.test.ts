/**
 * A new cluster looks like a small kubeadm cluster (namespaces, a tainted control-plane node and
 * workers) and is driven by kubectl, sleep and kubesim commands in virtual time.
 */
import { describe, expect, it } from "vitest";
import { createCluster } from "../src/index.js";

describe("createCluster", () => {
  it("bootstraps kubeadm's namespaces and one control-plane node plus two workers, two minutes before the start", () => {
    const c = createCluster();
    expect(c.kubectl("get ns -o name").stdout).toBe(
      "namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n",
    );
    expect(c.kubectl("get nodes").stdout).toBe(
      [
        "NAME                    STATUS   ROLES           AGE   VERSION",
        "kubesim-control-plane   Ready    control-plane   2m    v1.33.0",
        "kubesim-worker          Ready    <none>          2m    v1.33.0",
        "kubesim-worker2         Ready    <none>          2m    v1.33.0",
        "",
      ].join("\n"),
    );
    const cp = c.sim.store.get("Node", "", "kubesim-control-plane")!;
    expect((cp.spec as { taints: unknown[] }).taints).toEqual([
      { effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" },
    ]);
  });

  it("takes the number of workers and a config", () => {
    const c = createCluster({ nodes: 4, config: { name: "lab", startTime: "2030-01-01T00:00:00Z" } });
    expect(c.sim.store.list("Node").map((n) => n.metadata.name)).toEqual([
      "lab-control-plane",
      "lab-worker",
      "lab-worker2",
      "lab-worker3",
      "lab-worker4",
    ]);
    expect(c.kubesim(["now"]).stdout).toBe("2030-01-01T00:00:00Z\n");
  });

  it("runs the same with the event log off, keeping no history", () => {
    const script = ["create deployment web --image=nginx --replicas=2", "get pods -o wide"];
    const run = (eventLog: boolean) => {
      const c = createCluster({ seed: 3, eventLog });
      c.kubectl(script[0]!);
      c.sim.settle();
      return { out: c.kubectl(script[1]!).stdout, log: c.sim.store.eventLog().length };
    };
    const on = run(true);
    const off = run(false);
    expect(off.out).toBe(on.out);
    expect(on.log).toBeGreaterThan(0);
    expect(off.log).toBe(0);
  });

  it("refuses an invalid config", () => {
    expect(() => createCluster({ config: { nodes: { workers: -1 } } })).toThrow(
      /nodes.workers: Invalid value: -1/,
    );
  });

  it("advances virtual time with sleep, instantly", () => {
    const c = createCluster();
    expect(c.sleep(["1h", "30m"]).exitCode).toBe(0);
    expect(c.kubesim(["now"]).stdout).toBe("2025-01-01T01:30:00Z\n");
    expect(c.kubectl("get ns default").stdout).toBe("NAME      STATUS   AGE\ndefault   Active   92m\n");
    expect(c.sleep(["soon"])).toEqual({
      stdout: "",
      stderr: "sleep: invalid time interval 'soon'\nTry 'sleep --help' for more information.\n",
      exitCode: 1,
    });
  });

  it("knows which kubectl invocations read stdin", () => {
    const c = createCluster();
    expect(c.needsStdin(["apply", "-f", "-"])).toBe(true);
    expect(c.needsStdin(["apply", "-f", "x.yaml"])).toBe(false);
    expect(c.needsStdin(["get", "pods"])).toBe(false);
  });

  it("refuses unknown kubesim commands with exit code 2", () => {
    expect(createCluster().kubesim(["explode"]).exitCode).toBe(2);
  });
});
