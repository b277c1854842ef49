import type { ResourceType } from "./resources.js";

/** One cause of a failed request, as in `metav1.StatusCause`. */
export interface StatusCause {
  readonly reason: string;
  readonly message: string;
  readonly field?: string;
}

/** The `metav1.Status` the API server returns for a failed request. */
export interface Status {
  readonly kind: "Status";
  readonly apiVersion: "v1";
  readonly status: "Failure";
  readonly message: string;
  readonly reason: StatusReason;
  readonly code: number;
  readonly details?: {
    readonly name?: string;
    readonly group?: string;
    readonly kind?: string;
    readonly causes?: readonly StatusCause[];
  };
}

/** The `metav1.StatusReason` values kubesim produces. */
export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "BadRequest"
  | "Forbidden"
  | "MethodNotAllowed"
  | "InternalError";

/**
 * A failed API request. Thrown by the store and the API layer on user errors (an object
 * that does not exist, a name already taken, an newInvalid object) and caught by callers
 * such as kubectl, which prints it the way kubectl prints API errors.
 */
export class StatusError extends Error {
  readonly status: Status;

  constructor(status: Status) {
    super(status.message);
    this.name = "StatusError";
    this.status = status;
  }

  /** The reason (`NotFound`, `AlreadyExists`, ...). */
  get reason(): StatusReason {
    return this.status.reason;
  }
}

/** `<resource>.<group>` or `<resource>` for the core group: how errors name a resource (schema.GroupResource.String()). */
export function groupResource(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

/** `<Kind>.<group>` or `<Kind>` for the core group (schema.GroupKind.String()), used by Invalid errors. */
export function groupKind(type: ResourceType): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}

/** apierrors.NewNotFound: `pods "web" not found`. */
export function newNotFound(type: ResourceType, name: string): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    status: "Failure",
    message: `${groupResource(type)} "${name}" not found`,
    reason: "NotFound",
    code: 404,
    details: { name, group: type.group, kind: type.plural },
  });
}

/** apierrors.NewAlreadyExists: `pods "web" already exists`. */
export function newAlreadyExists(type: ResourceType, name: string): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    status: "Failure",
    message: `${groupResource(type)} "${name}" already exists`,
    reason: "AlreadyExists",
    code: 409,
    details: { name, group: type.group, kind: type.plural },
  });
}

/**
 * apierrors.NewConflict for an update with a stale resourceVersion:
 * `Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again`.
 */
export function newConflict(type: ResourceType, name: string, detail: string): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    status: "Failure",
    message: `Operation cannot be fulfilled on ${groupResource(type)} "${name}": ${detail}`,
    reason: "Conflict",
    code: 409,
    details: { name, group: type.group, kind: type.plural },
  });
}

/** The detail of the optimistic-concurrency newConflict (registry's `OptimisticLockErrorMsg`). */
export const OPTIMISTIC_LOCK_ERROR_MSG =
  "the object has been modified; please apply your changes to the latest version and try again";

/**
 * apierrors.NewInvalid: `Service "web" is invalid: <causes>`. With one cause the message ends
 * in that cause; with several they print as Go's aggregate, `[a, b]`.
 */
export function newInvalid(type: ResourceType, name: string, causes: readonly StatusCause[]): StatusError {
  const messages = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const aggregate = messages.length === 1 ? messages[0]! : `[${messages.join(", ")}]`;
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    status: "Failure",
    message: `${groupKind(type)} "${name}" is invalid: ${aggregate}`,
    reason: "Invalid",
    code: 422,
    details: { name, group: type.group, kind: type.kind, causes },
  });
}

/** apierrors.NewForbidden: `<resource> "name" is forbidden: <detail>`. */
export function newForbidden(type: ResourceType, name: string, detail: string): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    status: "Failure",
    message: `${groupResource(type)} "${name}" is forbidden: ${detail}`,
    reason: "Forbidden",
    code: 403,
    details: { name, group: type.group, kind: type.plural },
  });
}

/** apierrors.NewBadRequest. */
export function newBadRequest(message: string): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    status: "Failure",
    message,
    reason: "BadRequest",
    code: 400,
  });
}

/**
 * apierrors.NewInternalError: `Internal error occurred: <message>` (500), the one cause carrying
 * the bare message. kubectl prints it as `Error from server (InternalError): Internal error occurred: ...`.
 */
export function newInternalError(message: string): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    status: "Failure",
    message: `Internal error occurred: ${message}`,
    reason: "InternalError",
    code: 500,
    details: { causes: [{ reason: "", message }] },
  });
}
