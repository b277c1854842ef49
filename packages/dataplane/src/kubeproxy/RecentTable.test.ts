import { describe, expect, it } from "vitest";
import { RecentTable } from "./RecentTable.js";

const S = 1000;
const port = "default/web:http";

describe("RecentTable: iptables `recent` semantics for ClientIP affinity", () => {
  it("remembers the endpoint per service port and client IP", () => {
    const t = new RecentTable();
    expect(t.get(port, "10.244.1.5", 0, 10800)).toBeUndefined();
    t.set(port, "10.244.1.5", "10.244.2.7:8080", 0);
    expect(t.get(port, "10.244.1.5", 1, 10800)).toBe("10.244.2.7:8080");
    expect(t.get(port, "10.244.1.6", 1, 10800)).toBeUndefined();
    expect(t.get("default/other", "10.244.1.5", 1, 10800)).toBeUndefined();
  });

  it("--rcheck --seconds N: fresh while set at most N seconds ago; stale entries are reaped", () => {
    const t = new RecentTable();
    t.set(port, "c", "e1", 0);
    expect(t.get(port, "c", 60 * S, 60)).toBe("e1");
    expect(t.get(port, "c", 60 * S + 1, 60)).toBeUndefined();
    // --reap removed it: a longer window does not bring it back.
    expect(t.get(port, "c", 60 * S + 1, 10800)).toBeUndefined();
  });

  it("--set refreshes the timestamp and may move the client to another endpoint", () => {
    const t = new RecentTable();
    t.set(port, "c", "e1", 0);
    t.set(port, "c", "e1", 50 * S);
    expect(t.get(port, "c", 100 * S, 60)).toBe("e1");
    t.set(port, "c", "e2", 100 * S);
    expect(t.get(port, "c", 150 * S, 60)).toBe("e2");
  });

  it("memory follows the live entries: expired clients are freed as new ones arrive", () => {
    const t = new RecentTable();
    for (let i = 0; i < 2000; i++) {
      t.get(port, `10.0.${i >> 8}.${i & 255}`, i * S, 10);
      t.set(port, `10.0.${i >> 8}.${i & 255}`, "e1", i * S);
    }
    // Only clients set within the last 10 s of t = 1999 s are still held.
    expect(t.size(1999 * S)).toBe(11);
  });
});
