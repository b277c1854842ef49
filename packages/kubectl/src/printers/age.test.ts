import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { humanDuration, parseTimestampMs, translateTimestampSince } from "./age.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

describe("humanDuration", () => {
  // Ported from K8s staging/src/k8s.io/apimachinery/pkg/util/duration/duration_test.go TestHumanDuration.
  it.each([
    [SECOND, "1s"],
    [70 * SECOND, "70s"],
    [190 * SECOND, "3m10s"],
    [70 * MINUTE, "70m"],
    [47 * HOUR, "47h"],
    [49 * HOUR, "2d1h"],
    [(8 * 24 + 2) * HOUR, "8d"],
    [367 * DAY, "367d"],
    [(365 * 2 * 24 + 25) * HOUR, "2y1d"],
    [(365 * 8 * 24 + 2) * HOUR, "8y"],
  ])("duration_test.go TestHumanDuration: %d ms -> %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  // Ported from duration_test.go TestHumanDurationBoundaries (1 ns there is 1e-6 ms here).
  it.each([
    [-2 * SECOND, "<invalid>"],
    [-2 * SECOND + 1e-6, "0s"],
    [0, "0s"],
    [SECOND - 1, "0s"],
    [2 * MINUTE - 1, "119s"],
    [2 * MINUTE, "2m"],
    [2 * MINUTE + SECOND, "2m1s"],
    [10 * MINUTE - 1, "9m59s"],
    [10 * MINUTE, "10m"],
    [10 * MINUTE + SECOND, "10m"],
    [3 * HOUR - 1, "179m"],
    [3 * HOUR, "3h"],
    [3 * HOUR + MINUTE, "3h1m"],
    [8 * HOUR - 1, "7h59m"],
    [8 * HOUR, "8h"],
    [8 * HOUR + 59 * MINUTE, "8h"],
    [2 * DAY - 1, "47h"],
    [2 * DAY, "2d"],
    [2 * DAY + HOUR, "2d1h"],
    [8 * DAY - 1, "7d23h"],
    [8 * DAY, "8d"],
    [8 * DAY + 23 * HOUR, "8d"],
    [2 * YEAR - 1, "729d"],
    [2 * YEAR, "2y"],
    [2 * YEAR + 23 * HOUR, "2y"],
    [2 * YEAR + 23 * HOUR + 59 * MINUTE, "2y"],
    [2 * YEAR + DAY - 1, "2y"],
    [2 * YEAR + DAY, "2y1d"],
    [3 * YEAR, "3y"],
    [4 * YEAR, "4y"],
    [5 * YEAR, "5y"],
    [6 * YEAR, "6y"],
    [7 * YEAR, "7y"],
    [8 * YEAR - 1, "7y364d"],
    [8 * YEAR, "8y"],
    [8 * YEAR + 364 * DAY, "8y"],
    [9 * YEAR, "9y"],
  ])("duration_test.go TestHumanDurationBoundaries: %d ms -> %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it("treats up to one second in the future as now, and more as clock skew", () => {
    expect(humanDuration(-1 * SECOND)).toBe("0s");
    expect(humanDuration(-1999)).toBe("0s");
    expect(humanDuration(-2000)).toBe("<invalid>");
    expect(humanDuration(-10 * YEAR)).toBe("<invalid>");
  });

  it("prints the second and minute remainders only below 10 minutes and 8 hours", () => {
    expect(humanDuration(5 * MINUTE + 30 * SECOND)).toBe("5m30s");
    expect(humanDuration(45 * MINUTE + 30 * SECOND)).toBe("45m");
    expect(humanDuration(3 * HOUR + 15 * MINUTE)).toBe("3h15m");
    expect(humanDuration(20 * HOUR + 15 * MINUTE)).toBe("20h");
    expect(humanDuration(2 * DAY + 5 * HOUR)).toBe("2d5h");
    expect(humanDuration(30 * DAY + 5 * HOUR)).toBe("30d");
    expect(humanDuration(400 * DAY)).toBe("400d");
  });

  /** The lower bound of the duration a humanDuration string stands for, in ms. */
  function lowerBoundMs(s: string): number {
    const units: Record<string, number> = { y: YEAR, d: DAY, h: HOUR, m: MINUTE, s: SECOND };
    let total = 0;
    for (const [, n, u] of s.matchAll(/(\d+)([ydhms])/g)) total += Number(n) * (units[u ?? ""] ?? Number.NaN);
    return total;
  }

  test.prop([fc.integer({ min: 0, max: 20 * YEAR })])(
    "never overstates an age, and understates it by less than its last unit",
    (ms) => {
      const s = humanDuration(ms);
      expect(s).toMatch(/^(\d+[ydhms]){1,2}$/);
      const low = lowerBoundMs(s);
      expect(low).toBeLessThanOrEqual(ms);
      // The coarsest unit kubectl drops is a year (past 8y); finer ages lose less.
      const lastUnit = s.endsWith("y")
        ? YEAR
        : s.endsWith("d")
          ? DAY
          : s.endsWith("h")
            ? HOUR
            : s.endsWith("m")
              ? MINUTE
              : SECOND;
      expect(ms - low).toBeLessThan(lastUnit);
    },
  );

  test.prop([fc.integer({ min: 0, max: 20 * YEAR }), fc.integer({ min: 0, max: 20 * YEAR })])(
    "is monotonic: an older object never shows a smaller age",
    (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(lowerBoundMs(humanDuration(lo))).toBeLessThanOrEqual(lowerBoundMs(humanDuration(hi)));
    },
  );
});

describe("translateTimestampSince", () => {
  const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
  const at = (deltaMs: number) => new Date(NOW + deltaMs).toISOString();

  // Ported from K8s pkg/printers/internalversion/printers_test.go TestTranslateTimestampSince.
  it.each([
    ["a while from now", at(2100), "<invalid>"],
    ["almost now", at(1900), "0s"],
    ["now", at(0), "0s"],
    ["unknown", undefined, "<unknown>"],
    ["30 seconds ago", at(-30 * SECOND), "30s"],
    ["5 minutes ago", at(-5 * MINUTE), "5m"],
    ["an hour ago", at(-100 * MINUTE), "100m"],
    ["2 days ago", at(-2 * DAY), "2d"],
    ["months ago", at(-90 * DAY), "90d"],
    ["10 years ago", at(-10 * YEAR), "10y"],
  ])("printers_test.go TestTranslateTimestampSince: %s", (_name, ts, want) => {
    expect(translateTimestampSince(ts, NOW)).toBe(want);
  });

  it("reads missing, empty, zero and malformed timestamps as <unknown>", () => {
    expect(translateTimestampSince("", NOW)).toBe("<unknown>");
    expect(translateTimestampSince("0001-01-01T00:00:00Z", NOW)).toBe("<unknown>");
    expect(translateTimestampSince("yesterday", NOW)).toBe("<unknown>");
  });
});

describe("parseTimestampMs", () => {
  it("parses RFC 3339 with a Z or numeric offset and fractional seconds (metav1.MicroTime)", () => {
    expect(parseTimestampMs("2024-06-01T12:00:00Z")).toBe(Date.UTC(2024, 5, 1, 12));
    expect(parseTimestampMs("2024-06-01T14:00:00+02:00")).toBe(Date.UTC(2024, 5, 1, 12));
    expect(parseTimestampMs("2024-06-01T11:30:00-00:30")).toBe(Date.UTC(2024, 5, 1, 12));
    expect(parseTimestampMs("2024-06-01T12:00:00.123456Z")).toBeCloseTo(
      Date.UTC(2024, 5, 1, 12) + 123.456,
      6,
    );
    expect(parseTimestampMs("1970-01-01T00:00:00Z")).toBe(0);
    expect(parseTimestampMs("2024-02-29T00:00:00Z")).toBe(Date.UTC(2024, 1, 29));
  });

  it("rejects impossible dates and other formats", () => {
    expect(parseTimestampMs("2023-02-29T00:00:00Z")).toBeUndefined();
    expect(parseTimestampMs("2024-13-01T00:00:00Z")).toBeUndefined();
    expect(parseTimestampMs("2024-06-01T24:00:00Z")).toBeUndefined();
    expect(parseTimestampMs("2024-06-01 12:00")).toBeUndefined();
    expect(parseTimestampMs("2024-06-01T12:00:00")).toBeUndefined();
  });

  test.prop([fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) })])(
    "agrees with the ECMAScript date parser on every instant it can print",
    (ms) => {
      const iso = new Date(ms).toISOString();
      expect(parseTimestampMs(iso)).toBe(Date.parse(iso));
    },
  );
});
