/**
 * The built-in catalogue, in the order it is consulted: specific programs first, then any server
 * core's process model knows, then (outside this list) the default for unknown images.
 *
 * @module
 */

import { matchAgnhost } from "./agnhostWorkload.js";
import { matchClientImage } from "./clientImageWorkload.js";
import { matchHttpEcho } from "./httpEchoWorkload.js";
import { matchNginx } from "./nginxWorkload.js";
import { matchKnownServer } from "./podNameWorkload.js";
import { matchPostgres } from "./postgresWorkload.js";
import { matchRedis } from "./redisWorkload.js";
import type { WorkloadMatcher } from "./Workload.js";

/** Built-in matchers, consulted in this order after the user's. */
export const BUILTIN_MATCHERS: readonly WorkloadMatcher[] = Object.freeze([
  matchAgnhost,
  matchHttpEcho,
  matchNginx,
  matchRedis,
  matchPostgres,
  matchClientImage,
  matchKnownServer,
]);
