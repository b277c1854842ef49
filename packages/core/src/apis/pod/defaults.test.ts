import { freeze } from "immer";
import type { Pod } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { defaultImagePullPolicy, defaultPod, defaultPodTemplateSpec, imageTag } from "./defaults.js";

function pod(spec: Partial<Pod["spec"]> & object): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default" },
    spec: { containers: [{ name: "web", image: "nginx" }], ...spec },
  };
}

// pkg/apis/core/v1/defaults.go SetDefaults_Pod / SetDefaults_PodSpec / SetDefaults_Container,
// cf. defaults_test.go TestSetDefaultPodSpec... and what `kubectl get pod -o yaml` shows.
describe("SetObjectDefaults_Pod (pkg/apis/core/v1/defaults.go)", () => {
  it("fills in what `kubectl run nginx --image=nginx` shows before admission", () => {
    const input: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { labels: { run: "nginx" }, name: "nginx", namespace: "default" },
      spec: {
        containers: [{ image: "nginx", name: "nginx", resources: {} }],
        dnsPolicy: "ClusterFirst",
        restartPolicy: "Always",
      },
    };
    expect(defaultPod(input)).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { labels: { run: "nginx" }, name: "nginx", namespace: "default" },
      spec: {
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
        enableServiceLinks: true,
        restartPolicy: "Always",
        schedulerName: "default-scheduler",
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    });
  });

  it("keeps what the user set", () => {
    const out = defaultPod(
      pod({
        restartPolicy: "Never",
        dnsPolicy: "Default",
        terminationGracePeriodSeconds: 0,
        enableServiceLinks: false,
        schedulerName: "my-scheduler",
        securityContext: { runAsUser: 1000 },
      }),
    );
    expect(out.spec).toMatchObject({
      restartPolicy: "Never",
      dnsPolicy: "Default",
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      schedulerName: "my-scheduler",
      securityContext: { runAsUser: 1000 },
    });
  });

  it("defaults container port protocols to TCP and keeps UDP", () => {
    const out = defaultPod(
      pod({
        containers: [
          {
            name: "dns",
            image: "coredns:1.11",
            ports: [{ containerPort: 53 }, { containerPort: 53, protocol: "UDP" }],
          },
        ],
      }),
    );
    expect(out.spec!.containers[0]!.ports).toEqual([
      { containerPort: 53, protocol: "TCP" },
      { containerPort: 53, protocol: "UDP" },
    ]);
  });

  it("defaults probes: timeoutSeconds 1, periodSeconds 10, successThreshold 1, failureThreshold 3, httpGet path / and scheme HTTP (SetDefaults_Probe, SetDefaults_HTTPGetAction)", () => {
    const out = defaultPod(
      pod({
        containers: [
          {
            name: "web",
            image: "nginx:1.27",
            readinessProbe: { httpGet: { port: 80 } },
            livenessProbe: { tcpSocket: { port: "http" }, periodSeconds: 5 },
            startupProbe: { grpc: { port: 9000 } },
            lifecycle: { preStop: { httpGet: { port: 80 } } },
          },
        ],
      }),
    );
    const c = out.spec!.containers[0]!;
    expect(c.readinessProbe).toEqual({
      httpGet: { port: 80, path: "/", scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.livenessProbe).toMatchObject({ periodSeconds: 5, timeoutSeconds: 1 });
    // GRPCAction.Service is `+default=""` and not omitempty.
    expect(c.startupProbe!.grpc).toEqual({ port: 9000, service: "" });
    expect(c.lifecycle!.preStop!.httpGet).toEqual({ port: 80, path: "/", scheme: "HTTP" });
  });

  it("defaults requests to limits in Pods only (SetDefaults_Pod), canonical and rounded to milli-units", () => {
    const out = defaultPod(
      pod({
        containers: [
          {
            name: "web",
            image: "nginx",
            resources: { limits: { cpu: "0.5", memory: "1024Mi" }, requests: { cpu: "100m" } },
          },
        ],
      }),
    );
    expect(out.spec!.containers[0]!.resources).toEqual({
      limits: { cpu: "500m", memory: "1Gi" },
      requests: { cpu: "100m", memory: "1Gi" },
    });
    const template = defaultPodTemplateSpec({
      spec: { containers: [{ name: "web", image: "nginx", resources: { limits: { cpu: "0.5" } } }] },
    });
    expect(template.spec!.containers[0]!.resources).toEqual({ limits: { cpu: "500m" } });
  });

  it("gives every container port a hostPort under hostNetwork in Pods, not in templates (defaultHostNetworkPorts)", () => {
    const spec = {
      hostNetwork: true,
      containers: [{ name: "agent", image: "agent:1", ports: [{ containerPort: 9100 }] }],
    };
    expect(defaultPod(pod(spec)).spec!.containers[0]!.ports).toEqual([
      { containerPort: 9100, hostPort: 9100, protocol: "TCP" },
    ]);
    expect(defaultPodTemplateSpec({ spec }).spec!.containers[0]!.ports).toEqual([
      { containerPort: 9100, protocol: "TCP" },
    ]);
  });

  it('defaults volumes: no source means emptyDir, file modes 420, hostPath type "" (SetDefaults_Volume and friends)', () => {
    const out = defaultPod(
      pod({
        volumes: [
          { name: "scratch" },
          { name: "cfg", configMap: { name: "app" } },
          { name: "creds", secret: { secretName: "app" } },
          { name: "logs", hostPath: { path: "/var/log" } },
        ],
      }),
    );
    expect(out.spec!.volumes).toEqual([
      { name: "scratch", emptyDir: {} },
      { name: "cfg", configMap: { name: "app", defaultMode: 420 } },
      { name: "creds", secret: { secretName: "app", defaultMode: 420 } },
      { name: "logs", hostPath: { path: "/var/log", type: "" } },
    ]);
  });

  it("defaults env fieldRef apiVersion to v1 (SetDefaults_ObjectFieldSelector)", () => {
    const out = defaultPod(
      pod({
        containers: [
          {
            name: "web",
            image: "nginx",
            env: [{ name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }],
          },
        ],
      }),
    );
    expect(out.spec!.containers[0]!.env![0]!.valueFrom!.fieldRef).toEqual({
      apiVersion: "v1",
      fieldPath: "status.podIP",
    });
  });

  it("treats serviceAccount as an alias of serviceAccountName and mirrors the name back (v1 conversion)", () => {
    expect(defaultPod(pod({ serviceAccount: "builder" })).spec).toMatchObject({
      serviceAccount: "builder",
      serviceAccountName: "builder",
    });
    expect(defaultPod(pod({ serviceAccountName: "a", serviceAccount: "b" })).spec).toMatchObject({
      serviceAccount: "a",
      serviceAccountName: "a",
    });
  });

  it("does not touch its (frozen) input", () => {
    const input = freeze(pod({}), true);
    const out = defaultPod(input);
    expect(input.spec!.restartPolicy).toBeUndefined();
    expect(out.spec!.restartPolicy).toBe("Always");
  });
});

// pkg/apis/core/v1/defaults.go SetDefaults_Container with pkg/util/parsers.ParseImageName
describe("imagePullPolicy defaulting (SetDefaults_Container)", () => {
  it.each([
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.27", "IfNotPresent"],
    ["registry.k8s.io/e2e-test-images/agnhost:2.53", "IfNotPresent"],
    ["localhost:5000/app", "Always"],
    ["localhost:5000/app:v1", "IfNotPresent"],
    ["busybox@sha256:" + "a".repeat(64), "IfNotPresent"],
    ["busybox:latest@sha256:" + "a".repeat(64), "Always"],
    // An unparsable reference has no tag, so it is not treated as latest.
    ["Nginx", "IfNotPresent"],
    ["", "IfNotPresent"],
  ])("%s pulls %s", (image, policy) => {
    expect(defaultImagePullPolicy(image)).toBe(policy);
  });

  it("finds the tag after the last slash only", () => {
    expect(imageTag("registry.example.com:5000/team/app:2.0")).toBe("2.0");
    expect(imageTag("registry.example.com:5000/team/app")).toBe("latest");
  });
});
