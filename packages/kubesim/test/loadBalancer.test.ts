/**
 * LoadBalancer Services as a user of `createCluster` meets them: the cloud's EXTERNAL-IP after
 * 60-120 s of virtual time, MetalLB's immediate address and layer-2 failover, and `<pending>`
 * forever on a cluster with neither; and traffic from outside through each.
 */
import { describe, expect, it } from "vitest";
import { createCluster } from "../src/index.js";
import {
  apply,
  httpGet,
  kubectlOk,
  netexecDeployment,
  waitForProxySync,
  waitForReady,
} from "./dataplane/fixtures.js";

const OUTSIDE = { kind: "external" as const, ip: "172.18.0.1" };

const LB_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: frontend-service
spec:
  type: LoadBalancer
  selector:
    app: frontend
  ports:
  - port: 80
    targetPort: 8080
`;

type C = ReturnType<typeof createCluster>;

const externalIP = (c: C) =>
  (
    c.sim.store.get("Service", "default", "frontend-service")?.status as
      | { loadBalancer?: { ingress?: { ip: string }[] } }
      | undefined
  )?.loadBalancer?.ingress?.[0]?.ip;

const eventLines = (c: C, name: string) =>
  c.sim.store
    .list("Event", { namespace: "default" })
    .filter((e) => (e as unknown as { involvedObject: { name: string } }).involvedObject.name === name)
    .map((e) => {
      const ev = e as unknown as { reason: string; message: string };
      return `${ev.reason} ${ev.message}`;
    });

describe("LoadBalancer Services in a kubesim cluster", () => {
  it("cloud: <pending> until the cloud controller assigns an EXTERNAL-IP within 60-120 s", () => {
    const c = createCluster({ seed: 4 });
    apply(c, netexecDeployment({ name: "frontend", replicas: 2 }), LB_SERVICE);
    const created = c.sim.nowMs;
    expect(kubectlOk(c, "get svc frontend-service")).toMatch(
      /frontend-service\s+LoadBalancer\s+\S+\s+<pending>\s+80:3\d{4}\/TCP/,
    );
    expect(c.sim.runUntil(() => externalIP(c) !== undefined, { timeoutMs: 200_000 })).toBe(true);
    const waited = c.sim.nowMs - created;
    expect(waited).toBeGreaterThanOrEqual(60_000);
    expect(waited).toBeLessThanOrEqual(120_000);
    expect(externalIP(c)).toBe("203.0.113.1");
    expect(kubectlOk(c, "get svc frontend-service")).toMatch(
      /frontend-service\s+LoadBalancer\s+\S+\s+203\.0\.113\.1\s+80:3\d{4}\/TCP/,
    );
    expect(eventLines(c, "frontend-service")).toEqual([
      "EnsuringLoadBalancer Ensuring load balancer",
      "EnsuredLoadBalancer Ensured load balancer",
    ]);
    waitForReady(c, { app: "frontend" }, 2);
    const t = c.dataplane.send({ from: OUTSIDE, to: "203.0.113.1", port: 80, request: httpGet("/hostname") });
    expect(t.verdict).toBe("delivered");
    expect(t.hops.some((h) => h.note.includes("the cloud load balancer of default/frontend-service"))).toBe(
      true,
    );
  });

  it("cloud: the pool and the delay bounds come from the cluster config", () => {
    const cloud = { addresses: ["198.51.100.10-198.51.100.20"], minDelaySeconds: 5, maxDelaySeconds: 5 };
    const c = createCluster({ seed: 4, config: { loadBalancer: { provider: "cloud", cloud } } });
    apply(c, LB_SERVICE);
    c.sim.advance(4_999);
    expect(externalIP(c)).toBeUndefined();
    c.sim.advance(1);
    expect(externalIP(c)).toBe("198.51.100.10");
  });

  it("metallb: assigns from the IPAddressPool at once and fails over when the announcing node stops", () => {
    const c = createCluster({ seed: 4, config: { loadBalancer: { provider: "metallb" } } });
    const lb = c.metallb!;
    apply(c, { apiVersion: "v1", kind: "Namespace", metadata: { name: "metallb-system" } });
    apply(
      c,
      `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lan
  namespace: metallb-system
spec:
  addresses:
  - 192.168.1.240-192.168.1.250
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: l2
  namespace: metallb-system
`,
    );
    apply(c, netexecDeployment({ name: "frontend", replicas: 3 }), LB_SERVICE);
    waitForReady(c, { app: "frontend" }, 3);
    expect(externalIP(c)).toBe("192.168.1.240");
    expect(eventLines(c, "frontend-service")).toContain('IPAllocated Assigned IP ["192.168.1.240"]');
    const first = lb.announcer("192.168.1.240")!;
    expect(first).toBeDefined();
    const via = () =>
      c.dataplane.send({ from: OUTSIDE, to: "192.168.1.240", port: 80, request: httpGet("/hostname") });
    const before = via();
    expect(before.verdict).toBe("delivered");
    expect(before.hops.some((h) => h.note.includes(`${first} answers ARP for 192.168.1.240`))).toBe(true);
    c.kubesim(["stop-node", first]);
    c.sim.advance(60_000);
    const second = lb.announcer("192.168.1.240");
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(eventLines(c, "frontend-service")).toContain(
      `nodeAssigned announcing from node "${second}" with protocol "layer2"`,
    );
    waitForProxySync(c);
    const after = via();
    expect(after.verdict).toBe("delivered");
    expect(after.hops.some((h) => h.note.includes(`${second} answers ARP for 192.168.1.240`))).toBe(true);
  });

  it("none: a LoadBalancer Service stays <pending> forever", () => {
    const c = createCluster({ seed: 4, config: { loadBalancer: { provider: "none" } } });
    apply(c, LB_SERVICE);
    c.sim.advance(600_000);
    expect(externalIP(c)).toBeUndefined();
    expect(kubectlOk(c, "get svc frontend-service")).toMatch(/<pending>/);
    expect(c.cloud).toBeUndefined();
    expect(c.metallb).toBeUndefined();
  });
});
