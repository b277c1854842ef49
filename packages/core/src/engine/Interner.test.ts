import { describe, expect, it } from "vitest";
import { Interner } from "./Interner.js";

describe("Interner", () => {
  it("returns the first value built for a key, deeply frozen, without building again", () => {
    const shared = new Interner();
    let builds = 0;
    const build = () => {
      builds++;
      return { running: { startedAt: "2025-01-01T00:00:00Z" } };
    };
    const first = shared.value("running", build);
    expect(shared.value("running", build)).toBe(first);
    expect(builds).toBe(1);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.running)).toBe(true);
    expect(shared.value("other", build)).not.toBe(first);
  });

  it("keeps one instance of equal strings", () => {
    const shared = new Interner();
    const a = shared.string(["Started container ", "main"].join(""));
    expect(shared.string(["Started ", "container main"].join(""))).toBe(a);
  });

  it("forgets everything when full, so it never holds more than its limit", () => {
    const shared = new Interner(2);
    const a = shared.value("a", () => ({ a: 1 }));
    shared.value("b", () => ({ b: 1 }));
    expect(shared.value("a", () => ({ a: 2 }))).toBe(a);
    shared.value("c", () => ({ c: 1 })); // the third key: the first two are forgotten
    expect(shared.value("a", () => ({ a: 3 }))).toEqual({ a: 3 });
  });
});
