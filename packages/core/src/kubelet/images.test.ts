import { describe, expect, it } from "vitest";
import { goDuration, imageID, normalizeImage } from "./images.js";

describe("images", () => {
  it("normalizes references as containerd reports them", () => {
    expect(normalizeImage("nginx")).toBe("docker.io/library/nginx:latest");
    expect(normalizeImage("nginx:1.27")).toBe("docker.io/library/nginx:1.27");
    expect(normalizeImage("hashicorp/http-echo")).toBe("docker.io/hashicorp/http-echo:latest");
    expect(normalizeImage("registry.k8s.io/pause:3.10")).toBe("registry.k8s.io/pause:3.10");
    expect(normalizeImage("localhost:5000/app")).toBe("localhost:5000/app:latest");
  });

  it("gives each image one stable digest", () => {
    expect(imageID("nginx")).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageID("nginx")).toBe(imageID("docker.io/library/nginx:latest"));
    expect(imageID("nginx:1.27")).not.toBe(imageID("nginx"));
  });

  it("prints durations as Go does", () => {
    expect(goDuration(523)).toBe("523ms");
    expect(goDuration(1234)).toBe("1.234s");
    expect(goDuration(2000)).toBe("2s");
    expect(goDuration(65_500)).toBe("1m5.5s");
    expect(goDuration(300_000)).toBe("5m0s");
  });
});
