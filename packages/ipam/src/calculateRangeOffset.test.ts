import { describe, expect, it } from "vitest";
import { mustParseCIDR } from "./CIDR.js";
import { calculateNodePortRangeOffset, calculateServiceIPRangeOffset } from "./calculateRangeOffset.js";

describe("calculateRangeOffset", () => {
  // K8s pkg/registry/core/service/ipallocator/bitmap_test.go Test_calculateRangeOffset
  it.each([
    ["192.168.1.0/28", 0],
    ["192.168.1.0/27", 16],
    ["192.168.1.0/24", 16],
    ["192.168.1.0/22", 64],
    ["192.168.0.0/20", 256],
    ["10.96.0.0/12", 256],
    ["10.0.0.0/8", 256],
    ["10.0.0.0/1", 0], // netutils.RangeSize is 0 for /0 and /1
    ["fd00::/120", 16],
    ["fd00::/112", 256],
    ["fd00::/64", 256],
  ])("ClusterIP static band of %s is %d", (cidr, offset) => {
    expect(calculateServiceIPRangeOffset(mustParseCIDR(cidr))).toBe(offset);
  });

  // K8s pkg/registry/core/service/portallocator/allocator_test.go Test_calculateRangeOffset
  it.each([
    [1, 0],
    [16, 0],
    [17, 16],
    [32 * 16, 16],
    [2768, 86], // 30000-32767: static band 30000–30085
    [32 * 128, 128],
    [65536, 128],
  ])("NodePort static band of a %d-port range is %d", (size, offset) => {
    expect(calculateNodePortRangeOffset({ base: 30000, size })).toBe(offset);
  });
});
