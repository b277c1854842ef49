/**
 * `kubectl get --watch` against a simulated API server, in-process
 * (k8s.io/kubectl/pkg/cmd/get/get.go `watch()`, cli-runtime/pkg/printers/tableprinter.go): the
 * initial list, one row per watch event printed through one tabwriter, `--output-watch-events`,
 * `--watch-only`, object formats, and the `--request-timeout` bound in virtual time.
 */
import type { KubeObject, Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { apiServerSimulation } from "../../test/apiServerSimulation.js";
import { kubectl } from "../kubectl.js";
import { parseRequestTimeout } from "./getWatch.js";

function configMap(name: string, data?: Record<string, string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: "default" },
    ...(data ? { data } : {}),
  };
}

/** Creates `name` after `delayMs` of virtual time. */
function createLater(sim: Simulation, delayMs: number, obj: KubeObject): void {
  sim.schedule(delayMs, () => void sim.store.create(obj));
}

describe("kubectl get --watch with --request-timeout", () => {
  it("prints the header once and one row per change, aligned on remembered widths", () => {
    const sim = apiServerSimulation();
    sim.store.create(configMap("a"));
    createLater(sim, 10_000, configMap("a-much-longer-name", { k: "v" }));
    createLater(sim, 20_000, configMap("b"));
    const start = sim.nowMs;
    const r = kubectl(sim, "get configmaps -w --request-timeout=30s");
    // tabwriter.RememberWidths: a column widens for later rows only; rows printed stay put.
    expect(r).toEqual({
      stdout:
        "NAME   DATA   AGE\n" +
        "a      0      0s\n" +
        "a-much-longer-name   1      0s\n" +
        "b                    0      0s\n",
      stderr: "",
      exitCode: 0,
    });
    expect(sim.nowMs - start).toBe(30_000);
  });

  it("ages each row at the instant of its event, and prints MODIFIED and DELETED rows", () => {
    const sim = apiServerSimulation();
    sim.store.create(configMap("app"));
    sim.schedule(90_000, () => {
      sim.store.mutate({ kind: "ConfigMap", namespace: "default", name: "app" }, (d) => {
        (d as { data?: Record<string, string> }).data = { a: "1", b: "2" };
      });
    });
    sim.schedule(
      200_000,
      () => void sim.store.delete({ kind: "ConfigMap", namespace: "default", name: "app" }),
    );
    const r = kubectl(sim, "get cm -w --output-watch-events --request-timeout=5m");
    expect(r.stdout).toBe(
      "EVENT      NAME   DATA   AGE\n" +
        "ADDED      app    0      0s\n" +
        "MODIFIED   app    2      90s\n" +
        "DELETED    app    2      3m20s\n",
    );
  });

  it("--watch-only skips the initial list; the header comes with the first event", () => {
    const sim = apiServerSimulation();
    sim.store.create(configMap("old"));
    createLater(sim, 5_000, configMap("new"));
    expect(kubectl(sim, "get cm --watch-only --request-timeout=10").stdout).toBe(
      "NAME   DATA   AGE\nnew    0      0s\n",
    );
  });

  it("an empty collection prints nothing until its first object, and no `No resources found`", () => {
    const sim = apiServerSimulation();
    expect(kubectl(sim, "get cm -w --request-timeout=1s")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    createLater(sim, 1_000, configMap("x"));
    expect(kubectl(sim, "get cm -w --request-timeout=2s").stdout).toBe(
      "NAME   DATA   AGE\nx      0      0s\n",
    );
  });

  it("watches one named object only, and a label selector's matches", () => {
    const sim = apiServerSimulation();
    sim.store.create(configMap("one"));
    createLater(sim, 1_000, configMap("two"));
    createLater(sim, 2_000, {
      ...configMap("three"),
      metadata: { name: "three", namespace: "default", labels: { app: "x" } },
    });
    sim.schedule(3_000, () => {
      sim.store.mutate({ kind: "ConfigMap", namespace: "default", name: "one" }, (d) => {
        (d as { data?: Record<string, string> }).data = { k: "v" };
      });
    });
    expect(kubectl(sim, "get cm one -w --request-timeout=5s").stdout).toBe(
      "NAME   DATA   AGE\none    0      0s\none    1      3s\n",
    );
    const sim2 = apiServerSimulation();
    createLater(sim2, 1_000, configMap("two"));
    createLater(sim2, 2_000, {
      ...configMap("three"),
      metadata: { name: "three", namespace: "default", labels: { app: "x" } },
    });
    expect(kubectl(sim2, "get cm -l app=x -w --request-timeout=5s").stdout).toBe(
      "NAME    DATA   AGE\nthree   0      0s\n",
    );
  });

  it("shows <pending> for a LoadBalancer Service, then a row with its EXTERNAL-IP", () => {
    const sim = apiServerSimulation();
    expect(kubectl(sim, "create service loadbalancer frontend --tcp=80:8080").exitCode).toBe(0);
    sim.schedule(75_000, () => {
      const svc = sim.store.get("Service", "default", "frontend")!;
      sim.store.updateStatus({
        ...svc,
        status: { loadBalancer: { ingress: [{ ip: "203.0.113.10", ipMode: "VIP" }] } },
      });
    });
    const r = kubectl(sim, "get service frontend -w --request-timeout=2m");
    const svc = sim.store.get("Service", "default", "frontend")!;
    const spec = svc.spec as { clusterIP: string; ports: { nodePort: number }[] };
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^NAME {7}TYPE {11}CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^frontend +LoadBalancer +${spec.clusterIP} +<pending> +80:${spec.ports[0]!.nodePort}/TCP +0s$`,
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(
        `^frontend +LoadBalancer +${spec.clusterIP} +203\\.0\\.113\\.10 +80:${spec.ports[0]!.nodePort}/TCP +75s$`,
      ),
    );
    expect(lines).toHaveLength(4);
  });

  it("prints objects under -o name, -o yaml (--- between documents) and -o json", () => {
    const build = () => {
      const sim = apiServerSimulation();
      sim.store.create(configMap("a"));
      createLater(sim, 1_000, configMap("b"));
      return sim;
    };
    expect(kubectl(build(), "get cm -w -o name --request-timeout=2s").stdout).toBe(
      "configmap/a\nconfigmap/b\n",
    );
    const yaml = kubectl(build(), "get cm -w -o yaml --request-timeout=2s").stdout;
    expect(yaml.split("---\n")).toHaveLength(2);
    expect(yaml).toMatch(/^apiVersion: v1\nkind: ConfigMap\nmetadata:\n/);
    const events = kubectl(build(), "get cm -w -o json --output-watch-events --request-timeout=2s").stdout;
    const lines = events.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    // json.Marshal of a WatchEvent: compact, type first, the unstructured object's keys sorted.
    expect(lines[0]).toMatch(
      /^\{"type":"ADDED","object":\{"apiVersion":"v1","kind":"ConfigMap","metadata":\{"creationTimestamp":/,
    );
    expect(JSON.parse(lines[1]!)).toMatchObject({ type: "ADDED", object: { metadata: { name: "b" } } });
    const yamlEvents = kubectl(
      build(),
      "get cm -w -o yaml --output-watch-events --request-timeout=2s",
    ).stdout;
    expect(yamlEvents).toMatch(/^object:\n {2}apiVersion: v1\n/);
    expect(yamlEvents).toContain("\ntype: ADDED\n---\nobject:\n");
  });
});

describe("kubectl get --watch without a bound", () => {
  it("returns the initial list and an open watch that prints changes as time passes", () => {
    const sim = apiServerSimulation();
    sim.store.create(configMap("a"));
    createLater(sim, 1_000, configMap("b"));
    createLater(sim, 5_000, configMap("c"));
    const r = kubectl(sim, "get cm -w");
    expect(r.stdout).toBe("NAME   DATA   AGE\na      0      0s\n");
    expect(r.watch).toBeDefined();
    sim.advance(2_000);
    expect(r.watch!.drain()).toBe("b      0      0s\n");
    expect(r.watch!.drain()).toBe("");
    r.watch!.stop();
    sim.advance(5_000);
    expect(r.watch!.drain()).toBe("");
    expect(kubectl(sim, "get cm -w --request-timeout=1s").watch).toBeUndefined();
  });
});

describe("kubectl get --watch errors", () => {
  it.each([
    [
      "get cm --output-watch-events",
      "error: --output-watch-events option can only be used with --watch or --watch-only\nSee 'kubectl get -h' for help and examples\n",
    ],
    ["get cm,secrets -w", "error: you may only specify a single resource type\n"],
    ["get all -w", "error: you may only specify a single resource type\n"],
    [
      "get cm/a secret/b -w",
      "error: watch is only supported on individual resources and resource collections - more than 1 resource was found\n",
    ],
    [
      "get cm -w --request-timeout=soon",
      "error: invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n",
    ],
    ["get cm nope -w", 'Error from server (NotFound): configmaps "nope" not found\n'],
    [
      "get -w",
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    ],
  ])("%s", (cmd, stderr) => {
    const sim = apiServerSimulation();
    expect(kubectl(sim, cmd)).toEqual({ stdout: "", stderr, exitCode: 1 });
  });

  it("lists several names, then refuses to watch them", () => {
    const sim = apiServerSimulation();
    sim.store.create(configMap("a"));
    sim.store.create(configMap("b"));
    expect(kubectl(sim, "get cm a b -w")).toEqual({
      stdout: "NAME   DATA   AGE\na      0      0s\nb      0      0s\n",
      stderr: "error: you may only watch a single resource or type of resource at a time\n",
      exitCode: 1,
    });
  });
});

describe("parseRequestTimeout (clientcmd.ParseTimeout)", () => {
  it("reads plain integers as seconds and anything else as a Go duration", () => {
    expect(parseRequestTimeout("")).toBe(0);
    expect(parseRequestTimeout("0")).toBe(0);
    expect(parseRequestTimeout("30")).toBe(30_000);
    expect(parseRequestTimeout("1m30s")).toBe(90_000);
    expect(parseRequestTimeout("500ms")).toBe(500);
    expect(parseRequestTimeout("-1s")).toBe(0);
    expect(parseRequestTimeout("-5")).toBeUndefined();
    expect(parseRequestTimeout("5x")).toBeUndefined();
  });
});
