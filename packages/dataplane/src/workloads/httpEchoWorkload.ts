/**
 * `hashicorp/http-echo` 1.0 (hashicorp/http-echo `main.go`, `handlers.go`): answers every path
 * with its `-text` (or the `ECHO_TEXT` env var) plus a newline (`fmt.Fprintln`), with status
 * `-status-code` (default 200); `/health` answers `{"status":"ok"}` and 200. Every response
 * carries `X-App-Name: http-echo` and `X-App-Version: 1.0.0`. It listens on `-listen`
 * (default `:5678`; the port comes from core's model of the process). Without any text it
 * exits with `Missing -text option or ECHO_TEXT env var!` and listens on nothing.
 *
 * @module
 */
import { containerBehaviour, imageBaseName } from "@kubesim/core";
import { envEntries, flagValue, programArgs } from "./_internal/argv.js";
import { GO_BAD_REQUEST_BYTES, goResponse, serveHttp, splitTarget } from "./_internal/http.js";
import type { Workload, WorkloadMatcher } from "./Workload.js";

/** The version http-echo reports in `X-App-Version`. */
export const HTTP_ECHO_VERSION = "1.0.0";

/** What http-echo serves. */
export interface HttpEchoOptions {
  readonly text: string;
  readonly port: number;
  readonly statusCode?: number;
}

/** http-echo serving `text`. */
export function httpEchoWorkload(options: HttpEchoOptions): Workload {
  const listening = [{ port: options.port, protocol: "TCP" as const }];
  const appHeaders: [string, string][] = [
    ["X-App-Name", "http-echo"],
    ["X-App-Version", HTTP_ECHO_VERSION],
  ];
  return {
    listens: () => listening,
    handle: (ctx, request) =>
      serveHttp(
        {
          respond: (req) =>
            // ServeMux: "/health" matches that path exactly; "/" catches the rest.
            splitTarget(req.path).pathname === "/health"
              ? goResponse(200, '{"status":"ok"}\n', ctx.nowMs, appHeaders)
              : goResponse(options.statusCode ?? 200, `${options.text}\n`, ctx.nowMs, appHeaders),
          badRequestBytes: () => GO_BAD_REQUEST_BYTES,
        },
        request,
      ),
  };
}

/** Matches `hashicorp/http-echo` images. */
export const matchHttpEcho: WorkloadMatcher = (ctx) => {
  const { image, command, args } = ctx.container;
  if (imageBaseName(image) !== "http-echo") return undefined;
  const argv = programArgs(ctx, "http-echo");
  const env = envEntries(ctx);
  const text = flagValue(argv, "text") || (env.find(([k]) => k === "ECHO_TEXT")?.[1] ?? "");
  const port = containerBehaviour(image, command, args).listens[0];
  if (text === "" || port === undefined) return { listens: () => [], handle: () => ({ kind: "none" }) };
  const status = flagValue(argv, "status-code");
  return httpEchoWorkload({
    text,
    port,
    ...(status !== undefined && /^\d+$/.test(status) ? { statusCode: Number(status) } : {}),
  });
};
