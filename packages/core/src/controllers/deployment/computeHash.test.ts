import { describe, expect, it } from "vitest";
import { computeHash, fnv32a, safeEncodeString } from "./computeHash.js";

describe("computeHash", () => {
  it("encodes digits as rand.SafeEncodeString does (K8s apimachinery/pkg/util/rand)", () => {
    // '0' is 48: 48 % 27 = 21 -> '4'; '6' is 54: 54 % 27 = 0 -> 'b'. Hence hashes like `7d4b9c8f6`.
    expect(safeEncodeString("0123456789")).toBe("456789bcdf");
  });

  it("uses FNV-1a 32 (Go hash/fnv test vectors)", () => {
    const bytes = (s: string) => [...s].map((c) => c.charCodeAt(0));
    expect(fnv32a(bytes(""))).toBe(0x811c9dc5);
    expect(fnv32a(bytes("a"))).toBe(0xe40c292c);
    expect(fnv32a(bytes("ab"))).toBe(0x4d2505ca);
    expect(fnv32a(bytes("abc"))).toBe(0x1a47e90b);
  });

  it("is stable, ignores key order, and changes with the template and the collision count", () => {
    const t = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } };
    const same = {
      spec: { containers: [{ image: "nginx", name: "c" }] },
      metadata: { labels: { app: "web" } },
    };
    expect(computeHash(t)).toBe(computeHash(same));
    expect(computeHash(t)).toMatch(/^[456789bcdf]{1,10}$/);
    const other = { ...t, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } };
    expect(computeHash(other)).not.toBe(computeHash(t));
    expect(computeHash(t, 1)).not.toBe(computeHash(t));
    expect(computeHash(t, 0)).not.toBe(computeHash(t));
  });
});
