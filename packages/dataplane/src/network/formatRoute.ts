/**
 * One route as `ip route` (iproute2 `print_route`) prints it: destination, `via`, `dev`,
 * `proto`, `scope`, `src`, then the flags (`onlink`, `linkdown`).
 *
 * @module
 */
import type { Route } from "./NetworkTypes.js";

/** `10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink`, `default via 172.18.0.1 dev eth0`, ... */
export function formatRoute(route: Route): string {
  let out = route.destination;
  if (route.gateway !== undefined) out += ` via ${route.gateway}`;
  out += ` dev ${route.dev}`;
  if (route.proto !== undefined) out += ` proto ${route.proto}`;
  if (route.scope !== undefined) out += ` scope ${route.scope}`;
  if (route.src !== undefined) out += ` src ${route.src}`;
  if (route.onlink) out += " onlink";
  if (route.linkdown) out += " linkdown";
  return out;
}
