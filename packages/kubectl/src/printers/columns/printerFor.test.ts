import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { PrintableObject } from "../table.js";
import { defaultPrinter } from "./defaultPrinter.js";
import { podPrinter } from "./pod.js";
import { printerFor } from "./printerFor.js";

const KINDS = [
  "ConfigMap",
  "DaemonSet",
  "Deployment",
  "EndpointSlice",
  "Endpoints",
  "Event",
  "Ingress",
  "IngressClass",
  "Namespace",
  "NetworkPolicy",
  "Node",
  "Pod",
  "ReplicaSet",
  "ReplicationController",
  "Secret",
  "Service",
  "ServiceAccount",
  "StatefulSet",
];

describe("printerFor", () => {
  it("returns the dedicated printer of each supported kind", () => {
    expect(printerFor("Pod")).toBe(podPrinter);
    for (const kind of KINDS) expect(printerFor(kind), kind).not.toBe(defaultPrinter);
  });

  it("falls back to NAME, AGE for other kinds, matching kinds exactly", () => {
    expect(printerFor("IPAddressPool")).toBe(defaultPrinter);
    expect(printerFor("pod")).toBe(defaultPrinter);
    expect(printerFor("constructor")).toBe(defaultPrinter);
    expect(printerFor("toString")).toBe(defaultPrinter);
  });

  it("gives every table a Name column and at least one default column", () => {
    for (const kind of KINDS) {
      const { columns } = printerFor(kind);
      expect(
        columns.some((c) => c.name === "Name"),
        kind,
      ).toBe(true);
      expect(columns[0]?.priority, kind).toBe(0);
    }
  });

  const meta = fc.record(
    {
      name: fc.string({ maxLength: 12 }),
      namespace: fc.constantFrom("default", "kube-system"),
      creationTimestamp: fc
        .integer({ min: 0, max: Date.UTC(2030, 0, 1) })
        .map((ms) => new Date(ms).toISOString()),
      labels: fc.dictionary(fc.constantFrom("app", "tier", "k8s-app"), fc.string({ maxLength: 5 })),
    },
    { requiredKeys: [] },
  );

  test.prop([fc.constantFrom(...KINDS, "Lease"), meta, fc.boolean()])(
    "row() yields one string per visible column, even for a bare object of the kind",
    (kind, metadata, wide) => {
      const printer = printerFor(kind);
      const obj: PrintableObject = { metadata };
      const cells = printer.row(obj, { nowMs: Date.UTC(2024, 5, 1), wide });
      const visible = printer.columns.filter((c) => wide || c.priority === 0);
      expect(cells).toHaveLength(visible.length);
      for (const cell of cells) expect(typeof cell).toBe("string");
    },
  );
});
