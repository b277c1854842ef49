import { describe, expect, it } from "vitest";
import { repackSubsets } from "./repackSubsets.js";

const addr = (ip: string, uid = ip) => ({ ip, targetRef: { kind: "Pod", name: uid, uid } });
const http = { name: "http", port: 8080, protocol: "TCP" };
const metrics = { name: "metrics", port: 9090, protocol: "TCP" };

describe("repackSubsets (pkg/api/v1/endpoints/util.go RepackSubsets)", () => {
  it("merges addresses offering the same ports into one subset, sorted by IP bytes", () => {
    const out = repackSubsets([
      { addresses: [addr("10.0.0.9")], ports: [http] },
      { addresses: [addr("10.0.0.10")], ports: [http] },
      { addresses: [addr("10.0.0.9")], ports: [metrics] },
      { addresses: [addr("10.0.0.10")], ports: [metrics] },
    ]);
    expect(out).toEqual([{ addresses: [addr("10.0.0.10"), addr("10.0.0.9")], ports: [http, metrics] }]);
  });

  it("splits addresses whose port sets differ, and makes an address not ready everywhere if it is anywhere", () => {
    const out = repackSubsets([
      { addresses: [addr("10.0.0.1")], ports: [http] },
      { notReadyAddresses: [addr("10.0.0.1")], ports: [http] },
      { addresses: [addr("10.0.0.2")], ports: [metrics] },
    ]);
    expect(out).toEqual([
      { notReadyAddresses: [addr("10.0.0.1")], ports: [http] },
      { addresses: [addr("10.0.0.2")], ports: [metrics] },
    ]);
  });

  it("keeps subsets without ports (headless Services)", () => {
    expect(repackSubsets([{ addresses: [addr("10.0.0.2")] }, { addresses: [addr("10.0.0.1")] }])).toEqual([
      { addresses: [addr("10.0.0.1"), addr("10.0.0.2")] },
    ]);
  });
});
