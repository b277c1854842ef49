import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskIPv4, type Prefix, prefixContains } from "./ipv4.js";
import { PrefixIndex } from "./PrefixIndex.js";

describe("PrefixIndex", () => {
  it("matches a brute-force longest-prefix scan through adds and removes (property)", () => {
    // Blocks inside 10.0.0.0/12 of lengths 8..32, so they nest and overlap often.
    const block = fc
      .record({
        ip: fc.integer({ min: 0x0a000000, max: 0x0a0fffff }),
        prefixLength: fc.integer({ min: 8, max: 32 }),
      })
      .map((b): Prefix => ({ network: maskIPv4(b.ip, b.prefixLength), prefixLength: b.prefixLength }));
    const op = fc.record({ add: fc.boolean(), block, owner: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.array(fc.integer({ min: 0x09ffff00, max: 0x0a100100 }), { maxLength: 30 }),
        (ops, probes) => {
          const index = new PrefixIndex<number>();
          let model: { prefix: Prefix; owner: number }[] = [];
          for (const o of ops) {
            if (o.add) {
              index.add(o.block, o.owner);
              model.push({ prefix: o.block, owner: o.owner });
            } else {
              index.remove(o.block, o.owner);
              const i = model.findIndex(
                (m) =>
                  m.owner === o.owner &&
                  m.prefix.network === o.block.network &&
                  m.prefix.prefixLength === o.block.prefixLength,
              );
              if (i >= 0) model = model.filter((_, j) => j !== i);
            }
          }
          for (const ip of probes) {
            let best: { prefix: Prefix; owner: number } | undefined;
            for (const m of model)
              if (prefixContains(m.prefix, ip) && (!best || m.prefix.prefixLength > best.prefix.prefixLength))
                best = m;
            const got = index.lookup(ip);
            expect(got && { prefix: got.prefix, owner: got.value }).toEqual(best);
            expect(index.lookupValue(ip)).toBe(best?.owner);
          }
        },
      ),
    );
  });

  it("skips owners the caller refuses and falls back to shorter blocks", () => {
    const index = new PrefixIndex<string>();
    index.add({ network: 0x0af40100, prefixLength: 24 }, "me");
    index.add({ network: 0x0af40000, prefixLength: 16 }, "other");
    expect(index.lookup(0x0af40105)?.value).toBe("me");
    expect(index.lookup(0x0af40105, (v) => v !== "me")?.value).toBe("other");
    index.remove({ network: 0x0af40000, prefixLength: 16 }, "other");
    expect(index.lookup(0x0af40105, (v) => v !== "me")).toBeUndefined();
  });
});
