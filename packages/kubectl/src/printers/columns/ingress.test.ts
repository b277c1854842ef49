import type { Ingress } from "kubernetes-types/networking/v1.js";
import { describe, expect, it } from "vitest";
import { ingressPrinter } from "./ingress.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const ctx = { nowMs: NOW, wide: false };

describe("ingressPrinter", () => {
  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintIngress.
  it("printers_test.go TestPrintIngress: class, * without hosts, IP over hostname, port 80", () => {
    const ing: Ingress = {
      metadata: { name: "test1", creationTimestamp: new Date(NOW - 10 * 365 * 86400_000).toISOString() },
      spec: {
        ingressClassName: "foo",
        defaultBackend: {
          service: { name: "default-backend", port: { name: "default-backend", number: 80 } },
        },
      },
      status: { loadBalancer: { ingress: [{ ip: "2.3.4.5", hostname: "localhost.localdomain" }] } },
    };
    expect(ingressPrinter.row(ing, ctx)).toEqual(["test1", "foo", "*", "2.3.4.5", "80", "10y"]);
  });

  it("lists up to three hosts, then + N more... counting rules; 80, 443 with TLS; <none> without a class", () => {
    const rule = (host?: string) => (host ? { host } : {});
    const ing: Ingress = {
      metadata: { name: "ing" },
      spec: {
        rules: [rule("a.example"), rule(), rule("b.example"), rule("c.example"), rule("d.example")],
        tls: [{ hosts: ["a.example"] }],
      },
    };
    expect(ingressPrinter.row(ing, ctx)).toEqual([
      "ing",
      "<none>",
      "a.example,b.example,c.example + 2 more...",
      "",
      "80, 443",
      "<unknown>",
    ]);
  });
});
