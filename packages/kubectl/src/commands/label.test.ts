/**
 * kubectl label and kubectl annotate against a simulated API server, in-process. Messages follow
 * kubectl v1.32 (label.go, annotate.go); the `--local` outputs and errors were compared with the
 * real kubectl v1.32.4 on the same files.
 */
import type { Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { apiServerSimulation } from "../../test/apiServerSimulation.js";
import { kubectl } from "../kubectl.js";

const cluster = (): Simulation => apiServerSimulation();

/** Two config maps, `web` (app=web, tier=fe, annotation a=1) and `db` (app=db). */
const CONFIGMAPS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  labels: {app: web, tier: fe}
  annotations: {a: "1"}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: db
  labels: {app: db}
`;

function withConfigMaps(): Simulation {
  const sim = cluster();
  expect(kubectl(sim, "apply -f -", { stdin: CONFIGMAPS }).exitCode).toBe(0);
  return sim;
}

const labels = (sim: Simulation, name: string) =>
  sim.store.get("ConfigMap", "default", name)!.metadata.labels;
const annotations = (sim: Simulation, name: string) =>
  sim.store.get("ConfigMap", "default", name)!.metadata.annotations;

describe("kubectl label", () => {
  it("adds a label and prints `labeled`", () => {
    const sim = withConfigMaps();
    expect(kubectl(sim, "label configmap web env=prod")).toEqual({
      stdout: "configmap/web labeled\n",
      stderr: "",
      exitCode: 0,
    });
    expect(labels(sim, "web")).toEqual({ app: "web", tier: "fe", env: "prod" });
  });

  it("refuses to change a value without --overwrite, and changes it with", () => {
    const sim = withConfigMaps();
    expect(kubectl(sim, "label cm web tier=be")).toEqual({
      stdout: "",
      stderr: "error: 'tier' already has a value (fe), and --overwrite is false\n",
      exitCode: 1,
    });
    expect(kubectl(sim, "label cm web tier=be --overwrite").stdout).toBe("configmap/web labeled\n");
    expect(labels(sim, "web")?.tier).toBe("be");
  });

  it("prints one line per refused label, without `error: `, when several are refused", () => {
    const sim = withConfigMaps();
    expect(kubectl(sim, "label cm web app=x tier=y").stderr).toBe(
      "'app' already has a value (web), and --overwrite is false\n'tier' already has a value (fe), and --overwrite is false\n",
    );
  });

  it("`not labeled` when nothing changes; `unlabeled` when a label goes (without --overwrite)", () => {
    const sim = withConfigMaps();
    expect(kubectl(sim, "label cm web tier=fe").stdout).toBe("configmap/web not labeled\n");
    expect(kubectl(sim, "label cm web tier- zz-").stdout).toBe(
      'label "zz" not found.\nconfigmap/web unlabeled\n',
    );
    expect(labels(sim, "web")).toEqual({ app: "web" });
    expect(kubectl(sim, "label cm web app- --overwrite").stdout).toBe("configmap/web labeled\n");
    expect(labels(sim, "web")).toBeUndefined();
  });

  it("labels every object a selector or --all picks", () => {
    const sim = withConfigMaps();
    expect(kubectl(sim, "label cm -l app team=a").stdout).toBe(
      "configmap/db labeled\nconfigmap/web labeled\n",
    );
    expect(kubectl(sim, "label cm --all team=b --overwrite").stdout).toBe(
      "configmap/db labeled\nconfigmap/web labeled\n",
    );
    expect(labels(sim, "db")?.team).toBe("b");
  });

  it("--list prints the labels (after the change, which is not sent)", () => {
    const sim = withConfigMaps();
    expect(kubectl(sim, "label cm web --list").stdout).toBe("app=web\ntier=fe\n");
    expect(kubectl(sim, "label cm web x=1 --list").stdout).toBe("app=web\ntier=fe\nx=1\n");
    expect(labels(sim, "web")).toEqual({ app: "web", tier: "fe" });
  });

  it("--dry-run=client and =server change nothing and say so", () => {
    const sim = withConfigMaps();
    expect(kubectl(sim, "label cm web x=1 --dry-run=client").stdout).toBe(
      "configmap/web labeled (dry run)\n",
    );
    expect(kubectl(sim, "label cm web x=1 --dry-run=server").stdout).toBe(
      "configmap/web labeled (server dry run)\n",
    );
    expect(labels(sim, "web")).toEqual({ app: "web", tier: "fe" });
  });

  it("the API server validates the key", () => {
    const sim = withConfigMaps();
    const r = kubectl(sim, "label cm web a/b/c=1");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^The ConfigMap "web" is invalid: /);
    expect(r.stderr).toContain('metadata.labels: Invalid value: "a/b/c": a qualified name must consist of');
    expect(labels(sim, "web")).toEqual({ app: "web", tier: "fe" });
  });

  it("--resource-version is a precondition", () => {
    const sim = withConfigMaps();
    expect(kubectl(sim, "label cm web x=1 --resource-version=1").stderr).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on configmaps "web": the object has been modified; please apply your changes to the latest version and try again\n',
    );
  });

  it("reports missing objects and still labels the others", () => {
    const sim = withConfigMaps();
    expect(kubectl(sim, "label cm web nope x=1")).toEqual({
      stdout: "configmap/web labeled\n",
      stderr: 'Error from server (NotFound): configmaps "nope" not found\n',
      exitCode: 1,
    });
  });
});

describe("kubectl label --local (compared with kubectl v1.32.4)", () => {
  const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: {app: web, tier: fe}
spec:
  containers:
  - name: c
    image: nginx
`;

  it("prints the labeled object without contacting the server", () => {
    const r = kubectl(cluster(), "label --local -f - a=b -o yaml", { stdin: POD });
    expect(r.stdout).toBe(`apiVersion: v1
kind: Pod
metadata:
  labels:
    a: b
    app: web
    tier: fe
  name: p
spec:
  containers:
  - image: nginx
    name: c
`);
  });

  it("keeps an emptied labels map, as kubectl does", () => {
    const r = kubectl(cluster(), "label --local -f - app- tier- --overwrite -o yaml", { stdin: POD });
    expect(r.stdout).toContain("  labels: {}\n");
  });

  it("lists the labels of several objects under a heading when they came from stdin", () => {
    const r = kubectl(cluster(), "label --local -f - --list", {
      stdin: `${POD}---\n${POD.replace("name: p\n", "name: q\n")}`,
    });
    expect(r.stdout).toBe(
      "Listing labels for Pod./p:\n app=web\n tier=fe\nListing labels for Pod./q:\n app=web\n tier=fe\n",
    );
  });

  it.each([
    ["label --local -f - a=b=c", "error: invalid label spec: a=b=c\n"],
    [
      "label --local -f - a=-x",
      `error: invalid label value: "a=-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n`,
    ],
    ["label --local -f - a=1 a-", "error: can not both modify and remove a label in the same command\n"],
    ["label --local -f -", "error: at least one label update is required\n"],
    [
      "label --local pod p a=b",
      "error: can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set\n",
    ],
    [
      "label --local a=b",
      "error: one or more files must be specified as -f pod.yaml or --filename=pod.json\n",
    ],
    ["label --local -f - a=b x", "error: all resources must be specified before label changes: x\n"],
    ["label --local -f - --list -o yaml", "error: --list and --output may not be specified together\n"],
    [
      "label a=b",
      "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n",
    ],
    ["label pods --all -l a=b x=y", "error: cannot set --all and --selector at the same time\n"],
    ["label pods x=y", "error: resource(s) were provided, but no name was specified\n"],
  ])("%s", (command, stderr) => {
    expect(kubectl(cluster(), command, { stdin: POD })).toEqual({ stdout: "", stderr, exitCode: 1 });
  });
});

describe("kubectl annotate", () => {
  it("adds and removes annotations and prints `annotated`", () => {
    const sim = withConfigMaps();
    expect(kubectl(sim, "annotate cm web b=2 a-")).toEqual({
      stdout: "configmap/web annotated\n",
      stderr: "",
      exitCode: 0,
    });
    expect(annotations(sim, "web")).toEqual({
      b: "2",
      "kubectl.kubernetes.io/last-applied-configuration": expect.any(String),
    });
  });

  it("refuses to change a value without --overwrite, naming every refused key in one message", () => {
    const sim = withConfigMaps();
    kubectl(sim, "annotate cm web b=2");
    expect(kubectl(sim, "annotate cm web a=9 b=8")).toEqual({
      stdout: "",
      stderr:
        "error: --overwrite is false but found the following declared annotation(s): 'a' already has a value (1); 'b' already has a value (2)\n",
      exitCode: 1,
    });
    expect(kubectl(sim, "annotate cm web a=1").stdout).toBe("configmap/web annotated\n");
    expect(kubectl(sim, "annotate cm web a=9 --overwrite").stdout).toBe("configmap/web annotated\n");
    expect(annotations(sim, "web")?.a).toBe("9");
  });

  it("prints the server's objects with -o yaml, as YAML documents separated by ---", () => {
    const sim = withConfigMaps();
    const out = kubectl(sim, "annotate cm -l app x=1 -o yaml").stdout;
    expect(out.split("\n").filter((l) => l === "---")).toHaveLength(1);
    expect(out).toContain("resourceVersion:");
  });

  it.each([
    [
      "annotate cm web a=1 a-",
      "error: can not both modify and remove the following annotation(s) in the same command: a\n",
    ],
    [
      "annotate --local a=b",
      "error: one or more files must be specified as -f rsrc.yaml or --filename=rsrc.json\n",
    ],
    [
      "annotate --local cm web a=b",
      "error: can only use local files by -f rsrc.yaml or --filename=rsrc.json when --local=true is set\n",
    ],
    ["annotate cm web", "error: at least one annotation update is required\n"],
    ["annotate cm web a=b x", "error: all resources must be specified before annotation changes: x\n"],
  ])("%s", (command, stderr) => {
    expect(kubectl(withConfigMaps(), command)).toEqual({ stdout: "", stderr, exitCode: 1 });
  });

  it("--list prints the annotations; --dry-run says so and changes nothing", () => {
    const sim = withConfigMaps();
    expect(kubectl(sim, "annotate cm db --list").stdout).toMatch(
      /^kubectl\.kubernetes\.io\/last-applied-configuration=\{/,
    );
    expect(kubectl(sim, "annotate cm web z=1 --dry-run=client").stdout).toBe(
      "configmap/web annotated (dry run)\n",
    );
    expect(annotations(sim, "web")?.z).toBeUndefined();
  });
});
