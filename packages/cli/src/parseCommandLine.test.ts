import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "./parseCommandLine.js";

describe("parseCommandLine", () => {
  it("parses run flags in both --flag value and --flag=value forms", () => {
    expect(parseCommandLine(["run", "--seed", "42", "--nodes=3", "--config", "c.yaml", "s.sh", "a"])).toEqual(
      {
        kind: "run",
        run: { seed: 42, nodes: 3, config: "c.yaml", script: "s.sh", args: ["a"] },
      },
    );
    expect(parseCommandLine(["run", "--seed=0", "s.sh"])).toEqual({
      kind: "run",
      run: { seed: 0, script: "s.sh", args: [] },
    });
  });

  it("passes everything after SCRIPT to the script, flags included", () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (args) => {
        expect(parseCommandLine(["run", "--seed", "1", "s.sh", ...args])).toEqual({
          kind: "run",
          run: { seed: 1, script: "s.sh", args },
        });
      }),
    );
  });

  it("takes - as the script from standard input and -- as the end of kubesim's flags", () => {
    expect(parseCommandLine(["run", "-", "--seed"])).toEqual({
      kind: "run",
      run: { script: "-", args: ["--seed"] },
    });
    expect(parseCommandLine(["run", "--", "--odd-name.sh", "x"])).toEqual({
      kind: "run",
      run: { script: "--odd-name.sh", args: ["x"] },
    });
  });

  it.each([
    [
      ["run", "--seed", "-1", "s.sh"],
      'invalid argument "-1" for "--seed" flag: must be a non-negative integer',
    ],
    [
      ["run", "--seed", "1.5", "s.sh"],
      'invalid argument "1.5" for "--seed" flag: must be a non-negative integer',
    ],
    [
      ["run", "--seed=abc", "s.sh"],
      'invalid argument "abc" for "--seed" flag: must be a non-negative integer',
    ],
    [
      ["run", "--seed", "99999999999999999999", "s.sh"],
      expect.stringContaining("must be a non-negative integer"),
    ],
    [["run", "--nodes", "0", "s.sh"], 'invalid argument "0" for "--nodes" flag: must be a positive integer'],
    [["run", "--seed"], "flag needs an argument: --seed"],
    [["run", "--bogus", "s.sh"], "unknown flag: --bogus"],
    [["run", "-x", "s.sh"], "unknown shorthand flag: 'x' in -x"],
    [["run"], "missing SCRIPT argument"],
    [["run", "--seed", "1", "--"], "missing SCRIPT argument"],
  ])("rejects run %j", (argv, message) => {
    expect(parseCommandLine(argv)).toEqual({ kind: "error", message, topic: "run" });
  });

  it("recognises help, version and unknown commands", () => {
    expect(parseCommandLine(["--help"])).toEqual({ kind: "help", topic: "kubesim" });
    expect(parseCommandLine(["help", "run"])).toEqual({ kind: "help", topic: "run" });
    expect(parseCommandLine(["run", "--seed", "1", "-h", "s.sh"])).toEqual({ kind: "help", topic: "run" });
    expect(parseCommandLine(["--version"])).toEqual({ kind: "version" });
    expect(parseCommandLine([])).toEqual({ kind: "error", message: "missing command", topic: "kubesim" });
    expect(parseCommandLine(["walk"])).toEqual({
      kind: "error",
      message: 'unknown command "walk" for "kubesim"',
      topic: "kubesim",
    });
    expect(parseCommandLine(["--seed", "1"])).toEqual({
      kind: "error",
      message: "unknown flag: --seed",
      topic: "kubesim",
    });
  });
});
