import { describe, expect, it } from "vitest";
import {
  checkStaticPort,
  formatPortRange,
  parsePortRange,
  portRangeContains,
  portRangeOffsetOf,
} from "./PortRange.js";

describe("parsePortRange (apimachinery PortRange.Set)", () => {
  it.each([
    ["30000-32767", { base: 30000, size: 2768 }, "30000-32767"],
    [" 30000-32767 ", { base: 30000, size: 2768 }, "30000-32767"],
    ["8080", { base: 8080, size: 1 }, "8080-8080"],
    ["0", { base: 0, size: 1 }, "0-0"],
    ["", { base: 0, size: 0 }, ""],
    ["30000-+30010", { base: 30000, size: 11 }, "30000-30010"],
  ])("%j → %j, printed %j", (input, range, printed) => {
    const r = parsePortRange(input);
    expect(r).toEqual({ ok: true, value: range });
    if (r.ok) expect(formatPortRange(r.value)).toBe(printed);
  });

  it.each([
    [
      "abc",
      'unable to parse port range: abc: strconv.Atoi: parsing "abc": invalid syntax, expected hyphen in port range or a single port number',
    ],
    ["70000", "the port range should between 0 and 65535"],
    ["3000x-32767", 'unable to parse port range: 3000x-32767: strconv.Atoi: parsing "3000x": invalid syntax'],
    ["-5", 'unable to parse port range: -5: strconv.Atoi: parsing "": invalid syntax'],
    ["30000-", 'unable to parse port range: 30000-: strconv.Atoi: parsing "": invalid syntax'],
    ["30000-70000", "the port range cannot be greater than 65535: 30000-70000"],
    ["32767-30000", "end port cannot be less than start port: 32767-30000"],
    [
      "1-99999999999999999999",
      'unable to parse port range: 1-99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range',
    ],
  ])("%j → %j", (input, error) => {
    expect(parsePortRange(input)).toEqual({ ok: false, error });
  });
});

describe("port range membership", () => {
  const range = { base: 30000, size: 2768 };
  it("contains its ends only", () => {
    expect(portRangeContains(range, 30000)).toBe(true);
    expect(portRangeContains(range, 32767)).toBe(true);
    expect(portRangeContains(range, 32768)).toBe(false);
    expect(portRangeContains(range, 29999)).toBe(false);
    expect(portRangeOffsetOf(range, 30086)).toBe(86);
  });

  it("a static request outside the range gets the allocator's text", () => {
    expect(checkStaticPort(range, 12306)).toBe(
      "provided port is not in the valid range. The range of valid ports is 30000-32767",
    );
    expect(checkStaticPort(range, 30080)).toBeUndefined();
  });
});
