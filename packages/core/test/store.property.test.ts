/**
 * Property tests of the object store: for random sequences of creates, updates and deletes,
 * (1) what watchers receive equals the committed changes, in order;
 * (2) restoring a snapshot brings back exactly what was there;
 * (3) replaying the event log rebuilds the same state;
 * (4) the label index answers selectors exactly as a full scan would.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  namespaceLifecycle,
  parseSelector,
  replayEventLog,
  Simulation,
  type StoreState,
} from "../src/index.js";

type Op =
  | { op: "create"; ns: string; name: string; app: string }
  | { op: "relabel"; ns: string; name: string; app: string }
  | { op: "delete"; ns: string; name: string }
  | { op: "snapshot" }
  | { op: "restore" };

const nsArb = fc.constantFrom("default", "team-a");
const nameArb = fc.constantFrom("a", "b", "c", "d", "e");
const appArb = fc.constantFrom("web", "db", "cache");
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("create" as const), ns: nsArb, name: nameArb, app: appArb }),
  fc.record({ op: fc.constant("relabel" as const), ns: nsArb, name: nameArb, app: appArb }),
  fc.record({ op: fc.constant("delete" as const), ns: nsArb, name: nameArb }),
);

function newSim(seed: number) {
  const sim = new Simulation({ seed });
  sim.store.addAdmissionHook(namespaceLifecycle);
  for (const name of ["default", "team-a"])
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  return sim;
}

function apply(sim: Simulation, o: Op): void {
  if (o.op === "snapshot" || o.op === "restore") return;
  const live = sim.store.get("ConfigMap", o.ns, o.name);
  const ref = { kind: "ConfigMap", namespace: o.ns, name: o.name };
  if (o.op === "create" && !live) {
    sim.store.create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { ...ref, labels: { app: o.app } },
      data: { v: o.app },
    });
  } else if (o.op === "relabel" && live) {
    sim.store.mutate(ref, (d) => {
      d.metadata.labels = { app: o.app };
    });
  } else if (o.op === "delete" && live) {
    sim.store.delete(ref);
  }
}

function contents(sim: Simulation): unknown[] {
  return sim.store.list("ConfigMap");
}

describe("ObjectStore properties", () => {
  it("watch events equal the sequence of committed changes", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const sim = newSim(1);
        const watched: string[] = [];
        sim.store.watch({ kind: "ConfigMap" }, (e) =>
          watched.push(`${e.type}:${e.object.metadata.resourceVersion}`),
        );
        const logStart = sim.store.eventLog().length;
        for (const o of ops) apply(sim, o);
        const committed = sim.store
          .eventLog()
          .slice(logStart)
          .map((e) => `${e.type}:${e.object.metadata.resourceVersion}`);
        expect(watched).toEqual(committed);
      }),
    );
  });

  it("snapshot and restore round-trip at any point", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.array(opArb, { maxLength: 40 }), (before, after) => {
        const sim = newSim(2);
        for (const o of before) apply(sim, o);
        const snap: StoreState = sim.store.snapshot();
        const expected = contents(sim);
        for (const o of after) apply(sim, o);
        sim.store.restore(snap);
        expect(contents(sim)).toEqual(expected);
        // The label index was rebuilt: selection agrees with the restored contents.
        const sel = parseSelector("app=web");
        if (!sel.ok) throw new Error(sel.error);
        expect(sim.store.list("ConfigMap", { labelSelector: sel.selector })).toEqual(
          sim.store.list("ConfigMap").filter((c) => c.metadata.labels?.app === "web"),
        );
      }),
    );
  });

  it("replaying the event log rebuilds the same state", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const sim = newSim(3);
        for (const o of ops) apply(sim, o);
        const replayed = newSim(3);
        replayed.store.restore(replayEventLog(JSON.parse(JSON.stringify(sim.store.eventLog()))));
        expect(contents(replayed)).toEqual(contents(sim));
        expect(replayed.store.list("Namespace")).toEqual(sim.store.list("Namespace"));
        expect(replayed.store.resourceVersion).toBe(sim.store.resourceVersion);
      }),
    );
  });

  it("selects by label exactly as a full scan would", () => {
    const selectors = [
      "app=web",
      "app!=web",
      "app in (web,db)",
      "app notin (db)",
      "app",
      "!app",
      "app=web,app=db",
    ];
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 60 }),
        fc.constantFrom(...selectors),
        nsArb,
        (ops, text, ns) => {
          const sim = newSim(4);
          for (const o of ops) apply(sim, o);
          const parsed = parseSelector(text);
          if (!parsed.ok) throw new Error(parsed.error);
          const viaIndex = sim.store.list("ConfigMap", { namespace: ns, labelSelector: parsed.selector });
          const app = (c: { metadata: { labels?: Record<string, string> } }) => c.metadata.labels?.app;
          const scan = sim.store.list("ConfigMap", { namespace: ns }).filter((c) => {
            switch (text) {
              case "app=web":
                return app(c) === "web";
              case "app!=web":
                return app(c) !== "web";
              case "app in (web,db)":
                return app(c) === "web" || app(c) === "db";
              case "app notin (db)":
                return app(c) !== "db";
              case "app":
                return app(c) !== undefined;
              case "!app":
                return app(c) === undefined;
              default:
                return false;
            }
          });
          expect(viaIndex).toEqual(scan);
        },
      ),
    );
  });
});
