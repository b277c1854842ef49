/**
 * `kubectl get -w` in a cluster (k8s.io/kubectl/pkg/cmd/get/get.go `watch()`): a bounded watch
 * (`--request-timeout`) runs virtual time inside the command; an unbounded one follows changes
 * while the script sleeps and ends at the script's next command, its output first.
 */
import { describe, expect, it } from "vitest";
import { type Cluster, createCluster } from "../src/index.js";

function scaleLater(c: Cluster, delayMs: number, replicas: number): void {
  c.sim.schedule(delayMs, () => {
    c.sim.store.mutate({ kind: "Deployment", namespace: "default", name: "web" }, (d) => {
      (d.spec as { replicas: number }).replicas = replicas;
    });
  });
}

function webCluster(seed = 7): Cluster {
  const c = createCluster({ seed });
  expect(c.kubectl("create deployment web --image=nginx --replicas=1").exitCode).toBe(0);
  c.sim.settle();
  return c;
}

describe("kubectl get pods -w --request-timeout", () => {
  it("prints a row for every change of a pod during a Deployment scale-up, then exits 0", () => {
    const c = webCluster();
    scaleLater(c, 5_000, 3);
    const start = c.sim.nowMs;
    expect(c.kubectl("get pods -w --request-timeout=30s")).toEqual({
      stdout: [
        "NAME                   READY   STATUS    RESTARTS   AGE",
        "web-6dc5cd68db-92vgj   1/1     Running   0          4s",
        "web-6dc5cd68db-k6kdd   0/1     Pending   0          0s",
        "web-6dc5cd68db-glttr   0/1     Pending   0          0s",
        "web-6dc5cd68db-k6kdd   0/1     Pending   0          0s",
        "web-6dc5cd68db-k6kdd   0/1     ContainerCreating   0          0s",
        "web-6dc5cd68db-glttr   0/1     Pending             0          0s",
        "web-6dc5cd68db-glttr   0/1     ContainerCreating   0          0s",
        "web-6dc5cd68db-glttr   0/1     ContainerCreating   0          1s",
        "web-6dc5cd68db-k6kdd   0/1     ContainerCreating   0          1s",
        "web-6dc5cd68db-glttr   1/1     Running             0          2s",
        "web-6dc5cd68db-k6kdd   1/1     Running             0          6s",
        "",
      ].join("\n"),
      stderr: "",
      exitCode: 0,
    });
    expect(c.sim.nowMs - start).toBe(30_000);
  });

  it("--output-watch-events prefixes every row with its event type", () => {
    const c = webCluster();
    scaleLater(c, 5_000, 2);
    const rows = c.kubectl("get pods -w --output-watch-events --request-timeout=30s").stdout.split("\n");
    expect(rows[0]).toMatch(/^EVENT {6}NAME {19}READY {3}STATUS {4}RESTARTS {3}AGE$/);
    expect(rows[1]).toMatch(/^ADDED {6}web-\S+ +1\/1 +Running /);
    expect(rows[2]).toMatch(/^ADDED {6}web-\S+ +0\/1 +Pending +0 +0s$/);
    expect(rows.slice(3, -1).every((r) => r.startsWith("MODIFIED   "))).toBe(true);
  });

  it("--watch-only prints only the changes", () => {
    const c = webCluster();
    scaleLater(c, 5_000, 2);
    const out = c.kubectl("get pods --watch-only --request-timeout=30s").stdout;
    expect(out).not.toContain("1/1     Running   0          4s");
    expect(out.split("\n")[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
    expect(out.split("\n")[1]).toMatch(/^web-\S+ +0\/1 +Pending +0 +0s$/);
  });

  it("is deterministic: the same seed prints the same watch", () => {
    const run = () => {
      const c = webCluster(3);
      scaleLater(c, 2_000, 4);
      return c.kubectl("get pods -o wide -w --request-timeout=1m").stdout;
    };
    expect(run()).toBe(run());
  });
});

describe("kubectl get -w until the script's next command", () => {
  it("prints the changes made while the script sleeps in sleep's output, and stops at the next command", () => {
    const c = createCluster({ seed: 7 });
    c.kubectl("create deployment web --image=nginx --replicas=2");
    const watch = c.kubectl("get pods -w");
    expect(watch.stdout).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\n/);
    expect(watch.stdout.split("\n")).toHaveLength(4);
    const slept = c.sleep(["10"]).stdout;
    expect(slept).toMatch(/ContainerCreating/);
    expect(
      slept
        .trimEnd()
        .split("\n")
        .slice(-2)
        .every((r) => / 1\/1 +Running /.test(r)),
    ).toBe(true);
    // The next command ends the watch: scaling down prints no Terminating rows later.
    expect(c.kubectl("scale deployment web --replicas=1").stdout).toBe("deployment.apps/web scaled\n");
    expect(c.sleep(["30"]).stdout).toBe("");
  });

  it("shows <pending> for a LoadBalancer Service, then its EXTERNAL-IP, with output before the next command's", () => {
    const c = createCluster({ seed: 1, config: { loadBalancer: { provider: "none" } } });
    c.kubectl("create service loadbalancer frontend-service --tcp=80:8080");
    const w = c.kubectl("get service frontend-service -w");
    expect(w.stdout).toMatch(
      /^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nfrontend-service +LoadBalancer +\S+ +<pending> +80:3\d{4}\/TCP +0s\n$/,
    );
    expect(c.sleep(["60"]).stdout).toBe("");
    // The LB controllers are not part of this test: write the status as one would.
    const svc = c.sim.store.get("Service", "default", "frontend-service")!;
    c.sim.store.updateStatus({
      ...svc,
      status: { loadBalancer: { ingress: [{ ip: "203.0.113.7", ipMode: "VIP" }] } },
    });
    const next = c.kubectl("get svc frontend-service --no-headers");
    const [row, list] = next.stdout.split("\n");
    expect(row).toMatch(/^frontend-service +LoadBalancer +\S+ +203\.0\.113\.7 +80:3\d{4}\/TCP +60s$/);
    expect(list).toMatch(/^frontend-service +LoadBalancer +\S+ +203\.0\.113\.7 /);
    expect(c.sleep(["5"]).stdout).toBe("");
  });

  it("kubesim commands also end open watches", () => {
    const c = createCluster({ seed: 2 });
    c.kubectl("create deployment web --image=nginx --replicas=1");
    c.kubectl("get deploy web -w");
    c.sim.store.mutate({ kind: "Deployment", namespace: "default", name: "web" }, (d) => {
      (d.spec as { replicas: number }).replicas = 2;
    });
    const r = c.kubesim(["now"]);
    expect(r.stdout).toMatch(/^web {4}\d\/2 {5}1 {12}\d {11}0s\n2025-01-01T00:00:00Z\n$/);
  });
});
