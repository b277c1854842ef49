import { describe, expect, it } from "vitest";
import { LEVEL_0, LEVEL_1, tabbedString } from "./PrefixWriter.js";

describe("tabbedString (describe.go's tabwriter: minwidth 0, padding 2)", () => {
  it("aligns a block of label/value lines two spaces past the longest label", () => {
    const text = tabbedString((w) => {
      w.write(LEVEL_0, "Name:\tweb\n");
      w.write(LEVEL_0, "Namespace:\tdefault\n");
    });
    expect(text).toBe("Name:       web\nNamespace:  default\n");
  });

  it("aligns what follows a flush on its own, as the Events table is", () => {
    const text = tabbedString((w) => {
      w.write(LEVEL_0, "A-very-long-label:\tx\n");
      w.flush();
      w.write(LEVEL_1, "Type\tReason\n");
    });
    expect(text).toBe("A-very-long-label:  x\n  Type  Reason\n");
  });
});
