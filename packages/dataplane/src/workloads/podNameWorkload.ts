/**
 * The generic server: answers HTTP on its TCP ports with the pod's name (`<pod name>\n`, Go
 * net/http's headers) and every UDP or SCTP datagram with the same text. It stands for server
 * images core knows but kubesim does not model in detail (httpd, caddy, mysql, ...) and for
 * unknown images, which listen on their declared `containerPort`s.
 *
 * @module
 */
import { containerBehaviour } from "@kubesim/core";
import { GO_BAD_REQUEST_BYTES, goResponse, serveHttp } from "./_internal/http.js";
import type { ListeningPort, Workload, WorkloadContext, WorkloadMatcher } from "./Workload.js";

/** A server on `ports` that answers with the pod's name. */
export function podNameWorkload(ports: readonly ListeningPort[]): Workload {
  return {
    listens: () => ports,
    handle: (ctx, request) => {
      const text = `${ctx.pod.metadata.name ?? ""}\n`;
      if (request.protocol !== "TCP")
        return request.request.kind === "none" ? { kind: "none" } : { kind: "data", data: text };
      return serveHttp(
        { respond: () => goResponse(200, text, ctx.nowMs), badRequestBytes: () => GO_BAD_REQUEST_BYTES },
        request,
      );
    },
  };
}

/** The container's declared ports (`protocol` defaults to TCP), duplicates removed, in spec order. */
export function declaredPorts(ctx: WorkloadContext): ListeningPort[] {
  const out: ListeningPort[] = [];
  for (const p of ctx.container.ports ?? []) {
    const protocol = p.protocol === "UDP" || p.protocol === "SCTP" ? p.protocol : "TCP";
    if (!out.some((q) => q.port === p.containerPort && q.protocol === protocol))
      out.push({ port: p.containerPort, protocol });
  }
  return out;
}

/**
 * Any image whose process core's model knows to listen (`containerBehaviour(...).listens`): the
 * generic server on those TCP ports, and not on declared ports it does not bind.
 */
export const matchKnownServer: WorkloadMatcher = (ctx) => {
  const { image, command, args } = ctx.container;
  const listens = containerBehaviour(image, command, args).listens;
  if (listens.length === 0) return undefined;
  return podNameWorkload([...new Set(listens)].map((port) => ({ port, protocol: "TCP" as const })));
};

/**
 * The last resort for images kubesim knows nothing about: the process is taken to listen on every
 * declared `containerPort`, which is what such manifests usually mean.
 */
export function defaultWorkload(ctx: WorkloadContext): Workload {
  return podNameWorkload(declaredPorts(ctx));
}
