/**
 * kubectl replace and kubectl create -f against a simulated API server, in-process, with kubectl
 * v1.32's messages (k8s.io/kubectl/pkg/cmd/replace/replace.go, create/create.go). `create -f` is
 * run through its command spec directly: `kubectl create` hands its file form over to it.
 */
import type { Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { apiServerSimulation } from "../../test/apiServerSimulation.js";
import { type FlagSpec, Flags, parseFlags } from "../cli/parseFlags.js";
import { splitWords } from "../cli/splitWords.js";
import { type CommandResult, Output } from "../KubectlContext.js";
import { kubectl } from "../kubectl.js";
import { createFromFilesCommand } from "./createFromFiles.js";

const cluster = (): Simulation => apiServerSimulation();

const CM = (name: string, value: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  key: "${value}"
`;

/** `kubectl create -f ...` through the file form's command spec. */
function create(sim: Simulation, line: string, stdin?: string): CommandResult {
  const split = splitWords(line);
  if (!split.ok) throw new Error(split.error);
  const specs: FlagSpec[] = [
    { name: "namespace", shorthand: "n", type: "string" },
    ...createFromFilesCommand.flags,
  ];
  const parsed = parseFlags(split.words, specs);
  if (!parsed.ok) throw new Error(parsed.error);
  const flags = new Flags(parsed.flags);
  const out = new Output();
  const namespace = flags.string("namespace");
  createFromFilesCommand.run(
    {
      sim,
      io: stdin === undefined ? {} : { stdin },
      namespace: namespace || "default",
      namespaceExplicit: namespace !== "",
    },
    flags,
    out,
  );
  return out.result();
}

const data = (sim: Simulation, name: string) =>
  (sim.store.get("ConfigMap", "default", name)?.data as Record<string, string> | undefined)?.key;

describe("kubectl create -f", () => {
  it("creates each object and prints `<type>/<name> created`", () => {
    const sim = cluster();
    expect(create(sim, "-f -", `${CM("a", "1")}---\n${CM("b", "2")}`)).toEqual({
      stdout: "configmap/a created\nconfigmap/b created\n",
      stderr: "",
      exitCode: 0,
    });
    expect([data(sim, "a"), data(sim, "b")]).toEqual(["1", "2"]);
  });

  it("reports an object that exists (and goes on with the others)", () => {
    const sim = cluster();
    create(sim, "-f -", CM("a", "1"));
    expect(create(sim, "-f -", `${CM("a", "1")}---\n${CM("b", "2")}`)).toEqual({
      stdout: "configmap/b created\n",
      stderr:
        'Error from server (AlreadyExists): error when creating "STDIN": configmaps "a" already exists\n',
      exitCode: 1,
    });
  });

  it("prints several errors one per line", () => {
    const sim = cluster();
    create(sim, "-f -", `${CM("a", "1")}---\n${CM("b", "2")}`);
    expect(create(sim, "-f -", `${CM("a", "1")}---\n${CM("b", "2")}`).stderr).toBe(
      'Error from server (AlreadyExists): error when creating "STDIN": configmaps "a" already exists\n' +
        'Error from server (AlreadyExists): error when creating "STDIN": configmaps "b" already exists\n',
    );
  });

  it("prints an invalid object's causes as kubectl does", () => {
    const sim = cluster();
    const r = create(
      sim,
      "-f -",
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 0\n",
    );
    expect(r.stderr).toBe(
      'The Service "web" is invalid: \n' +
        "* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n" +
        "* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive\n",
    );
  });

  it("--dry-run=client prints the object with its namespace and stores nothing", () => {
    const sim = cluster();
    expect(create(sim, "-f - --dry-run=client -o yaml", CM("a", "1")).stdout).toBe(
      'apiVersion: v1\ndata:\n  key: "1"\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n',
    );
    expect(create(sim, "-f - --dry-run=server", CM("a", "1")).stdout).toBe(
      "configmap/a created (server dry run)\n",
    );
    expect(sim.store.get("ConfigMap", "default", "a")).toBeUndefined();
  });

  it("--save-config records the last-applied configuration", () => {
    const sim = cluster();
    create(sim, "-f - --save-config", CM("a", "1"));
    expect(sim.store.get("ConfigMap", "default", "a")!.metadata.annotations).toEqual({
      "kubectl.kubernetes.io/last-applied-configuration":
        '{"apiVersion":"v1","data":{"key":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"a","namespace":"default"}}\n',
    });
  });

  it("-l creates only the objects whose labels match", () => {
    const sim = cluster();
    const labelled = CM("a", "1").replace("  name: a\n", "  name: a\n  labels: {tier: fe}\n");
    expect(create(sim, "-f - -l tier=fe", `${labelled}---\n${CM("b", "2")}`).stdout).toBe(
      "configmap/a created\n",
    );
  });

  it.each([
    ["-f -", "", "error: no objects passed to create\n"],
    [
      "-f - extra",
      CM("a", "1"),
      "error: Unexpected args: [extra]\nSee 'kubectl create -h' for help and examples\n",
    ],
  ])("%s", (line, stdin, stderr) => {
    expect(create(cluster(), line, stdin)).toEqual({ stdout: "", stderr, exitCode: 1 });
  });
});

describe("kubectl replace", () => {
  it("replaces the object with the file's version and prints `replaced`", () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: CM("a", "1") });
    expect(kubectl(sim, "replace -f -", { stdin: CM("a", "2") })).toEqual({
      stdout: "configmap/a replaced\n",
      stderr: "",
      exitCode: 0,
    });
    expect(data(sim, "a")).toBe("2");
  });

  it("cannot replace what does not exist", () => {
    expect(kubectl(cluster(), "replace -f -", { stdin: CM("a", "2") })).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): error when replacing "STDIN": configmaps "a" not found\n',
      exitCode: 1,
    });
  });

  it("a resourceVersion in the file is a precondition", () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: CM("a", "1") });
    const stale = CM("a", "2").replace("  name: a\n", '  name: a\n  resourceVersion: "1"\n');
    expect(kubectl(sim, "replace -f -", { stdin: stale }).stderr).toBe(
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again\n',
    );
  });

  it("--force deletes the object, waits for it to go, and creates it again", () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: CM("a", "1") });
    const uid = sim.store.get("ConfigMap", "default", "a")!.metadata.uid;
    expect(kubectl(sim, "replace --force -f -", { stdin: CM("a", "2") })).toEqual({
      stdout: 'configmap "a" deleted\nconfigmap/a replaced\n',
      stderr: "",
      exitCode: 0,
    });
    expect(sim.store.get("ConfigMap", "default", "a")!.metadata.uid).not.toBe(uid);
    expect(data(sim, "a")).toBe("2");
    expect(kubectl(sim, "replace --force -f -", { stdin: CM("b", "1") }).stdout).toBe(
      "configmap/b replaced\n",
    );
  });

  it("--dry-run changes nothing; several objects print as YAML documents separated by ---", () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: `${CM("a", "1")}---\n${CM("b", "1")}` });
    expect(kubectl(sim, "replace -f - --dry-run=client", { stdin: CM("a", "2") }).stdout).toBe(
      "configmap/a replaced (dry run)\n",
    );
    expect(data(sim, "a")).toBe("1");
    const yaml = kubectl(sim, "replace -f - -o yaml", {
      stdin: `${CM("a", "3")}---\n${CM("b", "3")}`,
    }).stdout;
    expect(yaml.split("\n").filter((l) => l === "---")).toHaveLength(1);
  });

  it.each([
    ["replace", "error: must specify one of -f and -k\n"],
    ["replace -f - --grace-period=5", "error: --grace-period must have --force specified\n"],
    ["replace -f - --timeout=1m", "error: --timeout must have --force specified\n"],
    [
      "replace -f - --subresource=spec",
      'error: invalid subresource value: "spec". Must be one of [status scale]\n',
    ],
  ])("%s", (command, stderr) => {
    expect(kubectl(cluster(), command, { stdin: CM("a", "1") })).toEqual({ stdout: "", stderr, exitCode: 1 });
  });
});
