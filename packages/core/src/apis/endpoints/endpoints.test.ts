import type { Endpoints } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { describe, expect, it } from "vitest";
import { errorString } from "../../validation/field.js";
import { defaultEndpointSlice, defaultEndpoints } from "./defaults.js";
import { validateEndpointSlice, validateEndpointSliceUpdate, validateEndpoints } from "./validation.js";

function endpoints(subsets: Endpoints["subsets"]): Endpoints {
  return { apiVersion: "v1", kind: "Endpoints", metadata: { name: "web", namespace: "default" }, subsets };
}

// pkg/apis/core/v1/defaults.go SetDefaults_Endpoints; validation.go ValidateEndpoints (TestValidateEndpoints...)
describe("Endpoints", () => {
  it("defaults subset port protocols to TCP", () => {
    const out = defaultEndpoints(
      endpoints([
        { addresses: [{ ip: "10.244.1.5" }], ports: [{ port: 80 }, { port: 53, protocol: "UDP" }] },
      ]),
    );
    expect(out.subsets![0]!.ports).toEqual([
      { port: 80, protocol: "TCP" },
      { port: 53, protocol: "UDP" },
    ]);
  });

  it("accepts what the endpoints controller writes", () => {
    const ok = endpoints([
      {
        addresses: [
          {
            ip: "10.244.1.5",
            nodeName: "worker-1",
            targetRef: { kind: "Pod", name: "web-1", namespace: "default" },
          },
        ],
        notReadyAddresses: [{ ip: "10.244.2.7" }],
        ports: [
          { name: "http", port: 80 },
          { name: "metrics", port: 9090 },
        ],
      },
    ]);
    expect(validateEndpoints(defaultEndpoints(ok))).toEqual([]);
  });

  it.each<[string, Endpoints["subsets"], string[]]>([
    [
      "a subset needs addresses",
      [{ ports: [{ port: 80 }] }],
      ["subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"],
    ],
    [
      "addresses are valid, non-special IPs",
      [{ addresses: [{ ip: "127.0.0.1" }, { ip: "not-an-ip" }] }],
      [
        'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'subsets[0].addresses[1].ip: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        'subsets[0].addresses[1].ip: Invalid value: "not-an-ip": must be a valid IP address',
      ],
    ],
    [
      "ports need names when there are several, valid numbers and protocols",
      [
        {
          addresses: [{ ip: "10.244.1.5" }],
          ports: [{ port: 0 }, { name: "dns", port: 53, protocol: "ICMP" }],
        },
      ],
      [
        "subsets[0].ports[0].name: Required value",
        "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        'subsets[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      ],
    ],
  ])("%s", (_name, subsets, expected) => {
    expect(validateEndpoints(defaultEndpoints(endpoints(subsets))).map(errorString)).toEqual(expected);
  });
});

function slice(extra: Partial<EndpointSlice>): EndpointSlice {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "web-abc12", namespace: "default", labels: { "kubernetes.io/service-name": "web" } },
    addressType: "IPv4",
    endpoints: [],
    ...extra,
  };
}

// pkg/apis/discovery/v1/defaults.go SetDefaults_EndpointPort; pkg/apis/discovery/validation/validation.go
// ValidateEndpointSliceCreate / ValidateEndpointSliceUpdate (validation_test.go TestValidateEndpointSlice...)
describe("EndpointSlice", () => {
  it('defaults port names to "" and protocols to TCP', () => {
    expect(defaultEndpointSlice(slice({ ports: [{ port: 80 }] })).ports).toEqual([
      { name: "", port: 80, protocol: "TCP" },
    ]);
  });

  it("accepts what the EndpointSlice controller writes", () => {
    const ok = slice({
      endpoints: [
        {
          addresses: ["10.244.1.5"],
          conditions: { ready: true, serving: true, terminating: false },
          nodeName: "worker-1",
          targetRef: { kind: "Pod", name: "web-1", namespace: "default" },
          zone: "zone-a",
        },
      ],
      ports: [{ name: "http", port: 80, protocol: "TCP" }],
    });
    expect(validateEndpointSlice(defaultEndpointSlice(ok))).toEqual([]);
  });

  it.each([
    ["addressType is required", slice({ addressType: "" }), ["addressType: Required value"]],
    [
      "addressType is IPv4, IPv6 or FQDN",
      slice({ addressType: "IP" }),
      ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"'],
    ],
    [
      "endpoints need an address",
      slice({ endpoints: [{ addresses: [] }] }),
      ["endpoints[0].addresses: Required value: must contain at least 1 address"],
    ],
    [
      "addresses match the address type and are not special",
      slice({ endpoints: [{ addresses: ["fd00::1", "127.0.0.1"] }] }),
      [
        'endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
        'endpoints[0].addresses[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    ],
    [
      "IPv4 addresses are not unspecified, link-local or link-local multicast",
      slice({ endpoints: [{ addresses: ["0.0.0.0", "169.254.1.1", "224.0.0.5", "10.244.1.5"] }] }),
      [
        'endpoints[0].addresses[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
        'endpoints[0].addresses[1]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
        'endpoints[0].addresses[2]: Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
      ],
    ],
    [
      "nodeName is a DNS subdomain",
      slice({
        endpoints: [{ addresses: ["10.244.1.5"] }, { addresses: ["10.244.1.6"], nodeName: "Node_1" }],
      }),
      [
        "endpoints[1].nodeName: Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    [
      "at most 16 topology labels and 8 zone hints, each zone once",
      slice({
        endpoints: [
          {
            addresses: ["10.244.1.5"],
            deprecatedTopology: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])),
          },
          {
            addresses: ["10.244.1.6"],
            hints: { forZones: Array.from({ length: 9 }, (_, i) => ({ name: `zone-${i}` })) },
          },
          { addresses: ["10.244.1.7"], hints: { forZones: [{ name: "zone-a" }, { name: "zone-a" }] } },
        ],
      }),
      [
        "endpoints[0].deprecatedTopology: Too many: 17: must have at most 16 items",
        "endpoints[1].hints.forZones: Too many: 9: must have at most 8 items",
        'endpoints[2].hints.forZones[1].name: Duplicate value: "zone-a"',
      ],
    ],
    [
      "FQDN addresses have at least two labels",
      slice({ addressType: "FQDN", endpoints: [{ addresses: ["example.com", "localhost"] }] }),
      [
        'endpoints[0].addresses[1]: Invalid value: "localhost": should be a domain with at least two segments separated by dots',
      ],
    ],
    [
      "port names are unique labels; protocols supported",
      slice({
        ports: [
          { name: "http", port: 80 },
          { name: "http", port: 81 },
          { name: "Metrics", port: 9090, protocol: "ICMP" },
        ],
      }),
      [
        'ports[1].name: Duplicate value: "http"',
        "ports[2].name: Invalid value: \"Metrics\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        'ports[2].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      ],
    ],
    [
      "two unnamed ports clash",
      slice({ ports: [{ port: 80 }, { port: 81 }] }),
      ['ports[1].name: Duplicate value: ""'],
    ],
  ])("%s", (_name, input, expected) => {
    expect(validateEndpointSlice(defaultEndpointSlice(input)).map(errorString)).toEqual(expected);
  });

  it("keeps addressType immutable", () => {
    expect(validateEndpointSliceUpdate(slice({ addressType: "IPv6" }), slice({})).map(errorString)).toEqual([
      'addressType: Invalid value: "IPv6": field is immutable',
    ]);
  });
});
