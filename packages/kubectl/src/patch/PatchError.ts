/**
 * How the API server answers a patch that fails to apply. The patch handler
 * (k8s.io/apiserver/pkg/endpoints/handlers/patch.go `interpretStrategicMergePatchError`,
 * `applyJSPatch`) turns a few known errors into BadRequest or 422 responses; every other error
 * reaches the client as a Status without a reason, which kubectl prints as `Error from server: ...`.
 *
 * - `BadRequest`: `Error from server (BadRequest): <message>`.
 * - `Invalid`: a 422 without details, printed as `The request is invalid: <message>`.
 * - `Unknown`: `Error from server: <message>`.
 */
export type PatchErrorStatus = "BadRequest" | "Invalid" | "Unknown";

/**
 * A patch that could not be applied, with the Go library's error text as `message`
 * (`map: map[image:x] does not contain declared merge key: name`,
 * `testing value /spec/replicas failed: test failed`).
 */
export class PatchError extends Error {
  /** How the API server reports this error to clients. */
  readonly status: PatchErrorStatus;

  constructor(message: string, status: PatchErrorStatus = "Unknown") {
    super(message);
    this.name = "PatchError";
    this.status = status;
  }
}

/**
 * The error texts of k8s.io/apimachinery/pkg/util/mergepatch/errors.go, with the status
 * `interpretStrategicMergePatchError` gives each.
 */
export const MERGEPATCH_ERRORS = {
  badJSONDoc: () => new PatchError("invalid JSON document", "BadRequest"),
  noListOfLists: () => new PatchError("lists of lists are not supported", "Invalid"),
  badPatchFormatForPrimitiveList: () =>
    new PatchError("invalid patch format of primitive list", "BadRequest"),
  badPatchFormatForRetainKeys: () => new PatchError("invalid patch format of retainKeys", "BadRequest"),
  badPatchFormatForSetElementOrderList: () =>
    new PatchError("invalid patch format of setElementOrder list", "BadRequest"),
  patchContentNotMatchRetainKeys: () =>
    new PatchError("patch content doesn't match retainKeys list", "Invalid"),
} as const;
