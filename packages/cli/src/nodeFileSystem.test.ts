import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeFileSystem } from "./nodeFileSystem.js";

const root = mkdtempSync(join(tmpdir(), "kubesim-fs-test-"));
mkdirSync(join(root, "dir"));
writeFileSync(join(root, "dir", "b.yaml"), "b");
writeFileSync(join(root, "dir", "a.yaml"), "a");
writeFileSync(join(root, "dir", "Z.yaml"), "Z");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("nodeFileSystem", () => {
  it("resolves relative paths against its working directory and leaves absolute ones alone", () => {
    const fs = nodeFileSystem(join(root, "dir"));
    expect(fs.readFile("a.yaml")).toBe("a");
    expect(fs.readFile("../dir/b.yaml")).toBe("b");
    expect(nodeFileSystem("/").readFile(join(root, "dir", "a.yaml"))).toBe("a");
  });

  it("throws an Error with code ENOENT for a missing file", () => {
    expect(() => nodeFileSystem(root).readFile("nope.yaml")).toThrow(
      expect.objectContaining({ code: "ENOENT" }),
    );
  });

  it("tells files from directories and missing paths", () => {
    const fs = nodeFileSystem(root);
    expect(fs.stat("dir")).toBe("directory");
    expect(fs.stat("dir/a.yaml")).toBe("file");
    expect(fs.stat("missing")).toBeUndefined();
    expect(fs.stat("dir/a.yaml/below")).toBeUndefined();
  });

  it("lists a directory's names in byte order, as kubectl walks it", () => {
    expect(nodeFileSystem(root).readDir("dir")).toEqual(["Z.yaml", "a.yaml", "b.yaml"]);
  });

  it("serves the shim's descriptors from what the shim read, never from this process's", () => {
    const fs = nodeFileSystem(root, new Map([["/dev/fd/63", "kind: Pod\n"]]));
    expect(fs.stat("/dev/fd/63")).toBe("file");
    expect(fs.readFile("/dev/fd/63")).toBe("kind: Pod\n");
    expect(fs.stat("/dev/fd/0")).toBeUndefined();
    expect(() => fs.readFile("/proc/self/fd/0")).toThrow(expect.objectContaining({ code: "ENOENT" }));
    expect(() => fs.readFile("/dev/stdin")).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });
});
