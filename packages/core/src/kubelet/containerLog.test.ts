import { describe, expect, it } from "vitest";
import { formatRFC3339Nano, logEntries, readContainerLog } from "./containerLog.js";

describe("container logs (the kubelet's log reader)", () => {
  const entries = [...logEntries("one\ntwo\n", "", 1000), ...logEntries("three\n", "oops\npartial", 5500)];

  it("keeps one entry per line with its stream, stdout before stderr, a partial last line as it is", () => {
    expect(logEntries("a\nb", "c\n", 0)).toEqual([
      { atMs: 0, stream: "stdout", text: "a\n" },
      { atMs: 0, stream: "stdout", text: "b" },
      { atMs: 0, stream: "stderr", text: "c\n" },
    ]);
  });

  it("serves only lines already written, then --since, then --tail", () => {
    expect(readContainerLog(entries, 2000).map((l) => l.text)).toEqual(["one\n", "two\n"]);
    expect(
      readContainerLog(entries, 6000)
        .map((l) => l.text)
        .join(""),
    ).toBe("one\ntwo\nthree\noops\npartial");
    expect(readContainerLog(entries, 6000, { sinceSeconds: 1 }).map((l) => l.text)).toEqual([
      "three\n",
      "oops\n",
      "partial",
    ]);
    expect(readContainerLog(entries, 6000, { tail: 2 }).map((l) => l.text)).toEqual(["oops\n", "partial"]);
    expect(readContainerLog(entries, 6000, { tail: 0 })).toEqual([]);
    expect(readContainerLog(entries, 6000, { tail: -1 })).toHaveLength(5);
  });

  it("prefixes RFC3339Nano timestamps with --timestamps (Go trims the fraction's trailing zeros)", () => {
    const base = Date.UTC(2025, 0, 1);
    expect(formatRFC3339Nano(base)).toBe("2025-01-01T00:00:00Z");
    expect(formatRFC3339Nano(base + 5500)).toBe("2025-01-01T00:00:05.5Z");
    expect(formatRFC3339Nano(base + 61_042)).toBe("2025-01-01T00:01:01.042Z");
    const stamped = readContainerLog(logEntries("hi\n", "", base + 1250), base + 2000, { timestamps: true });
    expect(stamped).toEqual([{ stream: "stdout", text: "2025-01-01T00:00:01.25Z hi\n" }]);
  });
});
