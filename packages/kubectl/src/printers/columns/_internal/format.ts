/**
 * Cell formatting shared by the per-kind printers, ported from K8s
 * `pkg/printers/internalversion/printers.go` and the apimachinery helpers it calls
 * (`labels.FormatLabels`, `metav1.FormatLabelSelector`, `Selector.String`, `sets.String.List`).
 */

import type { Container } from "kubernetes-types/core/v1.js";
import type { LabelSelector } from "kubernetes-types/meta/v1.js";

/** Go's string ordering (`sort.Strings`): by code unit, never locale-aware. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `sets.NewString(values...).List()`: the distinct values, sorted. */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

/**
 * `labels.FormatLabels`: the `key=value` pairs joined by `,`, or `<none>` when there are none.
 * `labels.Set.String()` sorts the joined pairs, not the keys, so `app.kubernetes.io/name=web`
 * comes before `app=web` (`.` sorts before `=`), as real kubectl prints it.
 */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  if (pairs.length === 0) return "<none>";
  return pairs.sort(compareStrings).join(",");
}

/**
 * `metav1.LabelSelectorAsSelector(sel).String()`: requirements sorted by key, `k=v` for
 * matchLabels, `k in (a,b)`, `k notin (a,b)`, `k`, `!k` for matchExpressions; "" for a nil or
 * empty selector. (Selectors that fail validation print `<error>` in kubectl; stored objects
 * are valid, so that branch is not modelled.)
 */
export function labelSelectorString(sel: LabelSelector | undefined): string {
  if (!sel) return "";
  const reqs: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {}))
    reqs.push({ key, text: `${key}=${value}` });
  for (const expr of sel.matchExpressions ?? []) {
    const values = [...(expr.values ?? [])].sort(compareStrings).join(",");
    switch (expr.operator) {
      case "In":
        reqs.push({ key: expr.key, text: `${expr.key} in (${values})` });
        break;
      case "NotIn":
        reqs.push({ key: expr.key, text: `${expr.key} notin (${values})` });
        break;
      case "Exists":
        reqs.push({ key: expr.key, text: expr.key });
        break;
      case "DoesNotExist":
        reqs.push({ key: expr.key, text: `!${expr.key}` });
        break;
      default:
        reqs.push({ key: expr.key, text: `${expr.key} ${expr.operator} (${values})` });
    }
  }
  // internalSelector.Add sorts requirements by key; a stable sort keeps matchLabels first on ties.
  return reqs
    .sort((a, b) => compareStrings(a.key, b.key))
    .map((r) => r.text)
    .join(",");
}

/** `metav1.FormatLabelSelector`: {@link labelSelectorString}, or `<none>` when it is empty. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  return labelSelectorString(sel) || "<none>";
}

/** `layoutContainerCells`: container names and images, each joined by `,`. */
export function layoutContainerCells(containers: readonly Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(","), list.map((c) => c.image ?? "").join(",")];
}

/** `loadBalancerWidth`: non-wide load-balancer addresses are clipped to this many bytes. */
const LOAD_BALANCER_WIDTH = 16;

/**
 * `loadBalancerStatusStringer` / `ingressLoadBalancerStatusStringer`: each ingress point's IP
 * (or hostname when it has no IP), de-duplicated, sorted and joined by `,`; without `wide`,
 * anything longer than 16 characters is cut to 13 plus `...`.
 */
export function loadBalancerStatusString(
  ingress: readonly { readonly ip?: string; readonly hostname?: string }[] | undefined,
  wide: boolean,
): string {
  const points: string[] = [];
  for (const i of ingress ?? []) {
    if (i.ip) points.push(i.ip);
    else if (i.hostname) points.push(i.hostname);
  }
  const r = sortedSet(points).join(",");
  return !wide && r.length > LOAD_BALANCER_WIDTH ? `${r.slice(0, LOAD_BALANCER_WIDTH - 3)}...` : r;
}

/**
 * `listWithMoreString`: up to `max` items joined by `,` then ` + N more...`, or `<unset>` when
 * the list is empty.
 */
export function listWithMore(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(",");
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown === "" ? "<unset>" : shown;
}

/** Go's `net.JoinHostPort`: brackets around hosts that contain a colon (IPv6). */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
