import { describe, expect, it } from "vitest";
import { parseFileSource, parseLiteralSource } from "./dataSources.js";
import { containerNameFor } from "./deployment.js";
import { isValidImageReference } from "./runPod.js";
import { base64Utf8 } from "./secret.js";

describe("kubectl generator helpers", () => {
  it("container names drop registry, tag and digest; dots and underscores get a random suffix (sanitizeAndUniquify)", () => {
    const suffix = () => "abcde";
    expect(containerNameFor("registry.example.com:5000/team/nginx:1.25", suffix)).toBe("nginx");
    expect(containerNameFor("busybox@sha256:0123", suffix)).toBe("busybox");
    expect(containerNameFor("my.registry/foo_bar:1.0", suffix)).toBe("foo-bar-abcde");
  });

  it("image references follow distribution/reference's grammar", () => {
    expect(isValidImageReference("nginx")).toBe(true);
    expect(isValidImageReference("localhost:5000/a/b__c:v1")).toBe(true);
    expect(isValidImageReference(`nginx@sha256:${"a".repeat(64)}`)).toBe(true);
    expect(isValidImageReference("Nginx")).toBe(false);
    expect(isValidImageReference("nginx:")).toBe(false);
  });

  it("literal and file sources split as util.ParseLiteralSource/ParseFileSource do", () => {
    expect(parseLiteralSource("a=b=c")).toEqual({ ok: true, object: { key: "a", value: "b=c" } });
    expect(parseLiteralSource("=v")).toEqual({
      ok: false,
      error: "invalid literal source =v, expected key=value",
    });
    expect(parseFileSource("dir/file.txt")).toEqual({
      ok: true,
      object: { key: "file.txt", path: "dir/file.txt" },
    });
    expect(parseFileSource("k=dir/file.txt")).toEqual({
      ok: true,
      object: { key: "k", path: "dir/file.txt" },
    });
    expect(parseFileSource("=x")).toEqual({ ok: false, error: "key name for file path x missing" });
  });

  it("secret values are base64 of their UTF-8 bytes", () => {
    expect(base64Utf8("p@ss")).toBe("cEBzcw==");
    expect(base64Utf8("é")).toBe("w6k=");
    expect(base64Utf8("")).toBe("");
  });
});
