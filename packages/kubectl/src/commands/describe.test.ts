/**
 * `kubectl describe` as a command: several objects, prefix matching, errors, empty results.
 * Golden cases captured from kubectl v1.32.4 (`TZ=UTC kubectl --server=URL <command>`) against
 * a stub API server holding {@link CONFIG_MAPS} in `default` (and a namespace `empty`).
 */
import { type KubeObject, namespaceLifecycle, Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { kubectl } from "../kubectl.js";

const CONFIG_MAPS: KubeObject[] = [
  {
    kind: "ConfigMap",
    apiVersion: "v1",
    metadata: {
      name: "app-config",
      namespace: "default",
      uid: "uid-cm",
      creationTimestamp: "2025-01-01T00:00:00Z",
      labels: {
        app: "web",
      },
      annotations: {
        long: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        multi: "line1\nline2\n",
      },
    },
    data: {
      "app.properties": "a=1\nb=2\n",
    },
    binaryData: {
      "logo.png": "iVBORw0KGgo=",
    },
  },
  {
    kind: "ConfigMap",
    apiVersion: "v1",
    metadata: {
      name: "blank",
      namespace: "default",
      uid: "uid-cm2",
      creationTimestamp: "2025-01-01T00:00:00Z",
    },
    data: {
      empty: "",
    },
  },
  {
    kind: "ConfigMap",
    apiVersion: "v1",
    metadata: {
      name: "nodata",
      namespace: "default",
      uid: "uid-cm3",
      creationTimestamp: "2025-01-01T00:00:00Z",
    },
  },
];

function newCluster(): Simulation {
  const sim = new Simulation();
  sim.store.addAdmissionHook(namespaceLifecycle);
  for (const name of ["default", "kube-node-lease", "kube-public", "kube-system", "empty"]) {
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  for (const cm of CONFIG_MAPS) sim.store.create(cm);
  return sim;
}

const CASES: { command: string; argv: string[]; stdout: string; stderr: string; exitCode: number }[] = [
  {
    command: "kubectl describe cm",
    argv: ["describe", "cm"],
    stdout:
      "Name:         app-config\nNamespace:    default\nLabels:       app=web\nAnnotations:  long:\n                xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\n              multi:\n                line1\n                line2\n\nData\n====\napp.properties:\n----\na=1\nb=2\n\n\n\nBinaryData\n====\nlogo.png: 8 bytes\n\nEvents:  <none>\n\n\nName:         blank\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nempty:\n----\n\n\n\nBinaryData\n====\n\nEvents:  <none>\n\n\nName:         nodata\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\n\nBinaryData\n====\n\nEvents:  <none>\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl describe cm app",
    argv: ["describe", "cm", "app"],
    stdout:
      "Name:         app-config\nNamespace:    default\nLabels:       app=web\nAnnotations:  long:\n                xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\n              multi:\n                line1\n                line2\n\nData\n====\napp.properties:\n----\na=1\nb=2\n\n\n\nBinaryData\n====\nlogo.png: 8 bytes\n\nEvents:  <none>\n\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl describe configmaps/blank cm/nodata",
    argv: ["describe", "configmaps/blank", "cm/nodata"],
    stdout:
      "Name:         blank\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nempty:\n----\n\n\n\nBinaryData\n====\n\nEvents:  <none>\n\n\nName:         nodata\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\n\nBinaryData\n====\n\nEvents:  <none>\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl describe cm nosuch",
    argv: ["describe", "cm", "nosuch"],
    stdout: "",
    stderr: 'Error from server (NotFound): configmaps "nosuch" not found\n',
    exitCode: 1,
  },
  {
    command: "kubectl describe cm app-config --show-events=false",
    argv: ["describe", "cm", "app-config", "--show-events=false"],
    stdout:
      "Name:         app-config\nNamespace:    default\nLabels:       app=web\nAnnotations:  long:\n                xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\n              multi:\n                line1\n                line2\n\nData\n====\napp.properties:\n----\na=1\nb=2\n\n\n\nBinaryData\n====\nlogo.png: 8 bytes\n\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl describe cm -l app=web",
    argv: ["describe", "cm", "-l", "app=web"],
    stdout:
      "Name:         app-config\nNamespace:    default\nLabels:       app=web\nAnnotations:  long:\n                xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\n              multi:\n                line1\n                line2\n\nData\n====\napp.properties:\n----\na=1\nb=2\n\n\n\nBinaryData\n====\nlogo.png: 8 bytes\n\nEvents:  <none>\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl describe cm app-config nosuch",
    argv: ["describe", "cm", "app-config", "nosuch"],
    stdout:
      "Name:         app-config\nNamespace:    default\nLabels:       app=web\nAnnotations:  long:\n                xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\n              multi:\n                line1\n                line2\n\nData\n====\napp.properties:\n----\na=1\nb=2\n\n\n\nBinaryData\n====\nlogo.png: 8 bytes\n\nEvents:  <none>\n",
    stderr: 'Error from server (NotFound): configmaps "nosuch" not found\n',
    exitCode: 1,
  },
  {
    command: "kubectl describe",
    argv: ["describe"],
    stdout: "",
    stderr:
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
    exitCode: 1,
  },
  {
    command: "kubectl describe foo",
    argv: ["describe", "foo"],
    stdout: "",
    stderr: 'error: the server doesn\'t have a resource type "foo"\n',
    exitCode: 1,
  },
  {
    command: "kubectl describe cm -n empty",
    argv: ["describe", "cm", "-n", "empty"],
    stdout: "",
    stderr: "No resources found in empty namespace.\n",
    exitCode: 0,
  },
  {
    command: "kubectl describe cm -A -l nothing=here",
    argv: ["describe", "cm", "-A", "-l", "nothing=here"],
    stdout: "",
    stderr: "No resources found\n",
    exitCode: 0,
  },
  {
    command: "kubectl describe cm/app-config -n default",
    argv: ["describe", "cm/app-config", "-n", "default"],
    stdout:
      "Name:         app-config\nNamespace:    default\nLabels:       app=web\nAnnotations:  long:\n                xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\n              multi:\n                line1\n                line2\n\nData\n====\napp.properties:\n----\na=1\nb=2\n\n\n\nBinaryData\n====\nlogo.png: 8 bytes\n\nEvents:  <none>\n",
    stderr: "",
    exitCode: 0,
  },
];

describe("kubectl describe matches kubectl v1.32", () => {
  it.each(CASES.map((c) => [c.command, c] as const))("%s", (_command, c) => {
    const result = kubectl(newCluster(), c.argv);
    expect(result).toEqual({ stdout: c.stdout, stderr: c.stderr, exitCode: c.exitCode });
  });
});

describe("kubectl describe in a simulated cluster", () => {
  it("describes a Deployment created by kubectl with its events section", () => {
    const sim = newCluster();
    kubectl(sim, "create deployment web --image=nginx --port=80");
    const out = kubectl(sim, "describe deploy/web").stdout;
    expect(out).toMatch(
      /^Name: {15}web\nNamespace: {10}default\nCreationTimestamp: {2}Wed, 01 Jan 2025 00:00:00 \+0000\n/,
    );
    expect(out).toContain("Selector:           app=web\n");
    expect(out).toMatch(/\nEvents: +<none>\n$/);
  });

  it("has no describer for kinds kubesim does not describe yet", () => {
    const sim = newCluster();
    kubectl(sim, "create sa robot");
    expect(kubectl(sim, "describe sa robot")).toEqual({
      stdout: "",
      stderr: "error: kubesim has no describer for ServiceAccount yet\n",
      exitCode: 1,
    });
  });
});
