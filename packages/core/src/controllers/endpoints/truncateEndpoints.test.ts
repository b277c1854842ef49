import { describe, expect, it } from "vitest";
import { truncateEndpoints } from "./truncateEndpoints.js";

const addrs = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ ip: `${prefix}.${i}` }));

describe("truncateEndpoints (pkg/controller/endpoint/endpoints_controller.go)", () => {
  it("leaves 1000 addresses or fewer alone", () => {
    expect(truncateEndpoints([{ addresses: addrs(1000, "10.0.0") }])).toBeUndefined();
  });

  it("keeps ready addresses first and truncates the not-ready ones", () => {
    const out = truncateEndpoints([
      { addresses: addrs(900, "10.0.0"), notReadyAddresses: addrs(300, "10.0.1") },
    ])!;
    expect(out[0]!.addresses).toHaveLength(900);
    expect(out[0]!.notReadyAddresses).toHaveLength(100);
  });

  it("spreads ready addresses over subsets in proportion, rounding up, and drops not-ready ones", () => {
    const out = truncateEndpoints([
      { addresses: addrs(900, "10.0.0"), notReadyAddresses: addrs(5, "10.0.9") },
      { addresses: addrs(600, "10.0.1") },
    ])!;
    expect(out.map((s) => [s.addresses?.length, s.notReadyAddresses?.length])).toEqual([
      [600, undefined],
      [400, undefined],
    ]);
  });
});
