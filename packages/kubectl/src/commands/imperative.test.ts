import { type KubeObject, namespaceLifecycle, Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { kubectl } from "../kubectl.js";

/** A simulation with the bootstrap namespaces, as a fresh cluster has them. */
function newCluster(): Simulation {
  const sim = new Simulation();
  sim.store.addAdmissionHook(namespaceLifecycle);
  for (const name of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  return sim;
}

function run(sim: Simulation, line: string) {
  return kubectl(sim, line);
}

describe("create <kind> without --dry-run creates the object through the API server", () => {
  it("create deployment stores the generated Deployment in the default namespace", () => {
    const sim = newCluster();
    expect(run(sim, "create deployment web --image=nginx --replicas=2")).toEqual({
      stdout: "deployment.apps/web created\n",
      stderr: "",
      exitCode: 0,
    });
    const d = sim.store.get("Deployment", "default", "web") as KubeObject & { spec: { replicas: number } };
    expect(d.metadata.labels).toEqual({ app: "web" });
    expect(d.spec.replicas).toBe(2);
  });

  it("create deployment -n puts it in that namespace", () => {
    const sim = newCluster();
    run(sim, "create namespace team");
    expect(run(sim, "create deploy web --image=nginx -n team").stdout).toBe("deployment.apps/web created\n");
    expect(sim.store.get("Deployment", "team", "web")).toBeDefined();
  });

  it("wraps a server error as create_deployment.go does (failed to create deployment: ...)", () => {
    const sim = newCluster();
    run(sim, "create deployment web --image=nginx");
    expect(run(sim, "create deployment web --image=nginx")).toEqual({
      stdout: "",
      stderr: 'error: failed to create deployment: deployments.apps "web" already exists\n',
      exitCode: 1,
    });
  });

  it("create namespace returns the server error unwrapped (Error from server ...)", () => {
    const sim = newCluster();
    expect(run(sim, "create namespace demo").stdout).toBe("namespace/demo created\n");
    expect(run(sim, "create ns demo").stderr).toBe(
      'Error from server (AlreadyExists): namespaces "demo" already exists\n',
    );
  });

  it("create service, configmap, secret and serviceaccount wrap errors with their own prefixes", () => {
    const sim = newCluster();
    for (const line of [
      "create service clusterip web --tcp=80",
      "create configmap cfg --from-literal=a=b",
      "create secret generic s --from-literal=a=b",
      "create serviceaccount robot",
    ]) {
      expect(run(sim, line).exitCode).toBe(0);
    }
    expect(run(sim, "create service clusterip web --tcp=80").stderr).toBe(
      'error: failed to create ClusterIP service: services "web" already exists\n',
    );
    expect(run(sim, "create configmap cfg").stderr).toBe(
      'error: failed to create configmap: configmaps "cfg" already exists\n',
    );
    // create_secret.go has no colon after "secret".
    expect(run(sim, "create secret generic s").stderr).toBe(
      'error: failed to create secret secrets "s" already exists\n',
    );
    expect(run(sim, "create sa robot").stderr).toBe(
      'error: failed to create serviceaccount: serviceaccounts "robot" already exists\n',
    );
  });

  it("a namespace that does not exist is refused by admission", () => {
    const sim = newCluster();
    expect(run(sim, "create configmap cfg -n nope").stderr).toBe(
      'error: failed to create configmap: namespaces "nope" not found\n',
    );
    expect(run(sim, "run web --image=nginx -n nope").stderr).toBe(
      'Error from server (NotFound): namespaces "nope" not found\n',
    );
  });

  it("-o yaml prints the object the server stored", () => {
    const sim = newCluster();
    const result = run(sim, "create namespace demo -o yaml");
    expect(result.stdout).toContain("name: demo\n");
    expect(result.stdout).toContain(`uid: ${sim.store.get("Namespace", "", "demo")!.metadata.uid}\n`);
  });

  it("--dry-run=server validates without storing and says so", () => {
    const sim = newCluster();
    expect(run(sim, "create deployment web --image=nginx --dry-run=server").stdout).toBe(
      "deployment.apps/web created (server dry run)\n",
    );
    expect(sim.store.get("Deployment", "default", "web")).toBeUndefined();
  });

  it("--save-config records the last-applied configuration on the created object", () => {
    const sim = newCluster();
    run(sim, "create namespace demo --save-config");
    expect(sim.store.get("Namespace", "", "demo")!.metadata.annotations).toEqual({
      "kubectl.kubernetes.io/last-applied-configuration":
        '{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"demo","creationTimestamp":null},"spec":{},"status":{}}\n',
    });
  });

  it("create -f is not handled here yet", () => {
    expect(run(newCluster(), "create -f x.yaml").exitCode).toBe(1);
  });
});

describe("klog lines carry the virtual clock", () => {
  it("a bare --dry-run warns that it is deprecated and means client", () => {
    const result = run(newCluster(), "create ns demo --dry-run");
    expect(result.stderr).toBe(
      "W0101 00:00:00.000000       1 helpers.go:702] --dry-run is deprecated and can be replaced with --dry-run=client.\n",
    );
    expect(result.stdout).toBe("namespace/demo created (dry run)\n");
  });

  it("a missing required flag fails as cobra does in kubectl 1.32", () => {
    for (const line of ["create deployment web", "run web", "create service externalname ext"]) {
      const result = run(newCluster(), line);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(
        /^E0101 00:00:00\.000000 {7}1 run\.go:72\] "command failed" err="required flag\(s\) \\"[a-z-]+\\" not set"\n$/,
      );
    }
  });
});

describe("run", () => {
  it("creates a Pod labelled run=NAME", () => {
    const sim = newCluster();
    expect(run(sim, "run web --image=nginx --port=80")).toEqual({
      stdout: "pod/web created\n",
      stderr: "",
      exitCode: 0,
    });
    expect(sim.store.get("Pod", "default", "web")!.metadata.labels).toEqual({ run: "web" });
  });

  it("--expose also creates a ClusterIP Service selecting the Pod, printed first", () => {
    const sim = newCluster();
    expect(run(sim, "run web --image=nginx --port=80 --expose").stdout).toBe(
      "service/web created\npod/web created\n",
    );
    const svc = sim.store.get("Service", "default", "web") as KubeObject & { spec: { selector: object } };
    expect(svc.spec.selector).toEqual({ run: "web" });
  });

  it("a Service that cannot be created is reported after the Pod", () => {
    const sim = newCluster();
    run(sim, "create service clusterip web --tcp=80");
    expect(run(sim, "run web --image=nginx --port=80 --expose")).toEqual({
      stdout: "pod/web created\n",
      stderr: 'Error from server (AlreadyExists): services "web" already exists\n',
      exitCode: 1,
    });
  });

  it("-it creates the Pod and waits for it to run (no kubelet here, so it times out); --rm then deletes it", () => {
    const sim = newCluster();
    const kept = run(sim, "run shell -it --image=busybox --restart=Never");
    expect(kept.exitCode).toBe(1);
    expect(kept.stderr).toBe("error: timed out waiting for the condition\n");
    expect(sim.store.get("Pod", "default", "shell")).toBeDefined();
    const removed = run(sim, "run tmp --rm -i -t --image=busybox");
    expect(removed.stdout).toBe('pod "tmp" deleted\n');
  });
});

describe("expose", () => {
  it("creates the Service from the Deployment's selector and port", () => {
    const sim = newCluster();
    run(sim, "create deployment web --image=nginx --port=8080");
    expect(run(sim, "expose deployment web --port=80 --target-port=8080")).toEqual({
      stdout: "service/web exposed\n",
      stderr: "",
      exitCode: 0,
    });
    const svc = sim.store.get("Service", "default", "web") as KubeObject & {
      spec: { selector: object; ports: object[] };
    };
    expect(svc.spec.selector).toEqual({ app: "web" });
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, targetPort: 8080, protocol: "TCP" });
  });

  it("fails when the object has no port and none is given", () => {
    const sim = newCluster();
    run(sim, "create deployment web --image=nginx");
    expect(run(sim, "expose deploy web").stderr).toBe(
      "error: couldn't find port via --port flag or introspection\n",
    );
  });

  it("returns the server's error unwrapped", () => {
    const sim = newCluster();
    run(sim, "create deployment web --image=nginx --port=80");
    run(sim, "expose deploy web");
    expect(run(sim, "expose deploy web").stderr).toBe(
      'Error from server (AlreadyExists): services "web" already exists\n',
    );
  });
});
