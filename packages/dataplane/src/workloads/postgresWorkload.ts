/**
 * The `postgres` image's server on 5432: it accepts connections and, as a server of a binary
 * protocol that waits for the client's startup packet, says nothing to what the simulated tools
 * send (an HTTP request or text is an invalid startup packet: postgres logs it and closes the
 * connection without a reply).
 *
 * @module
 */
import { containerBehaviour, imageBaseName } from "@kubesim/core";
import type { Workload, WorkloadMatcher } from "./Workload.js";

/** postgres listening on `ports`. */
export function postgresWorkload(ports: readonly number[]): Workload {
  const listening = ports.map((port) => ({ port, protocol: "TCP" as const }));
  return { listens: () => listening, handle: () => ({ kind: "none" }) };
}

/** Matches `postgres` images (ports from core's model). */
export const matchPostgres: WorkloadMatcher = (ctx) => {
  const { image, command, args } = ctx.container;
  return imageBaseName(image) === "postgres"
    ? postgresWorkload(containerBehaviour(image, command, args).listens)
    : undefined;
};
