/**
 * Container logs as the kubelet keeps and serves them: what a container's main process printed,
 * one entry per line with the stream it came on and the (virtual) instant it was written, kept
 * per container instance (the current one and the previous one, as `--previous` reads), and
 * rendered as the kubelet's log reader renders them (pkg/kubelet/kuberuntime/logs/logs.go
 * `ReadLogs`: `--timestamps` prefixes RFC3339Nano times, `--tail` keeps the last lines,
 * `--since` drops older ones).
 *
 * @module
 */

import { formatTimestamp } from "../engine/VirtualClock.js";

/** One line of a container's log (its trailing newline kept; a last partial line has none). */
export interface ContainerLogEntry {
  /** The virtual instant the line was written. */
  readonly atMs: number;
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/** The log of one container instance (one `restartCount`). */
export interface ContainerLogInstance {
  readonly restartCount: number;
  /** `containerd://<id>`, as the pod status names the instance. */
  readonly containerID: string;
  readonly entries: readonly ContainerLogEntry[];
}

/** How a log is read (the fields of `PodLogOptions` kubesim serves). */
export interface ContainerLogReadOptions {
  /** Prefix every line with its RFC3339Nano time and a space. */
  readonly timestamps?: boolean;
  /** Keep only the last N lines (`--tail`); absent or negative: all. */
  readonly tail?: number;
  /** Keep only lines written in the last N seconds (`--since`). */
  readonly sinceSeconds?: number;
}

/** A log line as served: its stream, and its text with the timestamp prefix when asked for. */
export interface ContainerLogLine {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/**
 * Splits what a process printed into log entries, all written at `atMs`. The tools report their
 * stdout and stderr separately, not how the two interleaved, so stdout's lines come first.
 */
export function logEntries(stdout: string, stderr: string, atMs: number): ContainerLogEntry[] {
  const entries: ContainerLogEntry[] = [];
  for (const [stream, text] of [
    ["stdout", stdout],
    ["stderr", stderr],
  ] as const) {
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf("\n", start);
      const end = nl < 0 ? text.length : nl + 1;
      entries.push({ atMs, stream, text: text.slice(start, end) });
      start = end;
    }
  }
  return entries;
}

/**
 * The lines a log read returns at `nowMs`: entries not yet written are left out, then
 * `sinceSeconds` and `tail` apply (the kubelet applies `since` first, then `tail` on what is
 * left), and `timestamps` prefixes each line.
 */
export function readContainerLog(
  entries: readonly ContainerLogEntry[],
  nowMs: number,
  options: ContainerLogReadOptions = {},
): ContainerLogLine[] {
  let kept = entries.filter((e) => e.atMs <= nowMs);
  if (options.sinceSeconds !== undefined) {
    const from = nowMs - options.sinceSeconds * 1000;
    kept = kept.filter((e) => e.atMs >= from);
  }
  if (options.tail !== undefined && options.tail >= 0)
    kept = options.tail === 0 ? [] : kept.slice(-options.tail);
  return kept.map((e) => ({
    stream: e.stream,
    text: options.timestamps ? `${formatRFC3339Nano(e.atMs)} ${e.text}` : e.text,
  }));
}

/**
 * Go's `time.RFC3339Nano` of an instant in milliseconds: trailing zeros of the fraction are
 * dropped, and so is the fraction when it is zero (`2025-01-01T00:00:05.12Z`, `...:05Z`).
 */
export function formatRFC3339Nano(ms: number): string {
  const whole = Math.floor(ms / 1000) * 1000;
  const seconds = formatTimestamp(whole).slice(0, -1);
  const frac = Math.round(ms - whole);
  if (frac === 0) return `${seconds}Z`;
  return `${seconds}.${String(frac).padStart(3, "0").replace(/0+$/, "")}Z`;
}
