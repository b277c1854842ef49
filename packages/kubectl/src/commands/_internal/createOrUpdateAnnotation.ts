import type { KubeObject } from "@kubesim/core";
import { sortedJson } from "../../threeWayMerge.js";
import { LAST_APPLIED_ANNOTATION } from "../apply.js";

/**
 * `util.CreateOrUpdateAnnotation` (k8s.io/kubectl/pkg/util/apply.go), which create and replace
 * run on every object: with `--save-config` the object gets the last-applied annotation (its
 * sorted JSON, with `annotations: {}` when it had no others, and a newline); without it, an
 * annotation already in the object is brought up to date, and an object without one is left alone.
 */
export function createOrUpdateAnnotation(obj: KubeObject, create: boolean): KubeObject {
  const annotations = { ...obj.metadata.annotations };
  if (!create && !annotations[LAST_APPLIED_ANNOTATION]) return obj;
  delete annotations[LAST_APPLIED_ANNOTATION];
  const encoded = sortedJson({ ...obj, metadata: { ...obj.metadata, annotations } });
  return {
    ...obj,
    metadata: { ...obj.metadata, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: `${encoded}\n` } },
  };
}
