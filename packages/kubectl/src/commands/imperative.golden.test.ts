/**
 * Golden tests: `create <kind>`, `run` and `expose` print exactly what the real kubectl prints.
 *
 * Every case was captured from kubectl v1.32.4 by running `TZ=UTC kubectl --server=URL <command>`
 * (the command is each case's `command`) in a directory holding {@link FILES}, against a stub API
 * server that serves discovery and the {@link FIXTURES} objects (run and expose need discovery;
 * the create subcommands' client dry runs need no server). Cases whose output contains a klog
 * line (wall-clock time and pid) are tested separately.
 */
import { type KubeObject, namespaceLifecycle, Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import type { FileSystem } from "../KubectlContext.js";
import { kubectl } from "../kubectl.js";

/** The objects the stub API server held (and the simulated cluster holds). */
const FIXTURES: KubeObject[] = [
  {
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: {
      name: "web",
      namespace: "default",
      labels: {
        app: "web",
      },
    },
    spec: {
      replicas: 1,
      selector: {
        matchLabels: {
          app: "web",
        },
      },
      template: {
        metadata: {
          labels: {
            app: "web",
          },
        },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx",
              ports: [
                {
                  containerPort: 80,
                },
              ],
            },
          ],
        },
      },
    },
  },
  {
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: {
      name: "noport",
      namespace: "default",
      labels: {
        app: "noport",
      },
    },
    spec: {
      replicas: 1,
      selector: {
        matchLabels: {
          app: "noport",
        },
      },
      template: {
        metadata: {
          labels: {
            app: "noport",
          },
        },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx",
            },
          ],
        },
      },
    },
  },
  {
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: {
      name: "multi",
      namespace: "default",
      labels: {
        tier: "x",
      },
    },
    spec: {
      replicas: 1,
      selector: {
        matchLabels: {
          app: "multi",
          tier: "x",
        },
      },
      template: {
        metadata: {
          labels: {
            app: "multi",
            tier: "x",
          },
        },
        spec: {
          containers: [
            {
              name: "a",
              image: "nginx",
              ports: [
                {
                  containerPort: 80,
                  name: "http",
                },
                {
                  containerPort: 53,
                  protocol: "UDP",
                },
                {
                  containerPort: 53,
                  protocol: "TCP",
                },
              ],
            },
            {
              name: "b",
              image: "redis",
              ports: [
                {
                  containerPort: 6379,
                },
                {
                  containerPort: 80,
                },
              ],
            },
          ],
        },
      },
    },
  },
  {
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: {
      name: "expr",
      namespace: "default",
    },
    spec: {
      replicas: 1,
      selector: {
        matchLabels: {
          app: "expr",
        },
        matchExpressions: [
          {
            key: "tier",
            operator: "In",
            values: ["a", "b"],
          },
        ],
      },
      template: {
        metadata: {
          labels: {
            app: "expr",
            tier: "a",
          },
        },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx",
              ports: [
                {
                  containerPort: 80,
                },
              ],
            },
          ],
        },
      },
    },
  },
  {
    kind: "Pod",
    apiVersion: "v1",
    metadata: {
      name: "p",
      namespace: "default",
      labels: {
        run: "p",
      },
    },
    spec: {
      containers: [
        {
          name: "p",
          image: "nginx",
          ports: [
            {
              containerPort: 8080,
              protocol: "TCP",
            },
          ],
        },
      ],
    },
  },
  {
    kind: "Pod",
    apiVersion: "v1",
    metadata: {
      name: "nolabels",
      namespace: "default",
    },
    spec: {
      containers: [
        {
          name: "p",
          image: "nginx",
          ports: [
            {
              containerPort: 8080,
            },
          ],
        },
      ],
    },
  },
  {
    kind: "Pod",
    apiVersion: "v1",
    metadata: {
      name: "udp",
      namespace: "default",
      labels: {
        run: "udp",
      },
    },
    spec: {
      containers: [
        {
          name: "p",
          image: "dns",
          ports: [
            {
              containerPort: 53,
              protocol: "UDP",
            },
          ],
        },
      ],
    },
  },
  {
    kind: "Service",
    apiVersion: "v1",
    metadata: {
      name: "svc",
      namespace: "default",
      labels: {
        app: "svc",
      },
    },
    spec: {
      type: "NodePort",
      selector: {
        app: "web",
      },
      clusterIP: "10.96.0.5",
      ports: [
        {
          name: "http",
          port: 80,
          targetPort: 8080,
          protocol: "TCP",
          nodePort: 30001,
        },
        {
          name: "https",
          port: 443,
          targetPort: 8443,
          protocol: "TCP",
          nodePort: 30002,
        },
      ],
    },
  },
  {
    kind: "Service",
    apiVersion: "v1",
    metadata: {
      name: "nosel",
      namespace: "default",
    },
    spec: {
      ports: [
        {
          port: 80,
        },
      ],
    },
  },
  {
    kind: "ReplicaSet",
    apiVersion: "apps/v1",
    metadata: {
      name: "rs",
      namespace: "default",
      labels: {
        app: "rs",
      },
    },
    spec: {
      replicas: 1,
      selector: {
        matchLabels: {
          app: "rs",
        },
      },
      template: {
        metadata: {
          labels: {
            app: "rs",
          },
        },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx",
              ports: [
                {
                  containerPort: 9000,
                },
              ],
            },
          ],
        },
      },
    },
  },
  {
    kind: "ReplicationController",
    apiVersion: "v1",
    metadata: {
      name: "rc",
      namespace: "default",
      labels: {
        app: "rc",
      },
    },
    spec: {
      replicas: 1,
      selector: {
        app: "rc",
      },
      template: {
        metadata: {
          labels: {
            app: "rc",
          },
        },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx",
              ports: [
                {
                  containerPort: 7000,
                },
              ],
            },
          ],
        },
      },
    },
  },
  {
    kind: "ConfigMap",
    apiVersion: "v1",
    metadata: {
      name: "cm",
      namespace: "default",
    },
    data: {
      a: "1",
    },
  },
  {
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: {
      name: "web",
      namespace: "other",
      labels: {
        app: "web",
      },
    },
    spec: {
      replicas: 1,
      selector: {
        matchLabels: {
          app: "web",
        },
      },
      template: {
        metadata: {
          labels: {
            app: "web",
          },
        },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx",
              ports: [
                {
                  containerPort: 80,
                },
              ],
            },
          ],
        },
      },
    },
  },
];

/** The files in the working directory of the captured commands (null for a directory). */
const FILES: Record<string, string | null> = {
  cmdir: null,
  "cmdir/a.txt": "hello\n",
  "cmdir/b.conf": "x=1\n",
  "app.env": '# c\nFOO=bar\nBAZ\n\n  Q="x y"\n',
  "config.txt": "line1\nline2\n",
};

/** An in-memory file system over {@link FILES}. */
const fs: FileSystem = {
  readFile(path) {
    const text = FILES[path];
    if (typeof text !== "string") throw new Error(`no file ${path}`);
    return text;
  },
  stat(path) {
    if (!(path in FILES)) return undefined;
    return FILES[path] === null ? "directory" : "file";
  },
  readDir(path) {
    return Object.keys(FILES)
      .filter((p) => p.startsWith(`${path}/`) && !p.slice(path.length + 1).includes("/"))
      .map((p) => p.slice(path.length + 1))
      .sort();
  },
};

/** A simulated cluster with the bootstrap namespaces, `other`, and the fixtures. */
function newCluster(): Simulation {
  const sim = new Simulation();
  sim.store.addAdmissionHook(namespaceLifecycle);
  for (const name of ["default", "kube-node-lease", "kube-public", "kube-system", "other"]) {
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  for (const obj of FIXTURES) sim.store.create(obj);
  return sim;
}

interface GoldenCase {
  readonly command: string;
  readonly argv: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

const CASES: GoldenCase[] = [
  {
    command: "kubectl create namespace demo --dry-run=client -o yaml",
    argv: ["create", "namespace", "demo", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: demo\nspec: {}\nstatus: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create namespace demo --dry-run=client -o json",
    argv: ["create", "namespace", "demo", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "Namespace",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "demo",\n        "creationTimestamp": null\n    },\n    "spec": {},\n    "status": {}\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create ns demo --dry-run=client",
    argv: ["create", "ns", "demo", "--dry-run=client"],
    stdout: "namespace/demo created (dry run)\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create ns demo -n other --dry-run=client -o yaml",
    argv: ["create", "ns", "demo", "-n", "other", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: demo\nspec: {}\nstatus: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create namespace --dry-run=client",
    argv: ["create", "namespace", "--dry-run=client"],
    stdout: "",
    stderr:
      "error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl create ns a b --dry-run=client",
    argv: ["create", "ns", "a", "b", "--dry-run=client"],
    stdout: "",
    stderr:
      "error: exactly one NAME is required, got 2\nSee 'kubectl create namespace -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl create namespace x --image=nginx",
    argv: ["create", "namespace", "x", "--image=nginx"],
    stdout: "",
    stderr: "Error: unknown flag: --image\nSee 'kubectl create namespace --help' for usage.\n",
    exitCode: 1,
  },
  {
    command: "kubectl create ns demo --dry-run=bogus",
    argv: ["create", "ns", "demo", "--dry-run=bogus"],
    stdout: "",
    stderr: 'error: Invalid dry-run value (bogus). Must be "none", "server", or "client".\n',
    exitCode: 1,
  },
  {
    command: "kubectl create ns demo --dry-run=client -o wide",
    argv: ["create", "ns", "demo", "--dry-run=client", "-o", "wide"],
    stdout: "",
    stderr:
      'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    exitCode: 1,
  },
  {
    command: "kubectl create ns demo --save-config --dry-run=client -o json",
    argv: ["create", "ns", "demo", "--save-config", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "Namespace",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "demo",\n        "creationTimestamp": null,\n        "annotations": {\n            "kubectl.kubernetes.io/last-applied-configuration": "{\\"kind\\":\\"Namespace\\",\\"apiVersion\\":\\"v1\\",\\"metadata\\":{\\"name\\":\\"demo\\",\\"creationTimestamp\\":null},\\"spec\\":{},\\"status\\":{}}\\n"\n        }\n    },\n    "spec": {},\n    "status": {}\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create deployment web --image=nginx --dry-run=client -o yaml",
    argv: ["create", "deployment", "web", "--image=nginx", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        resources: {}\nstatus: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create deployment web --image=nginx --dry-run=client -o json",
    argv: ["create", "deployment", "web", "--image=nginx", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "Deployment",\n    "apiVersion": "apps/v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "web"\n        }\n    },\n    "spec": {\n        "replicas": 1,\n        "selector": {\n            "matchLabels": {\n                "app": "web"\n            }\n        },\n        "template": {\n            "metadata": {\n                "creationTimestamp": null,\n                "labels": {\n                    "app": "web"\n                }\n            },\n            "spec": {\n                "containers": [\n                    {\n                        "name": "nginx",\n                        "image": "nginx",\n                        "resources": {}\n                    }\n                ]\n            }\n        },\n        "strategy": {}\n    },\n    "status": {}\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command:
      "kubectl create deployment web --image=nginx:1.25 --image=busybox --replicas=3 --port=8080 --dry-run=client -o json",
    argv: [
      "create",
      "deployment",
      "web",
      "--image=nginx:1.25",
      "--image=busybox",
      "--replicas=3",
      "--port=8080",
      "--dry-run=client",
      "-o",
      "json",
    ],
    stdout:
      '{\n    "kind": "Deployment",\n    "apiVersion": "apps/v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "web"\n        }\n    },\n    "spec": {\n        "replicas": 3,\n        "selector": {\n            "matchLabels": {\n                "app": "web"\n            }\n        },\n        "template": {\n            "metadata": {\n                "creationTimestamp": null,\n                "labels": {\n                    "app": "web"\n                }\n            },\n            "spec": {\n                "containers": [\n                    {\n                        "name": "nginx",\n                        "image": "nginx:1.25",\n                        "ports": [\n                            {\n                                "containerPort": 8080\n                            }\n                        ],\n                        "resources": {}\n                    },\n                    {\n                        "name": "busybox",\n                        "image": "busybox",\n                        "resources": {}\n                    }\n                ]\n            }\n        },\n        "strategy": {}\n    },\n    "status": {}\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create deployment web --image=nginx --dry-run=client -o yaml -- sleep 10",
    argv: [
      "create",
      "deployment",
      "web",
      "--image=nginx",
      "--dry-run=client",
      "-o",
      "yaml",
      "--",
      "sleep",
      "10",
    ],
    stdout:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n    spec:\n      containers:\n      - command:\n        - sleep\n        - "10"\n        image: nginx\n        name: nginx\n        resources: {}\nstatus: {}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create deploy web --image=nginx -r 2 -n team-a --dry-run=client -o yaml",
    argv: [
      "create",
      "deploy",
      "web",
      "--image=nginx",
      "-r",
      "2",
      "-n",
      "team-a",
      "--dry-run=client",
      "-o",
      "yaml",
    ],
    stdout:
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\n  namespace: team-a\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        resources: {}\nstatus: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create deployment web --image=nginx --image=redis --dry-run=client -- sleep 10",
    argv: [
      "create",
      "deployment",
      "web",
      "--image=nginx",
      "--image=redis",
      "--dry-run=client",
      "--",
      "sleep",
      "10",
    ],
    stdout: "",
    stderr: "error: cannot specify multiple --image options and command\n",
    exitCode: 1,
  },
  {
    command: "kubectl create deploy web --image=nginx --dry-run=client -o name",
    argv: ["create", "deploy", "web", "--image=nginx", "--dry-run=client", "-o", "name"],
    stdout: "deployment.apps/web\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create deploy web --image=nginx --dry-run=client",
    argv: ["create", "deploy", "web", "--image=nginx", "--dry-run=client"],
    stdout: "deployment.apps/web created (dry run)\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command:
      "kubectl create deploy web --image=nginx --dry-run=client -o jsonpath={.spec.template.spec.containers[0].name}",
    argv: [
      "create",
      "deploy",
      "web",
      "--image=nginx",
      "--dry-run=client",
      "-o",
      "jsonpath={.spec.template.spec.containers[0].name}",
    ],
    stdout: "nginx",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create deployment web extra --image=nginx --dry-run=client",
    argv: ["create", "deployment", "web", "extra", "--image=nginx", "--dry-run=client"],
    stdout: "",
    stderr:
      "error: exactly one NAME is required, got 2\nSee 'kubectl create deployment -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl create service clusterip web --tcp=80:8080 --tcp=443 --dry-run=client -o json",
    argv: [
      "create",
      "service",
      "clusterip",
      "web",
      "--tcp=80:8080",
      "--tcp=443",
      "--dry-run=client",
      "-o",
      "json",
    ],
    stdout:
      '{\n    "kind": "Service",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "web"\n        }\n    },\n    "spec": {\n        "ports": [\n            {\n                "name": "80-8080",\n                "protocol": "TCP",\n                "port": 80,\n                "targetPort": 8080\n            },\n            {\n                "name": "443",\n                "protocol": "TCP",\n                "port": 443,\n                "targetPort": 443\n            }\n        ],\n        "selector": {\n            "app": "web"\n        },\n        "type": "ClusterIP"\n    },\n    "status": {\n        "loadBalancer": {}\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create service clusterip web --tcp=80:8080,90:9090 --dry-run=client -o yaml",
    argv: [
      "create",
      "service",
      "clusterip",
      "web",
      "--tcp=80:8080,90:9090",
      "--dry-run=client",
      "-o",
      "yaml",
    ],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - name: 80-8080\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n  - name: 90-9090\n    port: 90\n    protocol: TCP\n    targetPort: 9090\n  selector:\n    app: web\n  type: ClusterIP\nstatus:\n  loadBalancer: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create svc nodeport web --tcp=80:http --node-port=30080 --dry-run=client -o yaml",
    argv: [
      "create",
      "svc",
      "nodeport",
      "web",
      "--tcp=80:http",
      "--node-port=30080",
      "--dry-run=client",
      "-o",
      "yaml",
    ],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - name: 80-http\n    nodePort: 30080\n    port: 80\n    protocol: TCP\n    targetPort: http\n  selector:\n    app: web\n  type: NodePort\nstatus:\n  loadBalancer: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create service nodeport web --tcp=80 --dry-run=client -o json",
    argv: ["create", "service", "nodeport", "web", "--tcp=80", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "Service",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "web"\n        }\n    },\n    "spec": {\n        "ports": [\n            {\n                "name": "80",\n                "protocol": "TCP",\n                "port": 80,\n                "targetPort": 80\n            }\n        ],\n        "selector": {\n            "app": "web"\n        },\n        "type": "NodePort"\n    },\n    "status": {\n        "loadBalancer": {}\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create service loadbalancer lb --tcp=80 --dry-run=client -o json",
    argv: ["create", "service", "loadbalancer", "lb", "--tcp=80", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "Service",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "lb",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "lb"\n        }\n    },\n    "spec": {\n        "ports": [\n            {\n                "name": "80",\n                "protocol": "TCP",\n                "port": 80,\n                "targetPort": 80\n            }\n        ],\n        "selector": {\n            "app": "lb"\n        },\n        "type": "LoadBalancer"\n    },\n    "status": {\n        "loadBalancer": {}\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create service externalname ext --external-name=example.com --dry-run=client -o json",
    argv: [
      "create",
      "service",
      "externalname",
      "ext",
      "--external-name=example.com",
      "--dry-run=client",
      "-o",
      "json",
    ],
    stdout:
      '{\n    "kind": "Service",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "ext",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "ext"\n        }\n    },\n    "spec": {\n        "selector": {\n            "app": "ext"\n        },\n        "type": "ExternalName",\n        "externalName": "example.com"\n    },\n    "status": {\n        "loadBalancer": {}\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command:
      "kubectl create service externalname ext --external-name=example.com --tcp=80 --dry-run=client -o yaml",
    argv: [
      "create",
      "service",
      "externalname",
      "ext",
      "--external-name=example.com",
      "--tcp=80",
      "--dry-run=client",
      "-o",
      "yaml",
    ],
    stdout:
      'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: ext\n  name: ext\nspec:\n  externalName: example.com\n  ports:\n  - name: "80"\n    port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: ext\n  type: ExternalName\nstatus:\n  loadBalancer: {}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create service clusterip hl --clusterip=None --dry-run=client -o json",
    argv: ["create", "service", "clusterip", "hl", "--clusterip=None", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "Service",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "hl",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "hl"\n        }\n    },\n    "spec": {\n        "selector": {\n            "app": "hl"\n        },\n        "clusterIP": "None",\n        "type": "ClusterIP"\n    },\n    "status": {\n        "loadBalancer": {}\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create service clusterip web --dry-run=client",
    argv: ["create", "service", "clusterip", "web", "--dry-run=client"],
    stdout: "",
    stderr: "error: at least one tcp port specifier must be provided\n",
    exitCode: 1,
  },
  {
    command: "kubectl create service nodeport web --clusterip=None --dry-run=client",
    argv: ["create", "service", "nodeport", "web", "--clusterip=None", "--dry-run=client"],
    stdout: "",
    stderr: "Error: unknown flag: --clusterip\nSee 'kubectl create service nodeport --help' for usage.\n",
    exitCode: 1,
  },
  {
    command: "kubectl create service externalname ext --external-name=Bad_Name --dry-run=client",
    argv: ["create", "service", "externalname", "ext", "--external-name=Bad_Name", "--dry-run=client"],
    stdout: "",
    stderr: "error: invalid service external name Bad_Name\n",
    exitCode: 1,
  },
  {
    command: "kubectl create service clusterip web --tcp=0 --dry-run=client",
    argv: ["create", "service", "clusterip", "web", "--tcp=0", "--dry-run=client"],
    stdout: "service/web created (dry run)\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create service clusterip web --tcp=80:99999 --dry-run=client",
    argv: ["create", "service", "clusterip", "web", "--tcp=80:99999", "--dry-run=client"],
    stdout: "",
    stderr: "error: must be between 1 and 65535, inclusive\n",
    exitCode: 1,
  },
  {
    command: "kubectl create service clusterip web --tcp=abc --dry-run=client",
    argv: ["create", "service", "clusterip", "web", "--tcp=abc", "--dry-run=client"],
    stdout: "",
    stderr: 'error: strconv.ParseUint: parsing "abc": invalid syntax\n',
    exitCode: 1,
  },
  {
    command: "kubectl create service clusterip web --tcp=80:Bad_Name --dry-run=client",
    argv: ["create", "service", "clusterip", "web", "--tcp=80:Bad_Name", "--dry-run=client"],
    stdout: "",
    stderr: "error: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)\n",
    exitCode: 1,
  },
  {
    command: "kubectl create service web",
    argv: ["create", "service", "web"],
    stdout: "",
    stderr: "error: unknown command \"web\"\nSee 'kubectl create service -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl create service foo bar",
    argv: ["create", "service", "foo", "bar"],
    stdout: "",
    stderr: "error: unknown command \"foo bar\"\nSee 'kubectl create service -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl create service",
    argv: ["create", "service"],
    stdout: "",
    stderr:
      'Create a service using a specified subcommand.\n\nAliases:\nservice, svc\n\nAvailable Commands:\n  clusterip      Create a ClusterIP service\n  externalname   Create an ExternalName service\n  loadbalancer   Create a LoadBalancer service\n  nodeport       Create a NodePort service\n\nUsage:\n  kubectl create service [flags] [options]\n\nUse "kubectl create service <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n',
    exitCode: 1,
  },
  {
    command: "kubectl create service clusterip web --tcp=80 --dry-run=client",
    argv: ["create", "service", "clusterip", "web", "--tcp=80", "--dry-run=client"],
    stdout: "service/web created (dry run)\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command:
      "kubectl create configmap cfg --from-literal=b=2 --from-literal=a=1 --from-literal=c=x=y --dry-run=client -o json",
    argv: [
      "create",
      "configmap",
      "cfg",
      "--from-literal=b=2",
      "--from-literal=a=1",
      "--from-literal=c=x=y",
      "--dry-run=client",
      "-o",
      "json",
    ],
    stdout:
      '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "cfg",\n        "creationTimestamp": null\n    },\n    "data": {\n        "a": "1",\n        "b": "2",\n        "c": "x=y"\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create cm cfg --from-file=cmdir --dry-run=client -o yaml",
    argv: ["create", "cm", "cfg", "--from-file=cmdir", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\ndata:\n  a.txt: |\n    hello\n  b.conf: |\n    x=1\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cfg\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create cm cfg --from-file=k=config.txt --dry-run=client -o json",
    argv: ["create", "cm", "cfg", "--from-file=k=config.txt", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "cfg",\n        "creationTimestamp": null\n    },\n    "data": {\n        "k": "line1\\nline2\\n"\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create cm cfg --dry-run=client -o json",
    argv: ["create", "cm", "cfg", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "cfg",\n        "creationTimestamp": null\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create cm cfg --from-literal=bad --dry-run=client",
    argv: ["create", "cm", "cfg", "--from-literal=bad", "--dry-run=client"],
    stdout: "",
    stderr: "error: invalid literal source bad, expected key=value\n",
    exitCode: 1,
  },
  {
    command: "kubectl create cm cfg --from-literal==v --dry-run=client",
    argv: ["create", "cm", "cfg", "--from-literal==v", "--dry-run=client"],
    stdout: "",
    stderr: "error: invalid literal source =v, expected key=value\n",
    exitCode: 1,
  },
  {
    command: "kubectl create cm cfg --from-literal=a=1 --from-literal=a=2 --dry-run=client",
    argv: ["create", "cm", "cfg", "--from-literal=a=1", "--from-literal=a=2", "--dry-run=client"],
    stdout: "",
    stderr:
      'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "cfg"\n',
    exitCode: 1,
  },
  {
    command: "kubectl create cm cfg --from-file=nonexist --dry-run=client",
    argv: ["create", "cm", "cfg", "--from-file=nonexist", "--dry-run=client"],
    stdout: "",
    stderr: "error: error reading nonexist: no such file or directory\n",
    exitCode: 1,
  },
  {
    command: "kubectl create cm cfg --from-env-file=app.env --dry-run=client -o yaml",
    argv: ["create", "cm", "cfg", "--from-env-file=app.env", "--dry-run=client", "-o", "yaml"],
    stdout:
      'apiVersion: v1\ndata:\n  BAZ: ""\n  FOO: bar\n  Q: \'"x y"\'\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cfg\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create cm cfg --from-env-file=app.env --from-literal=a=b --dry-run=client",
    argv: ["create", "cm", "cfg", "--from-env-file=app.env", "--from-literal=a=b", "--dry-run=client"],
    stdout: "",
    stderr: "error: from-env-file cannot be combined with from-file or from-literal\n",
    exitCode: 1,
  },
  {
    command:
      "kubectl create secret generic s --from-literal=user=admin --from-literal=pass=p@ss --dry-run=client -o json",
    argv: [
      "create",
      "secret",
      "generic",
      "s",
      "--from-literal=user=admin",
      "--from-literal=pass=p@ss",
      "--dry-run=client",
      "-o",
      "json",
    ],
    stdout:
      '{\n    "kind": "Secret",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "s",\n        "creationTimestamp": null\n    },\n    "data": {\n        "pass": "cEBzcw==",\n        "user": "YWRtaW4="\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command:
      "kubectl create secret generic s --from-literal=user=admin --type=kubernetes.io/basic-auth --dry-run=client -o yaml",
    argv: [
      "create",
      "secret",
      "generic",
      "s",
      "--from-literal=user=admin",
      "--type=kubernetes.io/basic-auth",
      "--dry-run=client",
      "-o",
      "yaml",
    ],
    stdout:
      "apiVersion: v1\ndata:\n  user: YWRtaW4=\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\ntype: kubernetes.io/basic-auth\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create secret generic s --dry-run=client -o yaml",
    argv: ["create", "secret", "generic", "s", "--dry-run=client", "-o", "yaml"],
    stdout: "apiVersion: v1\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create secret generic s --from-file=cmdir --dry-run=client -o yaml",
    argv: ["create", "secret", "generic", "s", "--from-file=cmdir", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\ndata:\n  a.txt: aGVsbG8K\n  b.conf: eD0xCg==\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create secret generic s --from-literal=a=1 --from-literal=a=2 --dry-run=client",
    argv: [
      "create",
      "secret",
      "generic",
      "s",
      "--from-literal=a=1",
      "--from-literal=a=2",
      "--dry-run=client",
    ],
    stdout: "",
    stderr: "error: cannot add key a, another key by that name already exists\n",
    exitCode: 1,
  },
  {
    command: "kubectl create secret s",
    argv: ["create", "secret", "s"],
    stdout: "",
    stderr: "error: unknown command \"s\"\nSee 'kubectl create secret -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl create secret",
    argv: ["create", "secret"],
    stdout: "",
    stderr:
      'Create a secret with specified type.\n\n A docker-registry type secret is for accessing a container registry.\n\n A generic type secret indicate an Opaque secret type.\n\n A tls type secret holds TLS certificate and its associated key.\n\nAvailable Commands:\n  docker-registry   Create a secret for use with a Docker registry\n  generic           Create a secret from a local file, directory, or literal value\n  tls               Create a TLS secret\n\nUsage:\n  kubectl create secret (docker-registry | generic | tls) [options]\n\nUse "kubectl create secret <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n',
    exitCode: 1,
  },
  {
    command: "kubectl create sa robot --dry-run=client -o json",
    argv: ["create", "sa", "robot", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "ServiceAccount",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "robot",\n        "creationTimestamp": null\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create serviceaccount robot --dry-run=client -o yaml",
    argv: ["create", "serviceaccount", "robot", "--dry-run=client", "-o", "yaml"],
    stdout: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  creationTimestamp: null\n  name: robot\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create sa robot -n kube-system --dry-run=client -o yaml",
    argv: ["create", "sa", "robot", "-n", "kube-system", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  creationTimestamp: null\n  name: robot\n  namespace: kube-system\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl create foo",
    argv: ["create", "foo"],
    stdout: "",
    stderr: "error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl create",
    argv: ["create"],
    stdout: "",
    stderr: "error: must specify one of -f and -k\n",
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=nginx --dry-run=client -o json",
    argv: ["run", "web", "--image=nginx", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "Pod",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "run": "web"\n        }\n    },\n    "spec": {\n        "containers": [\n            {\n                "name": "web",\n                "image": "nginx",\n                "resources": {}\n            }\n        ],\n        "restartPolicy": "Always",\n        "dnsPolicy": "ClusterFirst"\n    },\n    "status": {}\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl run web --image=nginx --dry-run=client -o yaml",
    argv: ["run", "web", "--image=nginx", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: web\n  name: web\nspec:\n  containers:\n  - image: nginx\n    name: web\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command:
      "kubectl run web --image=nginx --labels=app=web,tier=fe --port=80 --env=A=1 --env=B=x=y --restart=Never --dry-run=client -o json -- sleep 3600",
    argv: [
      "run",
      "web",
      "--image=nginx",
      "--labels=app=web,tier=fe",
      "--port=80",
      "--env=A=1",
      "--env=B=x=y",
      "--restart=Never",
      "--dry-run=client",
      "-o",
      "json",
      "--",
      "sleep",
      "3600",
    ],
    stdout:
      '{\n    "kind": "Pod",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "web",\n            "tier": "fe"\n        }\n    },\n    "spec": {\n        "containers": [\n            {\n                "name": "web",\n                "image": "nginx",\n                "args": [\n                    "sleep",\n                    "3600"\n                ],\n                "ports": [\n                    {\n                        "containerPort": 80\n                    }\n                ],\n                "env": [\n                    {\n                        "name": "A",\n                        "value": "1"\n                    },\n                    {\n                        "name": "B",\n                        "value": "x=y"\n                    }\n                ],\n                "resources": {}\n            }\n        ],\n        "restartPolicy": "Never",\n        "dnsPolicy": "ClusterFirst"\n    },\n    "status": {}\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: 'kubectl run web --image=nginx --command --dry-run=client -o yaml -- sh -c "echo hi"',
    argv: [
      "run",
      "web",
      "--image=nginx",
      "--command",
      "--dry-run=client",
      "-o",
      "yaml",
      "--",
      "sh",
      "-c",
      "echo hi",
    ],
    stdout:
      "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: web\n  name: web\nspec:\n  containers:\n  - command:\n    - sh\n    - -c\n    - echo hi\n    image: nginx\n    name: web\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl run web a b --image=nginx --dry-run=client -o yaml",
    argv: ["run", "web", "a", "b", "--image=nginx", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: web\n  name: web\nspec:\n  containers:\n  - args:\n    - a\n    - b\n    image: nginx\n    name: web\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl run web --image=nginx --port=80 --expose --dry-run=client -o yaml",
    argv: ["run", "web", "--image=nginx", "--port=80", "--expose", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    run: web\nstatus:\n  loadBalancer: {}\n---\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: web\n  name: web\nspec:\n  containers:\n  - image: nginx\n    name: web\n    ports:\n    - containerPort: 80\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl run web --image=nginx --port=80 --expose --dry-run=client -o json",
    argv: ["run", "web", "--image=nginx", "--port=80", "--expose", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "Service",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null\n    },\n    "spec": {\n        "ports": [\n            {\n                "protocol": "TCP",\n                "port": 80,\n                "targetPort": 80\n            }\n        ],\n        "selector": {\n            "run": "web"\n        }\n    },\n    "status": {\n        "loadBalancer": {}\n    }\n}\n{\n    "kind": "Pod",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "run": "web"\n        }\n    },\n    "spec": {\n        "containers": [\n            {\n                "name": "web",\n                "image": "nginx",\n                "ports": [\n                    {\n                        "containerPort": 80\n                    }\n                ],\n                "resources": {}\n            }\n        ],\n        "restartPolicy": "Always",\n        "dnsPolicy": "ClusterFirst"\n    },\n    "status": {}\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl run web --image=nginx --port=80 --expose --dry-run=client",
    argv: ["run", "web", "--image=nginx", "--port=80", "--expose", "--dry-run=client"],
    stdout: "service/web created (dry run)\npod/web created (dry run)\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl run web --image=nginx --port=80 --expose --labels=a=b,c=d --dry-run=client -o yaml",
    argv: [
      "run",
      "web",
      "--image=nginx",
      "--port=80",
      "--expose",
      "--labels=a=b,c=d",
      "--dry-run=client",
      "-o",
      "yaml",
    ],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    a: b\n    c: d\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    a: b\n    c: d\nstatus:\n  loadBalancer: {}\n---\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    a: b\n    c: d\n  name: web\nspec:\n  containers:\n  - image: nginx\n    name: web\n    ports:\n    - containerPort: 80\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl run web --image=nginx --port=80 --expose --dry-run=client -o name -n foo",
    argv: [
      "run",
      "web",
      "--image=nginx",
      "--port=80",
      "--expose",
      "--dry-run=client",
      "-o",
      "name",
      "-n",
      "foo",
    ],
    stdout: "service/web\npod/web\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl run web --image=nginx -n foo --dry-run=client -o yaml",
    argv: ["run", "web", "--image=nginx", "-n", "foo", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: web\n  name: web\n  namespace: foo\nspec:\n  containers:\n  - image: nginx\n    name: web\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command:
      "kubectl run web --image=nginx --restart=OnFailure --annotations=a=b --privileged --image-pull-policy=Always --dry-run=client -o json",
    argv: [
      "run",
      "web",
      "--image=nginx",
      "--restart=OnFailure",
      "--annotations=a=b",
      "--privileged",
      "--image-pull-policy=Always",
      "--dry-run=client",
      "-o",
      "json",
    ],
    stdout:
      '{\n    "kind": "Pod",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "run": "web"\n        },\n        "annotations": {\n            "a": "b"\n        }\n    },\n    "spec": {\n        "containers": [\n            {\n                "name": "web",\n                "image": "nginx",\n                "resources": {},\n                "imagePullPolicy": "Always",\n                "securityContext": {\n                    "privileged": true\n                }\n            }\n        ],\n        "restartPolicy": "OnFailure",\n        "dnsPolicy": "ClusterFirst"\n    },\n    "status": {}\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl run web --image=nginx --dry-run=client",
    argv: ["run", "web", "--image=nginx", "--dry-run=client"],
    stdout: "pod/web created (dry run)\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl run web --image=nginx --expose --dry-run=client",
    argv: ["run", "web", "--image=nginx", "--expose", "--dry-run=client"],
    stdout: "",
    stderr: "error: --port must be set when exposing a service\nSee 'kubectl run -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl run --image=nginx --dry-run=client",
    argv: ["run", "--image=nginx", "--dry-run=client"],
    stdout: "",
    stderr: "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=nginx --restart=Sometimes --dry-run=client",
    argv: ["run", "web", "--image=nginx", "--restart=Sometimes", "--dry-run=client"],
    stdout: "",
    stderr: "error: invalid restart policy: Sometimes\nSee 'kubectl run -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=nginx --env=BAD --dry-run=client",
    argv: ["run", "web", "--image=nginx", "--env=BAD", "--dry-run=client"],
    stdout: "",
    stderr: "error: invalid env: BAD\n",
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=nginx --labels=bad --dry-run=client",
    argv: ["run", "web", "--image=nginx", "--labels=bad", "--dry-run=client"],
    stdout: "",
    stderr: "error: unexpected label spec: bad\n",
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=nginx --labels==b --dry-run=client",
    argv: ["run", "web", "--image=nginx", "--labels==b", "--dry-run=client"],
    stdout: "",
    stderr: "error: unexpected empty label key\n",
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=Nginx!! --dry-run=client",
    argv: ["run", "web", "--image=Nginx!!", "--dry-run=client"],
    stdout: "",
    stderr: 'error: Invalid image name "Nginx!!": invalid reference format\n',
    exitCode: 1,
  },
  {
    command: "kubectl run web --image= --dry-run=client",
    argv: ["run", "web", "--image=", "--dry-run=client"],
    stdout: "",
    stderr: "error: --image is required\n",
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=nginx -t --dry-run=client",
    argv: ["run", "web", "--image=nginx", "-t", "--dry-run=client"],
    stdout: "",
    stderr:
      "error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=nginx -it --dry-run=client",
    argv: ["run", "web", "--image=nginx", "-it", "--dry-run=client"],
    stdout: "",
    stderr:
      "error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=nginx --rm --dry-run=client",
    argv: ["run", "web", "--image=nginx", "--rm", "--dry-run=client"],
    stdout: "",
    stderr:
      "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=nginx --port=abc --dry-run=client",
    argv: ["run", "web", "--image=nginx", "--port=abc", "--dry-run=client"],
    stdout: "",
    stderr: 'error: strconv.Atoi: parsing "abc": invalid syntax\n',
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=nginx --image-pull-policy=Sometimes --dry-run=client",
    argv: ["run", "web", "--image=nginx", "--image-pull-policy=Sometimes", "--dry-run=client"],
    stdout: "",
    stderr: "error: invalid image pull policy: Sometimes\nSee 'kubectl run -h' for help and examples\n",
    exitCode: 1,
  },
  {
    command: "kubectl run web --image=nginx --annotations=bad --dry-run=client",
    argv: ["run", "web", "--image=nginx", "--annotations=bad", "--dry-run=client"],
    stdout: "",
    stderr: "error: invalid annotations format: bad\n",
    exitCode: 1,
  },
  {
    command: "kubectl expose deployment web --dry-run=client -o json",
    argv: ["expose", "deployment", "web", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "Service",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "web"\n        }\n    },\n    "spec": {\n        "ports": [\n            {\n                "protocol": "TCP",\n                "port": 80,\n                "targetPort": 80\n            }\n        ],\n        "selector": {\n            "app": "web"\n        }\n    },\n    "status": {\n        "loadBalancer": {}\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command:
      "kubectl expose deploy web --port=8080 --target-port=80 --type=NodePort --name=web2 --dry-run=client -o yaml",
    argv: [
      "expose",
      "deploy",
      "web",
      "--port=8080",
      "--target-port=80",
      "--type=NodePort",
      "--name=web2",
      "--dry-run=client",
      "-o",
      "yaml",
    ],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web2\nspec:\n  ports:\n  - port: 8080\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\n  type: NodePort\nstatus:\n  loadBalancer: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose deploy web --target-port=http --dry-run=client -o json",
    argv: ["expose", "deploy", "web", "--target-port=http", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "Service",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "web"\n        }\n    },\n    "spec": {\n        "ports": [\n            {\n                "protocol": "TCP",\n                "port": 80,\n                "targetPort": "http"\n            }\n        ],\n        "selector": {\n            "app": "web"\n        }\n    },\n    "status": {\n        "loadBalancer": {}\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose deploy noport --dry-run=client -o yaml",
    argv: ["expose", "deploy", "noport", "--dry-run=client", "-o", "yaml"],
    stdout: "",
    stderr: "error: couldn't find port via --port flag or introspection\n",
    exitCode: 1,
  },
  {
    command: "kubectl expose deploy noport --cluster-ip=None --dry-run=client -o yaml",
    argv: ["expose", "deploy", "noport", "--cluster-ip=None", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: noport\n  name: noport\nspec:\n  clusterIP: None\n  selector:\n    app: noport\nstatus:\n  loadBalancer: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose deploy multi --dry-run=client -o yaml",
    argv: ["expose", "deploy", "multi", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    tier: x\n  name: multi\nspec:\n  ports:\n  - name: port-1-tcp\n    port: 80\n    protocol: TCP\n    targetPort: 80\n  - name: port-1-tcp\n    port: 80\n    protocol: TCP\n    targetPort: 80\n  - name: port-2-udp\n    port: 53\n    protocol: UDP\n    targetPort: 53\n  - name: port-2-tcp\n    port: 53\n    protocol: TCP\n    targetPort: 53\n  - name: port-3\n    port: 6379\n    protocol: TCP\n    targetPort: 6379\n  selector:\n    app: multi\n    tier: x\nstatus:\n  loadBalancer: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose deploy multi --port=90 --protocol=UDP --dry-run=client -o yaml",
    argv: ["expose", "deploy", "multi", "--port=90", "--protocol=UDP", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    tier: x\n  name: multi\nspec:\n  ports:\n  - port: 90\n    protocol: UDP\n    targetPort: 90\n  selector:\n    app: multi\n    tier: x\nstatus:\n  loadBalancer: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose deploy multi --protocol=SCTP --dry-run=client -o yaml",
    argv: ["expose", "deploy", "multi", "--protocol=SCTP", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    tier: x\n  name: multi\nspec:\n  ports:\n  - name: port-1\n    port: 80\n    protocol: SCTP\n    targetPort: 80\n  - name: port-2\n    port: 53\n    protocol: SCTP\n    targetPort: 53\n  - name: port-3\n    port: 6379\n    protocol: SCTP\n    targetPort: 6379\n  selector:\n    app: multi\n    tier: x\nstatus:\n  loadBalancer: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose deploy expr --dry-run=client -o yaml",
    argv: ["expose", "deploy", "expr", "--dry-run=client", "-o", "yaml"],
    stdout: "",
    stderr:
      "error: couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions - \"[{Key:tier Operator:In Values:[a b]}]\" to map-based selector format\n",
    exitCode: 1,
  },
  {
    command: "kubectl expose pod p --dry-run=client -o yaml",
    argv: ["expose", "pod", "p", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: p\n  name: p\nspec:\n  ports:\n  - port: 8080\n    protocol: TCP\n    targetPort: 8080\n  selector:\n    run: p\nstatus:\n  loadBalancer: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose pod nolabels --dry-run=client -o yaml",
    argv: ["expose", "pod", "nolabels", "--dry-run=client", "-o", "yaml"],
    stdout: "",
    stderr:
      "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\n",
    exitCode: 1,
  },
  {
    command: "kubectl expose pod udp --dry-run=client -o yaml",
    argv: ["expose", "pod", "udp", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: udp\n  name: udp\nspec:\n  ports:\n  - port: 53\n    protocol: UDP\n    targetPort: 53\n  selector:\n    run: udp\nstatus:\n  loadBalancer: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose svc svc --name=svc2 --dry-run=client -o json",
    argv: ["expose", "svc", "svc", "--name=svc2", "--dry-run=client", "-o", "json"],
    stdout:
      '{\n    "kind": "Service",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "svc2",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "svc"\n        }\n    },\n    "spec": {\n        "ports": [\n            {\n                "name": "port-1",\n                "protocol": "TCP",\n                "port": 80,\n                "targetPort": 80\n            },\n            {\n                "name": "port-2",\n                "protocol": "TCP",\n                "port": 443,\n                "targetPort": 443\n            }\n        ],\n        "selector": {\n            "app": "web"\n        }\n    },\n    "status": {\n        "loadBalancer": {}\n    }\n}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose svc nosel --name=x --dry-run=client -o yaml",
    argv: ["expose", "svc", "nosel", "--name=x", "--dry-run=client", "-o", "yaml"],
    stdout: "",
    stderr:
      "error: couldn't retrieve selectors via --selector flag or introspection: the service has no pod selector set\n",
    exitCode: 1,
  },
  {
    command: "kubectl expose rs rs --dry-run=client -o yaml",
    argv: ["expose", "rs", "rs", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: rs\n  name: rs\nspec:\n  ports:\n  - port: 9000\n    protocol: TCP\n    targetPort: 9000\n  selector:\n    app: rs\nstatus:\n  loadBalancer: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose rc rc --external-ip=1.2.3.4 --selector=app=rc,x=y --dry-run=client -o yaml",
    argv: [
      "expose",
      "rc",
      "rc",
      "--external-ip=1.2.3.4",
      "--selector=app=rc,x=y",
      "--dry-run=client",
      "-o",
      "yaml",
    ],
    stdout:
      'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: rc\n  name: rc\nspec:\n  externalIPs:\n  - 1.2.3.4\n  ports:\n  - port: 7000\n    protocol: TCP\n    targetPort: 7000\n  selector:\n    app: rc\n    x: "y"\nstatus:\n  loadBalancer: {}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose cm cm --port=80 --dry-run=client",
    argv: ["expose", "cm", "cm", "--port=80", "--dry-run=client"],
    stdout: "",
    stderr: "error: cannot expose a ConfigMap\n",
    exitCode: 1,
  },
  {
    command: "kubectl expose deploy missing --dry-run=client",
    argv: ["expose", "deploy", "missing", "--dry-run=client"],
    stdout: "",
    stderr: 'Error from server (NotFound): deployments.apps "missing" not found\n',
    exitCode: 1,
  },
  {
    command: "kubectl expose deploy web -n other --dry-run=client -o yaml",
    argv: ["expose", "deploy", "web", "-n", "other", "--dry-run=client", "-o", "yaml"],
    stdout:
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\n  namespace: other\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\nstatus:\n  loadBalancer: {}\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose deploy web --dry-run=client",
    argv: ["expose", "deploy", "web", "--dry-run=client"],
    stdout: "service/web exposed (dry run)\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command:
      "kubectl expose deploy web --cluster-ip=None --session-affinity=ClientIP --type=LoadBalancer --load-balancer-ip=1.1.1.1 --labels=x=y --dry-run=client -o yaml",
    argv: [
      "expose",
      "deploy",
      "web",
      "--cluster-ip=None",
      "--session-affinity=ClientIP",
      "--type=LoadBalancer",
      "--load-balancer-ip=1.1.1.1",
      "--labels=x=y",
      "--dry-run=client",
      "-o",
      "yaml",
    ],
    stdout:
      'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    x: "y"\n  name: web\nspec:\n  clusterIP: None\n  loadBalancerIP: 1.1.1.1\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\n  sessionAffinity: ClientIP\n  type: LoadBalancer\nstatus:\n  loadBalancer: {}\n',
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose deploy web --session-affinity=Bogus --dry-run=client",
    argv: ["expose", "deploy", "web", "--session-affinity=Bogus", "--dry-run=client"],
    stdout: "",
    stderr: "error: unknown session affinity: Bogus\n",
    exitCode: 1,
  },
  {
    command: "kubectl expose",
    argv: ["expose"],
    stdout: "",
    stderr:
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    exitCode: 1,
  },
  {
    command: "kubectl expose deploy",
    argv: ["expose", "deploy"],
    stdout: "",
    stderr: "error: resource(s) were provided, but no name was specified\n",
    exitCode: 1,
  },
  {
    command: "kubectl expose deploy/web --dry-run=client -o name",
    argv: ["expose", "deploy/web", "--dry-run=client", "-o", "name"],
    stdout: "service/web\n",
    stderr: "",
    exitCode: 0,
  },
  {
    command: "kubectl expose foo web --dry-run=client",
    argv: ["expose", "foo", "web", "--dry-run=client"],
    stdout: "",
    stderr: 'error: the server doesn\'t have a resource type "foo"\n',
    exitCode: 1,
  },
];

describe("create, run and expose match kubectl v1.32 byte for byte", () => {
  it.each(CASES.map((c) => [c.command, c] as const))("%s", (_command, c) => {
    const sim = newCluster();
    const result = kubectl(sim, c.argv, { fs });
    expect({ stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode }).toEqual({
      stdout: c.stdout,
      stderr: c.stderr,
      exitCode: c.exitCode,
    });
  });
});
