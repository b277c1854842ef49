/**
 * Faults from scripts: the `kubesim` in-script commands and kubectl's cordon/uncordon/drain act
 * on the simulated cluster the way their real counterparts act on a real one.
 */
import { describe, expect, it } from "vitest";
import { createCluster } from "../src/index.js";

function withWeb(replicas = 2) {
  const c = createCluster({ seed: 4 });
  c.kubectl(`create deployment web --image=nginx --replicas=${replicas}`);
  c.kubectl("rollout status deployment/web");
  return c;
}

/** The test's own pods (namespace default; CoreDNS's in kube-system move too) on `node`. */
const podsOn = (c: ReturnType<typeof createCluster>, node: string) =>
  c.sim.store
    .list("Pod", { namespace: "default" })
    .filter((p) => (p.spec as { nodeName?: string }).nodeName === node && !p.metadata.deletionTimestamp);

describe("kubesim in-script commands", () => {
  it("crash restarts the container and counts the restart", () => {
    const c = withWeb(1);
    const pod = c.sim.store.list("Pod")[0]!.metadata.name!;
    expect(c.kubesim(["crash", pod, "--exit-code", "2"])).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    c.sleep(["5"]);
    const status = c.sim.store.get("Pod", "default", pod)!.status as {
      containerStatuses: { restartCount: number; lastState: { terminated?: { exitCode: number } } }[];
    };
    expect(status.containerStatuses[0]!.restartCount).toBe(1);
    expect(status.containerStatuses[0]!.lastState.terminated?.exitCode).toBe(2);
  });

  it("stop-node makes the node NotReady after the grace period; start-node brings it back", () => {
    const c = withWeb();
    expect(c.kubesim(["stop-node", "kubesim-worker"]).exitCode).toBe(0);
    c.sleep(["60"]);
    expect(c.kubectl("get node kubesim-worker --no-headers").stdout).toMatch(/^kubesim-worker\s+NotReady\s/);
    c.kubesim(["start-node", "kubesim-worker"]);
    c.sleep(["15"]);
    expect(c.kubectl("get node kubesim-worker --no-headers").stdout).toMatch(/^kubesim-worker\s+Ready\s/);
  });

  it("explains bad input with kubesim's prefix and exit code 2 for usage errors", () => {
    const c = createCluster();
    expect(c.kubesim(["crash"])).toMatchObject({ exitCode: 2, stderr: "kubesim: crash needs a pod name\n" });
    expect(c.kubesim(["crash", "ghost"])).toMatchObject({
      exitCode: 1,
      stderr: 'kubesim: pod "ghost" not found in namespace default\n',
    });
    expect(c.kubesim(["stop-node", "nope"]).exitCode).toBe(1);
    expect(c.kubesim(["explode"]).exitCode).toBe(2);
    expect(c.kubesim(["help"]).stdout).toMatch(/kubesim stop-node NODE/);
    for (const flag of ["--help", "-h"]) expect(c.kubesim([flag])).toMatchObject({ exitCode: 0, stderr: "" });
  });
});

describe("kubectl cordon, uncordon, drain", () => {
  it("cordons and uncordons, saying so when nothing changes", () => {
    const c = createCluster();
    expect(c.kubectl("cordon kubesim-worker").stdout).toBe("node/kubesim-worker cordoned\n");
    expect(c.kubectl("cordon kubesim-worker").stdout).toBe("node/kubesim-worker already cordoned\n");
    expect(c.kubectl("get node kubesim-worker --no-headers").stdout).toMatch(/Ready,SchedulingDisabled/);
    expect(c.kubectl("uncordon kubesim-worker").stdout).toBe("node/kubesim-worker uncordoned\n");
    expect(c.kubectl("cordon ghost")).toMatchObject({
      exitCode: 1,
      stderr: 'Error from server (NotFound): nodes "ghost" not found\n',
    });
  });

  it("drain evicts a node's pods, waits until they are gone, and their replacements land elsewhere", () => {
    const c = withWeb(4);
    const before = podsOn(c, "kubesim-worker").map((p) => p.metadata.name!);
    expect(before.length).toBeGreaterThan(0);
    const r = c.kubectl("drain kubesim-worker --ignore-daemonsets");
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("node/kubesim-worker cordoned");
    for (const name of before) expect(r.stdout).toContain(`pod/${name} evicted\n`);
    expect(r.stdout.endsWith("node/kubesim-worker drained\n")).toBe(true);
    c.sleep(["30"]);
    expect(podsOn(c, "kubesim-worker")).toEqual([]);
    expect(podsOn(c, "kubesim-worker2")).toHaveLength(4);
  });

  it("refuses to drain pods no controller would recreate, unless --force", () => {
    const c = createCluster({ seed: 1, nodes: 1 });
    c.kubectl("run lone --image=nginx");
    c.sleep(["10"]);
    const r = c.kubectl("drain kubesim-worker");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      "cannot delete Pods that declare no controller (use --force to override): default/lone",
    );
    expect(c.kubectl("drain kubesim-worker --force").exitCode).toBe(0);
    expect(c.sim.store.get("Pod", "default", "lone")).toBeUndefined();
  });
});

describe("kubesim add-node and remove-node", () => {
  it("joins a worker with the next pod CIDR and address, which then takes pods", () => {
    const c = createCluster({ seed: 2, nodes: 1 });
    expect(c.kubesim(["add-node"]).stdout).toBe("node/kubesim-worker2 added\n");
    const node = c.sim.store.get("Node", "", "kubesim-worker2")!;
    expect((node.spec as { podCIDR: string }).podCIDR).toBe("10.244.2.0/24");
    expect(c.kubectl("get nodes kubesim-worker2 -o jsonpath={.status.addresses[0].address}").stdout).toBe(
      "172.18.0.4",
    );
    c.kubectl("cordon kubesim-worker");
    c.kubectl("run web --image=nginx");
    c.sleep(["10"]);
    expect(c.kubectl("get pod web -o jsonpath={.spec.nodeName}/{.status.podIP}").stdout).toBe(
      "kubesim-worker2/10.244.2.2",
    );
  });

  it("removes a node and the pods bound to it, which their ReplicaSet recreates elsewhere", () => {
    const c = withWeb(4);
    expect(c.kubesim(["remove-node", "kubesim-worker"]).stdout).toBe("node/kubesim-worker removed\n");
    c.sleep(["30"]);
    expect(c.sim.store.get("Node", "", "kubesim-worker")).toBeUndefined();
    expect(podsOn(c, "kubesim-worker")).toEqual([]);
    expect(podsOn(c, "kubesim-worker2")).toHaveLength(4);
  });
});
