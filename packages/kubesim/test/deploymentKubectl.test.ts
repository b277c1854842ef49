/**
 * `kubectl rollout status|history|undo|restart` and `kubectl set image` against the Deployment
 * and ReplicaSet controllers (k8s.io/kubectl/pkg/cmd/rollout, pkg/cmd/set/set_image.go, v1.32).
 * Outputs marked "real kubectl" were captured from kubectl v1.32 (`set image --local` needs no server).
 */
import { describe, expect, it } from "vitest";
import { deploymentController } from "../../core/src/controllers/deployment/index.js";
import { replicaSetController } from "../../core/src/controllers/replicaset/index.js";
import { createCluster, type FileSystem } from "../src/index.js";
import { fakeKubelet } from "./workloadTestUtil.js";

function setup() {
  const c = createCluster({ seed: 3, controlPlane: false });
  c.sim.addController(deploymentController({ sim: c.sim }));
  c.sim.addController(replicaSetController());
  c.sim.addController(fakeKubelet());
  return c;
}

function files(contents: Record<string, string>): FileSystem {
  return {
    readFile: (p) => {
      const text = contents[p];
      if (text === undefined) throw new Error(`open ${p}: no such file or directory`);
      return text;
    },
    stat: (p) => (p in contents ? "file" : undefined),
    readDir: () => [],
  };
}

const DEPLOYMENT_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.26
      - name: side
        image: busybox
`;

describe("kubectl set image --local (byte-identical to real kubectl v1.32)", () => {
  const fs = files({ "d.yaml": DEPLOYMENT_YAML });

  it("prints the re-encoded object with -o yaml", () => {
    const c = createCluster({ controlPlane: false });
    const r = c.kubectl("set image --local -f d.yaml nginx=nginx:1.27 -o yaml", { fs });
    expect(r.stdout).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.27
        name: nginx
        resources: {}
      - image: busybox
        name: side
        resources: {}
status: {}
`);
  });

  it("prints members in Go struct order with -o json, and * sets every container", () => {
    const c = createCluster({ controlPlane: false });
    const r = c.kubectl("set image --local -f d.yaml *=x -o json", { fs });
    expect(r.stdout).toBe(`{
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "replicas": 3,
        "selector": {
            "matchLabels": {
                "app": "web"
            }
        },
        "template": {
            "metadata": {
                "creationTimestamp": null,
                "labels": {
                    "app": "web"
                }
            },
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "x",
                        "resources": {}
                    },
                    {
                        "name": "side",
                        "image": "x",
                        "resources": {}
                    }
                ]
            }
        },
        "strategy": {}
    },
    "status": {}
}
`);
  });

  it.each([
    ["set image --local -f d.yaml nginx=nginx:1.27", "deployment.apps/web image updated\n", "", 0],
    ["set image --local -f d.yaml nginx=nginx:1.26", "", "", 0],
    ["set image --local -f d.yaml foo=x", "", 'error: unable to find container named "foo"\n', 1],
    [
      "set image --local deploy/web foo=x",
      "",
      "error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n",
      1,
    ],
    ["set image --local -f d.yaml", "", "error: at least one image update is required\n", 1],
  ])("%s", (cmd, stdout, stderr, exitCode) => {
    const r = createCluster({ controlPlane: false }).kubectl(cmd, { fs });
    expect(r).toEqual({ stdout, stderr, exitCode });
  });
});

describe("kubectl rollout", () => {
  it("status waits in virtual time, printing kubectl's progress lines", () => {
    const c = setup();
    c.kubectl("create deployment web --image=nginx:1.26 --replicas=3");
    const start = c.sim.nowMs;
    const r = c.kubectl("rollout status deployment/web");
    expect(r.stdout).toBe(
      [
        'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...',
        'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...',
        'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...',
        'deployment "web" successfully rolled out',
        "",
      ].join("\n"),
    );
    expect(r.exitCode).toBe(0);
    // The fake kubelet makes pods ready 2 s after creation; the three pods start together.
    expect(c.sim.nowMs - start).toBe(2_000);
    expect(c.kubectl("rollout status deploy web").stdout).toBe('deployment "web" successfully rolled out\n');
  });

  it("status during a rolling update reports updated and old replicas", () => {
    const c = setup();
    c.kubectl("create deployment web --image=nginx:1.26 --replicas=3");
    c.sim.settle();
    expect(c.kubectl("set image deployment/web nginx=nginx:1.27").stdout).toBe(
      "deployment.apps/web image updated\n",
    );
    // Setting the same image again changes nothing and prints nothing, as kubectl does.
    expect(c.kubectl("set image deployment/web nginx=nginx:1.27")).toEqual({
      stdout: "",
      stderr: "",
      exitCode: 0,
    });
    const lines = c.kubectl("rollout status deployment/web").stdout.split("\n");
    expect(new Set(lines)).toEqual(
      new Set([
        'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
        'Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...',
        'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
        'deployment "web" successfully rolled out',
        "",
      ]),
    );
    expect(c.kubectl("rollout status deploy/web --watch=false").stdout).toBe(
      'deployment "web" successfully rolled out\n',
    );
  });

  it("status fails when the progress deadline is exceeded, and --timeout bounds the wait", () => {
    const c = createCluster({ seed: 3, controlPlane: false });
    c.sim.addController(deploymentController({ sim: c.sim }));
    c.sim.addController(replicaSetController());
    c.kubectl("create deployment web --image=nginx");
    expect(c.kubectl("rollout status deployment/web --timeout=5s")).toEqual({
      stdout: 'Waiting for deployment "web" rollout to finish: 0 of 1 updated replicas are available...\n',
      stderr: "error: timed out waiting for the condition\n",
      exitCode: 1,
    });
    const r = c.kubectl("rollout status deployment/web");
    expect(r.stderr).toBe('error: deployment "web" exceeded its progress deadline\n');
    expect(r.exitCode).toBe(1);
  });

  it("get deploy,rs prints the Deployment and its ReplicaSets as kubectl does after a rollout", () => {
    const c = setup();
    c.kubectl("create deployment web --image=nginx:1.26 --replicas=3");
    c.sim.settle();
    c.kubectl("set image deployment/web nginx=nginx:1.27");
    c.sim.settle();
    const [older, newer] = c.sim.store
      .list("ReplicaSet", { namespace: "default" })
      .sort(
        (a, b) =>
          Number(a.metadata.annotations!["deployment.kubernetes.io/revision"]) -
          Number(b.metadata.annotations!["deployment.kubernetes.io/revision"]),
      )
      .map((rs) => rs.metadata.name!);
    // Names sort as strings; the 9- and 10-character hashes pad the NAME column alike here.
    const rsRows = [
      [newer!, "3         3         3       7s"],
      [older!, "0         0         0       9s"],
    ]
      .sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
      .map(([name, rest]) => `${`replicaset.apps/${name}`.padEnd(33)}${rest}`);
    expect(c.kubectl("get deploy,rs").stdout).toBe(
      [
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE",
        "deployment.apps/web   3/3     3            3           9s",
        "",
        "NAME                             DESIRED   CURRENT   READY   AGE",
        ...rsRows,
        "",
      ].join("\n"),
    );
  });

  it("history lists revisions and shows one revision's pod template", () => {
    const c = setup();
    c.kubectl("create deployment web --image=nginx:1.26");
    c.sim.settle();
    c.kubectl("set image deployment/web nginx=nginx:1.27");
    c.sim.settle();
    expect(c.kubectl("rollout history deployment/web").stdout).toBe(
      "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n",
    );
    const hash = c.sim.store
      .list("ReplicaSet", { namespace: "default" })
      .find((rs) => rs.metadata.annotations?.["deployment.kubernetes.io/revision"] === "2")!.metadata.labels![
      "pod-template-hash"
    ];
    expect(c.kubectl("rollout history deployment/web --revision=2").stdout).toBe(
      `deployment.apps/web with revision #2
Pod Template:
  Labels:  app=web
           pod-template-hash=${hash}
  Containers:
   nginx:
    Image:         nginx:1.27
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>

`,
    );
    expect(c.kubectl("rollout history deployment/web --revision=7").stderr).toBe(
      "error: unable to find the specified revision\n",
    );
  });

  it("undo restores the previous template; its ReplicaSet comes back under a new revision", () => {
    const c = setup();
    c.kubectl("create deployment web --image=nginx:1.26 --replicas=2");
    c.sim.settle();
    expect(c.kubectl("rollout undo deployment/web").stderr).toBe(
      'error: no rollout history found for deployment "web"\n',
    );
    c.kubectl("set image deployment/web nginx=nginx:1.27");
    c.sim.settle();
    expect(c.kubectl("rollout undo deployment/web").stdout).toBe("deployment.apps/web rolled back\n");
    c.sim.settle();
    expect(c.kubectl("get deploy web -o jsonpath={.spec.template.spec.containers[0].image}").stdout).toBe(
      "nginx:1.26",
    );
    expect(c.kubectl("rollout history deployment/web").stdout).toBe(
      "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n",
    );
    expect(c.kubectl("rollout undo deployment/web --to-revision=3").stdout).toBe(
      "deployment.apps/web skipped rollback (current template already matches revision 3)\n",
    );
    expect(c.kubectl("rollout undo deployment/web --to-revision=9")).toEqual({
      stdout: "",
      stderr: "error: unable to find specified revision 9 in history\n",
      exitCode: 1,
    });
  });

  it("restart sets restartedAt on the pod template and replaces every pod", () => {
    const c = setup();
    c.kubectl("create deployment web --image=nginx --replicas=2");
    c.sim.settle();
    const before = new Set(c.sim.store.list("Pod", { namespace: "default" }).map((p) => p.metadata.name));
    c.sim.advance(60_000);
    expect(c.kubectl("rollout restart deployment/web").stdout).toBe("deployment.apps/web restarted\n");
    expect(c.kubectl("rollout restart deployment/web")).toEqual({
      stdout: "",
      stderr:
        "error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another\n",
      exitCode: 1,
    });
    const template = (
      c.sim.store.get("Deployment", "default", "web")!.spec as { template: { metadata: unknown } }
    ).template;
    expect(template.metadata).toMatchObject({
      labels: { app: "web" },
      annotations: { "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:01:02Z" },
    });
    c.sim.settle();
    const after = c.sim.store.list("Pod", { namespace: "default" }).map((p) => p.metadata.name);
    expect(after).toHaveLength(2);
    expect(after.some((n) => before.has(n))).toBe(false);
  });

  it("refuses kinds without a rollout viewer and a missing resource", () => {
    const c = setup();
    c.kubectl("create deployment web --image=nginx");
    c.sim.settle();
    const rs = c.sim.store.list("ReplicaSet", { namespace: "default" })[0]!.metadata.name!;
    expect(c.kubectl(`rollout status rs/${rs}`).stderr).toBe(
      "error: no status viewer has been implemented for ReplicaSet.apps\n",
    );
    expect(c.kubectl(`rollout history rs/${rs}`).stderr).toBe(
      'error: no history viewer has been implemented for "ReplicaSet.apps"\n',
    );
    expect(c.kubectl("rollout status")).toEqual({
      stdout: "",
      stderr:
        "error: Required resource not specified.\nSee 'kubectl rollout status -h' for help and examples\n",
      exitCode: 1,
    });
    expect(c.kubectl("rollout status deploy/nope").stderr).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
  });
});
