import { StatusError } from "@kubesim/core";

/**
 * How kubectl prints an API error (k8s.io/kubectl/pkg/cmd/util/helpers.go `StandardErrorMessage`
 * and `MultilineError`): an Invalid error prints `The <Kind> "<name>" is invalid: <cause>`, or
 * that line followed by one `* <cause>` line per cause when there are several; any other
 * status error prints `Error from server (<Reason>): <message>`.
 * `context` (e.g. `error when creating "f.yaml"`) is put before the message as kubectl's
 * `AddSourceToErr` does.
 */
export function formatApiError(err: StatusError, context?: string): string {
  const { status } = err;
  if (status.reason === "Invalid" && status.details?.causes?.length) {
    // helpers.go checkErr: `The %s %q is invalid` with details.Kind alone (no group).
    const prefix = `The ${status.details.kind ?? ""} "${status.details.name ?? ""}" is invalid: `;
    const causes = status.details.causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    if (causes.length === 1) return `${prefix}${causes[0]}\n`;
    return `${prefix}\n${causes.map((c) => `* ${c}\n`).join("")}`;
  }
  const message = context ? `${context}: ${status.message}` : status.message;
  return `Error from server (${status.reason}): ${message}\n`;
}

/** Runs `fn`, turning a StatusError into kubectl's printed form; other errors propagate. */
export function catchApiError<T>(
  fn: () => T,
  onError: (text: string, err: StatusError) => void,
): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (err instanceof StatusError) {
      onError(formatApiError(err), err);
      return undefined;
    }
    throw err;
  }
}
