/**
 * The architecture, checked: every package imports only what its package.json declares,
 * library packages use no Node APIs (only the CLI may), workspace dependencies point one way
 * (the order of LAYERS), and library code reads no real time or randomness.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Lower layers first: a package may only depend on packages before it. */
const LAYERS = ["ipam", "core", "dataplane", "dns", "manifests", "kubectl", "kubesim", "cli"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]!);
}

const packages = readdirSync(packagesDir).filter(
  (p) => LAYERS.includes(p) && statSync(join(packagesDir, p, "src"), { throwIfNoEntry: false }),
);

describe.each(packages)("package %s", (pkg) => {
  const manifest = JSON.parse(readFileSync(join(packagesDir, pkg, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const declared = new Set(Object.keys(manifest.dependencies ?? {}));
  const files = sourceFiles(join(packagesDir, pkg, "src"));
  const external = files.flatMap((f) =>
    importsOf(f)
      .filter((s) => !s.startsWith("."))
      .map((s) => ({ f, s })),
  );

  it("imports only declared dependencies", () => {
    const undeclared = external
      .filter(({ s }) => !s.startsWith("node:"))
      .map(({ f, s }) => ({
        f,
        name: s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!,
      }))
      .filter(({ name }) => !declared.has(name));
    expect(undeclared).toEqual([]);
  });

  it("depends only on lower layers", () => {
    const lower = new Set(LAYERS.slice(0, LAYERS.indexOf(pkg)).map((p) => `@kubesim/${p}`));
    const wrong = [...declared].filter((d) => d.startsWith("@kubesim/") && !lower.has(d));
    expect(wrong).toEqual([]);
  });

  if (pkg !== "cli") {
    it("uses no Node APIs and no real time or randomness (it must run in browsers and replay exactly)", () => {
      expect(external.filter(({ s }) => s.startsWith("node:"))).toEqual([]);
      const offenders = files.filter((f) =>
        /Math\.random|Date\.now|new Date\(|performance\.now|setTimeout|setInterval|process\./.test(
          readFileSync(f, "utf8"),
        ),
      );
      expect(offenders).toEqual([]);
    });
  }
});
