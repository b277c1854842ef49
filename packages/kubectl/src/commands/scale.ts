import { type KubeObject, newNotFound, StatusError } from "@kubesim/core";
import { quoteGo } from "../jsonpath/_internal/goFormat.js";
import type { KubectlContext } from "../KubectlContext.js";
import { Failures } from "./_internal/Failures.js";
import { dryRunSuffix, ObjectPrinter, PRINT_FLAGS } from "./_internal/ObjectPrinter.js";
import { parseTimeoutFlag } from "./_internal/parseGoDuration.js";
import { resolveTargets, type Target } from "./_internal/resolveTargets.js";
import { serverWrite } from "./_internal/serverWrite.js";
import { type CommandSpec, filenamesReadStdin } from "./CommandSpec.js";
import { checkGeneratorOutput, failRequiredFlag, parseDryRun } from "./generatedObject.js";

/** The kinds with a `scale` subresource among kubesim's built-ins. */
const SCALABLE_KINDS = new Set(["Deployment", "ReplicaSet", "ReplicationController", "StatefulSet"]);

/** A failed `--current-replicas` / `--resource-version` precondition (scale.PreconditionError). */
class PreconditionError extends Error {}

/**
 * `kubectl scale --replicas=COUNT (-f FILENAME | TYPE NAME | TYPE -l SELECTOR | TYPE --all)`
 * (k8s.io/kubectl/pkg/cmd/scale/scale.go, v1.32): sets `spec.replicas` through the `scale`
 * subresource of deployments, replica sets, replication controllers and stateful sets, with the
 * optional `--current-replicas` and `--resource-version` preconditions, and with `--timeout`
 * waits (in virtual time) until the status reports that many replicas. Prints
 * `<type>/<name> scaled`; with `-o`, the object as it was before scaling, as kubectl 1.32 does.
 */
export const scaleCommand: CommandSpec = {
  name: "scale",
  flags: [
    ...PRINT_FLAGS,
    { name: "replicas", type: "int" },
    { name: "current-replicas", type: "int" },
    { name: "resource-version", type: "string" },
    { name: "timeout", type: "string" },
    { name: "all", type: "bool" },
    { name: "selector", shorthand: "l", type: "string" },
    { name: "filename", shorthand: "f", type: "stringArray" },
    { name: "recursive", shorthand: "R", type: "bool" },
    { name: "kustomize", shorthand: "k", type: "string" },
    { name: "dry-run", type: "string", noOptDefault: "unchanged" },
    { name: "record", type: "bool" },
  ],
  readsStdin: filenamesReadStdin,
  run(ctx, flags, out) {
    const timeoutMs = parseTimeoutFlag(flags, out, "scale");
    if (timeoutMs === undefined) return;
    if (!flags.has("replicas")) return failRequiredFlag(ctx, out, "replicas");
    const dryRun = parseDryRun(ctx, flags, out);
    if (dryRun === undefined) return;
    if (!checkGeneratorOutput(flags, out)) return;
    const replicas = flags.int("replicas", -1);
    const currentReplicas = flags.int("current-replicas", -1);
    if (replicas < 0) {
      return out.fail("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    }
    if (currentReplicas < -1)
      return out.fail("The --current-replicas must specify an integer of -1 or greater");
    if (flags.has("kustomize")) return out.fail("kubesim does not support kustomize (-k)");

    const infoErrors = new Failures();
    const resolved = resolveTargets(
      ctx,
      {
        filenames: flags.strings("filename"),
        recursive: flags.bool("recursive"),
        args: flags.args,
        ...(flags.has("selector") ? { selector: flags.string("selector") } : {}),
        all: flags.bool("all"),
        latest: false,
      },
      infoErrors,
    );
    if (!resolved.ok) return out.fail(resolved.error);
    const { targets, readError } = resolved.value;
    if (readError) infoErrors.message(readError);
    const resourceVersion = flags.string("resource-version");
    if (resourceVersion !== "" && targets.length > 1) {
      return out.fail("cannot use --resource-version with multiple resources");
    }
    if (targets.length === 0) {
      // `fmt.Errorf("no objects passed to scale %w", infoErr)`: a wrapped error, printed as text.
      const detail = infoErrors.errorText();
      return out.fail(detail ? `no objects passed to scale ${detail}` : "no objects passed to scale");
    }
    const precondition =
      currentReplicas !== -1 || resourceVersion !== "" ? { currentReplicas, resourceVersion } : undefined;
    const printer = new ObjectPrinter(ctx, out, flags.string("output"), {
      suffix: dryRunSuffix(dryRun),
      reuse: true,
    });
    for (const target of targets) {
      if (dryRun !== "client") {
        // kubectl stops at the first object it fails to scale.
        const failed = new Failures();
        try {
          scaleOne(ctx, target, replicas, precondition, dryRun);
          if (timeoutMs !== 0 && dryRun === "none") waitForReplicas(ctx, target, replicas, timeoutMs);
        } catch (err) {
          if (err instanceof StatusError) failed.status(err);
          else if (err instanceof PreconditionError) failed.message(err.message);
          else throw err;
          return failed.print(out);
        }
      }
      if (!printer.print(target.object, "scaled")) return;
    }
    infoErrors.print(out);
  },
};

/**
 * `genericScaler.ScaleSimple` against the simulated API server: without a precondition a merge
 * patch of `spec.replicas` on the scale subresource, with one a GET of the scale, the check, and
 * an update. Kinds without the subresource answer 404, which client-go words as
 * `the server could not find the requested resource (patch pods web)`.
 */
function scaleOne(
  ctx: KubectlContext,
  target: Target,
  replicas: number,
  precondition: { currentReplicas: number; resourceVersion: string } | undefined,
  dryRun: "none" | "server",
): void {
  const { type, namespace, name } = target;
  if (!SCALABLE_KINDS.has(type.kind)) {
    const verb = precondition ? "get" : "patch";
    throw new StatusError({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      message: `the server could not find the requested resource (${verb} ${type.plural} ${name})`,
      reason: "NotFound",
      code: 404,
      details: { name, kind: type.plural },
    });
  }
  const live = ctx.sim.store.get(type.kind, namespace, name);
  if (!live) throw newNotFound(type, name);
  const spec = (live.spec ?? {}) as { replicas?: number };
  if (precondition) {
    const current = spec.replicas ?? 1;
    if (precondition.currentReplicas !== -1 && current !== precondition.currentReplicas) {
      throw new PreconditionError(`Expected replicas to be ${precondition.currentReplicas}, was ${current}`);
    }
    const rv = live.metadata.resourceVersion ?? "";
    if (precondition.resourceVersion !== "" && rv !== precondition.resourceVersion) {
      throw new PreconditionError(
        `Expected resource version to be ${precondition.resourceVersion}, was ${rv}`,
      );
    }
  }
  serverWrite(ctx, dryRun, (store) => store.update({ ...live, spec: { ...spec, replicas } } as KubeObject));
}

/**
 * `WaitForScaleHasDesiredReplicas`: runs the simulation until the status reports the desired
 * replicas (or someone else changed the desired count), else kubectl's timeout error.
 */
function waitForReplicas(ctx: KubectlContext, target: Target, replicas: number, timeoutMs: number): void {
  const synced = () => {
    const obj = ctx.sim.store.get(target.type.kind, target.namespace, target.name);
    if (!obj) return false;
    const desired = (obj.spec as { replicas?: number } | undefined)?.replicas ?? 1;
    if (desired !== replicas) return true;
    return ((obj.status as { replicas?: number } | undefined)?.replicas ?? 0) === replicas;
  };
  if (!ctx.sim.runUntil(synced, { timeoutMs })) {
    throw new PreconditionError(`timed out waiting for ${quoteGo(target.name)} to be synced`);
  }
}
