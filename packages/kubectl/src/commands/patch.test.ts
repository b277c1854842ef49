/**
 * kubectl patch against a simulated API server (admission, defaulting and validation wired as in
 * a kubesim cluster), in-process: what it prints, its exit code, and what it stores. Outputs
 * follow kubectl v1.32 (k8s.io/kubectl/pkg/cmd/patch/patch.go); `--local` outputs were compared
 * with the real kubectl.
 */
import type { KubeObject, Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { apiServerSimulation } from "../../test/apiServerSimulation.js";
import { kubectl } from "../kubectl.js";

const cluster = (): Simulation => apiServerSimulation();

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx
      - name: log
        image: busybox
`;

function withDeployment(): Simulation {
  const sim = cluster();
  expect(kubectl(sim, "apply -f -", { stdin: DEPLOYMENT }).exitCode).toBe(0);
  return sim;
}

const containers = (sim: Simulation) =>
  (
    (sim.store.get("Deployment", "default", "web")!.spec as { template: { spec: { containers: unknown[] } } })
      .template.spec.containers as { name: string; image: string }[]
  ).map((c) => `${c.name}=${c.image}`);

describe("kubectl patch (strategic merge, the default)", () => {
  it("merges containers by name: the patched one changes, the other stays", () => {
    const sim = withDeployment();
    const r = kubectl(
      sim,
      `patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"log","image":"alpine"}]}}}}'`,
    );
    expect(r).toEqual({ stdout: "deployment.apps/web patched\n", stderr: "", exitCode: 0 });
    expect(containers(sim)).toEqual(["app=nginx", "log=alpine"]);
  });

  it("says `patched (no change)` when the object stays as it was, and writes nothing", () => {
    const sim = withDeployment();
    const rv = sim.store.get("Deployment", "default", "web")!.metadata.resourceVersion;
    const r = kubectl(sim, `patch deploy/web -p '{"spec":{"replicas":1}}'`);
    expect(r.stdout).toBe("deployment.apps/web patched (no change)\n");
    expect(sim.store.get("Deployment", "default", "web")!.metadata.resourceVersion).toBe(rv);
  });

  it("accepts the patch as YAML", () => {
    const sim = withDeployment();
    const r = kubectl(sim, ["patch", "deploy", "web", "-p", "spec:\n  replicas: 3\n"]);
    expect(r.stdout).toBe("deployment.apps/web patched\n");
    expect((sim.store.get("Deployment", "default", "web")!.spec as { replicas: number }).replicas).toBe(3);
  });

  it("merges Service ports by port", () => {
    const sim = cluster();
    kubectl(sim, "create service clusterip web --tcp=80:8080 --tcp=443:8443");
    const r = kubectl(sim, `patch svc web -p '{"spec":{"ports":[{"port":80,"targetPort":9090}]}}'`);
    expect(r.stdout).toBe("service/web patched\n");
    const ports = (
      sim.store.get("Service", "default", "web")!.spec as { ports: { port: number; targetPort: number }[] }
    ).ports;
    expect(ports.map((p) => `${p.port}->${p.targetPort}`)).toEqual(["80->9090", "443->8443"]);
  });

  it("reports a list item without its merge key as the server does (a Status without reason)", () => {
    const sim = withDeployment();
    const r = kubectl(
      sim,
      `patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}'`,
    );
    expect(r).toEqual({
      stdout: "",
      stderr: "Error from server: map: map[image:x] does not contain declared merge key: name\n",
      exitCode: 1,
    });
  });

  it("refuses strategic merge for custom resources with UnsupportedMediaType", () => {
    const sim = cluster();
    sim.store.create({
      apiVersion: "metallb.io/v1beta1",
      kind: "IPAddressPool",
      metadata: { name: "pool", namespace: "default" },
    });
    const r = kubectl(sim, `patch ipaddresspool pool -p '{"spec":{"addresses":["10.0.0.0/24"]}}'`);
    expect(r.stderr).toBe(
      "Error from server (UnsupportedMediaType): the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n",
    );
    expect(
      kubectl(sim, `patch ipaddresspool pool --type merge -p '{"spec":{"addresses":["10.0.0.0/24"]}}'`)
        .stdout,
    ).toBe("ipaddresspool.metallb.io/pool patched\n");
  });
});

describe("kubectl patch --type merge|json", () => {
  it("--type merge replaces lists whole (JSON merge patch)", () => {
    const sim = withDeployment();
    const r = kubectl(
      sim,
      `patch deploy web --type merge -p '{"spec":{"template":{"spec":{"containers":[{"name":"log","image":"alpine"}]}}}}'`,
    );
    expect(r.stdout).toBe("deployment.apps/web patched\n");
    expect(containers(sim)).toEqual(["log=alpine"]);
  });

  it("--type json applies operations by position and prints with -o", () => {
    const sim = withDeployment();
    const r = kubectl(
      sim,
      `patch deploy web --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:2"}]' -o jsonpath={.spec.template.spec.containers[0].image}`,
    );
    expect(r).toEqual({ stdout: "nginx:2", stderr: "", exitCode: 0 });
  });

  it("a failed test operation is a 422 without details: `The request is invalid: ...`, nothing changes", () => {
    const sim = withDeployment();
    const r = kubectl(
      sim,
      `patch deploy web --type json -p '[{"op":"test","path":"/spec/replicas","value":2},{"op":"replace","path":"/spec/replicas","value":5}]'`,
    );
    expect(r).toEqual({
      stdout: "",
      stderr: "The request is invalid: the server rejected our request due to an error in our request\n",
      exitCode: 1,
    });
    expect((sim.store.get("Deployment", "default", "web")!.spec as { replicas: number }).replicas).toBe(1);
  });

  it("a JSON patch that is not a list is a BadRequest", () => {
    const sim = withDeployment();
    expect(kubectl(sim, `patch deploy web --type json -p '{"op":"add"}'`).stderr).toBe(
      "Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n",
    );
  });
});

describe("kubectl patch: the API server's checks", () => {
  it('validates the result (The Service "web" is invalid: ...)', () => {
    const sim = cluster();
    kubectl(sim, "create service clusterip web --tcp=80:8080");
    const r = kubectl(
      sim,
      `patch svc web --type json -p '[{"op":"replace","path":"/spec/ports/0/port","value":0}]'`,
    );
    expect(r).toEqual({
      stdout: "",
      stderr: `The Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n`,
      exitCode: 1,
    });
  });

  it("refuses a patch that renames the object", () => {
    const sim = withDeployment();
    expect(kubectl(sim, `patch deploy web --type merge -p '{"metadata":{"name":"other"}}'`).stderr).toBe(
      "Error from server (BadRequest): the name of the object (other) does not match the name on the URL (web)\n",
    );
  });

  it("reports a missing object as NotFound", () => {
    const sim = cluster();
    expect(kubectl(sim, `patch deploy nope -p '{}'`)).toEqual({
      stdout: "",
      stderr: `Error from server (NotFound): deployments.apps "nope" not found\n`,
      exitCode: 1,
    });
  });

  it("--dry-run=server runs the patch through the server without storing it, and prints no marker", () => {
    const sim = withDeployment();
    const r = kubectl(
      sim,
      `patch deploy web -p '{"spec":{"replicas":4}}' --dry-run=server -o jsonpath={.spec.replicas}`,
    );
    expect(r.stdout).toBe("4");
    expect(kubectl(sim, `patch deploy web -p '{"spec":{"replicas":4}}' --dry-run=server`).stdout).toBe(
      "deployment.apps/web patched\n",
    );
    expect((sim.store.get("Deployment", "default", "web")!.spec as { replicas: number }).replicas).toBe(1);
  });
});

describe("kubectl patch --local", () => {
  it("patches the file's object and prints it; the cluster is not touched (as kubectl v1.32 prints it)", () => {
    const sim = cluster();
    const r = kubectl(
      sim,
      `patch --local -f - -p '{"spec":{"template":{"spec":{"containers":[{"name":"log","image":"alpine"},{"name":"c","image":"c"}]}}}}' -o yaml`,
      {
        stdin: DEPLOYMENT,
      },
    );
    expect(r.stdout).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: app
      - image: alpine
        name: log
      - image: c
        name: c
`);
    expect(sim.store.list("Deployment")).toEqual([]);
  });

  it("rewrites the library's `doc is missing key` error as kubectl does", () => {
    const r = kubectl(
      cluster(),
      `patch --local -f - --type json -p '[{"op":"replace","path":"/spec/template/spec/containers/5","value":{}}]'`,
      {
        stdin: DEPLOYMENT,
      },
    );
    expect(r.stderr).toBe(
      "error: Object to be patched is missing field (/spec/template/spec/containers/5: missing value)\n",
    );
  });

  it("refuses strategic merge for kinds without a Go type", () => {
    const r = kubectl(cluster(), `patch --local -f - -p '{"spec":{}}'`, {
      stdin: "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: p\n",
    });
    expect(r.stderr).toBe(
      "error: strategic merge patch is not supported for metallb.io/v1beta1, Kind=IPAddressPool locally, try --type merge\n",
    );
  });
});

describe("kubectl patch: argument errors (patch.go Validate, RunPatch)", () => {
  it.each([
    [
      `patch deploy web`,
      "error: must specify --patch or --patch-file containing the contents of the patch\n",
    ],
    [
      `patch deploy web -p '{}' --patch-file p.json`,
      "error: cannot specify --patch and --patch-file together\n",
    ],
    [
      `patch deploy web -p '{}' --type bogus`,
      'error: --type must be one of [json merge strategic], not "bogus"\n',
    ],
    [`patch deploy web -p '{}' --local`, "error: cannot specify --local and server resources\n"],
    [
      `patch -f - -p '{}' --local --dry-run=server`,
      "error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?\n",
    ],
    [
      `patch deploy web -p 'a: b: c'`,
      'error: unable to parse "a: b: c": yaml: mapping values are not allowed in this context\n',
    ],
    [`patch deploy -p '{}'`, "error: resource(s) were provided, but no name was specified\n"],
  ])("%s", (command, stderr) => {
    const r = kubectl(withDeployment(), command, { stdin: DEPLOYMENT });
    expect(r).toEqual({ stdout: "", stderr, exitCode: 1 });
  });

  it("patches every object of a file; an object from a file always counts as changed", () => {
    const sim = withDeployment();
    const r = kubectl(sim, `patch -f - -p '{"spec":{"replicas":1}}'`, { stdin: DEPLOYMENT });
    expect(r.stdout).toBe("deployment.apps/web patched\n");
  });

  it("leaves the objects it read from the store intact (patches copies)", () => {
    const sim = withDeployment();
    const before: KubeObject = sim.store.get("Deployment", "default", "web")!;
    kubectl(sim, `patch deploy web -p '{"spec":{"replicas":2}}'`);
    expect((before.spec as { replicas: number }).replicas).toBe(1);
  });
});
