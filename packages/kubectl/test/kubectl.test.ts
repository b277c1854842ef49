/**
 * kubectl apply/get/delete against a simulation, in-process: what kubectl prints (stdout,
 * stderr) and its exit code, for the cases users meet first. Outputs are compared with what
 * kubectl v1.32 prints for the same objects.
 */
import { namespaceController, namespaceLifecycle, Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { type FileSystem, kubectl } from "../src/index.js";

function cluster() {
  const sim = new Simulation({ seed: 3 });
  sim.store.addAdmissionHook(namespaceLifecycle);
  for (const name of ["default", "kube-system"])
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  sim.addController(namespaceController());
  return sim;
}

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  labels: {app: web}
data:
  port: "8080"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: db
  labels: {app: db}
data: {}
`;

function memoryFs(files: Record<string, string>): FileSystem {
  return {
    readFile(path) {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
    stat(path) {
      if (path in files) return "file";
      return Object.keys(files).some((f) => f.startsWith(`${path}/`)) ? "directory" : undefined;
    },
    readDir(path) {
      return Object.keys(files)
        .filter((f) => f.startsWith(`${path}/`) && !f.slice(path.length + 1).includes("/"))
        .map((f) => f.slice(path.length + 1))
        .sort();
    },
  };
}

describe("kubectl apply", () => {
  it("creates every object of a multi-document manifest and prints <type>/<name> created", () => {
    const sim = cluster();
    const r = kubectl(sim, "apply -f -", { stdin: MANIFEST });
    expect(r).toEqual({ stdout: "configmap/web created\nconfigmap/db created\n", stderr: "", exitCode: 0 });
    expect(sim.store.list("ConfigMap").map((c) => c.metadata.name)).toEqual(["db", "web"]);
  });

  it("records the last-applied configuration as sorted-key JSON with the namespace, as kubectl does", () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: MANIFEST });
    const annotation = sim.store.get("ConfigMap", "default", "db")?.metadata.annotations?.[
      "kubectl.kubernetes.io/last-applied-configuration"
    ];
    expect(annotation).toBe(
      '{"apiVersion":"v1","data":{},"kind":"ConfigMap","metadata":{"annotations":{},"labels":{"app":"db"},"name":"db","namespace":"default"}}\n',
    );
  });

  it("reports unchanged on a re-apply and configured when the manifest changed, removing dropped fields", () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: MANIFEST });
    expect(kubectl(sim, "apply -f -", { stdin: MANIFEST }).stdout).toBe(
      "configmap/web unchanged\nconfigmap/db unchanged\n",
    );
    const changed = MANIFEST.replace('port: "8080"', 'host: "example"');
    expect(kubectl(sim, "apply -f -", { stdin: changed }).stdout).toBe(
      "configmap/web configured\nconfigmap/db unchanged\n",
    );
    expect(sim.store.get("ConfigMap", "default", "web")?.data).toEqual({ host: "example" });
  });

  it("keeps fields set by others (not in the last applied configuration) on update", () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: MANIFEST });
    sim.store.mutate({ kind: "ConfigMap", namespace: "default", name: "web" }, (d) => {
      d.metadata.annotations = { ...d.metadata.annotations, "owner.example/touched": "yes" };
    });
    kubectl(sim, "apply -f -", { stdin: MANIFEST.replace('"8080"', '"9090"') });
    const web = sim.store.get("ConfigMap", "default", "web")!;
    expect(web.metadata.annotations?.["owner.example/touched"]).toBe("yes");
    expect(web.data).toEqual({ port: "9090" });
  });

  it("reads files and directories through the given file system", () => {
    const sim = cluster();
    const fs = memoryFs({
      "app/a.yaml": MANIFEST.split("---")[0]!,
      "app/b.yml": MANIFEST.split("---")[1]!,
      "app/notes.txt": "x",
    });
    expect(kubectl(sim, "apply -f app", { fs }).stdout).toBe("configmap/web created\nconfigmap/db created\n");
    expect(kubectl(sim, "apply -f nope.yaml", { fs })).toEqual({
      stdout: "",
      stderr: 'error: the path "nope.yaml" does not exist\n',
      exitCode: 1,
    });
  });

  it("refuses an unknown kind as kubectl's RESTMapper does, and still applies the rest", () => {
    const sim = cluster();
    const r = kubectl(sim, "apply -f -", {
      stdin: `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\n${MANIFEST}`,
    });
    expect(r.stdout).toBe("configmap/web created\nconfigmap/db created\n");
    expect(r.stderr).toBe(
      'error: resource mapping not found for name: "w" namespace: "" from "STDIN": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n',
    );
    expect(r.exitCode).toBe(1);
  });

  it("reports malformed YAML with go-yaml's wording and line", () => {
    const sim = cluster();
    const r = kubectl(sim, "apply -f -", {
      stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: a: b\n",
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      "error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\n",
    );
    expect(sim.store.list("ConfigMap")).toEqual([]);
  });

  it("refuses a namespace that does not exist with the API server's NotFound", () => {
    const sim = cluster();
    const r = kubectl(sim, "apply -n ghost -f -", { stdin: MANIFEST.split("---")[0]! });
    expect(r.stderr).toBe(
      'Error from server (NotFound): error when creating "STDIN": namespaces "ghost" not found\n',
    );
    expect(r.exitCode).toBe(1);
  });

  it("changes nothing with --dry-run=client or --dry-run=server", () => {
    const sim = cluster();
    expect(kubectl(sim, "apply --dry-run=client -f -", { stdin: MANIFEST }).stdout).toBe(
      "configmap/web created (dry run)\nconfigmap/db created (dry run)\n",
    );
    expect(kubectl(sim, "apply --dry-run=server -f -", { stdin: MANIFEST }).stdout).toBe(
      "configmap/web created (server dry run)\nconfigmap/db created (server dry run)\n",
    );
    expect(sim.store.list("ConfigMap")).toEqual([]);
  });
});

describe("kubectl get", () => {
  it("prints a table, and -o name / -l / jsonpath", () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: MANIFEST });
    sim.advance(90_000);
    expect(kubectl(sim, "get configmaps").stdout).toBe(
      "NAME   DATA   AGE\ndb     0      90s\nweb    1      90s\n",
    );
    expect(kubectl(sim, "get cm -o name -l app=web").stdout).toBe("configmap/web\n");
    expect(
      kubectl(sim, ["get", "cm", "-o", 'jsonpath={range .items[*]}{.metadata.name}={.data.port}{"\\n"}{end}'])
        .stdout,
    ).toBe("db=\nweb=8080\n");
  });

  it("prints a single named object alone and several as a List in -o yaml", () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: MANIFEST });
    const one = kubectl(sim, "get configmap db -o yaml").stdout;
    expect(one.startsWith("apiVersion: v1\ndata: {}\nkind: ConfigMap\nmetadata:\n")).toBe(true);
    const many = kubectl(sim, "get configmaps -o yaml").stdout;
    expect(many.startsWith("apiVersion: v1\nitems:\n- apiVersion: v1\n")).toBe(true);
    expect(many.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
  });

  it("says No resources found on stderr, with the namespace", () => {
    const sim = cluster();
    expect(kubectl(sim, "get pods")).toEqual({
      stdout: "",
      stderr: "No resources found in default namespace.\n",
      exitCode: 0,
    });
    expect(kubectl(sim, "get pods -n kube-system").stderr).toBe(
      "No resources found in kube-system namespace.\n",
    );
    expect(kubectl(sim, "get pods -A").stderr).toBe("No resources found\n");
  });

  it("uses kubectl's errors and exit codes for unknown types, missing objects and bad flags", () => {
    const sim = cluster();
    expect(kubectl(sim, "get widgets")).toEqual({
      stdout: "",
      stderr: 'error: the server doesn\'t have a resource type "widgets"\n',
      exitCode: 1,
    });
    expect(kubectl(sim, "get configmap nope")).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): configmaps "nope" not found\n',
      exitCode: 1,
    });
    expect(kubectl(sim, "get pods --bogus")).toEqual({
      stdout: "",
      stderr: "Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n",
      exitCode: 1,
    });
    expect(kubectl(sim, "get pods -o foo").stderr).toMatch(
      /^error: unable to match a printer suitable for the output format "foo"/,
    );
  });

  it("lists cluster-scoped and namespaced kinds together with kind prefixes", () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: MANIFEST.split("---")[1]! });
    expect(kubectl(sim, "get ns,cm").stdout).toBe(
      "NAME                    STATUS   AGE\nnamespace/default       Active   0s\nnamespace/kube-system   Active   0s\n\nNAME           DATA   AGE\nconfigmap/db   0      0s\n",
    );
  });
});

describe("kubectl delete", () => {
  it('deletes by name, by file and by selector, printing <type> "name" deleted', () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: MANIFEST });
    expect(kubectl(sim, "delete configmap web").stdout).toBe('configmap "web" deleted\n');
    expect(kubectl(sim, "delete cm -l app=db").stdout).toBe('configmap "db" deleted\n');
    kubectl(sim, "apply -f -", { stdin: MANIFEST });
    expect(kubectl(sim, "delete -f -", { stdin: MANIFEST }).stdout).toBe(
      'configmap "web" deleted\nconfigmap "db" deleted\n',
    );
    expect(sim.store.list("ConfigMap")).toEqual([]);
  });

  it("reports missing objects, unless --ignore-not-found", () => {
    const sim = cluster();
    expect(kubectl(sim, "delete configmap ghost")).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): configmaps "ghost" not found\n',
      exitCode: 1,
    });
    expect(kubectl(sim, "delete configmap ghost --ignore-not-found").exitCode).toBe(0);
  });

  it("waits in virtual time until a namespace and its contents are gone", () => {
    const sim = cluster();
    kubectl(sim, "apply -f -", { stdin: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n" });
    kubectl(sim, "apply -n shop -f -", { stdin: MANIFEST });
    expect(kubectl(sim, "delete namespace shop").stdout).toBe('namespace "shop" deleted\n');
    expect(sim.store.get("Namespace", "", "shop")).toBeUndefined();
    expect(sim.store.list("ConfigMap", { namespace: "shop" })).toEqual([]);
  });

  it("asks for a name or a selector, as kubectl does", () => {
    const sim = cluster();
    expect(kubectl(sim, "delete configmaps").stderr).toBe(
      "error: resource(s) were provided, but no name was specified\n",
    );
  });
});
