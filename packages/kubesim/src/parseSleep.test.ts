import { describe, expect, it } from "vitest";
import { parseSleep } from "./parseSleep.js";

describe("parseSleep (GNU coreutils sleep arguments)", () => {
  it.each([
    [["5"], 5_000],
    [["5s"], 5_000],
    [["2m"], 120_000],
    [["1h"], 3_600_000],
    [["1d"], 86_400_000],
    [["1.5"], 1_500],
    [[".5m"], 30_000],
    [["1m", "30s"], 90_000],
  ])("%j sleeps %d ms", (args, ms) => {
    expect(parseSleep(args)).toEqual({ ok: true, ms });
  });

  it("words errors as GNU sleep does", () => {
    expect(parseSleep([])).toEqual({
      ok: false,
      error: "sleep: missing operand\nTry 'sleep --help' for more information.\n",
    });
    expect(parseSleep(["5x"])).toEqual({
      ok: false,
      error: "sleep: invalid time interval '5x'\nTry 'sleep --help' for more information.\n",
    });
  });
});
