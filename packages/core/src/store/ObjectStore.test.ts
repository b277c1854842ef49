import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api/KubeObject.js";
import { StatusError } from "../api/StatusError.js";
import { namespaceLifecycle } from "../apiserver/namespaceLifecycle.js";
import { parseSelector } from "../labels/parseSelector.js";
import { Simulation } from "../Simulation.js";
import type { WatchEvent } from "./ObjectStore.js";
import { shardedMapGet } from "./ShardedMap.js";

function sim() {
  const s = new Simulation({ seed: 1 });
  s.store.addAdmissionHook(namespaceLifecycle);
  s.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  return s;
}

function pod(name: string, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels },
    spec: { containers: [] },
    ...extra,
  };
}

function selector(text: string) {
  const r = parseSelector(text);
  if (!r.ok) throw new Error(r.error);
  return r.selector;
}

describe("ObjectStore metadata (the API server's generic registry rules)", () => {
  it("sets uid, resourceVersion and creationTimestamp on create; generation only for kinds that track it", () => {
    const s = sim();
    const p = s.store.create(pod("a"));
    expect(p.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.metadata.creationTimestamp).toBe("2025-01-01T00:00:00Z");
    expect(Number(p.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(p.metadata.generation).toBeUndefined();
    const d = s.store.create({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 1 },
    });
    expect(d.metadata.generation).toBe(1);
    expect(d.metadata.namespace).toBe("default");
  });

  it("bumps generation when the spec changes, not when only metadata does", () => {
    const s = sim();
    s.store.create({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 1 },
    });
    const ref = { kind: "Deployment", namespace: "default", name: "web" };
    const labelled = s.store.mutate(ref, (d) => {
      d.metadata.labels = { a: "b" };
    });
    expect(labelled.metadata.generation).toBe(1);
    const scaled = s.store.mutate(ref, (d) => {
      (d.spec as { replicas: number }).replicas = 3;
    });
    expect(scaled.metadata.generation).toBe(2);
  });

  it("refuses a taken name with AlreadyExists and leaves the store as it was", () => {
    const s = sim();
    s.store.create(pod("a"));
    const rv = s.store.resourceVersion;
    expect(() => s.store.create(pod("a"))).toThrow('pods "a" already exists');
    expect(s.store.resourceVersion).toBe(rv);
  });

  it("generates names from generateName with Kubernetes' suffix alphabet", () => {
    const s = sim();
    const p = s.store.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { generateName: "web-", namespace: "default" },
    });
    expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("refuses an update with a stale resourceVersion (Conflict)", () => {
    const s = sim();
    const p = s.store.create(pod("a"));
    s.store.update({ ...p, metadata: { ...p.metadata, labels: { x: "1" } } });
    expect(() => s.store.update({ ...p, metadata: { ...p.metadata, labels: { x: "2" } } })).toThrow(
      'Operation cannot be fulfilled on pods "a": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it("keeps the stored status on a main-resource update, and the rest on a status update", () => {
    const s = sim();
    const p = s.store.create(pod("a"));
    const withStatus = s.store.updateStatus({ ...p, status: { phase: "Running" } });
    expect(withStatus.status).toEqual({ phase: "Running" });
    const relabelled = s.store.update({
      ...withStatus,
      metadata: { ...withStatus.metadata, labels: { x: "1" } },
      status: { phase: "Failed" },
    });
    expect(relabelled.status).toEqual({ phase: "Running" });
    expect(relabelled.metadata.labels).toEqual({ x: "1" });
  });

  it("does not write (nor bump resourceVersion) for an update that changes nothing", () => {
    const s = sim();
    const p = s.store.create(pod("a"));
    const rv = s.store.resourceVersion;
    expect(s.store.update({ ...p })).toBe(p);
    expect(s.store.resourceVersion).toBe(rv);
  });

  it("deletes a pod bound to a node gracefully: deletionTimestamp = now + grace, removed only later", () => {
    const s = sim();
    s.store.create(
      pod("bound", {}, { spec: { nodeName: "n1", containers: [], terminationGracePeriodSeconds: 30 } }),
    );
    const marked = s.store.delete({ kind: "Pod", namespace: "default", name: "bound" });
    expect(marked.metadata.deletionTimestamp).toBe("2025-01-01T00:00:30Z");
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(s.store.get("Pod", "default", "bound")).toBeDefined();
    s.store.delete({ kind: "Pod", namespace: "default", name: "bound" }, { gracePeriodSeconds: 0 });
    expect(s.store.get("Pod", "default", "bound")).toBeUndefined();
  });

  it("deletes an unscheduled pod at once (pod strategy CheckGracefulDelete)", () => {
    const s = sim();
    s.store.create(pod("pending"));
    s.store.delete({ kind: "Pod", namespace: "default", name: "pending" });
    expect(s.store.get("Pod", "default", "pending")).toBeUndefined();
  });

  it("keeps an object with finalizers until the last finalizer is removed", () => {
    const s = sim();
    s.store.create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c", namespace: "default", finalizers: ["example.com/x"] },
    });
    const ref = { kind: "ConfigMap", namespace: "default", name: "c" };
    s.store.delete(ref);
    expect(s.store.get("ConfigMap", "default", "c")?.metadata.deletionTimestamp).toBeDefined();
    s.store.mutate(ref, (d) => {
      d.metadata.finalizers = [];
    });
    expect(s.store.get("ConfigMap", "default", "c")).toBeUndefined();
  });

  it("refuses objects in a namespace that does not exist (NamespaceLifecycle admission)", () => {
    const s = sim();
    expect(() => s.store.create({ ...pod("a"), metadata: { name: "a", namespace: "nope" } })).toThrow(
      'namespaces "nope" not found',
    );
  });

  it("throws StatusErrors carrying Kubernetes' reason and code", () => {
    const s = sim();
    try {
      s.store.delete({ kind: "Pod", namespace: "default", name: "ghost" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).status).toMatchObject({
        reason: "NotFound",
        code: 404,
        message: 'pods "ghost" not found',
      });
    }
  });
});

describe("ObjectStore transactions", () => {
  it("commits all writes of a transaction together, or none if it throws", () => {
    const s = sim();
    const before = s.store.snapshot();
    expect(() =>
      s.store.transaction((tx) => {
        tx.create(pod("a"));
        tx.create(pod("b"));
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(s.store.snapshot()).toBe(before);
    expect(s.store.list("Pod")).toEqual([]);
  });

  it("lets a transaction read its own writes", () => {
    const s = sim();
    s.store.transaction((tx) => {
      tx.create(pod("a", { app: "web" }));
      expect(tx.get("Pod", "default", "a")).toBeDefined();
      expect(tx.list("Pod", { labelSelector: selector("app=web") }).map((p) => p.metadata.name)).toEqual([
        "a",
      ]);
      expect(s.store.get("Pod", "default", "a")).toBeUndefined();
    });
    expect(s.store.get("Pod", "default", "a")).toBeDefined();
  });

  it("delivers watch events only after the commit, in order", () => {
    const s = sim();
    const seen: string[] = [];
    s.store.watch({ kind: "Pod" }, (e) =>
      seen.push(
        `${e.type} ${e.object.metadata.name} committed=${s.store.get("Pod", "default", "b") !== undefined}`,
      ),
    );
    s.store.transaction((tx) => {
      tx.create(pod("a"));
      tx.create(pod("b"));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(["ADDED a committed=true", "ADDED b committed=true"]);
  });
});

describe("ObjectStore label selection and watches", () => {
  it("lists by label selector, sorted by name", () => {
    const s = sim();
    for (const [n, app, tier] of [
      ["c", "web", "fe"],
      ["a", "web", "be"],
      ["b", "db", "be"],
    ] as const)
      s.store.create(pod(n, { app, tier }));
    const names = (sel: string) =>
      s.store.list("Pod", { labelSelector: selector(sel) }).map((p) => p.metadata.name);
    expect(names("app=web")).toEqual(["a", "c"]);
    expect(names("app in (web,db),tier=be")).toEqual(["a", "b"]);
    expect(names("app!=web")).toEqual(["b"]);
    expect(names("!tier")).toEqual([]);
    expect(names("app=nope")).toEqual([]);
  });

  it("lists in name order whatever the order of creation, small lists and large", () => {
    const names = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), { minLength: 0, maxLength: 60 });
    fc.assert(
      fc.property(names, fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }), (created, web) => {
        const s = sim();
        for (const [i, n] of created.entries()) s.store.create(pod(n, { app: web[i] ? "web" : "db" }));
        const listed = (sel?: string) =>
          s.store.list("Pod", sel ? { labelSelector: selector(sel) } : {}).map((p) => p.metadata.name);
        expect(listed()).toEqual([...created].sort());
        expect(listed("app=web")).toEqual(created.filter((_, i) => web[i]).sort());
        expect(listed("app in (web,db),app!=db")).toEqual(created.filter((_, i) => web[i]).sort());
      }),
      { numRuns: 50 },
    );
  });

  it("keeps the label index right through relabels and deletes", () => {
    const s = sim();
    s.store.create(pod("a", { app: "web" }));
    s.store.mutate({ kind: "Pod", namespace: "default", name: "a" }, (d) => {
      d.metadata.labels = { app: "db" };
    });
    expect(s.store.list("Pod", { labelSelector: selector("app=web") })).toEqual([]);
    expect(s.store.list("Pod", { labelSelector: selector("app=db") })).toHaveLength(1);
    s.store.delete({ kind: "Pod", namespace: "default", name: "a" });
    expect(s.store.list("Pod", { labelSelector: selector("app=db") })).toEqual([]);
  });

  it("reports an object leaving a watched selector as DELETED and entering it as ADDED (watch cache semantics)", () => {
    const s = sim();
    const events: WatchEvent[] = [];
    s.store.watch({ kind: "Pod", labelSelector: selector("app=web") }, (e) => events.push(e));
    s.store.create(pod("a", { app: "db" }));
    const ref = { kind: "Pod", namespace: "default", name: "a" };
    s.store.mutate(ref, (d) => {
      d.metadata.labels = { app: "web" };
    });
    s.store.mutate(ref, (d) => {
      d.metadata.annotations = { x: "y" };
    });
    s.store.mutate(ref, (d) => {
      d.metadata.labels = { app: "db" };
    });
    expect(events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
  });

  it("filters watches by namespace", () => {
    const s = sim();
    s.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } });
    const names: string[] = [];
    s.store.watch({ kind: "Pod", namespace: "other" }, (e) => names.push(e.object.metadata.name!));
    s.store.create(pod("in-default"));
    s.store.create({ ...pod("in-other"), metadata: { name: "in-other", namespace: "other" } });
    expect(names).toEqual(["in-other"]);
  });
});

describe("ObjectStore.mutate", () => {
  const ref = { kind: "Pod", namespace: "default", name: "a" };

  function isDeepFrozen(value: unknown): boolean {
    if (typeof value !== "object" || value === null) return true;
    return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
  }

  it("stores a deeply frozen object, and leaves earlier snapshots and versions as they were", () => {
    const s = sim();
    const created = s.store.create(pod("a"));
    const snap = s.store.snapshot();
    const json = JSON.stringify(snap);
    const next = s.store.mutate(ref, (d) => {
      d.metadata.annotations = { note: "x" };
      (d.spec as { containers: unknown[] }).containers.push({ name: "c" });
    });
    expect(isDeepFrozen(next)).toBe(true);
    expect(isDeepFrozen(s.store.snapshot())).toBe(true);
    expect(JSON.stringify(snap)).toBe(json);
    expect(created.metadata.annotations).toBeUndefined();
    expect(Number(next.metadata.resourceVersion)).toBe(Number(created.metadata.resourceVersion) + 1);
    expect(next.metadata.uid).toBe(created.metadata.uid);
  });

  it("does not change objects the recipe brings in (metadata or a whole replacement)", () => {
    const s = sim();
    const created = s.store.create(pod("a"));
    const meta = { name: "renamed", namespace: "default", labels: { app: "web" } };
    const viaMeta = s.store.mutate(ref, (d) => {
      d.metadata = meta;
    });
    expect(meta).toEqual({ name: "renamed", namespace: "default", labels: { app: "web" } });
    expect(viaMeta.metadata).toMatchObject({ name: "a", uid: created.metadata.uid, labels: { app: "web" } });
    const replacement = { ...pod("other"), spec: { containers: [{ name: "new" }] } };
    const viaReturn = s.store.mutate(ref, () => replacement as unknown as undefined);
    expect(replacement.metadata).toEqual({ name: "other", namespace: "default", labels: {} });
    expect(viaReturn.metadata.name).toBe("a");
    expect(viaReturn.metadata.uid).toBe(created.metadata.uid);
    expect(viaReturn.spec).toEqual({ containers: [{ name: "new" }] });
    expect(s.store.get("Pod", "default", "a")).toBe(viaReturn);
  });

  it("refuses a stale resourceVersion set by the recipe (Conflict)", () => {
    const s = sim();
    s.store.create(pod("a"));
    expect(() =>
      s.store.mutate(ref, (d) => {
        d.metadata.resourceVersion = "1";
        d.metadata.labels = { x: "y" };
      }),
    ).toThrow(StatusError);
  });
});

describe("ObjectStore snapshots", () => {
  it("restores an earlier snapshot exactly, label index included", () => {
    const s = sim();
    s.store.create(pod("a", { app: "web" }));
    const snap = s.store.snapshot();
    s.store.create(pod("b", { app: "web" }));
    s.store.delete({ kind: "Pod", namespace: "default", name: "a" });
    s.store.restore(snap);
    expect(s.store.list("Pod").map((p) => p.metadata.name)).toEqual(["a"]);
    expect(s.store.list("Pod", { labelSelector: selector("app=web") }).map((p) => p.metadata.name)).toEqual([
      "a",
    ]);
  });

  it("shares every other namespace's objects with the snapshot before a write (a write copies one namespace's path)", () => {
    const s = sim();
    const namespaces = Array.from({ length: 40 }, (_, i) => `ns-${i}`);
    s.store.transaction((tx) => {
      for (const name of namespaces) tx.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    });
    s.store.transaction((tx) => {
      for (const ns of namespaces) tx.create({ ...pod("a"), metadata: { name: "a", namespace: ns } });
    });
    const before = s.store.snapshot();
    s.store.create({ ...pod("b"), metadata: { name: "b", namespace: "ns-7" } });
    const after = s.store.snapshot();
    const shard = (state: typeof before, ns: string) => shardedMapGet(state.kinds.Pod!, ns);
    for (const ns of namespaces) {
      if (ns === "ns-7") expect(shard(after, ns)).not.toBe(shard(before, ns));
      else expect(shard(after, ns)).toBe(shard(before, ns));
    }
    expect(s.store.list("Pod", { namespace: "ns-7" }).map((p) => p.metadata.name)).toEqual(["a", "b"]);
    expect(s.store.count("Pod")).toBe(41);
  });

  it("survives a JSON round trip (state is plain data)", () => {
    const s = sim();
    s.store.create(pod("a", { app: "web" }));
    const json = JSON.stringify(s.store.snapshot());
    const other = sim();
    other.store.restore(JSON.parse(json));
    expect(other.store.get("Pod", "default", "a")).toEqual(s.store.get("Pod", "default", "a"));
  });
});

describe("ObjectStore indexes (client-go's AddIndexers / ByIndex)", () => {
  const byNode = (o: KubeObject) => (o.spec as { nodeName?: string } | undefined)?.nodeName;
  const names = (objects: readonly { metadata: { name?: string } }[]) => objects.map((o) => o.metadata.name);

  it("indexes what exists when added, then follows creates, updates and deletes", () => {
    const s = sim();
    s.store.create(pod("a", {}, { spec: { containers: [], nodeName: "n1" } }));
    s.store.addIndex("byNode", "Pod", byNode);
    expect(names(s.store.byIndex("byNode", "default", "n1"))).toEqual(["a"]);
    s.store.create(pod("b", {}, { spec: { containers: [], nodeName: "n1" } }));
    s.store.create(pod("c"));
    expect(names(s.store.byIndex("byNode", "default", "n1"))).toEqual(["a", "b"]);
    s.store.mutate({ kind: "Pod", namespace: "default", name: "a" }, (d) => {
      (d.spec as { nodeName?: string }).nodeName = "n2";
    });
    s.store.delete({ kind: "Pod", namespace: "default", name: "b" }, { gracePeriodSeconds: 0 });
    expect(names(s.store.byIndex("byNode", "default", "n1"))).toEqual([]);
    expect(names(s.store.byIndex("byNode", "default", "n2"))).toEqual(["a"]);
    expect(s.store.byIndex("byNode", "other", "n2")).toEqual([]);
    expect(() => s.store.addIndex("byNode", "Pod", byNode)).toThrow(/already exists/);
    expect(() => s.store.byIndex("nope", "default", "n1")).toThrow(/no index "nope"/);
  });

  it("sees a transaction's own writes, and is rebuilt on restore", () => {
    const s = sim();
    s.store.addIndex("byNode", "Pod", byNode);
    s.store.create(pod("a", {}, { spec: { containers: [], nodeName: "n1" } }));
    const before = s.store.snapshot();
    s.store.transaction((tx) => {
      tx.create(pod("b", {}, { spec: { containers: [], nodeName: "n1" } }));
      tx.delete({ kind: "Pod", namespace: "default", name: "a" }, { gracePeriodSeconds: 0 });
      expect(names(tx.byIndex("byNode", "default", "n1"))).toEqual(["b"]);
      expect(names(s.store.byIndex("byNode", "default", "n1"))).toEqual(["a"]);
    });
    expect(names(s.store.byIndex("byNode", "default", "n1"))).toEqual(["b"]);
    s.store.restore(before);
    expect(names(s.store.byIndex("byNode", "default", "n1"))).toEqual(["a"]);
  });
});

describe("ObjectStore event log", () => {
  it("lists every committed change in order with its position, virtual time and type", () => {
    const s = sim();
    const start = s.store.eventLog().length;
    // More entries than the log's first column allocation, so growing it keeps what it held.
    for (let i = 0; i < 1_100; i++) {
      s.store.create(pod(`p${i}`));
      if (i % 100 === 0) s.advance(1_000);
    }
    s.store.update({
      ...s.store.get("Pod", "default", "p0")!,
      metadata: { ...s.store.get("Pod", "default", "p0")!.metadata, labels: { a: "b" } },
    });
    s.store.delete({ kind: "Pod", namespace: "default", name: "p1" });
    const log = s.store.eventLog();
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const ours = log.slice(start);
    expect(ours).toHaveLength(1_102);
    expect(ours[0]).toMatchObject({ type: "ADDED", timeMs: Date.parse("2025-01-01T00:00:00Z") });
    expect(ours[0]!.object.metadata.name).toBe("p0");
    expect(ours[1_099]!.timeMs).toBe(Date.parse("2025-01-01T00:00:11Z"));
    expect(ours[1_100]).toMatchObject({
      type: "MODIFIED",
      object: { metadata: { name: "p0", labels: { a: "b" } } },
    });
    expect(ours[1_101]).toMatchObject({ type: "DELETED", object: { metadata: { name: "p1" } } });
  });
});
