/**
 * What proves that `kubectl apply` merges like the real one, and that the write commands work
 * together on a whole cluster: an apply after another client patched the object keeps that
 * client's container (apply sends a three-way strategic merge patch, which merges containers by
 * name), while a container removed from the manifest goes; label, annotate and scale changes
 * that the manifest does not mention survive a re-apply.
 */
import { describe, expect, it } from "vitest";
import { createCluster } from "../src/index.js";

const manifest = (image: string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: ${image}
${extra}`;

describe("kubectl apply after other writers (strategic merge)", () => {
  it("keeps a container another client added and updates the one the manifest owns", () => {
    const c = createCluster();
    expect(c.kubectl("apply -f -", { stdin: manifest("nginx:1") }).stdout).toBe(
      "deployment.apps/web created\n",
    );
    const patch = `{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"envoy"}]}}}}`;
    expect(c.kubectl(["patch", "deployment", "web", "-p", patch]).stdout).toBe(
      "deployment.apps/web patched\n",
    );
    expect(c.kubectl("apply -f -", { stdin: manifest("nginx:2") }).stdout).toBe(
      "deployment.apps/web configured\n",
    );
    expect(c.kubectl("get deploy web -o jsonpath={.spec.template.spec.containers[*].image}").stdout).toBe(
      "envoy nginx:2",
    );
  });

  it("deletes a container that was removed from the manifest", () => {
    const c = createCluster();
    const twoContainers = manifest("nginx:1", "      - name: log\n        image: busybox\n");
    c.kubectl("apply -f -", { stdin: twoContainers });
    expect(c.kubectl("apply -f -", { stdin: manifest("nginx:1") }).stdout).toBe(
      "deployment.apps/web configured\n",
    );
    expect(c.kubectl("get deploy web -o jsonpath={.spec.template.spec.containers[*].name}").stdout).toBe(
      "app",
    );
  });

  it("keeps labels, annotations and replicas set by kubectl label, annotate and scale", () => {
    const c = createCluster();
    c.kubectl("apply -f -", { stdin: manifest("nginx:1") });
    expect(c.kubectl("label deploy web team=blue").stdout).toBe("deployment.apps/web labeled\n");
    expect(c.kubectl("annotate deploy web owner=me").stdout).toBe("deployment.apps/web annotated\n");
    expect(c.kubectl("scale deploy web --replicas=4").stdout).toBe("deployment.apps/web scaled\n");
    expect(c.kubectl("apply -f -", { stdin: manifest("nginx:1") }).stdout).toBe(
      "deployment.apps/web unchanged\n",
    );
    const jsonpath = "jsonpath={.metadata.labels.team} {.metadata.annotations.owner} {.spec.replicas}";
    expect(c.kubectl(["get", "deploy", "web", "-o", jsonpath]).stdout).toBe("blue me 4");
  });

  it("replace --force recreates the object from the file", () => {
    const c = createCluster();
    c.kubectl("apply -f -", { stdin: manifest("nginx:1") });
    const uid = c.sim.store.get("Deployment", "default", "web")!.metadata.uid;
    expect(c.kubectl("replace --force -f -", { stdin: manifest("nginx:3") }).stdout).toBe(
      'deployment.apps "web" deleted\ndeployment.apps/web replaced\n',
    );
    expect(c.sim.store.get("Deployment", "default", "web")!.metadata.uid).not.toBe(uid);
  });
});
