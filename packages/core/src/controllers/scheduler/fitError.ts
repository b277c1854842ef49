/**
 * How a filter judged one node (`framework.Status`): `Unschedulable` may be resolved by
 * preempting pods on the node, `UnschedulableAndUnresolvable` cannot.
 */
export interface NodeStatus {
  readonly code: "Unschedulable" | "UnschedulableAndUnresolvable";
  readonly reasons: readonly string[];
}

/**
 * `FitError.Error()` (K8s pkg/scheduler/framework/types.go, 1.33): `0/<all nodes> nodes are
 * available:` then the histogram of the nodes' reasons as `<count> <reason>`, sorted as strings
 * (Go's `sort.Strings`, so `1 ...` sorts before `10 ...` and `2 ...`), joined by `, ` and ended by
 * a period; then the PostFilter (preemption) message after a space, without another period (the
 * doubled `..` of earlier releases was fixed in 1.30).
 */
export function formatFitError(
  numAllNodes: number,
  statuses: Iterable<NodeStatus>,
  postFilterMsg = "",
): string {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const histogram = [...counts].map(([reason, n]) => `${n} ${reason}`);
  histogram.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let msg = `0/${numAllNodes} nodes are available:`;
  if (histogram.length > 0) msg += ` ${histogram.join(", ")}.`;
  if (postFilterMsg) msg += ` ${postFilterMsg}`;
  return msg;
}

/** `validation.NoteLengthLimit`: events carry at most 1024 bytes of message. */
const NOTE_LENGTH_LIMIT = 1024;

/**
 * The scheduler's `truncateMessage` for the FailedScheduling event (the pod condition keeps the
 * whole message): longer messages are cut and end in ` ...`.
 */
export function truncateEventMessage(message: string): string {
  if (message.length <= NOTE_LENGTH_LIMIT) return message;
  return message.slice(0, NOTE_LENGTH_LIMIT - 4) + " ...";
}
