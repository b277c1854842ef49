import type { KubeObject, ObjectStore, Transaction } from "@kubesim/core";
import type { KubectlContext } from "../../KubectlContext.js";

/** What a write may do: the store's (or a transaction's) reads and writes. */
export type StoreWriter = Pick<
  ObjectStore | Transaction,
  "create" | "update" | "updateStatus" | "delete" | "get"
>;

/** Thrown inside a transaction to undo a server-side dry run. */
class DryRunAbort extends Error {}

/**
 * Sends a write to the simulated API server: for real, or with `--dry-run=server` inside a
 * transaction that is then undone, so that admission, defaulting and validation run (and their
 * errors surface) while nothing is stored. Returns what the server returns; throws its
 * StatusError.
 */
export function serverWrite(
  ctx: KubectlContext,
  dryRun: "none" | "server",
  write: (store: StoreWriter) => KubeObject,
): KubeObject {
  if (dryRun === "none") return write(ctx.sim.store);
  let result: KubeObject | undefined;
  try {
    ctx.sim.store.transaction((tx) => {
      result = write(tx);
      throw new DryRunAbort();
    });
  } catch (err) {
    if (!(err instanceof DryRunAbort)) throw err;
  }
  return result!;
}
