import type { Endpoints } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { endpointsPrinter } from "./endpoints.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const ctx = { nowMs: NOW, wide: false };
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe("endpointsPrinter", () => {
  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintEndpoint.
  it.each<[string, Endpoints, string[]]>([
    [
      "no subsets",
      { metadata: { name: "endpoint1", creationTimestamp: at(1900) } },
      ["endpoint1", "<none>", "0s"],
    ],
    [
      "a subset without ports lists bare IPs",
      {
        metadata: { name: "endpoint3", creationTimestamp: at(-300_000) },
        subsets: [{ addresses: [{ ip: "1.2.3.4" }, { ip: "5.6.7.8" }] }],
      },
      ["endpoint3", "1.2.3.4,5.6.7.8", "5m"],
    ],
    [
      "two IPs and one port",
      {
        metadata: { name: "endpoint2", creationTimestamp: at(1900) },
        subsets: [
          { addresses: [{ ip: "1.2.3.4" }, { ip: "5.6.7.8" }], ports: [{ port: 8001, protocol: "tcp" }] },
        ],
      },
      ["endpoint2", "1.2.3.4:8001,5.6.7.8:8001", "0s"],
    ],
    [
      "more than three addresses",
      {
        metadata: { name: "endpoint2", creationTimestamp: at(1900) },
        subsets: [
          {
            addresses: [{ ip: "1.2.3.4" }, { ip: "5.6.7.8" }, { ip: "9.8.7.6" }, { ip: "6.6.6.6" }],
            ports: [{ port: 8001, protocol: "tcp" }],
          },
        ],
      },
      ["endpoint2", "1.2.3.4:8001,5.6.7.8:8001,9.8.7.6:8001 + 1 more...", "0s"],
    ],
  ])("printers_test.go TestPrintEndpoint: %s", (_name, ep, expected) => {
    expect(endpointsPrinter.row(ep, ctx)).toEqual(expected);
  });

  it("never lists not-ready addresses, brackets IPv6, and counts every address-port pair", () => {
    const ep: Endpoints = {
      metadata: { name: "web" },
      subsets: [
        {
          addresses: [{ ip: "fd00::1" }, { ip: "fd00::2" }],
          notReadyAddresses: [{ ip: "fd00::3" }],
          ports: [
            { name: "http", port: 80 },
            { name: "https", port: 443 },
          ],
        },
      ],
    };
    expect(endpointsPrinter.row(ep, ctx)[1]).toBe("[fd00::1]:80,[fd00::2]:80,[fd00::1]:443 + 1 more...");
  });

  it("prints an empty cell for a subset holding only not-ready addresses", () => {
    const ep: Endpoints = {
      metadata: { name: "web" },
      subsets: [{ notReadyAddresses: [{ ip: "10.0.0.1" }], ports: [{ port: 80 }] }],
    };
    expect(endpointsPrinter.row(ep, ctx)[1]).toBe("");
  });
});
