/**
 * Property: in a cluster with CoreDNS, every Service resolves by its FQDN, from a pod in any
 * namespace, to its ClusterIP (a headless one: exactly its ready endpoints, NXDOMAIN when none
 * is ready), and every name that does not exist is NXDOMAIN. One cluster serves all runs; each
 * run creates its Services (headless ones with hand-made EndpointSlices) in a fresh namespace.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dnsCluster, fromPod, withCoreDNS } from "./fixtures.js";

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);

const serviceArb = fc.record({
  headless: fc.boolean(),
  endpoints: fc.uniqueArray(fc.integer({ min: 2, max: 250 }), { maxLength: 4 }),
  ready: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
});

describe("cluster DNS property", () => {
  it("every Service resolves by FQDN from any namespace; names that do not exist are NXDOMAIN", () => {
    const c = dnsCluster({ seed: 3 });
    const clients = [fromPod("c-default"), fromPod("c-x", "x-ns")];
    withCoreDNS(c, clients);
    let run = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(label, serviceArb), { minLength: 1, maxLength: 5, selector: ([n]) => n }),
        label,
        fc.integer({ min: 0, max: 1 }),
        (services, missing, clientIndex) => {
          const ns = `p${run++}`;
          c.sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
          const expected = new Map<string, string[]>();
          for (const [name, s] of services) {
            const svc = c.sim.store.create({
              apiVersion: "v1",
              kind: "Service",
              metadata: { name, namespace: ns },
              spec: {
                ...(s.headless ? { clusterIP: "None" } : {}),
                ports: [{ name: "p", port: 80, protocol: "TCP" }],
              },
            });
            if (s.headless) {
              const endpoints = s.endpoints.map((n, i) => ({
                addresses: [`10.250.${run % 250}.${n}`],
                conditions: { ready: s.ready[i] },
              }));
              c.sim.store.create({
                apiVersion: "discovery.k8s.io/v1",
                kind: "EndpointSlice",
                metadata: {
                  name: `${name}-x`,
                  namespace: ns,
                  labels: { "kubernetes.io/service-name": name },
                },
                addressType: "IPv4",
                endpoints,
                ports: [{ name: "p", port: 80, protocol: "TCP" }],
              } as never);
              expected.set(
                name,
                endpoints
                  .filter((e) => e.conditions.ready)
                  .map((e) => e.addresses[0] as string)
                  .sort(),
              );
            } else expected.set(name, [(svc.spec as { clusterIP: string }).clusterIP]);
          }
          const from = clients[clientIndex] ?? clients[0]!;
          for (const [name, ips] of expected) {
            const r = c.dns.resolve(`${name}.${ns}.svc.cluster.local`, from, { families: "A", trace: false });
            if (ips.length === 0) expect(r, name).toMatchObject({ ok: false, error: "not-found" });
            else expect(r.ok && [...r.ips].sort(), name).toEqual(ips);
          }
          if (!expected.has(missing)) {
            const r = c.dns.resolve(`${missing}.${ns}.svc.cluster.local`, from, {
              families: "A",
              trace: false,
            });
            expect(r).toMatchObject({ ok: false, error: "not-found" });
            expect(r.queries.every((q) => q.outcome === "NXDOMAIN")).toBe(true);
          }
          c.sim.store.delete({ kind: "Namespace", namespace: "", name: ns });
        },
      ),
      { numRuns: 40, seed: 42 },
    );
  });
});
