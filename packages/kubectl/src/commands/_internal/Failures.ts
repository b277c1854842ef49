import { StatusError } from "@kubesim/core";
import { formatApiError } from "../../errors.js";
import type { Output } from "../../KubectlContext.js";

/**
 * One error a command met while visiting its objects:
 * - `status`: an API error, with the `error when <verb> "<source>"` context kubectl's
 *   `AddSourceToErr` puts before the message when the object came from a file;
 * - `server`: a server response kubesim has no StatusReason for (a Status without a reason,
 *   printed `Error from server: <message>`; UnsupportedMediaType; a 422 without details, printed
 *   `The request is invalid: <message>`);
 * - `message`: a client-side error, printed `error: <message>`.
 */
export type Failure =
  | { readonly kind: "status"; readonly err: StatusError; readonly context?: string }
  | {
      readonly kind: "server";
      readonly reason: "" | "UnsupportedMediaType" | "InvalidRequest";
      readonly message: string;
    }
  | { readonly kind: "message"; readonly message: string }
  /** Several client-side errors returned as one (a Go `utilerrors.Aggregate`). */
  | { readonly kind: "aggregate"; readonly messages: readonly string[] };

/**
 * The errors of one command, printed as kubectl's `cmdutil.CheckErr` prints what a
 * `ContinueOnError` visitor returns (k8s.io/kubectl/pkg/cmd/util/helpers.go): one error in its own
 * form (`The Service "x" is invalid: ...`, `Error from server (NotFound): ...`, `error: ...`);
 * several as an aggregate, one line each, API errors as `Error from server (<Reason>): <message>`
 * and the others without the `error: ` prefix.
 */
export class Failures {
  readonly #items: Failure[] = [];

  /** Records an API error; `context` is e.g. `error when creating "f.yaml"`. */
  status(err: StatusError, context?: string): void {
    this.#items.push(context ? { kind: "status", err, context } : { kind: "status", err });
  }

  /** Records a server response without a kubesim StatusReason. */
  server(reason: "" | "UnsupportedMediaType" | "InvalidRequest", message: string): void {
    this.#items.push({ kind: "server", reason, message });
  }

  /** Records a client-side error. */
  message(message: string): void {
    this.#items.push({ kind: "message", message });
  }

  /**
   * Records client-side errors returned together as one aggregate: alone, it prints one line per
   * message (without `error: `); among other errors, as one line `[a, b]`.
   */
  aggregate(messages: readonly string[]): void {
    if (messages.length === 1) this.message(messages[0]!);
    else if (messages.length > 1) this.#items.push({ kind: "aggregate", messages });
  }

  /** Runs `fn`, recording a StatusError it throws (with `context`); other errors propagate. */
  catch<T>(fn: () => T, context?: string): T | undefined {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      this.status(err, context);
      return undefined;
    }
  }

  /**
   * The recorded errors as Go's `Error()` would give them, for commands that wrap them in their
   * own message: one error's message, `[a, b]` for several.
   */
  errorText(): string {
    const texts = this.#items.map(goErrorText);
    return texts.length === 1 ? texts[0]! : texts.length === 0 ? "" : `[${texts.join(", ")}]`;
  }

  /** How many errors were recorded. */
  get count(): number {
    return this.#items.length;
  }

  /** Prints the errors to standard error and sets exit code 1 if there are any. */
  print(out: Output): void {
    if (this.#items.length === 0) return;
    out.exitCode = 1;
    if (this.#items.length === 1) {
      out.err(singleText(this.#items[0]!));
      return;
    }
    out.err(this.#items.map((f) => `${aggregateLine(f)}\n`).join(""));
  }
}

function singleText(f: Failure): string {
  switch (f.kind) {
    case "status":
      return formatApiError(f.err, f.context);
    case "server":
      return `${serverLine(f.reason, f.message)}\n`;
    case "message": {
      const msg = f.message.startsWith("error: ") ? f.message : `error: ${f.message}`;
      return msg.endsWith("\n") ? msg : `${msg}\n`;
    }
    case "aggregate":
      return f.messages.map((m) => `${m}\n`).join("");
  }
}

function serverLine(reason: "" | "UnsupportedMediaType" | "InvalidRequest", message: string): string {
  if (reason === "InvalidRequest") return `The request is invalid: ${message}`;
  return reason === "" ? `Error from server: ${message}` : `Error from server (${reason}): ${message}`;
}

function goErrorText(f: Failure): string {
  switch (f.kind) {
    case "status":
      return `${f.context ? `${f.context}: ` : ""}${f.err.status.message}`;
    case "server":
      return f.message;
    case "message":
      return f.message.replace(/\n$/, "");
    case "aggregate":
      return `[${f.messages.join(", ")}]`;
  }
}

function aggregateLine(f: Failure): string {
  switch (f.kind) {
    case "status": {
      const { reason, message } = f.err.status;
      return `Error from server (${reason}): ${f.context ? `${f.context}: ` : ""}${message}`;
    }
    case "server":
      return f.reason === "InvalidRequest"
        ? `Error from server (Invalid): ${f.message}`
        : serverLine(f.reason, f.message);
    case "message":
      return f.message.replace(/\n$/, "");
    case "aggregate":
      return `[${f.messages.join(", ")}]`;
  }
}
