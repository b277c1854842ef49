/**
 * The tutorial's story (../shared/SCENARIO.md): pods are ephemeral, a Service is not. A
 * 3-replica backend runs behind a ClusterIP Service; a pod is deleted; the Deployment's
 * ReplicaSet replaces it with a pod of a new name and a new IP; the EndpointSlice follows within
 * seconds of virtual time; the Service's ClusterIP never changes. Checked for several seeds.
 */
import { describe, expect, it } from "vitest";
import { createCluster } from "../src/index.js";

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: backend}
spec:
  replicas: 3
  selector: {matchLabels: {app: backend}}
  template:
    metadata: {labels: {app: backend}}
    spec:
      containers:
      - name: backend
        image: registry.k8s.io/e2e-test-images/agnhost:2.53
        args: ["netexec", "--http-port=8080"]
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {path: /, port: 8080}}
---
apiVersion: v1
kind: Service
metadata: {name: backend-service}
spec:
  selector: {app: backend}
  ports: [{port: 8080, targetPort: 8080}]
`;

interface PodView {
  name: string;
  ip: string | undefined;
  ready: boolean;
}

function pods(c: ReturnType<typeof createCluster>): PodView[] {
  return c.sim.store.list("Pod", { namespace: "default" }).map((p) => {
    const status = p.status as
      | { podIP?: string; conditions?: { type: string; status: string }[] }
      | undefined;
    return {
      name: p.metadata.name!,
      ip: status?.podIP,
      ready: status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
    };
  });
}

function sliceAddresses(c: ReturnType<typeof createCluster>): string[] {
  return c.sim.store
    .list("EndpointSlice", { namespace: "default" })
    .filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === "backend-service")
    .flatMap((s) => (s.endpoints as { addresses: string[]; conditions: { ready?: boolean } }[]) ?? [])
    .filter((e) => e.conditions.ready)
    .flatMap((e) => e.addresses)
    .sort();
}

describe.each([0, 1, 7])("pods are ephemeral, Services are not (seed %i)", (seed) => {
  it("replaces a deleted pod with a new name and IP; the slice follows; the ClusterIP stays", () => {
    const c = createCluster({ seed });
    expect(c.kubectl("apply -f -", { stdin: MANIFEST }).exitCode).toBe(0);
    expect(c.kubectl("rollout status deployment/backend").exitCode).toBe(0);
    const clusterIP = c.kubectl("get svc backend-service -o jsonpath={.spec.clusterIP}").stdout;
    expect(clusterIP).toMatch(/^10\.\d+\.\d+\.\d+$/);

    const before = pods(c);
    expect(before).toHaveLength(3);
    expect(before.every((p) => p.ready && p.ip?.startsWith("10.244."))).toBe(true);
    expect(sliceAddresses(c)).toEqual(before.map((p) => p.ip!).sort());

    const victim = before[0]!;
    const deletedAt = c.sim.nowMs;
    expect(c.kubectl(["delete", "pod", victim.name]).exitCode).toBe(0);
    // The slice drops the victim's address by the time kubectl's delete returns.
    expect(sliceAddresses(c)).not.toContain(victim.ip);

    expect(c.sim.runUntil(() => pods(c).filter((p) => p.ready).length === 3, { timeoutMs: 60_000 })).toBe(
      true,
    );
    const elapsedMs = c.sim.nowMs - deletedAt;
    expect(elapsedMs).toBeLessThan(30_000);
    const after = pods(c);
    const replacement = after.find((p) => !before.some((b) => b.name === p.name))!;
    expect(replacement.name).toMatch(/^backend-[a-z0-9]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(before.map((p) => p.ip)).not.toContain(replacement.ip);
    expect(sliceAddresses(c)).toEqual(after.map((p) => p.ip!).sort());
    expect(c.kubectl("get svc backend-service -o jsonpath={.spec.clusterIP}").stdout).toBe(clusterIP);
  });
});
