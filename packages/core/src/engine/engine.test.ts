import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue } from "./EventQueue.js";
import { NAME_SUFFIX_ALPHABET, NameGenerator } from "./NameGenerator.js";
import { RandomStreams } from "./RandomStreams.js";
import { formatTimestamp, parseTimestamp, VirtualClock } from "./VirtualClock.js";

describe("VirtualClock", () => {
  it("formats metav1.Time as RFC 3339 in UTC with second precision", () => {
    expect(formatTimestamp(0)).toBe("1970-01-01T00:00:00Z");
    expect(formatTimestamp(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe("2024-02-29T23:59:59Z");
    expect(formatTimestamp(Date.UTC(2000, 11, 31, 1, 2, 3))).toBe("2000-12-31T01:02:03Z");
  });

  it("formats every instant exactly as Date.toISOString does (tests may use Date)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799000 }), (ms) => {
        expect(formatTimestamp(ms)).toBe(
          new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z"),
        );
        expect(parseTimestamp(formatTimestamp(ms))).toBe(Math.floor(ms / 1000) * 1000);
      }),
    );
  });

  it("parses offsets and fractions and refuses what is not RFC 3339", () => {
    expect(parseTimestamp("2024-01-01T01:00:00+01:00")).toBe(Date.UTC(2024, 0, 1));
    expect(parseTimestamp("2024-01-01T00:00:00.250Z")).toBe(Date.UTC(2024, 0, 1) + 250);
    expect(parseTimestamp("yesterday")).toBeUndefined();
    expect(parseTimestamp("2024-13-01T00:00:00Z")).toBeUndefined();
    expect(parseTimestamp("2024-00-01T00:00:00Z")).toBeUndefined();
    expect(parseTimestamp("2024-01-01T00:0x:00Z")).toBeUndefined();
    expect(parseTimestamp("2024-01-01 00:00:00Z")).toBe(Date.UTC(2024, 0, 1));
    expect(parseTimestamp("2024-02-29t23:59:59Z")).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
  });

  it("timestamp() gives formatTimestamp's text for any order of instants (its one-second cache never goes stale)", () => {
    const base = Date.UTC(2025, 0, 1);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3_000, max: 5_000 }), { maxLength: 30 }), (offsets) => {
        const clock = new VirtualClock(base);
        for (const offset of offsets)
          expect(clock.timestamp(base + offset)).toBe(formatTimestamp(base + offset));
        expect(clock.nowTimestamp()).toBe("2025-01-01T00:00:00Z");
      }),
    );
  });

  it("never goes backwards", () => {
    const clock = new VirtualClock(1000);
    clock._setNow(2000);
    expect(() => clock._setNow(1999)).toThrow(/backwards/);
  });
});

describe("EventQueue", () => {
  it("pops by time, then by insertion order for equal times", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const q = new EventQueue<number>();
        for (const [i, t] of times.entries()) q.push(t, i);
        const out: [number, number][] = [];
        for (let e = q.pop(); e; e = q.pop()) out.push([e.timeMs, e.payload]);
        const expected = times
          .map((t, i) => [t, i] as [number, number])
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(out).toEqual(expected);
      }),
    );
  });

  it("skips cancelled events", () => {
    const q = new EventQueue<string>();
    const a = q.push(1, "a");
    q.push(2, "b");
    q.cancel(a);
    expect(q.size).toBe(1);
    expect(q.pop()?.payload).toBe("b");
    expect(q.pop()).toBeUndefined();
  });

  it("agrees with a sorted list under random pushes, pops and cancels (cancelling what ran does nothing)", () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 50 }) }),
      fc.constant({ pop: true as const }),
      fc.record({ cancel: fc.nat({ max: 60 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150 }), (ops) => {
        const q = new EventQueue<number>();
        let model: { timeMs: number; seq: number }[] = [];
        let seq = 0;
        for (const o of ops) {
          if ("push" in o) model.push({ timeMs: o.push, seq: q.push(o.push, seq++) });
          else if ("cancel" in o) {
            q.cancel(o.cancel);
            model = model.filter((e) => e.seq !== o.cancel);
          } else {
            model.sort((x, y) => x.timeMs - y.timeMs || x.seq - y.seq);
            expect(q.pop()?.seq).toBe(model.shift()?.seq);
          }
          expect(q.size).toBe(model.length);
          for (const e of model) expect(q.get(e.seq)?.timeMs).toBe(e.timeMs);
        }
      }),
    );
  });
});

describe("RandomStreams", () => {
  it("gives the same numbers for the same seed and purpose", () => {
    const a = new RandomStreams(42).stream("scheduler");
    const b = new RandomStreams(42).stream("scheduler");
    const xs = Array.from({ length: 50 }, () => a.int(0, 1000));
    expect(Array.from({ length: 50 }, () => b.int(0, 1000))).toEqual(xs);
  });

  it("keeps streams independent: using one does not shift another", () => {
    const alone = new RandomStreams(7);
    const busy = new RandomStreams(7);
    for (let i = 0; i < 100; i++) busy.stream("other").int(0, 10);
    const x = Array.from({ length: 20 }, () => alone.stream("uid").int(0, 1e6));
    expect(Array.from({ length: 20 }, () => busy.stream("uid").int(0, 1e6))).toEqual(x);
  });

  it("forks a stream: the fork draws what the stream would draw next, and the stream stays put", () => {
    const stream = new RandomStreams(3).stream("kube-proxy");
    stream.float();
    const fork = stream.fork();
    const peeked = Array.from({ length: 5 }, () => fork.float());
    expect(Array.from({ length: 5 }, () => stream.float())).toEqual(peeked);
    expect(fork.float()).toBe(stream.float());
  });

  it("gives different numbers for different seeds", () => {
    const a = Array.from({ length: 10 }, (_, i) => new RandomStreams(1).stream("s").int(0, 1e9) + i);
    const b = Array.from({ length: 10 }, (_, i) => new RandomStreams(2).stream("s").int(0, 1e9) + i);
    expect(a).not.toEqual(b);
  });

  it("refuses seeds that are not non-negative integers", () => {
    expect(() => new RandomStreams(-1)).toThrow(/seed/);
    expect(() => new RandomStreams(1.5)).toThrow(/seed/);
  });
});

describe("NameGenerator", () => {
  const gen = (seed: number) => {
    const r = new RandomStreams(seed);
    return new NameGenerator(r.stream("uid"), r.stream("generate-name"));
  };

  it("makes version-4-shaped uids, reproducibly", () => {
    const uid = gen(3).uid();
    expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(gen(3).uid()).toBe(uid);
  });

  it("appends five characters of Kubernetes' alphabet to generateName (apiserver names.SimpleNameGenerator)", () => {
    const name = gen(1).generateName("web-");
    expect(name).toMatch(new RegExp(`^web-[${NAME_SUFFIX_ALPHABET}]{5}$`));
  });

  it("cuts a long generateName prefix to 58 characters so the name fits in 63", () => {
    const name = gen(1).generateName("x".repeat(70));
    expect(name).toHaveLength(63);
    expect(name.startsWith("x".repeat(58))).toBe(true);
  });
});
