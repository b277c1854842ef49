import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import type { Workload, WorkloadContext } from "./Workload.js";
import { WorkloadRegistry } from "./WorkloadRegistry.js";

function ctx(container: Partial<WorkloadContext["container"]>, pod?: KubeObject): WorkloadContext {
  const p: KubeObject = pod ?? {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "app-1", namespace: "default" },
  };
  return {
    pod: p,
    container: { name: "app", image: "myorg/api:v2", ...container },
    hostname: "app-1",
    nowMs: 0,
  };
}

function fixed(port: number, text: string): Workload {
  return {
    listens: () => [{ port, protocol: "TCP" }],
    handle: () => ({ kind: "data", data: text }),
  };
}

describe("WorkloadRegistry", () => {
  it("gives unknown images their declared containerPorts (TCP and UDP) answering with the pod name", () => {
    const r = new WorkloadRegistry();
    const c = ctx({ ports: [{ containerPort: 8080 }, { containerPort: 5353, protocol: "UDP" }] });
    const w = r.workloadFor(c);
    expect(w.listens(c)).toEqual([
      { port: 8080, protocol: "TCP" },
      { port: 5353, protocol: "UDP" },
    ]);
    const res = w.handle(c, {
      protocol: "TCP",
      local: { ip: "10.244.1.5", port: 8080 },
      peer: { ip: "10.244.2.7", port: 1234 },
      request: { kind: "http", method: "GET", path: "/", headers: [], body: "" },
    });
    expect(res).toMatchObject({ status: 200, body: "app-1\n" });
  });

  it("gives known server images only the ports they bind, not declared ones", () => {
    const r = new WorkloadRegistry();
    const c = ctx({ image: "httpd:2.4", ports: [{ containerPort: 8080 }] });
    expect(r.workloadFor(c).listens(c)).toEqual([{ port: 80, protocol: "TCP" }]);
  });

  it("lets user matchers take precedence over built-ins, the last registered first", () => {
    const r = new WorkloadRegistry();
    const c = ctx({ image: "nginx:1.27" });
    r.register((x) => (x.container.image.startsWith("nginx") ? fixed(1, "first") : undefined));
    r.register((x) => (x.container.image.startsWith("nginx") ? fixed(2, "second") : undefined));
    expect(r.workloadFor(c).listens(c)).toEqual([{ port: 2, protocol: "TCP" }]);
  });

  it("passes to earlier matchers and built-ins when a matcher declines", () => {
    const r = new WorkloadRegistry();
    r.register(() => undefined);
    const c = ctx({ image: "nginx" });
    expect(r.workloadFor(c).listens(c)).toEqual([{ port: 80, protocol: "TCP" }]);
  });

  it("registers by image base name, and a registration after a lookup takes effect", () => {
    const r = new WorkloadRegistry();
    const c = ctx({ ports: [{ containerPort: 9000 }] });
    expect(r.workloadFor(c).listens(c)).toEqual([{ port: 9000, protocol: "TCP" }]);
    r.registerImage("api", fixed(7000, "api"));
    expect(r.workloadFor(c).listens(c)).toEqual([{ port: 7000, protocol: "TCP" }]);
  });

  it("keeps registries independent", () => {
    const a = new WorkloadRegistry();
    const b = new WorkloadRegistry();
    a.registerImage("api", fixed(7000, "api"));
    const c = ctx({});
    expect(b.workloadFor(c).listens(c)).toEqual([]);
  });
});
