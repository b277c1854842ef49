import fc from "fast-check";
import type { Node, Pod } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { filterNode, fitsAtOnce, podToSchedule } from "./filterNode.js";
import { SchedulerCache } from "./SchedulerCache.js";

// The scheduler decides most nodes from its node table alone (fitsAtOnce) and runs the filter
// plugins (filterNode) only for the rest; both must agree, or a seed would place pods
// differently than the filters say.

const nodeArb = fc.record({
  cpu: fc.constantFrom("0", "500m", "1", "4"),
  memory: fc.constantFrom("0", "256Mi", "8Gi"),
  pods: fc.constantFrom("0", "1", "2", "110"),
  unschedulable: fc.boolean(),
  taint: fc.constantFrom(undefined, "NoSchedule", "PreferNoSchedule"),
  zone: fc.constantFrom("a", "b"),
});

const podArb = fc.record({
  cpu: fc.constantFrom(undefined, "100m", "1", "3"),
  memory: fc.constantFrom(undefined, "128Mi", "4Gi"),
  nodeSelector: fc.constantFrom(undefined, { zone: "a" }),
  tolerate: fc.boolean(),
  hostPort: fc.constantFrom(undefined, 8080),
});

const boundArb = fc.array(fc.record({ node: fc.nat({ max: 3 }), cpu: fc.constantFrom("100m", "1") }), {
  maxLength: 6,
});

type NodeFacts = typeof nodeArb extends fc.Arbitrary<infer T> ? T : never;
type PodFacts = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

function node(i: number, n: NodeFacts): Node {
  return {
    metadata: { name: `n${i}`, labels: { "kubernetes.io/hostname": `n${i}`, zone: n.zone } },
    spec: {
      unschedulable: n.unschedulable,
      ...(n.taint ? { taints: [{ key: "k", value: "v", effect: n.taint }] } : {}),
    },
    status: { allocatable: { cpu: n.cpu, memory: n.memory, pods: n.pods } },
  };
}

function pod(p: PodFacts): Pod {
  const requests: Record<string, string> = {};
  if (p.cpu) requests.cpu = p.cpu;
  if (p.memory) requests.memory = p.memory;
  return {
    metadata: { name: "new", namespace: "ns", uid: "new" },
    spec: {
      ...(p.nodeSelector ? { nodeSelector: p.nodeSelector } : {}),
      ...(p.tolerate ? { tolerations: [{ operator: "Exists" }] } : {}),
      containers: [
        {
          name: "c",
          image: "x",
          resources: { requests },
          ...(p.hostPort ? { ports: [{ containerPort: 80, hostPort: p.hostPort }] } : {}),
        },
      ],
    },
  };
}

describe("fitsAtOnce (the scheduler's node-table shortcut)", () => {
  it("says a node fits only when the filter plugins do, and always for a simple pod on a plain node", () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 4, maxLength: 4 }), boundArb, podArb, (nodes, bound, p) => {
        const cache = new SchedulerCache();
        for (const [i, n] of nodes.entries()) cache.setNode(node(i, n));
        for (const [i, b] of bound.entries())
          cache.upsertPod(`ns/b${i}`, {
            metadata: { name: `b${i}`, namespace: "ns", uid: `b${i}` },
            spec: {
              nodeName: `n${b.node}`,
              containers: [{ name: "c", image: "x", resources: { requests: { cpu: b.cpu } } }],
            },
          });
        const toSchedule = podToSchedule(pod(p));
        for (const info of cache.nodeInfos()) {
          const fits = filterNode(toSchedule, info) === undefined;
          const atOnce = fitsAtOnce(toSchedule, cache.table, info.slot);
          if (atOnce) expect(fits).toBe(true);
          const plain = !info.unschedulable && info.taints.length === 0;
          if (toSchedule.simple && plain) expect(atOnce).toBe(fits);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a removed node's slot serves the next node with nothing carried over", () => {
    const cache = new SchedulerCache();
    cache.setNode(
      node(0, {
        cpu: "1",
        memory: "256Mi",
        pods: "110",
        unschedulable: true,
        taint: "NoSchedule",
        zone: "a",
      }),
    );
    const slot = cache.node("n0")!.slot;
    cache.removeNode("n0");
    cache.setNode(
      node(1, { cpu: "4", memory: "8Gi", pods: "110", unschedulable: false, taint: undefined, zone: "b" }),
    );
    const n1 = cache.node("n1")!;
    expect(n1.slot).toBe(slot);
    expect([n1.requested.milliCPU, n1.allocatable.milliCPU, n1.unschedulable]).toEqual([0, 4000, false]);
    expect(
      fitsAtOnce(
        podToSchedule(
          pod({ cpu: "1", memory: undefined, nodeSelector: undefined, tolerate: false, hostPort: undefined }),
        ),
        cache.table,
        slot,
      ),
    ).toBe(true);
  });
});
