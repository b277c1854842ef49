import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { describe, expect, it } from "vitest";
import { endpointSlicePrinter } from "./endpointSlice.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const ctx = { nowMs: NOW, wide: false };
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe("endpointSlicePrinter", () => {
  it("has the columns of printers.go endpointSliceColumnDefinitions", () => {
    expect(endpointSlicePrinter.columns.map((c) => c.name.toUpperCase())).toEqual([
      "NAME",
      "ADDRESSTYPE",
      "PORTS",
      "ENDPOINTS",
      "AGE",
    ]);
  });

  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintEndpointSlice.
  it.each<[string, EndpointSlice, string[]]>([
    [
      "one port, one endpoint with two addresses",
      {
        metadata: { name: "abcslice.123", creationTimestamp: at(1900) },
        addressType: "IPv4",
        ports: [{ name: "http", port: 80, protocol: "TCP" }],
        endpoints: [{ addresses: ["10.1.2.3", "2001:db8::1234:5678"] }],
      },
      ["abcslice.123", "IPv4", "80", "10.1.2.3,2001:db8::1234:5678", "0s"],
    ],
    [
      "two ports, four addresses",
      {
        metadata: { name: "longerslicename.123", creationTimestamp: at(-300_000) },
        addressType: "IPv6",
        ports: [
          { name: "http", port: 80, protocol: "TCP" },
          { name: "https", port: 443, protocol: "TCP" },
        ],
        endpoints: [
          { addresses: ["10.1.2.3", "2001:db8::1234:5678"] },
          { addresses: ["10.2.3.4", "2001:db8::2345:6789"] },
        ],
      },
      ["longerslicename.123", "IPv6", "80,443", "10.1.2.3,2001:db8::1234:5678,10.2.3.4 + 1 more...", "5m"],
    ],
    [
      "four ports",
      {
        metadata: { name: "multiportslice.123", creationTimestamp: at(-300_000) },
        addressType: "IPv4",
        ports: [
          { name: "http", port: 80, protocol: "TCP" },
          { name: "https", port: 443, protocol: "TCP" },
          { name: "extra1", port: 3000, protocol: "TCP" },
          { name: "extra2", port: 3001, protocol: "TCP" },
        ],
        endpoints: [
          { addresses: ["10.1.2.3", "2001:db8::1234:5678"] },
          { addresses: ["10.2.3.4", "2001:db8::2345:6789"] },
        ],
      },
      [
        "multiportslice.123",
        "IPv4",
        "80,443,3000 + 1 more...",
        "10.1.2.3,2001:db8::1234:5678,10.2.3.4 + 1 more...",
        "5m",
      ],
    ],
  ])("printers_test.go TestPrintEndpointSlice: %s", (_name, slice, expected) => {
    expect(endpointSlicePrinter.row(slice, ctx)).toEqual(expected);
  });

  it("shows a port's name when it has no number, * when it has neither, and <unset> when empty", () => {
    const slice: EndpointSlice = {
      metadata: { name: "s" },
      addressType: "IPv4",
      ports: [{ name: "http" }, {}],
      endpoints: [],
    };
    expect(endpointSlicePrinter.row(slice, ctx).slice(2, 4)).toEqual(["http,*", "<unset>"]);
    expect(endpointSlicePrinter.row({ ...slice, ports: [] }, ctx)[2]).toBe("<unset>");
  });

  it("lists endpoints whatever their conditions (REFERENCE 9.3)", () => {
    const slice: EndpointSlice = {
      metadata: { name: "web-x7k2p" },
      addressType: "IPv4",
      ports: [{ port: 8080 }],
      endpoints: [
        { addresses: ["10.244.1.5"], conditions: { ready: true } },
        { addresses: ["10.244.2.7"], conditions: { ready: false, terminating: true } },
      ],
    };
    expect(endpointSlicePrinter.row(slice, ctx)[3]).toBe("10.244.1.5,10.244.2.7");
  });
});
