import { freeze } from "immer";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1.js";
import type { ReplicationController } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { defaultDeployment, defaultReplicaSet, defaultReplicationController } from "./defaults.js";

/** What `kubectl create deployment web --image=nginx --dry-run=client -o yaml` sends (kubectl v1.32). */
const createdByKubectl: Deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { labels: { app: "web" }, name: "web", namespace: "default" },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: "web" } },
    strategy: {},
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ image: "nginx", name: "nginx", resources: {} }] },
    },
  },
};

const defaultedTemplateSpec = {
  containers: [
    {
      image: "nginx",
      imagePullPolicy: "Always",
      name: "nginx",
      resources: {},
      terminationMessagePath: "/dev/termination-log",
      terminationMessagePolicy: "File",
    },
  ],
  dnsPolicy: "ClusterFirst",
  restartPolicy: "Always",
  schedulerName: "default-scheduler",
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

// pkg/apis/apps/v1/defaults.go SetDefaults_Deployment (defaults_test.go TestSetDefaultDeployment)
describe("SetDefaults_Deployment", () => {
  it("stores the spec `kubectl get deployment -o yaml` shows", () => {
    expect(defaultDeployment(createdByKubectl).spec).toEqual({
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: "web" } },
      strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" }, type: "RollingUpdate" },
      template: { metadata: { labels: { app: "web" } }, spec: defaultedTemplateSpec },
    });
  });

  it("defaults replicas to 1 only when absent, and keeps 0", () => {
    const without = { ...createdByKubectl, spec: { ...createdByKubectl.spec!, replicas: undefined } };
    expect(defaultDeployment(without).spec!.replicas).toBe(1);
    const zero = { ...createdByKubectl, spec: { ...createdByKubectl.spec!, replicas: 0 } };
    expect(defaultDeployment(zero).spec!.replicas).toBe(0);
  });

  it("fills only the missing half of rollingUpdate", () => {
    const d = {
      ...createdByKubectl,
      spec: { ...createdByKubectl.spec!, strategy: { rollingUpdate: { maxSurge: 1 } } },
    };
    expect(defaultDeployment(d).spec!.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" },
    });
  });

  it("adds no rollingUpdate to a Recreate strategy", () => {
    const d = { ...createdByKubectl, spec: { ...createdByKubectl.spec!, strategy: { type: "Recreate" } } };
    expect(defaultDeployment(d).spec!.strategy).toEqual({ type: "Recreate" });
  });

  it("does not touch its (frozen) input", () => {
    const input = freeze(structuredClone(createdByKubectl), true);
    defaultDeployment(input);
    expect(input.spec!.strategy).toEqual({});
  });
});

// pkg/apis/apps/v1/defaults.go SetDefaults_ReplicaSet
describe("SetDefaults_ReplicaSet", () => {
  it("defaults replicas to 1 and the template", () => {
    const rs: ReplicaSet = {
      metadata: { name: "web-5d4f", namespace: "default" },
      spec: { selector: { matchLabels: { app: "web" } }, template: createdByKubectl.spec!.template },
    };
    expect(defaultReplicaSet(rs).spec).toEqual({
      replicas: 1,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: defaultedTemplateSpec },
    });
  });
});

// pkg/apis/core/v1/defaults.go SetDefaults_ReplicationController (defaults_test.go TestSetDefaultReplicationController...)
describe("SetDefaults_ReplicationController", () => {
  const rc: ReplicationController = {
    metadata: { name: "web", namespace: "default" },
    spec: {
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "nginx", image: "nginx" }] },
      },
    },
  };

  it("copies the template labels into an empty selector and empty labels", () => {
    const out = defaultReplicationController(rc);
    expect(out.spec!.selector).toEqual({ app: "web" });
    expect(out.metadata!.labels).toEqual({ app: "web" });
    expect(out.spec!.replicas).toBe(1);
    expect(out.spec!.template!.spec!.restartPolicy).toBe("Always");
  });

  it("keeps a given selector and labels", () => {
    const out = defaultReplicationController({
      ...rc,
      metadata: { ...rc.metadata, labels: { tier: "front" } },
      spec: { ...rc.spec, selector: { app: "web", tier: "front" } },
    });
    expect(out.spec!.selector).toEqual({ app: "web", tier: "front" });
    expect(out.metadata!.labels).toEqual({ tier: "front" });
  });
});
