import { describe, expect, it } from "vitest";
import { defaultPrinter } from "./defaultPrinter.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

describe("defaultPrinter", () => {
  it("prints NAME and AGE (cli-runtime tableprinter.go printObjectMeta)", () => {
    expect(defaultPrinter.columns.map((c) => c.name.toUpperCase())).toEqual(["NAME", "AGE"]);
    const created = new Date(NOW - 7 * 60_000).toISOString();
    expect(
      defaultPrinter.row(
        { metadata: { name: "pool", creationTimestamp: created } },
        { nowMs: NOW, wide: false },
      ),
    ).toEqual(["pool", "7m"]);
    expect(defaultPrinter.row({}, { nowMs: NOW, wide: true })).toEqual(["", "<unknown>"]);
  });
});
