import type { KubeObject } from "@kubesim/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findListener, podHostname, podListeningPorts } from "./podListeningPorts.js";
import { WorkloadRegistry } from "./WorkloadRegistry.js";

interface C {
  name: string;
  image: string;
  args?: string[];
  ports?: { containerPort: number; protocol?: string }[];
}

function pod(containers: C[], running: string[], spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-0", namespace: "default" },
    spec: { containers, nodeName: "node-1", ...spec },
    status: {
      containerStatuses: containers.map((c) => ({
        name: c.name,
        state: running.includes(c.name)
          ? { running: { startedAt: "2024-01-01T00:00:00Z" } }
          : { waiting: { reason: "CrashLoopBackOff" } },
      })),
    },
  };
}

const registry = new WorkloadRegistry();

describe("podListeningPorts", () => {
  it("lists the ports of running containers with their container", () => {
    const p = pod(
      [
        { name: "web", image: "nginx" },
        {
          name: "agent",
          image: "registry.k8s.io/e2e-test-images/agnhost:2.53",
          args: ["netexec", "--http-port=9090"],
        },
      ],
      ["web", "agent"],
    );
    expect(podListeningPorts(registry, p, 0).map((s) => [s.container, s.protocol, s.port])).toEqual([
      ["web", "TCP", 80],
      ["agent", "TCP", 9090],
      ["agent", "UDP", 8081],
    ]);
  });

  it("lists nothing for a container that is not running", () => {
    const p = pod([{ name: "web", image: "nginx" }], []);
    expect(podListeningPorts(registry, p, 0)).toEqual([]);
    expect(findListener(registry, p, "TCP", 80, 0)).toBeUndefined();
  });

  it("gives a port wanted by two containers to the first (the second cannot bind)", () => {
    const p = pod(
      [
        { name: "a", image: "myorg/a", ports: [{ containerPort: 8080 }] },
        {
          name: "b",
          image: "myorg/b",
          ports: [{ containerPort: 8080 }, { containerPort: 8080, protocol: "UDP" }],
        },
      ],
      ["a", "b"],
    );
    expect(podListeningPorts(registry, p, 0).map((s) => [s.container, s.protocol, s.port])).toEqual([
      ["a", "TCP", 8080],
      ["b", "UDP", 8080],
    ]);
    expect(findListener(registry, p, "TCP", 8080, 0)?.container).toBe("a");
    expect(findListener(registry, p, "UDP", 8080, 0)?.container).toBe("b");
  });

  it("refuses a port nobody listens on (wrong targetPort) and ICMP", () => {
    const p = pod([{ name: "web", image: "nginx", ports: [{ containerPort: 8080 }] }], ["web"]);
    expect(findListener(registry, p, "TCP", 8080, 0)).toBeUndefined();
    expect(findListener(registry, p, "ICMP", 0, 0)).toBeUndefined();
    expect(findListener(registry, p, "TCP", 80, 0)?.container).toBe("web");
  });

  it("returns a listener whose workload answers with the context given", () => {
    const p = pod(
      [{ name: "agnhost", image: "registry.k8s.io/e2e-test-images/agnhost:2.53", args: ["netexec"] }],
      ["agnhost"],
    );
    const l = findListener(registry, p, "TCP", 8080, 5000)!;
    expect(l.context.nowMs).toBe(5000);
    const res = l.workload.handle(l.context, {
      protocol: "TCP",
      local: { ip: "10.244.1.5", port: 8080 },
      peer: { ip: "10.244.2.9", port: 43210 },
      request: { kind: "http", method: "GET", path: "/clientip", headers: [], body: "" },
    });
    expect(res).toMatchObject({ status: 200, body: "10.244.2.9:43210" });
  });

  it("includes hostNetwork pods, whose hostname is the node's", () => {
    const p = pod([{ name: "web", image: "nginx" }], ["web"], { hostNetwork: true });
    expect(podListeningPorts(registry, p, 0).map((s) => s.port)).toEqual([80]);
    expect(podHostname(p)).toBe("node-1");
  });
});

describe("podHostname", () => {
  it("uses spec.hostname, else the pod name cut to 63 characters", () => {
    const named = pod([], [], { hostname: "db-0" });
    expect(podHostname(named)).toBe("db-0");
    const long: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `${"a".repeat(62)}-bcd` },
      spec: {},
    };
    expect(podHostname(long)).toBe("a".repeat(62));
  });
});

describe("findListener agrees with podListeningPorts", () => {
  it("finds exactly the socket listed for a protocol and port, and nothing where none is listed", () => {
    const portArb = fc.record({
      containerPort: fc.integer({ min: 1, max: 6 }),
      protocol: fc.constantFrom("TCP", "UDP", undefined),
    });
    const containersArb = fc.array(
      fc.record({ ports: fc.array(portArb, { maxLength: 4 }), running: fc.boolean() }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(containersArb, (cs) => {
        const containers = cs.map((c, i) => ({
          name: `c${i}`,
          image: `myorg/app${i}`,
          ports: c.ports.map((p) =>
            p.protocol
              ? { containerPort: p.containerPort, protocol: p.protocol }
              : { containerPort: p.containerPort },
          ),
        }));
        const p = pod(
          containers,
          cs.flatMap((c, i) => (c.running ? [`c${i}`] : [])),
        );
        const listed = podListeningPorts(registry, p, 0);
        for (const protocol of ["TCP", "UDP"] as const)
          for (let port = 1; port <= 6; port++) {
            const found = findListener(registry, p, protocol, port, 0);
            const expected = listed.find((s) => s.protocol === protocol && s.port === port);
            expect(found?.container).toBe(expected?.container);
          }
      }),
    );
  });
});
