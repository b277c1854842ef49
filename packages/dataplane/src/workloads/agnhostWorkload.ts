/**
 * `registry.k8s.io/e2e-test-images/agnhost`: one binary, the subcommand picks the server. The
 * image's entrypoint is `/agnhost`, so manifests give the subcommand in `args`
 * (`args: ["netexec", "--http-port=8080"]`) or spell the binary in `command`.
 *
 * @module
 */
import { imageBaseName } from "@kubesim/core";
import { envEntries, programArgs } from "./_internal/argv.js";
import { netexecOptions, netexecWorkload } from "./netexecWorkload.js";
import { porterJsonResponse, porterPorts, porterWorkload } from "./porterWorkload.js";
import { serveHostnameOptions, serveHostnameWorkload } from "./serveHostnameWorkload.js";
import type { Workload, WorkloadContext, WorkloadMatcher } from "./Workload.js";

/**
 * The workload of an agnhost container: `netexec`, `serve-hostname` or `porter`; `undefined` for
 * other subcommands (they fall through to the next matcher).
 */
export function agnhostWorkload(ctx: WorkloadContext): Workload | undefined {
  const argv = programArgs(ctx, "agnhost");
  const [sub, ...rest] = argv;
  switch (sub) {
    case "netexec":
      return netexecWorkload(netexecOptions(rest));
    case "serve-hostname":
      return serveHostnameWorkload(serveHostnameOptions(rest));
    case "porter":
      return porterWorkload(porterPorts(envEntries(ctx)), { jsonResponse: porterJsonResponse(rest) });
    default:
      return undefined;
  }
}

/** Matches agnhost images by their base name. */
export const matchAgnhost: WorkloadMatcher = (ctx) =>
  imageBaseName(ctx.container.image) === "agnhost" ? agnhostWorkload(ctx) : undefined;
