import { describe, expect, it } from "vitest";
import {
  goResponse,
  goTimeString,
  httpDate,
  parseRawHttpRequest,
  queryValue,
  serializeHttpResponse,
} from "./http.js";

describe("httpDate", () => {
  it("formats RFC 9110's example date", () => {
    // Sun, 06 Nov 1994 08:49:37 GMT is 784111777 seconds after the epoch.
    expect(httpDate(784111777000)).toBe("Sun, 06 Nov 1994 08:49:37 GMT");
  });
  it("formats the epoch and a leap day", () => {
    expect(httpDate(0)).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    expect(httpDate(1709164800000)).toBe("Thu, 29 Feb 2024 00:00:00 GMT");
  });
});

describe("goTimeString", () => {
  it("drops trailing zeros of the fraction as Go does", () => {
    expect(goTimeString(1704067200000)).toBe("2024-01-01 00:00:00 +0000 UTC");
    expect(goTimeString(1704067200500)).toBe("2024-01-01 00:00:00.5 +0000 UTC");
  });
});

describe("queryValue", () => {
  it("decodes like Go's FormValue and takes the first value", () => {
    expect(queryValue("msg=hello+world&msg=2", "msg")).toBe("hello world");
    expect(queryValue("a=1&msg=%2Fx%3F", "msg")).toBe("/x?");
    expect(queryValue("a=1", "msg")).toBe("");
  });
});

describe("goResponse", () => {
  it("puts handler headers first (sorted), then Date, Content-Length, Content-Type", () => {
    const res = goResponse(200, "hi\n", 0, [
      ["X-B", "2"],
      ["X-A", "1"],
    ]);
    expect(res.headers.map(([k]) => k)).toEqual(["X-A", "X-B", "Date", "Content-Length", "Content-Type"]);
    expect(res.headers[4]).toEqual(["Content-Type", "text/plain; charset=utf-8"]);
  });
  it("sends no Content-Type for an empty body", () => {
    expect(goResponse(412, "", 0).headers).toEqual([
      ["Date", "Thu, 01 Jan 1970 00:00:00 GMT"],
      ["Content-Length", "0"],
    ]);
  });
  it("counts Content-Length in UTF-8 bytes", () => {
    expect(goResponse(200, "é", 0).headers).toContainEqual(["Content-Length", "2"]);
  });
});

describe("parseRawHttpRequest", () => {
  it("parses a request written by hand to nc", () => {
    expect(parseRawHttpRequest("GET /x?y=1 HTTP/1.1\r\nHost: a\r\n\r\n")).toEqual({
      kind: "http",
      method: "GET",
      path: "/x?y=1",
      headers: [["Host", "a"]],
      body: "",
    });
  });
  it("rejects what is not a request line", () => {
    expect(parseRawHttpRequest("hello\n")).toBeUndefined();
    expect(parseRawHttpRequest("PING\r\n")).toBeUndefined();
  });
  it("serializes a response for raw clients", () => {
    const res = {
      kind: "http" as const,
      status: 200,
      reason: "OK",
      headers: [["A", "b"] as const],
      body: "x",
    };
    expect(serializeHttpResponse(res)).toBe("HTTP/1.1 200 OK\r\nA: b\r\n\r\nx");
  });
});
