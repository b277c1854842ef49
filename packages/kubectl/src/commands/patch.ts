import { apiVersionOf, deepEqual, type KubeObject, newBadRequest, newNotFound } from "@kubesim/core";
import { quoteGo } from "../jsonpath/_internal/goFormat.js";
import type { KubectlContext } from "../KubectlContext.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../patch/_internal/jsonValue.js";
import { applyJsonPatch } from "../patch/applyJsonPatch.js";
import { jsonMergePatch } from "../patch/jsonMergePatch.js";
import { PatchError } from "../patch/PatchError.js";
import { patchMetaFor } from "../patch/patchMetaFor.js";
import { strategicMergePatch } from "../patch/strategicMergePatch.js";
import { sortedJson } from "../threeWayMerge.js";
import { decodePatchText } from "./_internal/decodePatchText.js";
import { Failures } from "./_internal/Failures.js";
import { ObjectPrinter, PRINT_FLAGS } from "./_internal/ObjectPrinter.js";
import { resolveTargets, type Target } from "./_internal/resolveTargets.js";
import { serverWrite } from "./_internal/serverWrite.js";
import { type CommandSpec, filenamesReadStdin } from "./CommandSpec.js";
import { parseDryRun } from "./generatedObject.js";

type PatchType = "json" | "merge" | "strategic";

/** The patch types, as `--type` lists them (sets.StringKeySet(patchTypes).List()). */
const PATCH_TYPES: readonly PatchType[] = ["json", "merge", "strategic"];

/** The API server's answer to a strategic merge patch of a custom resource (no Go type to merge by). */
const SMP_UNSUPPORTED =
  "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

/**
 * `kubectl patch (-f FILENAME | TYPE NAME) -p PATCH [--type strategic|merge|json]`
 * (k8s.io/kubectl/pkg/cmd/patch/patch.go): applies a strategic merge patch (the default), a JSON
 * merge patch or a JSON patch to each object, through the API server (whose admission, defaulting
 * and validation run), or to the file's contents with `--local`. Prints
 * `<type>/<name> patched` or `patched (no change)`. kubectl 1.32 prints no dry-run marker here.
 */
export const patchCommand: CommandSpec = {
  name: "patch",
  flags: [
    ...PRINT_FLAGS,
    { name: "patch", shorthand: "p", type: "string" },
    { name: "patch-file", type: "string" },
    { name: "type", type: "string" },
    { name: "local", type: "bool" },
    { name: "filename", shorthand: "f", type: "stringArray" },
    { name: "recursive", shorthand: "R", type: "bool" },
    { name: "kustomize", shorthand: "k", type: "string" },
    { name: "dry-run", type: "string", noOptDefault: "unchanged" },
    { name: "field-manager", type: "string" },
    { name: "subresource", type: "string" },
    { name: "record", type: "bool" },
  ],
  readsStdin: filenamesReadStdin,
  run(ctx, flags, out) {
    const dryRun = parseDryRun(ctx, flags, out);
    if (dryRun === undefined) return;
    const patchText = flags.string("patch");
    const patchFile = flags.string("patch-file");
    const local = flags.bool("local");
    const typeFlag = flags.string("type", "strategic");
    const subresource = flags.string("subresource");
    if (patchText !== "" && patchFile !== "")
      return out.fail("cannot specify --patch and --patch-file together");
    if (patchText === "" && patchFile === "") {
      return out.fail("must specify --patch or --patch-file containing the contents of the patch");
    }
    if (local && flags.args.length > 0) return out.fail("cannot specify --local and server resources");
    if (local && dryRun === "server") {
      return out.fail("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
    }
    const patchType = (typeFlag === "" ? "strategic" : typeFlag.toLowerCase()) as PatchType;
    if (!PATCH_TYPES.includes(patchType)) {
      return out.fail(`--type must be one of [${PATCH_TYPES.join(" ")}], not ${quoteGo(typeFlag)}`);
    }
    if (subresource !== "" && !["status", "scale"].includes(subresource)) {
      return out.fail(`invalid subresource value: ${quoteGo(subresource)}. Must be one of [status scale]`);
    }
    if (subresource === "scale")
      return out.fail("kubesim does not support --subresource=scale; use kubectl scale");
    if (flags.has("kustomize")) return out.fail("kubesim does not support kustomize (-k)");

    let text = patchText;
    if (patchFile !== "") {
      try {
        text = ctx.io.fs?.readFile(patchFile) ?? "";
        if (!ctx.io.fs) throw new Error("no file system");
      } catch {
        return out.fail(`unable to read patch file: open ${patchFile}: no such file or directory`);
      }
    }
    const decoded = decodePatchText(text);
    if (decoded.kind === "yamlError")
      return out.fail(`unable to parse ${quoteGo(patchText)}: ${decoded.message}`);

    const failures = new Failures();
    const resolved = resolveTargets(
      ctx,
      {
        filenames: flags.strings("filename"),
        recursive: flags.bool("recursive"),
        args: flags.args,
        latest: false,
        local,
      },
      failures,
    );
    if (!resolved.ok) return out.fail(resolved.error);
    const printer = new ObjectPrinter(ctx, out, flags.string("output"), { suffix: "", reuse: false });
    let count = 0;
    for (const target of resolved.value.targets) {
      count++;
      const result =
        !local && dryRun !== "client"
          ? patchOnServer(ctx, target, patchType, decoded, dryRun, subresource, failures)
          : patchLocally(target, patchType, decoded, failures);
      if (!result) continue;
      if (!printer.print(result, deepEqual(target.object, result) ? "patched (no change)" : "patched"))
        return;
    }
    if (resolved.value.readError) failures.message(resolved.value.readError);
    if (failures.count === 0 && count === 0) return out.fail("no objects passed to patch");
    failures.print(out);
  },
};

type Decoded = ReturnType<typeof decodePatchText>;

/** What the API server's patch handler does with the patch (endpoints/handlers/patch.go). */
function patchOnServer(
  ctx: KubectlContext,
  target: Target,
  patchType: PatchType,
  decoded: Decoded,
  dryRun: "none" | "server",
  subresource: string,
  failures: Failures,
): KubeObject | undefined {
  const { type, namespace, name } = target;
  const live = ctx.sim.store.get(type.kind, namespace, name);
  if (!live) {
    failures.status(newNotFound(type, name));
    return undefined;
  }
  let patched: JsonValue;
  try {
    patched = applyPatch(live as unknown as JsonObject, patchType, decoded, apiVersionOf(type), "server");
  } catch (err) {
    if (err instanceof PatchError) {
      if (err.message === SMP_UNSUPPORTED) failures.server("UnsupportedMediaType", err.message);
      else if (err.status === "BadRequest") failures.status(newBadRequest(err.message));
      else if (err.status === "Invalid") {
        failures.server("InvalidRequest", "the server rejected our request due to an error in our request");
      } else failures.server("", err.message);
      return undefined;
    }
    throw err;
  }
  if (!isJsonObject(patched)) {
    failures.status(
      newBadRequest(`json: cannot unmarshal array into Go value of type map[string]interface {}`),
    );
    return undefined;
  }
  const obj = patched as unknown as KubeObject;
  const objName = obj.metadata?.name ?? "";
  if (objName !== name) {
    failures.status(
      newBadRequest(`the name of the object (${objName}) does not match the name on the URL (${name})`),
    );
    return undefined;
  }
  const objNamespace = obj.metadata?.namespace ?? "";
  if (namespace !== "" && objNamespace !== "" && objNamespace !== namespace) {
    failures.status(
      newBadRequest(
        `the namespace of the object (${objNamespace}) does not match the namespace on the request (${namespace})`,
      ),
    );
    return undefined;
  }
  return failures.catch(() =>
    serverWrite(ctx, dryRun, (store) =>
      subresource === "status" ? store.updateStatus(obj) : store.update(obj),
    ),
  );
}

/** `getPatchedJSON` in patch.go: the patch applied by kubectl itself, to the object it has. */
function patchLocally(
  target: Target,
  patchType: PatchType,
  decoded: Decoded,
  failures: Failures,
): KubeObject | undefined {
  let patched: JsonValue;
  try {
    patched = applyPatch(
      target.object as unknown as JsonObject,
      patchType,
      decoded,
      target.object.apiVersion,
      "local",
    );
  } catch (err) {
    if (!(err instanceof PatchError)) throw err;
    let message = err.message;
    // patch.go: "This is pretty hacky, we need a better structured error from the json-patch".
    if (patchType === "json" && message.includes("doc is missing key")) {
      message = `Object to be patched is missing field (${message.slice(message.indexOf("key:") + 5)})`;
    }
    failures.message(message);
    return undefined;
  }
  // The result is decoded back into an object (runtime.Decode with UnstructuredJSONScheme).
  if (!isJsonObject(patched)) {
    const what = Array.isArray(patched) ? "array" : patched === null ? "null" : typeof patched;
    failures.message(`json: cannot unmarshal ${what} into Go value of type unstructured.detector`);
    return undefined;
  }
  if (typeof patched.kind !== "string" || patched.kind === "") {
    failures.message(`Object 'Kind' is missing in '${sortedJson(patched)}'`);
    return undefined;
  }
  return patched as unknown as KubeObject;
}

/** Applies the decoded patch to `doc` as the server (or kubectl with `--local`) does. */
function applyPatch(
  doc: JsonObject,
  patchType: PatchType,
  decoded: Decoded,
  apiVersion: string,
  where: "server" | "local",
): JsonValue {
  switch (patchType) {
    case "json": {
      if (decoded.kind === "badJson") throw new PatchError(decoded.message, "BadRequest");
      return applyJsonPatch(doc, decoded.kind === "value" ? decoded.value : null);
    }
    case "merge": {
      if (decoded.kind === "badJson") throw new PatchError("Invalid JSON Patch");
      const value = decoded.kind === "value" ? decoded.value : null;
      try {
        return jsonMergePatch(doc, value);
      } catch (err) {
        // A Go error, not a Status: the server answers it without a reason.
        if (err instanceof PatchError) throw new PatchError(err.message);
        throw err;
      }
    }
    case "strategic": {
      const kind = String(doc.kind ?? "");
      const meta = patchMetaFor(apiVersion, kind);
      if (!meta) {
        if (where === "server") throw new PatchError(SMP_UNSUPPORTED, "BadRequest");
        throw new PatchError(
          `strategic merge patch is not supported for ${gvkString(apiVersion, kind)} locally, try --type merge`,
        );
      }
      if (decoded.kind === "badJson") {
        throw where === "server"
          ? new PatchError(decoded.message, "BadRequest")
          : new PatchError("invalid JSON document");
      }
      const value = decoded.kind === "value" ? decoded.value : null;
      if (value === null) return doc;
      if (!isJsonObject(value)) {
        if (where === "local") throw new PatchError("invalid JSON document");
        const what = Array.isArray(value) ? "array" : typeof value === "boolean" ? "bool" : typeof value;
        throw new PatchError(
          `json: cannot unmarshal ${what} into Go value of type map[string]interface {}`,
          "BadRequest",
        );
      }
      return strategicMergePatch(doc, value, meta);
    }
  }
}

/** schema.GroupVersionKind.String(): `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`. */
function gvkString(apiVersion: string, kind: string): string {
  return `${apiVersion.includes("/") ? apiVersion : `/${apiVersion}`}, Kind=${kind}`;
}
