import type { Container, Pod, PodSpec } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { errorString, path } from "../../validation/field.js";
import { admitDefaultTolerationSeconds } from "./admitDefaultTolerationSeconds.js";
import { admitPriority } from "./admitPriority.js";
import { admitServiceAccount } from "./admitServiceAccount.js";
import { defaultPod } from "./defaults.js";
import { preparePodForCreate } from "./preparePodForCreate.js";
import {
  POD_UPDATE_FORBIDDEN_MSG,
  validatePod,
  validatePodTemplateSpec,
  validatePodUpdate,
} from "./validation.js";

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function container(extra: Partial<Container> = {}): Container {
  return { name: "web", image: "nginx:1.27", ...extra };
}

function pod(
  spec: Partial<PodSpec> = {},
  metadata: Pod["metadata"] = { name: "web", namespace: "default" },
): Pod {
  return { apiVersion: "v1", kind: "Pod", metadata, spec: { containers: [container()], ...spec } };
}

/** What the API server reports for a Pod: defaulted first, then validated. */
function errors(p: Pod): string[] {
  return validatePod(defaultPod(p)).map(errorString);
}

describe("a Pod as `kubectl run` sends it goes through the whole create path", () => {
  it("defaulting, ServiceAccount, DefaultTolerationSeconds, Priority and PrepareForCreate give what `kubectl get pod -o yaml` shows", () => {
    let p = defaultPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { labels: { run: "nginx" }, name: "nginx", namespace: "default" },
      spec: {
        containers: [{ image: "nginx", name: "nginx", resources: {} }],
        dnsPolicy: "ClusterFirst",
        restartPolicy: "Always",
      },
    });
    const sa = admitServiceAccount(p, { tokenVolumeName: "kube-api-access-7xk2h" });
    if (!sa.ok) throw new Error(sa.message);
    p = admitDefaultTolerationSeconds(sa.object);
    const prio = admitPriority(p);
    if (!prio.ok) throw new Error(prio.message);
    p = preparePodForCreate(prio.object);
    expect(validatePod(p)).toEqual([]);
    expect(p.spec).toEqual({
      containers: [
        {
          image: "nginx",
          imagePullPolicy: "Always",
          name: "nginx",
          resources: {},
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
          volumeMounts: [
            {
              mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
              name: "kube-api-access-7xk2h",
              readOnly: true,
            },
          ],
        },
      ],
      dnsPolicy: "ClusterFirst",
      enableServiceLinks: true,
      preemptionPolicy: "PreemptLowerPriority",
      priority: 0,
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      serviceAccount: "default",
      serviceAccountName: "default",
      terminationGracePeriodSeconds: 30,
      tolerations: [
        {
          effect: "NoExecute",
          key: "node.kubernetes.io/not-ready",
          operator: "Exists",
          tolerationSeconds: 300,
        },
        {
          effect: "NoExecute",
          key: "node.kubernetes.io/unreachable",
          operator: "Exists",
          tolerationSeconds: 300,
        },
      ],
      volumes: [
        {
          name: "kube-api-access-7xk2h",
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
              { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
              {
                downwardAPI: {
                  items: [
                    { fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" },
                  ],
                },
              },
            ],
          },
        },
      ],
    });
    expect(p.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
  });
});

// pkg/apis/core/validation/validation.go ValidatePodCreate / ValidatePodSpec; the cases mirror
// validation_test.go TestValidatePodSpec, TestValidateContainers, TestValidateContainerPorts,
// TestValidateProbe, TestValidateHandler, TestValidateEnv, TestValidateVolumes, TestValidateTolerations.
describe("ValidatePodCreate: invalid Pods and their exact errors, in order", () => {
  const cases: [string, Pod, string[]][] = [
    [
      "ValidateObjectMeta: pod names are DNS-1123 subdomains",
      pod({}, { name: "Web", namespace: "default" }),
      [`metadata.name: Invalid value: "Web": ${SUBDOMAIN_MSG}`],
    ],
    [
      "ValidateObjectMeta: namespace required",
      pod({}, { name: "web" }),
      ["metadata.namespace: Required value"],
    ],
    [
      "validateContainers: at least one container",
      pod({ containers: [] }),
      ["spec.containers: Required value"],
    ],
    [
      "validateContainerCommon: name a DNS-1123 label, image required",
      pod({ containers: [container({ name: "Web_1", image: "" })] }),
      [
        `spec.containers[0].name: Invalid value: "Web_1": ${LABEL_MSG}`,
        "spec.containers[0].image: Required value",
      ],
    ],
    [
      "validateContainerCommon: name required",
      pod({ containers: [container({ name: "" })] }),
      ["spec.containers[0].name: Required value"],
    ],
    [
      "validateContainers: names unique",
      pod({ containers: [container(), container()] }),
      ['spec.containers[1].name: Duplicate value: "web"'],
    ],
    [
      "validateContainerPorts: containerPort required",
      pod({ containers: [container({ ports: [{ containerPort: 0 }] })] }),
      ["spec.containers[0].ports[0].containerPort: Required value"],
    ],
    [
      "validateContainerPorts: containerPort and hostPort range",
      pod({ containers: [container({ ports: [{ containerPort: 70000, hostPort: -1 }] })] }),
      [
        "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        "spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive",
      ],
    ],
    [
      "validateContainerPorts: protocol supported values",
      pod({ containers: [container({ ports: [{ containerPort: 80, protocol: "ICMP" }] })] }),
      [
        'spec.containers[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      ],
    ],
    [
      "validateContainerPorts: port names are IANA_SVC_NAMEs, one message per broken rule",
      pod({
        containers: [
          container({
            ports: [
              { containerPort: 80, name: "HTTP" },
              { containerPort: 81, name: "metrics-port-long" },
            ],
          }),
        ],
      }),
      [
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
        'spec.containers[0].ports[1].name: Invalid value: "metrics-port-long": must be no more than 15 characters',
      ],
    ],
    [
      "validateContainerPorts: port names unique within a container",
      pod({
        containers: [
          container({
            ports: [
              { containerPort: 80, name: "http" },
              { containerPort: 8080, name: "http" },
            ],
          }),
        ],
      }),
      ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
    ],
    [
      "AccumulateUniqueHostPorts: host ports unique across containers",
      pod({
        containers: [
          container({ ports: [{ containerPort: 80, hostPort: 8080 }] }),
          container({ name: "sidecar", ports: [{ containerPort: 81, hostPort: 8080 }] }),
        ],
      }),
      ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'],
    ],
    [
      "validatePodHostNetworkDeps: hostPort must equal containerPort with hostNetwork",
      pod({ hostNetwork: true, containers: [container({ ports: [{ containerPort: 80, hostPort: 8080 }] })] }),
      [
        "spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true",
      ],
    ],
    [
      "validateRestartPolicy: supported values",
      pod({ restartPolicy: "Sometimes" }),
      [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      ],
    ],
    [
      "validateDNSPolicy: supported values",
      pod({ dnsPolicy: "Cluster" }),
      [
        'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      ],
    ],
    [
      "validatePodDNSConfig: dnsPolicy None needs nameservers",
      pod({ dnsPolicy: "None" }),
      ["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"],
    ],
    [
      "validatePodDNSConfig: nameservers are IPs, searches subdomains",
      pod({
        dnsPolicy: "None",
        dnsConfig: { nameservers: ["10.96.0.10", "dns"], searches: ["svc.cluster.local", "Bad!"] },
      }),
      [
        'spec.dnsConfig.nameservers[1]: Invalid value: "dns": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        `spec.dnsConfig.searches[1]: Invalid value: "Bad!": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')`,
      ],
    ],
    [
      "validatePullPolicy: supported values",
      pod({ containers: [container({ imagePullPolicy: "Sometimes" })] }),
      [
        'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      ],
    ],
    [
      "validateHandler: a probe needs a handler",
      pod({ containers: [container({ livenessProbe: {} })] }),
      ["spec.containers[0].livenessProbe: Required value: must specify a handler type"],
    ],
    [
      "validateHandler: only one handler",
      pod({
        containers: [container({ readinessProbe: { httpGet: { port: 80 }, tcpSocket: { port: 80 } } })],
      }),
      ["spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"],
    ],
    [
      "validateLivenessProbe: successThreshold must be 1",
      pod({ containers: [container({ livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 } })] }),
      ["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"],
    ],
    [
      "validateProbe: timings are non-negative; ports are numbers or IANA names",
      pod({ containers: [container({ readinessProbe: { httpGet: { port: "8080" }, periodSeconds: -1 } })] }),
      [
        'spec.containers[0].readinessProbe.httpGet.port: Invalid value: "8080": must contain at least one letter (a-z)',
        "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
      ],
    ],
    [
      "validateReadinessProbe: no terminationGracePeriodSeconds",
      pod({
        containers: [
          container({ readinessProbe: { exec: { command: ["true"] }, terminationGracePeriodSeconds: 5 } }),
        ],
      }),
      [
        "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes",
      ],
    ],
    [
      "validateExecAction: command required",
      pod({ containers: [container({ startupProbe: { exec: {} } })] }),
      ["spec.containers[0].startupProbe.exec.command: Required value"],
    ],
    [
      "validateSleepAction: within the grace period",
      pod({ containers: [container({ lifecycle: { preStop: { sleep: { seconds: 60 } } } })] }),
      [
        "spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)",
      ],
    ],
    [
      "validateResourceRequirements: requests at most limits",
      pod({ containers: [container({ resources: { limits: { cpu: "1" }, requests: { cpu: "2" } } })] }),
      [
        'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      ],
    ],
    [
      "validateResourceRequirements: non-negative (requests default from limits, so both report)",
      pod({ containers: [container({ resources: { limits: { memory: "-1Gi" } } })] }),
      [
        'spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
        'spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
      ],
    ],
    [
      "validateContainerResourceName: standard or fully qualified names",
      pod({ containers: [container({ resources: { requests: { gpu: "1" } } })] }),
      [
        'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
        'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      ],
    ],
    [
      "validateContainerResourceName: a bad name also fails the container check",
      pod({ containers: [container({ resources: { requests: { "my res": "1" } } })] }),
      [
        "spec.containers[0].resources.requests[my res]: Invalid value: \"my res\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        'spec.containers[0].resources.requests[my res]: Invalid value: "my res": must be a standard resource for containers',
      ],
    ],
    [
      "validateResourceRequirements: extended resources need a limit and whole units",
      pod({ containers: [container({ resources: { requests: { "example.com/gpu": "500m" } } })] }),
      [
        "spec.containers[0].resources.requests[example.com/gpu]: Invalid value: 500m: must be an integer",
        "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources",
      ],
    ],
    [
      "ValidateEnv: relaxed names are printable ASCII without '='",
      pod({
        containers: [
          container({
            env: [
              { name: "A=B", value: "x" },
              { name: "", value: "y" },
            ],
          }),
        ],
      }),
      [
        `spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
        "spec.containers[0].env[1].name: Required value",
      ],
    ],
    [
      "validateEnvVarValueFrom: supported downward API fields",
      pod({
        containers: [
          container({ env: [{ name: "PHASE", valueFrom: { fieldRef: { fieldPath: "status.phase" } } }] }),
        ],
      }),
      [
        'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      ],
    ],
    [
      "validateEnvVarValueFrom: not together with value",
      pod({
        containers: [
          container({
            env: [{ name: "X", value: "1", valueFrom: { configMapKeyRef: { name: "cfg", key: "x" } } }],
          }),
        ],
      }),
      [
        'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      ],
    ],
    [
      "validateConfigMapKeySelector: key is a config key",
      pod({
        containers: [
          container({ env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "a b" } } }] }),
        ],
      }),
      [
        "spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    ],
    [
      "ValidateVolumeMounts: the volume must exist and the path be given",
      pod({ containers: [container({ volumeMounts: [{ name: "data", mountPath: "" }] })] }),
      [
        'spec.containers[0].volumeMounts[0].name: Not found: "data"',
        "spec.containers[0].volumeMounts[0].mountPath: Required value",
      ],
    ],
    [
      "validateVolumeSource: one source per volume",
      pod({ volumes: [{ name: "data", emptyDir: {}, configMap: { name: "cfg" } }] }),
      ["spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type"],
    ],
    [
      "ValidateVolumes: names are labels and unique; a bad volume cannot be mounted",
      pod({
        volumes: [
          { name: "data", emptyDir: {} },
          { name: "data", emptyDir: {} },
          { name: "cfg", configMap: { name: "" } },
        ],
        containers: [container({ volumeMounts: [{ name: "cfg", mountPath: "/etc/app" }] })],
      }),
      [
        'spec.volumes[1].name: Duplicate value: "data"',
        "spec.volumes[2].configMap.name: Required value",
        'spec.containers[0].volumeMounts[0].name: Not found: "cfg"',
      ],
    ],
    [
      "validateContainers: restartPolicy only for init containers",
      pod({ containers: [container({ restartPolicy: "Always" })] }),
      ["spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"],
    ],
    [
      "validateInitContainers: probes need restartPolicy Always, names unique across both lists",
      pod({ initContainers: [container({ readinessProbe: { tcpSocket: { port: 80 } } })] }),
      [
        'spec.initContainers[0].name: Duplicate value: "web"',
        "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
      ],
    ],
    [
      "ValidateTolerations: an empty key needs operator Exists",
      pod({ tolerations: [{ operator: "Equal", value: "x" }] }),
      [
        'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      ],
    ],
    [
      "ValidateTolerations: tolerationSeconds only with NoExecute; supported effects",
      pod({
        tolerations: [
          { key: "a", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 10 },
          { key: "b", effect: "Sometimes" },
        ],
      }),
      [
        `spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
        'spec.tolerations[1].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      ],
    ],
    [
      "ValidatePodSpec: hostname and subdomain are labels, nodeName a subdomain",
      pod({ hostname: "Web", subdomain: "svc.x", nodeName: "Node_1" }),
      [
        `spec.nodeName: Invalid value: "Node_1": ${SUBDOMAIN_MSG}`,
        `spec.hostname: Invalid value: "Web": ${LABEL_MSG}`,
        'spec.subdomain: Invalid value: "svc.x": must not contain dots',
      ],
    ],
    [
      "ValidatePodSpec: activeDeadlineSeconds at least 1",
      pod({ activeDeadlineSeconds: 0 }),
      ["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"],
    ],
    [
      "validateContainerOnlyForPod: no whitespace around the image",
      pod({ containers: [container({ image: " nginx" })] }),
      ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace'],
    ],
    [
      "ValidatePodCreate: no ephemeral containers on create",
      pod({ ephemeralContainers: [{ name: "debug", image: "busybox" }] }),
      ["spec.ephemeralContainers: Forbidden: cannot be set on create"],
    ],
    [
      "ValidatePodSpecificAnnotations: pod-deletion-cost is an int32",
      pod(
        {},
        {
          name: "web",
          namespace: "default",
          annotations: { "controller.kubernetes.io/pod-deletion-cost": "+5" },
        },
      ),
      [
        'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+5": must be a 32bit integer',
      ],
    ],
  ];

  it.each(cases)("%s", (_name, input, expected) => {
    expect(errors(input)).toEqual(expected);
  });

  it("accepts the defaulted forms of the valid examples", () => {
    expect(errors(pod())).toEqual([]);
    expect(
      errors(
        pod({
          volumes: [{ name: "scratch" }],
          containers: [container({ volumeMounts: [{ name: "scratch", mountPath: "/tmp" }] })],
        }),
      ),
    ).toEqual([]);
    expect(
      errors(pod({ hostNetwork: true, containers: [container({ ports: [{ containerPort: 80 }] })] })),
    ).toEqual([]);
    expect(
      errors(
        pod({
          containers: [
            container({
              readinessProbe: { httpGet: { port: "http" } },
              ports: [{ containerPort: 80, name: "http" }],
            }),
          ],
        }),
      ),
    ).toEqual([]);
  });

  it("expects a defaulted Pod: an undefaulted one lacks required fields", () => {
    expect(validatePod(pod()).map(errorString)).toEqual([
      "spec.terminationGracePeriodSeconds: Required value",
      "spec.containers[0].terminationMessagePolicy: Required value",
      "spec.containers[0].imagePullPolicy: Required value",
      "spec.restartPolicy: Required value",
      "spec.dnsPolicy: Required value",
    ]);
  });
});

describe("ValidatePodTemplateSpec", () => {
  it("lets a template leave hostPort 0 under hostNetwork (validatePodHostNetworkDeps, ResourceIsPod false)", () => {
    const template = {
      metadata: { labels: { app: "agent" } },
      spec: {
        ...defaultPod(pod({ hostNetwork: true })).spec!,
        containers: [
          { ...defaultPod(pod()).spec!.containers[0]!, ports: [{ containerPort: 9100, protocol: "TCP" }] },
        ],
      },
    };
    expect(validatePodTemplateSpec(template, path("spec", "template"))).toEqual([]);
  });
});

// validation.go ValidatePodUpdate (validation_test.go TestValidatePodUpdate)
describe("ValidatePodUpdate", () => {
  const old = defaultPod(
    pod({ tolerations: [{ key: "a", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }] }),
  );
  const update = (change: (spec: PodSpec) => PodSpec, meta = old.metadata): string[] =>
    validatePodUpdate(
      defaultPod({ ...old, metadata: meta, spec: change(structuredClone(old.spec!)) }),
      old,
    ).map(errorString);

  it("allows image changes, added tolerations and changed tolerationSeconds", () => {
    expect(update((s) => ({ ...s, containers: [{ ...s.containers[0]!, image: "nginx:1.28" }] }))).toEqual([]);
    expect(
      update((s) => ({
        ...s,
        tolerations: [
          { ...s.tolerations![0]!, tolerationSeconds: 10 },
          { key: "b", operator: "Exists" },
        ],
      })),
    ).toEqual([]);
  });

  it("refuses other spec changes with the list of updatable fields", () => {
    const errs = update((s) => ({
      ...s,
      containers: [{ ...s.containers[0]!, ports: [{ containerPort: 80 }] }],
    }));
    expect(errs).toHaveLength(1);
    expect(errs[0]!.startsWith("spec: Forbidden: " + POD_UPDATE_FORBIDDEN_MSG + "\n")).toBe(true);
    expect(POD_UPDATE_FORBIDDEN_MSG).toBe(
      "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    );
  });

  it("refuses added or removed containers", () => {
    expect(
      update((s) => ({ ...s, containers: [...s.containers, { ...s.containers[0]!, name: "two" }] })),
    ).toEqual(["spec.containers: Forbidden: pod updates may not add or remove containers"]);
  });

  it("refuses removed or modified tolerations", () => {
    expect(update((s) => ({ ...s, tolerations: [] }))).toEqual([
      "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds",
    ]);
  });

  it("allows activeDeadlineSeconds to be set or lowered, not raised or removed", () => {
    const withDeadline = defaultPod({ ...old, spec: { ...old.spec!, activeDeadlineSeconds: 100 } });
    const change = (ads: number | undefined) =>
      validatePodUpdate(
        defaultPod({ ...withDeadline, spec: { ...withDeadline.spec!, activeDeadlineSeconds: ads } }),
        withDeadline,
      ).map(errorString);
    expect(change(50)).toEqual([]);
    expect(change(200)).toEqual([
      "spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value",
    ]);
    expect(change(undefined)).toEqual([
      "spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value",
    ]);
  });

  it("keeps the name immutable (ValidateObjectMetaUpdate)", () => {
    expect(update((s) => s, { ...old.metadata, name: "web2" })).toEqual([
      'metadata.name: Invalid value: "web2": field is immutable',
    ]);
  });
});
