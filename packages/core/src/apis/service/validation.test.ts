import { type Draft, produce } from "immer";
import type { Service, ServiceSpec } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { errorString, type FieldError } from "../../validation/field.js";
import { defaultService } from "./defaults.js";
import {
  validateService,
  validateServiceExternalTrafficPolicy,
  validateServiceStatusUpdate,
  validateServiceUpdate,
} from "./validation.js";

// Cases ported from kubernetes/kubernetes pkg/apis/core/validation/validation_test.go
// (TestValidateServiceCreate, TestValidateServiceExternalTrafficPolicy, TestValidateServiceUpdate),
// Kubernetes 1.33. The Go tests only count errors; the expected texts here are derived from
// validation.go and printed with field.Error.Error(). Case names are the Go test names.

const PORT_RANGE = "must be between 1 and 65535, inclusive";
const INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
const INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const ONLY_LB = "may only be used when `type` is 'LoadBalancer'";
const SOURCE_RANGES_ANNOTATION =
  "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]";

/** validation_test.go makeValidService. */
function makeValidService(): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "valid", namespace: "valid", labels: {}, annotations: {}, resourceVersion: "1" },
    spec: {
      selector: { key: "val" },
      sessionAffinity: "None",
      type: "ClusterIP",
      ports: [{ name: "p", protocol: "TCP", port: 8675, targetPort: 8675 }],
      internalTrafficPolicy: "Cluster",
    },
  };
}

type Tweak = (spec: Draft<ServiceSpec>, svc: Draft<Service>) => void;

function tweaked(tweak: Tweak): Service {
  return produce(makeValidService(), (draft) => {
    tweak(draft.spec!, draft);
  });
}

function messages(errs: readonly FieldError[]): string[] {
  return errs.map(errorString);
}

const lb: Tweak = (s) => {
  s.type = "LoadBalancer";
  s.externalTrafficPolicy = "Cluster";
  s.allocateLoadBalancerNodePorts = true;
};

const nodePort: Tweak = (s) => {
  s.type = "NodePort";
  s.externalTrafficPolicy = "Cluster";
};

function both(...tweaks: Tweak[]): Tweak {
  return (s, svc) => {
    for (const t of tweaks) t(s, svc);
  };
}

interface CreateCase {
  readonly name: string;
  readonly tweak: Tweak;
  readonly errors: readonly string[];
}

// TestValidateServiceCreate: every case, in the Go file's order.
const createCases: readonly CreateCase[] = [
  {
    name: "missing namespace",
    tweak: (_, d) => {
      d.metadata!.namespace = "";
    },
    errors: ["metadata.namespace: Required value"],
  },
  {
    name: "invalid namespace",
    tweak: (_, d) => {
      d.metadata!.namespace = "-123";
    },
    errors: [`metadata.namespace: Invalid value: "-123": ${DNS1123_LABEL}`],
  },
  {
    name: "missing name",
    tweak: (_, d) => {
      d.metadata!.name = "";
    },
    errors: ["metadata.name: Required value: name or generateName is required"],
  },
  {
    name: "invalid name",
    tweak: (_, d) => {
      d.metadata!.name = "-123";
    },
    errors: [`metadata.name: Invalid value: "-123": ${DNS1035}`],
  },
  {
    name: "too long name",
    tweak: (_, d) => {
      d.metadata!.name = "a".repeat(64);
    },
    errors: [`metadata.name: Invalid value: "${"a".repeat(64)}": must be no more than 63 characters`],
  },
  {
    name: "invalid generateName",
    tweak: (_, d) => {
      d.metadata!.generateName = "-123";
    },
    errors: [`metadata.generateName: Invalid value: "-123": ${DNS1035}`],
  },
  {
    name: "too long generateName",
    tweak: (_, d) => {
      d.metadata!.generateName = "a".repeat(64);
    },
    errors: [`metadata.generateName: Invalid value: "${"a".repeat(64)}": must be no more than 63 characters`],
  },
  {
    name: "invalid label",
    tweak: (_, d) => {
      d.metadata!.labels!["NoUppercaseOrSpecialCharsLike=Equals"] = "bar";
    },
    errors: [
      `metadata.labels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${QUALIFIED_NAME_PART}`,
    ],
  },
  {
    name: "invalid annotation",
    tweak: (_, d) => {
      d.metadata!.annotations!["NoSpecialCharsLike=Equals"] = "bar";
    },
    errors: [`metadata.annotations: Invalid value: "NoSpecialCharsLike=Equals": ${QUALIFIED_NAME_PART}`],
  },
  { name: "nil selector", tweak: (s) => void delete s.selector, errors: [] },
  {
    name: "invalid selector",
    tweak: (s) => {
      s.selector!["NoSpecialCharsLike=Equals"] = "bar";
    },
    errors: [`spec.selector: Invalid value: "NoSpecialCharsLike=Equals": ${QUALIFIED_NAME_PART}`],
  },
  {
    name: "missing session affinity",
    tweak: (s) => {
      s.sessionAffinity = "";
    },
    errors: ["spec.sessionAffinity: Required value"],
  },
  {
    name: "missing type",
    tweak: (s) => {
      s.type = "";
    },
    errors: ["spec.type: Required value"],
  },
  { name: "missing ports", tweak: (s) => void delete s.ports, errors: ["spec.ports: Required value"] },
  {
    name: "missing ports but headless",
    tweak: (s) => {
      delete s.ports;
      s.clusterIP = "None";
      s.clusterIPs = ["None"];
    },
    errors: [],
  },
  {
    name: "empty port[0] name",
    tweak: (s) => {
      s.ports![0]!.name = "";
    },
    errors: [],
  },
  {
    name: "empty port[1] name",
    tweak: (s) => void s.ports!.push({ name: "", protocol: "TCP", port: 12345, targetPort: 12345 }),
    errors: ["spec.ports[1].name: Required value"],
  },
  {
    name: "empty multi-port port[0] name",
    tweak: (s) => {
      s.ports![0]!.name = "";
      s.ports!.push({ name: "p", protocol: "TCP", port: 12345, targetPort: 12345 });
    },
    errors: ["spec.ports[0].name: Required value"],
  },
  {
    name: "invalid port name",
    tweak: (s) => {
      s.ports![0]!.name = "INVALID";
    },
    errors: [`spec.ports[0].name: Invalid value: "INVALID": ${DNS1123_LABEL}`],
  },
  {
    name: "missing protocol",
    tweak: (s) => {
      s.ports![0]!.protocol = "";
    },
    errors: ["spec.ports[0].protocol: Required value"],
  },
  {
    name: "invalid protocol",
    tweak: (s) => {
      s.ports![0]!.protocol = "INVALID";
    },
    errors: ['spec.ports[0].protocol: Unsupported value: "INVALID": supported values: "SCTP", "TCP", "UDP"'],
  },
  {
    name: "invalid cluster ip",
    tweak: (s) => {
      s.clusterIP = "invalid";
      s.clusterIPs = ["invalid"];
    },
    errors: [`spec.clusterIPs[0]: Invalid value: "invalid": ${INVALID_IP}`],
  },
  {
    name: "missing port",
    tweak: (s) => {
      s.ports![0]!.port = 0;
    },
    errors: [`spec.ports[0].port: Invalid value: 0: ${PORT_RANGE}`],
  },
  {
    name: "invalid port",
    tweak: (s) => {
      s.ports![0]!.port = 65536;
    },
    errors: [`spec.ports[0].port: Invalid value: 65536: ${PORT_RANGE}`],
  },
  {
    name: "invalid TargetPort int",
    tweak: (s) => {
      s.ports![0]!.targetPort = 65536;
    },
    errors: [`spec.ports[0].targetPort: Invalid value: 65536: ${PORT_RANGE}`],
  },
  {
    name: "valid port headless",
    tweak: (s) => {
      s.ports![0]!.port = 11722;
      s.ports![0]!.targetPort = 11722;
      s.clusterIP = "None";
      s.clusterIPs = ["None"];
    },
    errors: [],
  },
  {
    // The v1 API tolerates any targetPort on headless Services.
    name: "invalid port headless 1",
    tweak: (s) => {
      s.ports![0]!.port = 11722;
      s.ports![0]!.targetPort = 11721;
      s.clusterIP = "None";
      s.clusterIPs = ["None"];
    },
    errors: [],
  },
  {
    name: "invalid port headless 2",
    tweak: (s) => {
      s.ports![0]!.port = 11722;
      s.ports![0]!.targetPort = "target";
      s.clusterIP = "None";
      s.clusterIPs = ["None"];
    },
    errors: [],
  },
  {
    name: "invalid publicIPs localhost",
    tweak: (s) => {
      s.externalTrafficPolicy = "Cluster";
      s.externalIPs = ["127.0.0.1"];
    },
    errors: [
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ],
  },
  {
    name: "invalid publicIPs unspecified",
    tweak: (s) => {
      s.externalTrafficPolicy = "Cluster";
      s.externalIPs = ["0.0.0.0"];
    },
    errors: ['spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)'],
  },
  {
    name: "invalid publicIPs host",
    tweak: (s) => {
      s.externalTrafficPolicy = "Cluster";
      s.externalIPs = ["myhost.mydomain"];
    },
    errors: [`spec.externalIPs[0]: Invalid value: "myhost.mydomain": ${INVALID_IP}`],
  },
  {
    name: "valid publicIPs",
    tweak: (s) => {
      s.externalTrafficPolicy = "Cluster";
      s.externalIPs = ["1.2.3.4"];
    },
    errors: [],
  },
  {
    name: "dup port name",
    tweak: (s) => {
      s.ports![0]!.name = "p";
      s.ports!.push({ name: "p", port: 12345, protocol: "TCP", targetPort: 12345 });
    },
    errors: ['spec.ports[1].name: Duplicate value: "p"'],
  },
  {
    name: "valid load balancer protocol UDP 1",
    tweak: both(lb, (s) => {
      s.ports![0]!.protocol = "UDP";
    }),
    errors: [],
  },
  {
    name: "load balancer with mix protocol",
    tweak: both(
      lb,
      (s) => void s.ports!.push({ name: "q", port: 12345, protocol: "UDP", targetPort: 12345 }),
    ),
    errors: [],
  },
  {
    name: "valid 3",
    tweak: (s) => {
      s.ports![0]!.targetPort = "http";
    },
    errors: [],
  },
  {
    name: "valid type - loadbalancer with allocateLoadBalancerNodePorts=false",
    tweak: both(lb, (s) => {
      s.allocateLoadBalancerNodePorts = false;
    }),
    errors: [],
  },
  {
    name: "invalid type - missing AllocateLoadBalancerNodePorts for loadbalancer type",
    tweak: both(lb, (s) => void delete s.allocateLoadBalancerNodePorts),
    // Kubernetes reports this path without "spec.".
    errors: ["allocateLoadBalancerNodePorts: Required value"],
  },
  {
    name: "duplicate nodeports",
    tweak: both(nodePort, (s) => {
      s.ports!.push({ name: "q", port: 1, protocol: "TCP", nodePort: 1, targetPort: 1 });
      s.ports!.push({ name: "r", port: 2, protocol: "TCP", nodePort: 1, targetPort: 2 });
    }),
    errors: ["spec.ports[2].nodePort: Duplicate value: 1"],
  },
  {
    name: "duplicate nodeports (different protocols)",
    tweak: both(nodePort, (s) => {
      s.ports!.push({ name: "q", port: 1, protocol: "TCP", nodePort: 1, targetPort: 1 });
      s.ports!.push({ name: "r", port: 2, protocol: "UDP", nodePort: 1, targetPort: 2 });
      s.ports!.push({ name: "s", port: 3, protocol: "SCTP", nodePort: 1, targetPort: 3 });
    }),
    errors: [],
  },
  {
    name: "invalid duplicate ports (with same protocol)",
    tweak: (s) => {
      s.ports!.push({ name: "q", port: 12345, protocol: "TCP", targetPort: 8080 });
      s.ports!.push({ name: "r", port: 12345, protocol: "TCP", targetPort: 80 });
    },
    // The value is Go's %#v of the core.ServicePort key (field order of pkg/apis/core/types.go).
    errors: [
      'spec.ports[2]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:12345, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ],
  },
  {
    name: "valid duplicate ports (with different protocols)",
    tweak: (s) => {
      s.ports!.push({ name: "q", port: 12345, protocol: "TCP", targetPort: 8080 });
      s.ports!.push({ name: "r", port: 12345, protocol: "UDP", targetPort: 80 });
      s.ports!.push({ name: "s", port: 12345, protocol: "SCTP", targetPort: 8088 });
    },
    errors: [],
  },
  {
    name: "valid type=NodePort service with NodePort",
    tweak: both(
      nodePort,
      (s) =>
        void s.ports!.push({ name: "q", port: 12345, protocol: "TCP", nodePort: 12345, targetPort: 12345 }),
    ),
    errors: [],
  },
  {
    name: "invalid cluster service with NodePort",
    tweak: (s) =>
      void s.ports!.push({ name: "q", port: 12345, protocol: "TCP", nodePort: 12345, targetPort: 12345 }),
    errors: ["spec.ports[1].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  },
  {
    name: "invalid public service with duplicate NodePort",
    tweak: both(nodePort, (s) => {
      s.ports!.push({ name: "p1", port: 1, protocol: "TCP", nodePort: 1, targetPort: 1 });
      s.ports!.push({ name: "p2", port: 2, protocol: "TCP", nodePort: 1, targetPort: 2 });
    }),
    errors: ["spec.ports[2].nodePort: Duplicate value: 1"],
  },
  {
    // kubernetes/kubernetes#129174 removed the "may not expose port 10250 externally" rule.
    name: "valid port type=LoadBalancer",
    tweak: both(
      lb,
      (s) => void s.ports!.push({ name: "kubelet", port: 10250, protocol: "TCP", targetPort: 12345 }),
    ),
    errors: [],
  },
  {
    name: "valid LoadBalancer source range annotation",
    tweak: both(lb, (_, d) => {
      d.metadata!.annotations!["service.beta.kubernetes.io/load-balancer-source-ranges"] =
        "1.2.3.0/24,  5.6.0.0/16";
    }),
    errors: [],
  },
  {
    name: "valid whitespace-only LoadBalancer source range annotation",
    tweak: both(lb, (_, d) => {
      d.metadata!.annotations!["service.beta.kubernetes.io/load-balancer-source-ranges"] = "  ";
    }),
    errors: [],
  },
  {
    name: "invalid LoadBalancer source range annotation (hostname)",
    tweak: both(lb, (_, d) => {
      d.metadata!.annotations!["service.beta.kubernetes.io/load-balancer-source-ranges"] = "foo.bar";
    }),
    errors: [`${SOURCE_RANGES_ANNOTATION}: Invalid value: "foo.bar": ${INVALID_CIDR}`],
  },
  {
    name: "invalid LoadBalancer source range annotation (invalid CIDR)",
    tweak: both(lb, (_, d) => {
      d.metadata!.annotations!["service.beta.kubernetes.io/load-balancer-source-ranges"] = "1.2.3.4/33";
    }),
    errors: [`${SOURCE_RANGES_ANNOTATION}: Invalid value: "1.2.3.4/33": ${INVALID_CIDR}`],
  },
  {
    name: "invalid LoadBalancer source range annotation for non LoadBalancer type service",
    tweak: (_, d) => {
      d.metadata!.annotations!["service.beta.kubernetes.io/load-balancer-source-ranges"] = "1.2.3.0/24";
    },
    errors: [`${SOURCE_RANGES_ANNOTATION}: Forbidden: ${ONLY_LB}`],
  },
  {
    name: "invalid empty-but-set LoadBalancer source range annotation for non LoadBalancer type service",
    tweak: (_, d) => {
      d.metadata!.annotations!["service.beta.kubernetes.io/load-balancer-source-ranges"] = "";
    },
    errors: [`${SOURCE_RANGES_ANNOTATION}: Forbidden: ${ONLY_LB}`],
  },
  {
    name: "valid LoadBalancer source range with whitespace",
    tweak: both(lb, (s) => {
      s.loadBalancerSourceRanges = ["1.2.3.0/24  ", " 5.6.0.0/16"];
    }),
    errors: [],
  },
  {
    // Kubernetes spells this field path with a capital L.
    name: "invalid empty LoadBalancer source range",
    tweak: both(lb, (s) => {
      s.loadBalancerSourceRanges = ["   "];
    }),
    errors: [`spec.LoadBalancerSourceRanges[0]: Invalid value: "": ${INVALID_CIDR}`],
  },
  {
    name: "invalid LoadBalancer source range (hostname)",
    tweak: both(lb, (s) => {
      s.loadBalancerSourceRanges = ["foo.bar"];
    }),
    errors: [`spec.LoadBalancerSourceRanges[0]: Invalid value: "foo.bar": ${INVALID_CIDR}`],
  },
  {
    name: "invalid LoadBalancer source range (invalid CIDR)",
    tweak: both(lb, (s) => {
      s.loadBalancerSourceRanges = ["1.2.3.4/33"];
    }),
    errors: [`spec.LoadBalancerSourceRanges[0]: Invalid value: "1.2.3.4/33": ${INVALID_CIDR}`],
  },
  {
    name: "invalid source range for non LoadBalancer type service",
    tweak: (s) => {
      s.loadBalancerSourceRanges = ["1.2.3.0/24", "5.6.0.0/16"];
    },
    errors: [`spec.LoadBalancerSourceRanges: Forbidden: ${ONLY_LB}`],
  },
  {
    name: "invalid source range annotation ignored with valid source range field",
    tweak: both(lb, (s, d) => {
      d.metadata!.annotations!["service.beta.kubernetes.io/load-balancer-source-ranges"] = "foo.bar";
      s.loadBalancerSourceRanges = ["1.2.3.0/24", "5.6.0.0/16"];
    }),
    errors: [],
  },
  {
    name: "valid ExternalName (trailing dot)",
    tweak: (s) => {
      s.type = "ExternalName";
      s.externalName = "foo.bar.example.com.";
    },
    errors: [],
  },
  {
    name: "invalid ExternalName clusterIP (valid IP)",
    tweak: (s) => {
      s.type = "ExternalName";
      s.clusterIP = "1.2.3.4";
      s.clusterIPs = ["1.2.3.4"];
      s.externalName = "foo.bar.example.com";
    },
    errors: ["spec.clusterIPs: Forbidden: may not be set for ExternalName services"],
  },
  {
    name: "invalid ExternalName clusterIP (None)",
    tweak: (s) => {
      s.type = "ExternalName";
      s.clusterIP = "None";
      s.clusterIPs = ["None"];
      s.externalName = "foo.bar.example.com";
    },
    errors: ["spec.clusterIPs: Forbidden: may not be set for ExternalName services"],
  },
  {
    name: "invalid ExternalName (not a DNS name)",
    tweak: (s) => {
      s.type = "ExternalName";
      s.externalName = "-123";
    },
    errors: [`spec.externalName: Invalid value: "-123": ${DNS1123_SUBDOMAIN}`],
  },
  {
    name: "LoadBalancer type cannot have None ClusterIP",
    tweak: both(lb, (s) => {
      s.clusterIP = "None";
      s.clusterIPs = ["None"];
    }),
    errors: [`spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for LoadBalancer services`],
  },
  {
    name: "invalid node port with clusterIP None",
    tweak: both(nodePort, (s) => {
      s.ports!.push({ name: "q", port: 1, protocol: "TCP", nodePort: 1, targetPort: 1 });
      s.clusterIP = "None";
      s.clusterIPs = ["None"];
    }),
    errors: [`spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`],
  },
  {
    name: "invalid externalTraffic field",
    tweak: both(lb, (s) => {
      s.externalTrafficPolicy = "invalid";
    }),
    errors: [
      'spec.externalTrafficPolicy: Unsupported value: "invalid": supported values: "Cluster", "Local"',
    ],
  },
  {
    name: "nil internalTraffic field when feature gate is on",
    tweak: (s) => void delete s.internalTrafficPolicy,
    errors: ["spec.internalTrafficPolicy: Required value"],
  },
  {
    name: "internalTrafficPolicy field nil when type is ExternalName",
    tweak: (s) => {
      delete s.internalTrafficPolicy;
      s.type = "ExternalName";
      s.externalName = "foo.bar.com";
    },
    errors: [],
  },
  {
    name: "invalid internalTraffic field",
    tweak: (s) => {
      s.internalTrafficPolicy = "invalid";
    },
    errors: [
      'spec.internalTrafficPolicy: Unsupported value: "invalid": supported values: "Cluster", "Local"',
    ],
  },
  {
    name: "negative healthCheckNodePort field",
    tweak: both(lb, (s) => {
      s.externalTrafficPolicy = "Local";
      s.healthCheckNodePort = -1;
    }),
    errors: [`spec.healthCheckNodePort: Invalid value: -1: ${PORT_RANGE}`],
  },
  {
    name: "invalid timeoutSeconds field",
    tweak: (s) => {
      s.sessionAffinity = "ClientIP";
      s.sessionAffinityConfig = { clientIP: { timeoutSeconds: -1 } };
    },
    errors: [
      "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: -1: must be greater than 0 and less than 86400",
    ],
  },
  {
    name: "sessionAffinityConfig can't be set when session affinity is None",
    tweak: both(lb, (s) => {
      s.sessionAffinity = "None";
      s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 90 } };
    }),
    errors: ["spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None"],
  },
  {
    name: "invalid, service with invalid ipFamilies",
    tweak: (s) => {
      s.ipFamilies = ["not-a-valid-ip-family"];
    },
    errors: [
      'spec.ipFamilies[0]: Unsupported value: "not-a-valid-ip-family": supported values: "IPv4", "IPv6"',
    ],
  },
  {
    name: "invalid, service with invalid ipFamilies (2nd)",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.ipFamilies = ["IPv4", "not-a-valid-ip-family"];
    },
    errors: [
      'spec.ipFamilies[1]: Unsupported value: "not-a-valid-ip-family": supported values: "IPv4", "IPv6"',
    ],
  },
  {
    // Rejected by the allocation layer, not by validation (see initServiceIPFamilyFields).
    name: "IPFamilyPolicy(singleStack) is set for two families",
    tweak: (s) => {
      s.ipFamilyPolicy = "SingleStack";
      s.ipFamilies = ["IPv4", "IPv6"];
    },
    errors: [],
  },
  {
    name: "invalid, service with 2+ ipFamilies",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.ipFamilies = ["IPv4", "IPv6", "IPv4"];
    },
    errors: ['spec.ipFamilies[2]: Duplicate value: "IPv4"'],
  },
  {
    name: "invalid, service with same ip families",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.ipFamilies = ["IPv6", "IPv6"];
    },
    errors: ['spec.ipFamilies[1]: Duplicate value: "IPv6"'],
  },
  {
    name: "invalid ipFamilyPolicy (not in the Go table)",
    tweak: (s) => {
      s.ipFamilyPolicy = "DualStack";
    },
    errors: [
      'spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"',
    ],
  },
  {
    name: "invalid, garbage single ip",
    tweak: (s) => {
      s.clusterIP = "garbage-ip";
      s.clusterIPs = ["garbage-ip"];
    },
    errors: [`spec.clusterIPs[0]: Invalid value: "garbage-ip": ${INVALID_IP}`],
  },
  {
    name: "invalid, garbage ips",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "garbage-ip";
      s.clusterIPs = ["garbage-ip", "garbage-second-ip"];
    },
    errors: [
      `spec.clusterIPs[0]: Invalid value: "garbage-ip": ${INVALID_IP}`,
      `spec.clusterIPs[1]: Invalid value: "garbage-second-ip": ${INVALID_IP}`,
    ],
  },
  {
    name: "invalid, garbage second ip",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "2001::1";
      s.clusterIPs = ["2001::1", "garbage-ip"];
    },
    errors: [`spec.clusterIPs[1]: Invalid value: "garbage-ip": ${INVALID_IP}`],
  },
  {
    name: "invalid, NONE + IP",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "None";
      s.clusterIPs = ["None", "2001::1"];
    },
    errors: [
      `spec.clusterIPs: Invalid value: []string{"None", "2001::1"}: 'None' must be the first and only value`,
    ],
  },
  {
    name: "invalid, IP + NONE",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "2001::1";
      s.clusterIPs = ["2001::1", "None"];
    },
    errors: [`spec.clusterIPs[1]: Invalid value: "None": ${INVALID_IP}`],
  },
  {
    name: "invalid, EMPTY STRING + IP",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "";
      s.clusterIPs = ["", "2001::1"];
    },
    errors: [
      'spec.clusterIPs: Invalid value: []string{"", "2001::1"}: must be empty when `clusterIP` is not specified',
      `spec.clusterIPs[0]: Invalid value: "": ${INVALID_IP}`,
    ],
  },
  {
    name: "invalid, IP + EMPTY STRING",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "2001::1";
      s.clusterIPs = ["2001::1", ""];
    },
    errors: [`spec.clusterIPs[1]: Invalid value: "": ${INVALID_IP}`],
  },
  {
    name: "invalid, same ip family (v6)",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "2001::1";
      s.clusterIPs = ["2001::1", "2001::4"];
      s.ipFamilies = ["IPv4", "IPv6"];
    },
    errors: [
      'spec.clusterIPs: Invalid value: []string{"2001::1", "2001::4"}: may specify no more than one IP for each IP family',
      'spec.clusterIPs[0]: Invalid value: "2001::1": expected an IPv4 value as indicated by `ipFamilies[0]`',
    ],
  },
  {
    name: "invalid, same ip family (v4)",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "10.0.0.1";
      s.clusterIPs = ["10.0.0.1", "10.0.0.10"];
      s.ipFamilies = ["IPv4", "IPv6"];
    },
    errors: [
      'spec.clusterIPs: Invalid value: []string{"10.0.0.1", "10.0.0.10"}: may specify no more than one IP for each IP family',
      'spec.clusterIPs[1]: Invalid value: "10.0.0.10": expected an IPv6 value as indicated by `ipFamilies[1]`',
    ],
  },
  {
    name: "invalid, more than two ips",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "10.0.0.1";
      s.clusterIPs = ["10.0.0.1", "2001::1", "10.0.0.10"];
      s.ipFamilies = ["IPv4", "IPv6"];
    },
    errors: [
      'spec.clusterIPs: Invalid value: []string{"10.0.0.1", "2001::1", "10.0.0.10"}: may only hold up to 2 values',
    ],
  },
  {
    name: " multi ip, dualstack not set (request for downgrade)",
    tweak: (s) => {
      s.ipFamilyPolicy = "SingleStack";
      s.clusterIP = "10.0.0.1";
      s.clusterIPs = ["10.0.0.1", "2001::1"];
      s.ipFamilies = ["IPv4", "IPv6"];
    },
    errors: [],
  },
  {
    name: "valid, headless-no-selector + multi family + gate off",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "None";
      s.clusterIPs = ["None"];
      s.ipFamilies = ["IPv4", "IPv6"];
      delete s.selector;
    },
    errors: [],
  },
  {
    name: "invalid, families don't match (v4=>v6)",
    tweak: (s) => {
      s.clusterIP = "10.0.0.1";
      s.clusterIPs = ["10.0.0.1"];
      s.ipFamilies = ["IPv6"];
    },
    errors: [
      'spec.clusterIPs[0]: Invalid value: "10.0.0.1": expected an IPv6 value as indicated by `ipFamilies[0]`',
    ],
  },
  {
    name: "invalid, families don't match (v6=>v4)",
    tweak: (s) => {
      s.clusterIP = "2001::1";
      s.clusterIPs = ["2001::1"];
      s.ipFamilies = ["IPv4"];
    },
    errors: [
      'spec.clusterIPs[0]: Invalid value: "2001::1": expected an IPv4 value as indicated by `ipFamilies[0]`',
    ],
  },
  {
    name: "valid, ips, multi ipfamilies (6,4)",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "2001::1";
      s.clusterIPs = ["2001::1", "10.0.0.1"];
      s.ipFamilies = ["IPv6", "IPv4"];
    },
    errors: [],
  },
  {
    name: "valid custom appProtocol",
    tweak: (s) => {
      s.ports = [{ port: 12345, targetPort: 12345, protocol: "TCP", appProtocol: "example.com/protocol" }];
    },
    errors: [],
  },
  {
    name: "invalid appProtocol",
    tweak: (s) => {
      s.ports = [
        {
          port: 12345,
          targetPort: 12345,
          protocol: "TCP",
          appProtocol: "example.com/protocol_with{invalid}[characters]",
        },
      ];
    },
    errors: [
      `spec.ports[0].appProtocol: Invalid value: "example.com/protocol_with{invalid}[characters]": ${QUALIFIED_NAME_PART}`,
    ],
  },
  {
    name: "invalid cluster ip != clusterIP in multi ip service",
    tweak: (s) => {
      s.ipFamilyPolicy = "RequireDualStack";
      s.clusterIP = "10.0.0.10";
      s.clusterIPs = ["10.0.0.1", "2001::1"];
    },
    errors: [
      'spec.clusterIPs: Invalid value: []string{"10.0.0.1", "2001::1"}: first value must match `clusterIP`',
    ],
  },
  {
    name: "invalid cluster ip != clusterIP in single ip service",
    tweak: (s) => {
      s.clusterIP = "10.0.0.10";
      s.clusterIPs = ["10.0.0.1"];
    },
    errors: ['spec.clusterIPs: Invalid value: []string{"10.0.0.1"}: first value must match `clusterIP`'],
  },
  {
    name: "clusterIP without clusterIPs (the strategy's NormalizeClusterIPs did not run)",
    tweak: (s) => {
      s.clusterIP = "10.0.0.10";
    },
    errors: ["spec.clusterIPs: Required value"],
  },
  {
    name: "Use AllocateLoadBalancerNodePorts when type is not LoadBalancer",
    tweak: (s) => {
      s.allocateLoadBalancerNodePorts = true;
    },
    errors: [`spec.allocateLoadBalancerNodePorts: Forbidden: ${ONLY_LB}`],
  },
  {
    name: "valid LoadBalancerClass when type is LoadBalancer",
    tweak: both(lb, (s) => {
      s.loadBalancerClass = "test.com/test-load-balancer-class";
    }),
    errors: [],
  },
  {
    name: "invalid LoadBalancerClass",
    tweak: both(lb, (s) => {
      s.loadBalancerClass = "Bad/LoadBalancerClass";
    }),
    errors: [
      `spec.loadBalancerClass: Invalid value: "Bad/LoadBalancerClass": prefix part ${DNS1123_SUBDOMAIN}`,
    ],
  },
  {
    name: "invalid: set LoadBalancerClass when type is not LoadBalancer",
    tweak: (s) => {
      s.loadBalancerClass = "test.com/test-load-balancer-class";
    },
    errors: [`spec.loadBalancerClass: Forbidden: ${ONLY_LB}`],
  },
  {
    name: "topology annotations are mismatched",
    tweak: (_, d) => {
      d.metadata!.annotations!["service.kubernetes.io/topology-aware-hints"] = "original";
      d.metadata!.annotations!["service.kubernetes.io/topology-mode"] = "different";
    },
    errors: [
      'metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "different": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
    ],
  },
  {
    name: "valid: trafficDistribution field set to PreferClose",
    tweak: (s) => {
      s.trafficDistribution = "PreferClose";
    },
    errors: [],
  },
  {
    name: "invalid: trafficDistribution field set to Random",
    tweak: (s) => {
      s.trafficDistribution = "Random";
    },
    errors: ['spec.trafficDistribution: Unsupported value: "Random": supported values: "PreferClose"'],
  },
  {
    // PreferSameTrafficDistribution is alpha (off) in 1.33.
    name: "trafficDistribution PreferSameZone is rejected with 1.33 default gates",
    tweak: (s) => {
      s.trafficDistribution = "PreferSameZone";
    },
    errors: [
      'spec.trafficDistribution: Unsupported value: "PreferSameZone": supported values: "PreferClose"',
    ],
  },
];

describe("validateService: TestValidateServiceCreate cases (validation.go ValidateService)", () => {
  it("accepts makeValidService", () => {
    expect(validateService(makeValidService())).toEqual([]);
  });

  it.each(createCases)("$name", ({ tweak, errors }) => {
    expect(messages(validateService(tweaked(tweak)))).toEqual(errors);
  });

  it("accepts PreferSameZone and PreferSameNode behind the PreferSameTrafficDistribution gate", () => {
    for (const value of ["PreferSameZone", "PreferSameNode"]) {
      const svc = tweaked((s) => {
        s.trafficDistribution = value;
      });
      expect(validateService(svc, { preferSameTrafficDistribution: true })).toEqual([]);
    }
    const random = tweaked((s) => {
      s.trafficDistribution = "Random";
    });
    expect(messages(validateService(random, { preferSameTrafficDistribution: true }))).toEqual([
      'spec.trafficDistribution: Unsupported value: "Random": supported values: "PreferClose", "PreferSameZone", "PreferSameNode"',
    ]);
  });

  it("does not mutate its (frozen) input", () => {
    const svc = tweaked((s) => {
      s.ports![0]!.port = 0;
    });
    expect(Object.isFrozen(svc)).toBe(true);
    validateService(svc);
    expect(svc.spec?.ports?.[0]?.port).toBe(0);
  });
});

describe("validateService: more rules from validation.go", () => {
  it.each<CreateCase>([
    {
      name: "validateServicePort: named targetPort must be an IANA_SVC_NAME",
      tweak: (s) => {
        s.ports![0]!.targetPort = "Http--Port-Name-Too-Long-";
      },
      errors: [
        'spec.ports[0].targetPort: Invalid value: "Http--Port-Name-Too-Long-": must be no more than 15 characters',
        'spec.ports[0].targetPort: Invalid value: "Http--Port-Name-Too-Long-": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.ports[0].targetPort: Invalid value: "Http--Port-Name-Too-Long-": must not contain consecutive hyphens',
        'spec.ports[0].targetPort: Invalid value: "Http--Port-Name-Too-Long-": must not begin or end with a hyphen',
      ],
    },
    {
      name: "validateServicePort: a numeric string targetPort is a name without letters",
      tweak: (s) => {
        s.ports![0]!.targetPort = "8080";
      },
      errors: ['spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)'],
    },
    {
      name: "validateServicePort: port name that is a valid subdomain only says it has dots",
      tweak: (s) => {
        s.ports![0]!.name = "http.web";
      },
      errors: ['spec.ports[0].name: Invalid value: "http.web": must not contain dots'],
    },
    {
      name: "validateClientIPAffinityConfig: timeoutSeconds above 86400",
      tweak: (s) => {
        s.sessionAffinity = "ClientIP";
        s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86401 } };
      },
      errors: [
        "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400",
      ],
    },
    {
      name: "validateClientIPAffinityConfig: timeoutSeconds of exactly 86400 is accepted",
      tweak: (s) => {
        s.sessionAffinity = "ClientIP";
        s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86400 } };
      },
      errors: [],
    },
    {
      name: "validateClientIPAffinityConfig: ClientIP without config (not defaulted)",
      tweak: (s) => {
        s.sessionAffinity = "ClientIP";
      },
      errors: ["spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP"],
    },
    {
      name: "validateClientIPAffinityConfig: ClientIP with an empty clientIP",
      tweak: (s) => {
        s.sessionAffinity = "ClientIP";
        s.sessionAffinityConfig = { clientIP: {} };
      },
      errors: [
        "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Required value: when session affinity type is ClientIP",
      ],
    },
    {
      name: "supportedSessionAffinityType",
      tweak: (s) => {
        s.sessionAffinity = "Sticky";
      },
      errors: ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
    },
    {
      name: "supportedServiceType",
      tweak: (s) => {
        s.type = "Foo";
      },
      errors: [
        'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ],
    },
    {
      name: "ExternalName without externalName",
      tweak: (s) => {
        s.type = "ExternalName";
      },
      errors: ["spec.externalName: Required value"],
    },
    {
      name: "ExternalName with ipFamilies and ipFamilyPolicy",
      tweak: (s) => {
        s.type = "ExternalName";
        s.externalName = "example.com";
        s.ipFamilies = ["IPv4"];
        s.ipFamilyPolicy = "SingleStack";
      },
      errors: [
        "spec.ipFamilies: Forbidden: may not be set for ExternalName services",
        "spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services",
      ],
    },
    {
      name: "ExternalName tolerates having no ports",
      tweak: (s) => {
        s.type = "ExternalName";
        s.externalName = "example.com";
        delete s.ports;
      },
      errors: [],
    },
    {
      name: "ValidateNonSpecialIP: link-local external IP",
      tweak: (s) => {
        s.externalTrafficPolicy = "Cluster";
        s.externalIPs = ["169.254.169.254", "fe80::1", "224.0.0.1", "::"];
      },
      errors: [
        'spec.externalIPs[0]: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
        'spec.externalIPs[1]: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
        'spec.externalIPs[2]: Invalid value: "224.0.0.1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
        'spec.externalIPs[3]: Invalid value: "::": may not be unspecified (::)',
      ],
    },
    {
      name: "IsValidIP is sloppy in 1.33: leading zeros are accepted (with a warning)",
      tweak: (s) => {
        s.externalTrafficPolicy = "Cluster";
        s.externalIPs = ["010.001.002.003"];
      },
      errors: [],
    },
    {
      name: "the source ranges annotation is split on commas",
      tweak: both(lb, (_, d) => {
        d.metadata!.annotations!["service.beta.kubernetes.io/load-balancer-source-ranges"] = "10.0.0.0/8,,x";
      }),
      errors: [
        `${SOURCE_RANGES_ANNOTATION}: Invalid value: "": ${INVALID_CIDR}`,
        `${SOURCE_RANGES_ANNOTATION}: Invalid value: "x": ${INVALID_CIDR}`,
      ],
    },
    {
      name: "healthCheckNodePort is required for LoadBalancer + Local",
      tweak: both(lb, (s) => {
        s.externalTrafficPolicy = "Local";
      }),
      errors: ["spec.healthCheckNodePort: Required value"],
    },
    {
      name: 'internalTrafficPolicy "" is a set pointer, not a missing one',
      tweak: (s) => {
        s.internalTrafficPolicy = "";
      },
      errors: ['spec.internalTrafficPolicy: Unsupported value: "": supported values: "Cluster", "Local"'],
    },
  ])("$name", ({ tweak, errors }) => {
    expect(messages(validateService(tweaked(tweak)))).toEqual(errors);
  });
});

describe("validateService: several errors come back in Kubernetes' order", () => {
  it("reports a defaulted Service with many problems in validation.go order", () => {
    // What `kubectl apply` of this manifest prints as "* field: message" lines.
    const svc = defaultService({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "My_Svc", namespace: "default" },
      spec: {
        type: "NodePort",
        selector: { app: "web" },
        sessionAffinity: "ClientIP",
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
        ports: [
          { name: "http", port: 0, protocol: "ICMP" },
          { name: "http", port: 80, nodePort: 30080 },
        ],
        externalTrafficPolicy: "Local",
        healthCheckNodePort: 30001,
        loadBalancerSourceRanges: ["10.0.0.0/8"],
      },
    });
    expect(messages(validateService(svc))).toEqual([
      `metadata.name: Invalid value: "My_Svc": ${DNS1035}`,
      `spec.ports[0].port: Invalid value: 0: ${PORT_RANGE}`,
      'spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      `spec.ports[0].targetPort: Invalid value: 0: ${PORT_RANGE}`,
      'spec.ports[1].name: Duplicate value: "http"',
      "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400",
      `spec.LoadBalancerSourceRanges: Forbidden: ${ONLY_LB}`,
      "spec.healthCheckNodePort: Invalid value: 30001: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    ]);
  });
});

describe("validateServiceExternalTrafficPolicy: TestValidateServiceExternalTrafficPolicy cases", () => {
  it.each<CreateCase>([
    {
      name: "valid loadBalancer service with externalTrafficPolicy and healthCheckNodePort set",
      tweak: both(lb, (s) => {
        s.externalTrafficPolicy = "Local";
        s.healthCheckNodePort = 34567;
      }),
      errors: [],
    },
    {
      name: "valid nodePort service with externalTrafficPolicy set",
      tweak: both(nodePort, (s) => {
        s.externalTrafficPolicy = "Local";
      }),
      errors: [],
    },
    {
      name: "valid clusterIP service with none of externalTrafficPolicy and healthCheckNodePort set",
      tweak: () => {},
      errors: [],
    },
    {
      name: "cannot set healthCheckNodePort field on loadBalancer service with externalTrafficPolicy!=Local",
      tweak: both(lb, (s) => {
        s.healthCheckNodePort = 34567;
      }),
      errors: [
        "spec.healthCheckNodePort: Invalid value: 34567: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      ],
    },
    {
      name: "cannot set healthCheckNodePort field on nodePort service",
      tweak: both(nodePort, (s) => {
        s.externalTrafficPolicy = "Local";
        s.healthCheckNodePort = 34567;
      }),
      errors: [
        "spec.healthCheckNodePort: Invalid value: 34567: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      ],
    },
    {
      name: "cannot set externalTrafficPolicy or healthCheckNodePort fields on clusterIP service",
      tweak: (s) => {
        s.externalTrafficPolicy = "Local";
        s.healthCheckNodePort = 34567;
      },
      errors: [
        'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
        "spec.healthCheckNodePort: Invalid value: 34567: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      ],
    },
    {
      name: "cannot set externalTrafficPolicy field on ExternalName service",
      tweak: (s) => {
        s.type = "ExternalName";
        s.externalTrafficPolicy = "Local";
      },
      errors: [
        'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
      ],
    },
    {
      name: "externalTrafficPolicy is required on NodePort service",
      tweak: (s) => {
        s.type = "NodePort";
      },
      errors: ["spec.externalTrafficPolicy: Required value"],
    },
    {
      name: "externalTrafficPolicy is required on LoadBalancer service",
      tweak: (s) => {
        s.type = "LoadBalancer";
      },
      errors: ["spec.externalTrafficPolicy: Required value"],
    },
    {
      name: "externalTrafficPolicy is required on ClusterIP service with externalIPs",
      tweak: (s) => {
        s.externalIPs = ["1.2.3,4"];
      },
      errors: ["spec.externalTrafficPolicy: Required value"],
    },
  ])("$name", ({ tweak, errors }) => {
    expect(messages(validateServiceExternalTrafficPolicy(tweaked(tweak)))).toEqual(errors);
  });
});

interface UpdateCase {
  readonly name: string;
  readonly tweak: (
    oldSpec: Draft<ServiceSpec>,
    newSpec: Draft<ServiceSpec>,
    oldSvc: Draft<Service>,
    newSvc: Draft<Service>,
  ) => void;
  readonly errors: readonly string[];
}

function updatePair(tweak: UpdateCase["tweak"]): [Service, Service] {
  let oldSvc = makeValidService();
  const newSvc = produce(makeValidService(), (n) => {
    oldSvc = produce(oldSvc, (o) => {
      tweak(o.spec!, n.spec!, o, n);
    });
  });
  return [oldSvc, newSvc];
}

const setIPs =
  (clusterIPs: string[] | undefined, families?: string[], policy?: string) =>
  (s: Draft<ServiceSpec>): void => {
    if (clusterIPs === undefined) {
      s.clusterIP = "";
      delete s.clusterIPs;
    } else {
      s.clusterIP = clusterIPs[0];
      s.clusterIPs = clusterIPs;
    }
    if (families !== undefined) s.ipFamilies = families;
    if (policy !== undefined) s.ipFamilyPolicy = policy;
  };

// TestValidateServiceUpdate, the cases that fail plus the notable successes.
const updateCases: readonly UpdateCase[] = [
  { name: "no change", tweak: () => {}, errors: [] },
  {
    name: "change name",
    tweak: (_o, _n, _os, n) => {
      n.metadata!.name += "2";
    },
    errors: ['metadata.name: Invalid value: "valid2": field is immutable'],
  },
  {
    name: "change namespace",
    tweak: (_o, _n, _os, n) => {
      n.metadata!.namespace += "2";
    },
    errors: ['metadata.namespace: Invalid value: "valid2": field is immutable'],
  },
  {
    name: "change cluster IP",
    tweak: (o, n) => {
      setIPs(["1.2.3.4"])(o);
      setIPs(["8.6.7.5"])(n);
    },
    errors: ['spec.clusterIPs[0]: Invalid value: []string{"8.6.7.5"}: may not change once set'],
  },
  {
    name: "remove cluster IP",
    tweak: (o, n) => {
      setIPs(["1.2.3.4"])(o);
      setIPs(undefined)(n);
    },
    errors: ["spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset"],
  },
  {
    name: "change affinity",
    tweak: (_o, n) => {
      n.sessionAffinity = "ClientIP";
      n.sessionAffinityConfig = { clientIP: { timeoutSeconds: 90 } };
    },
    errors: [],
  },
  {
    name: "remove affinity",
    tweak: (_o, n) => {
      n.sessionAffinity = "";
    },
    errors: ["spec.sessionAffinity: Required value"],
  },
  {
    name: "remove type",
    tweak: (_o, n) => {
      n.type = "";
    },
    errors: ["spec.type: Required value"],
  },
  {
    name: "`None` ClusterIP can NOT be changed",
    tweak: (o, n) => {
      setIPs(["None"])(o);
      setIPs(["1.2.3.4"])(n);
    },
    errors: ['spec.clusterIPs[0]: Invalid value: []string{"1.2.3.4"}: may not change once set'],
  },
  {
    name: "`None` ClusterIP can NOT be removed",
    tweak: (o, n) => {
      setIPs(["None"])(o);
      setIPs(undefined)(n);
    },
    errors: ["spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset"],
  },
  {
    name: "ClusterIP can NOT be changed to None",
    tweak: (o, n) => {
      setIPs(["1.2.3.4"])(o);
      setIPs(["None"])(n);
    },
    errors: ['spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set'],
  },
  {
    name: "Service with ClusterIP type cannot change its set ClusterIP when changing type to NodePort",
    tweak: (o, n) => {
      setIPs(["1.2.3.4"])(o);
      nodePort(n, undefined as never);
      setIPs(["1.2.3.5"])(n);
    },
    errors: ['spec.clusterIPs[0]: Invalid value: []string{"1.2.3.5"}: may not change once set'],
  },
  {
    name: "Service with ClusterIP type can change its empty ClusterIP when changing type to NodePort",
    tweak: (_o, n) => {
      nodePort(n, undefined as never);
      setIPs(["1.2.3.5"])(n);
    },
    errors: [],
  },
  {
    name: "Service with ExternalName type can change its set ClusterIP when changing type to ClusterIP",
    tweak: (o, n) => {
      o.type = "ExternalName";
      setIPs(["1.2.3.4"])(o);
      setIPs(["1.2.3.5"])(n);
    },
    errors: [],
  },
  {
    name: "invalid: convert to ExternalName",
    tweak: (o, n) => {
      setIPs(["10.0.0.10"], ["IPv4"], "SingleStack")(o);
      n.type = "ExternalName";
      n.externalName = "foo";
      setIPs(["10.0.0.10"], ["IPv4"], "SingleStack")(n);
    },
    errors: [
      "spec.clusterIPs: Forbidden: may not be set for ExternalName services",
      "spec.ipFamilies: Forbidden: may not be set for ExternalName services",
      "spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services",
    ],
  },
  {
    name: "valid: convert to ExternalName",
    tweak: (o, n) => {
      setIPs(["10.0.0.10"], ["IPv4"], "SingleStack")(o);
      n.type = "ExternalName";
      n.externalName = "foo";
    },
    errors: [],
  },
  {
    name: "change primary ServiceIPFamily",
    tweak: (o, n) => {
      setIPs(["1.2.3.4"], ["IPv4"])(o);
      setIPs(["1.2.3.4"], ["IPv6"])(n);
    },
    errors: [
      'spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv6"}: may not change once set',
      'spec.clusterIPs[0]: Invalid value: "1.2.3.4": expected an IPv6 value as indicated by `ipFamilies[0]`',
    ],
  },
  {
    name: "valid: upgrade to dual stack, with specific secondary ip",
    tweak: (o, n) => {
      setIPs(["1.2.3.4"], ["IPv4"], "SingleStack")(o);
      setIPs(["1.2.3.4", "2001::1"], ["IPv4", "IPv6"], "RequireDualStack")(n);
    },
    errors: [],
  },
  {
    name: "valid: downgrade from dual to single",
    tweak: (o, n) => {
      setIPs(["1.2.3.4", "2001::1"], ["IPv4", "IPv6"], "RequireDualStack")(o);
      setIPs(["1.2.3.4"], ["IPv4"], "SingleStack")(n);
    },
    errors: [],
  },
  {
    name: "valid: change families for a headless service",
    tweak: (o, n) => {
      setIPs(["None"], ["IPv4", "IPv6"], "RequireDualStack")(o);
      setIPs(["None"], ["IPv6", "IPv4"], "RequireDualStack")(n);
    },
    errors: [],
  },
  {
    name: "invalid flip families",
    tweak: (o, n) => {
      setIPs(["1.2.3.4", "2001::1"], ["IPv4", "IPv6"], "RequireDualStack")(o);
      setIPs(["2001::1", "1.2.3.5"], ["IPv6", "IPv4"], "RequireDualStack")(n);
    },
    // Kubernetes reports each changed family at ipFamilies[0].
    errors: [
      'spec.clusterIPs[0]: Invalid value: []string{"2001::1", "1.2.3.5"}: may not change once set',
      'spec.clusterIPs[1]: Invalid value: []string{"2001::1", "1.2.3.5"}: may not change once set',
      'spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv6", "IPv4"}: may not change once set',
      'spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv6", "IPv4"}: may not change once set',
    ],
  },
  {
    name: "invalid change first ip, in dualstack service",
    tweak: (o, n) => {
      setIPs(["1.2.3.4", "2001::1"], ["IPv4", "IPv6"], "RequireDualStack")(o);
      setIPs(["1.2.3.5", "2001::1"], ["IPv4", "IPv6"], "RequireDualStack")(n);
    },
    errors: ['spec.clusterIPs[0]: Invalid value: []string{"1.2.3.5", "2001::1"}: may not change once set'],
  },
  {
    name: "invalid, change second ip in dualstack service",
    tweak: (o, n) => {
      setIPs(["1.2.3.4", "2001::1"], ["IPv4", "IPv6"], "RequireDualStack")(o);
      setIPs(["1.2.3.4", "2002::1"], ["IPv4", "IPv6"], "RequireDualStack")(n);
    },
    errors: ['spec.clusterIPs[1]: Invalid value: []string{"1.2.3.4", "2002::1"}: may not change once set'],
  },
  {
    name: "downgrade keeping the families",
    tweak: (o, n) => {
      setIPs(["1.2.3.4", "2001::1"], ["IPv4", "IPv6"], "RequireDualStack")(o);
      setIPs(["1.2.3.4"], ["IPv4", "IPv6"], "SingleStack")(n);
    },
    errors: [],
  },
  {
    name: "invalid, downgrade without changing to singleStack",
    tweak: (o, n) => {
      setIPs(["1.2.3.4", "2001::1"], ["IPv4", "IPv6"], "RequireDualStack")(o);
      setIPs(["1.2.3.4"], ["IPv4"], "RequireDualStack")(n);
    },
    errors: [
      `spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be set to 'SingleStack' when releasing the secondary clusterIP`,
      `spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be set to 'SingleStack' when releasing the secondary ipFamily`,
    ],
  },
  {
    name: "invalid, downgrade and change primary ip",
    tweak: (o, n) => {
      setIPs(["1.2.3.4", "2001::1"], ["IPv4", "IPv6"], "RequireDualStack")(o);
      setIPs(["1.2.3.5"], ["IPv4"], "SingleStack")(n);
    },
    errors: ['spec.clusterIPs[0]: Invalid value: []string{"1.2.3.5"}: may not change once set'],
  },
  {
    name: "invalid: upgrade to dual stack and change primary",
    tweak: (o, n) => {
      setIPs(["1.2.3.4"], ["IPv4"], "SingleStack")(o);
      setIPs(["1.2.3.5"], ["IPv4", "IPv6"], "RequireDualStack")(n);
    },
    errors: ['spec.clusterIPs[0]: Invalid value: []string{"1.2.3.5"}: may not change once set'],
  },
  {
    name: "update to invalid app protocol",
    tweak: (o, n) => {
      o.ports = [{ name: "a", port: 443, targetPort: 3000, protocol: "TCP" }];
      n.ports = [{ name: "a", port: 443, targetPort: 3000, protocol: "TCP", appProtocol: "~https" }];
    },
    errors: [`spec.ports[0].appProtocol: Invalid value: "~https": ${QUALIFIED_NAME_PART}`],
  },
  {
    name: "Set AllocateLoadBalancerNodePorts when type is not LoadBalancer",
    tweak: (_o, n) => {
      n.allocateLoadBalancerNodePorts = true;
    },
    errors: [`spec.allocateLoadBalancerNodePorts: Forbidden: ${ONLY_LB}`],
  },
  {
    name: "invalid: change LoadBalancerClass when update service",
    tweak: (o, n) => {
      lb(o, undefined as never);
      o.loadBalancerClass = "test.com/test-old";
      lb(n, undefined as never);
      n.loadBalancerClass = "test.com/test-new";
    },
    errors: ['spec.loadBalancerClass: Invalid value: "test.com/test-new": may not change once set'],
  },
  {
    name: "invalid: unset LoadBalancerClass when update service",
    tweak: (o, n) => {
      lb(o, undefined as never);
      o.loadBalancerClass = "test.com/test-old";
      lb(n, undefined as never);
    },
    errors: ["spec.loadBalancerClass: Invalid value: null: may not change once set"],
  },
  {
    name: "invalid: set LoadBalancerClass when update service",
    tweak: (o, n) => {
      lb(o, undefined as never);
      lb(n, undefined as never);
      n.loadBalancerClass = "test.com/test-new";
    },
    errors: ['spec.loadBalancerClass: Invalid value: "test.com/test-new": may not change once set'],
  },
  {
    name: "update to LoadBalancer type of service with valid LoadBalancerClass",
    tweak: (_o, n) => {
      lb(n, undefined as never);
      n.loadBalancerClass = "test.com/test-load-balancer-class";
    },
    errors: [],
  },
  {
    // validateLoadBalancerClassField runs twice (ValidateServiceUpdate and ValidateService).
    name: "invalid: set invalid LoadBalancerClass when update service to LoadBalancer",
    tweak: (_o, n) => {
      lb(n, undefined as never);
      n.loadBalancerClass = "Bad/LoadBalancerclass";
    },
    errors: [
      `spec.loadBalancerClass: Invalid value: "Bad/LoadBalancerclass": prefix part ${DNS1123_SUBDOMAIN}`,
      `spec.loadBalancerClass: Invalid value: "Bad/LoadBalancerclass": prefix part ${DNS1123_SUBDOMAIN}`,
    ],
  },
  {
    name: "invalid: set LoadBalancerClass when update service to non LoadBalancer type of service",
    tweak: (o, n) => {
      o.type = "ExternalName";
      n.type = "ExternalName";
      n.loadBalancerClass = "test.com/test-load-balancer-class";
    },
    errors: [
      `spec.loadBalancerClass: Forbidden: ${ONLY_LB}`,
      "spec.externalName: Required value",
      `spec.loadBalancerClass: Forbidden: ${ONLY_LB}`,
    ],
  },
  {
    name: "healthCheckNodePort is immutable while it is needed (validateServiceExternalTrafficFieldsUpdate)",
    tweak: (o, n) => {
      lb(o, undefined as never);
      o.externalTrafficPolicy = "Local";
      o.healthCheckNodePort = 30001;
      lb(n, undefined as never);
      n.externalTrafficPolicy = "Local";
      n.healthCheckNodePort = 30002;
    },
    errors: ["spec.healthCheckNodePort: Forbidden: field is immutable"],
  },
  {
    name: "healthCheckNodePort may change when it stops being needed",
    tweak: (o, n) => {
      lb(o, undefined as never);
      o.externalTrafficPolicy = "Local";
      o.healthCheckNodePort = 30001;
      lb(n, undefined as never);
    },
    errors: [],
  },
];

describe("validateServiceUpdate: TestValidateServiceUpdate cases (ValidateServiceUpdate)", () => {
  it.each(updateCases)("$name", ({ tweak, errors }) => {
    const [oldSvc, newSvc] = updatePair(tweak);
    expect(messages(validateServiceUpdate(newSvc, oldSvc))).toEqual(errors);
  });
});

describe("cluster IP family checks (alloc.go initIPFamilyFields via opts.ipFamilies)", () => {
  const singleStack = { ipFamilies: ["IPv4"] } as const;
  const dualStack = { ipFamilies: ["IPv4", "IPv6"] } as const;

  it.each<CreateCase & { readonly cluster: { readonly ipFamilies: readonly ("IPv4" | "IPv6")[] } }>([
    {
      name: "RequireDualStack on a single-stack cluster",
      cluster: singleStack,
      tweak: (s) => {
        s.ipFamilyPolicy = "RequireDualStack";
      },
      errors: [
        'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
      ],
    },
    {
      name: "PreferDualStack on a single-stack cluster is fine",
      cluster: singleStack,
      tweak: (s) => {
        s.ipFamilyPolicy = "PreferDualStack";
      },
      errors: [],
    },
    {
      name: "family not configured on this cluster",
      cluster: singleStack,
      tweak: (s) => {
        s.ipFamilies = ["IPv6"];
      },
      errors: ['spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster'],
    },
    {
      name: "clusterIP of a family not configured on this cluster",
      cluster: singleStack,
      tweak: (s) => {
        s.ipFamilyPolicy = "PreferDualStack";
        s.clusterIP = "10.96.0.20";
        s.clusterIPs = ["10.96.0.20", "fd00::20"];
      },
      errors: [
        'spec.clusterIPs[1]: Invalid value: []string{"10.96.0.20", "fd00::20"}: IPv6 is not configured on this cluster',
      ],
    },
    {
      name: "SingleStack with two clusterIPs",
      cluster: dualStack,
      tweak: (s) => {
        s.ipFamilyPolicy = "SingleStack";
        s.clusterIP = "10.96.0.20";
        s.clusterIPs = ["10.96.0.20", "fd00::20"];
      },
      errors: [
        `spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified`,
      ],
    },
    {
      name: "SingleStack with two ipFamilies",
      cluster: dualStack,
      tweak: (s) => {
        s.ipFamilyPolicy = "SingleStack";
        s.ipFamilies = ["IPv4", "IPv6"];
      },
      errors: [
        `spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified`,
      ],
    },
    {
      name: "a missing policy with two clusterIPs defaults to SingleStack and fails",
      cluster: dualStack,
      tweak: (s) => {
        s.clusterIP = "10.96.0.20";
        s.clusterIPs = ["10.96.0.20", "fd00::20"];
      },
      errors: [
        `spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified`,
      ],
    },
    {
      name: "headless without selector may be dual-stack on a single-stack cluster",
      cluster: singleStack,
      tweak: (s) => {
        delete s.selector;
        s.clusterIP = "None";
        s.clusterIPs = ["None"];
        s.ipFamilyPolicy = "RequireDualStack";
      },
      errors: [],
    },
    {
      name: "the allocation-layer errors come alone: the bad name is not reported (BeginCreate runs before validation)",
      cluster: singleStack,
      tweak: (s, d) => {
        d.metadata!.name = "Bad_Name";
        s.ipFamilyPolicy = "RequireDualStack";
      },
      errors: [
        'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
      ],
    },
    {
      name: "ValidateServiceClusterIPsRelatedFields runs before allocation and its errors also come alone",
      cluster: singleStack,
      tweak: (s, d) => {
        d.metadata!.name = "Bad_Name";
        s.clusterIP = "10.96.0.300";
        s.clusterIPs = ["10.96.0.300"];
      },
      errors: [`spec.clusterIPs[0]: Invalid value: "10.96.0.300": ${INVALID_IP}`],
    },
    {
      name: "with no family problem, validation runs as usual",
      cluster: singleStack,
      tweak: (_, d) => {
        d.metadata!.name = "Bad_Name";
      },
      errors: [`metadata.name: Invalid value: "Bad_Name": ${DNS1035}`],
    },
  ])("$name", ({ cluster, tweak, errors }) => {
    expect(messages(validateService(tweaked(tweak), cluster))).toEqual(errors);
  });

  it("on update, dropping the secondary without SingleStack is an allocation error", () => {
    const [oldSvc, newSvc] = updatePair((o, n) => {
      setIPs(["10.96.0.20", "fd00::20"], ["IPv4", "IPv6"], "RequireDualStack")(o);
      setIPs(["10.96.0.20"], ["IPv4"], "RequireDualStack")(n);
    });
    expect(messages(validateServiceUpdate(newSvc, oldSvc, dualStack))).toEqual([
      `spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be 'SingleStack' to release the secondary cluster IP`,
      `spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be 'SingleStack' to release the secondary IP family`,
    ]);
  });
});

describe("validateServiceStatusUpdate (ValidateServiceStatusUpdate / ValidateLoadBalancerStatus)", () => {
  function withStatus(type: string, ingress: object[]): [Service, Service] {
    const oldSvc = tweaked(type === "LoadBalancer" ? lb : () => {});
    const newSvc = { ...oldSvc, status: { loadBalancer: { ingress } } } as Service;
    return [oldSvc, newSvc];
  }

  it.each([
    ["LoadBalancer", [{ ip: "192.0.2.1", ipMode: "VIP" }, { hostname: "lb.example.com" }], []],
    [
      "ClusterIP",
      [{ ip: "192.0.2.1", ipMode: "VIP" }],
      ["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"],
    ],
    [
      "LoadBalancer",
      [{ ip: "192.0.2.300" }],
      [
        `status.loadBalancer.ingress[0].ip: Invalid value: "192.0.2.300": ${INVALID_IP}`,
        "status.loadBalancer.ingress[0].ipMode: Required value: must be specified when `ip` is set",
      ],
    ],
    [
      "LoadBalancer",
      [
        { hostname: "lb.example.com", ipMode: "VIP" },
        { ip: "192.0.2.1", ipMode: "Magic" },
      ],
      [
        "status.loadBalancer.ingress[0].ipMode: Forbidden: may not be specified when `ip` is not set",
        'status.loadBalancer.ingress[1].ipMode: Unsupported value: "Magic": supported values: "Proxy", "VIP"',
      ],
    ],
    [
      "LoadBalancer",
      [{ hostname: "192.0.2.1" }],
      [
        'status.loadBalancer.ingress[0].hostname: Invalid value: "192.0.2.1": must be a DNS name, not an IP address',
      ],
    ],
  ])("type %s, ingress %j", (type, ingress, errors) => {
    const [oldSvc, newSvc] = withStatus(type, ingress);
    expect(messages(validateServiceStatusUpdate(newSvc, oldSvc))).toEqual(errors);
  });
});
