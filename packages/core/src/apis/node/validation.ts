/**
 * Node validation (`ValidateNode`, `ValidateNodeUpdate`, `validateNodeTaints`, `ValidateNodeResources`
 * in `pkg/apis/core/validation/validation.go`, Kubernetes 1.33), with Go's quirks kept: taint errors are
 * reported under `metadata.taints[i]` (Go builds the path from `metadata`), and resource errors under
 * `status.capacity.<name>` (a child, not a key).
 *
 * @module
 */

import type { Node, Taint } from "kubernetes-types/core/v1.js";
import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  goRepr,
  invalid,
  notSupported,
  path,
  required,
} from "../../validation/field.js";
import { compareGoStrings, goQuote } from "../../validation/goStrings.js";
import {
  isValidLabelValue,
  nameIsDNSSubdomain,
  validateLabelName,
  validateObjectMeta,
} from "../../validation/names.js";
import { validateObjectMetaUpdate } from "../../validation/validateObjectMetaUpdate.js";
import { isValidCIDR, isValidCIDRSloppy } from "../pod/ipAddress.js";
import { formatQuantity, parseQuantity } from "../pod/quantity.js";
import { IS_NEGATIVE_ERROR_MSG } from "../pod/validation.js";

const TAINT_EFFECTS: readonly string[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

function goTaint(t: Taint): string {
  // Go prints a set pointer as an address, which differs run to run; kubesim prints a fixed one.
  const added = t.timeAdded ? "(*v1.Time)(0xc000000000)" : "(*v1.Time)(nil)";
  return `core.Taint{Key:${goQuote(t.key ?? "")}, Value:${goQuote(t.value ?? "")}, Effect:${goQuote(t.effect ?? "")}, TimeAdded:${added}}`;
}

/**
 * `validateNodeTaints`: key a label name, value a label value, effect required and one of
 * `NoSchedule`, `PreferNoSchedule`, `NoExecute`, and each key/effect pair once
 * (`Duplicate value: core.Taint{...}: taints must be unique by key and effect pair`).
 */
function validateNodeTaints(taints: readonly Taint[], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Map<string, Set<string>>();
  taints.forEach((taint, i) => {
    const idxPath = fldPath.index(i);
    errs.push(...validateLabelName(taint.key ?? "", idxPath.child("key")));
    const msgs = isValidLabelValue(taint.value ?? "");
    if (msgs.length > 0) errs.push(invalid(idxPath.child("value"), taint.value ?? "", msgs.join(";")));
    const effect = taint.effect ?? "";
    if (effect === "") errs.push(required(idxPath.child("effect")));
    else if (!TAINT_EFFECTS.includes(effect))
      errs.push(notSupported(idxPath.child("effect"), effect, TAINT_EFFECTS));
    const keys = seen.get(effect) ?? new Set<string>();
    if (keys.has(taint.key ?? "")) {
      errs.push({
        ...duplicate(idxPath, goRepr(goTaint(taint))),
        detail: "taints must be unique by key and effect pair",
      });
      return;
    }
    keys.add(taint.key ?? "");
    seen.set(effect, keys);
  });
  return errs;
}

/** `ValidateNodeResources`: capacity and allocatable quantities not negative, integer resources whole. */
function validateNodeResources(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ["capacity", "allocatable"] as const) {
    const resources = node.status?.[list] ?? {};
    for (const name of Object.keys(resources).sort(compareGoStrings)) {
      const q = parseQuantity(resources[name]!);
      if (q === null) continue;
      const p = path("status", list, name);
      if (q.nanos < 0n) errs.push(invalid(p, formatQuantity(q), IS_NEGATIVE_ERROR_MSG));
      if (name === "pods" && q.nanos % 1_000_000_000n !== 0n)
        errs.push(invalid(p, goRepr(formatQuantity(q)), "must be an integer"));
    }
  }
  return errs;
}

function cidrFamily(cidr: string): "4" | "6" {
  return cidr.includes(":") ? "6" : "4";
}

/**
 * `ValidateNode`: cluster-scoped metadata (name a DNS-1123 subdomain), taints, resource quantities, and
 * `spec.podCIDRs` (valid CIDRs, at most one per IP family:
 * `may specify no more than one CIDR for each IP family`, no duplicates).
 */
export function validateNode(node: Node): FieldError[] {
  const metaPath = path("metadata");
  const errs = validateObjectMeta(
    node.metadata ?? {},
    { requiresNamespace: false, nameFn: nameIsDNSSubdomain },
    metaPath,
  );
  const taints = node.spec?.taints ?? [];
  if (taints.length > 0) errs.push(...validateNodeTaints(taints, metaPath.child("taints")));
  errs.push(...validateNodeResources(node));
  const podCIDRs = node.spec?.podCIDRs ?? [];
  const podCIDRsPath = path("spec", "podCIDRs");
  podCIDRs.forEach((cidr, i) => {
    errs.push(...isValidCIDR(podCIDRsPath.index(i), cidr));
  });
  if (podCIDRs.length > 1) {
    // netutils.IsDualStackCIDRStrings: one IPv4 and one IPv6 CIDR (an unparsable one counts as neither).
    const valid = podCIDRs.filter(isValidCIDRSloppy);
    const families = new Set(valid.map(cidrFamily));
    const dualStack = valid.length === podCIDRs.length && families.size === 2;
    if (!dualStack || podCIDRs.length > 2) {
      errs.push(invalid(podCIDRsPath, podCIDRs, "may specify no more than one CIDR for each IP family"));
    }
    const seen = new Set<string>();
    podCIDRs.forEach((cidr, i) => {
      if (seen.has(cidr)) errs.push(duplicate(podCIDRsPath.index(i), cidr));
      seen.add(cidr);
    });
  }
  return errs;
}

/**
 * `ValidateNodeUpdate`: metadata update rules, resources, no duplicate `status.addresses`, `podCIDRs` and
 * `providerID` fixed once set (`spec.podCIDRs: Forbidden: node updates may not change podCIDR except from
 * "" to valid`), and taints.
 */
export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const metaPath = path("metadata");
  const errs = validateObjectMetaUpdate(node.metadata ?? {}, old.metadata ?? {}, metaPath);
  errs.push(...validateNodeResources(node));
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((addr, i) => {
    const key = addr.type + "\u0000" + addr.address;
    if (seen.has(key)) {
      const repr = `core.NodeAddress{Type:${goQuote(addr.type)}, Address:${goQuote(addr.address)}}`;
      errs.push(duplicate(path("status", "addresses").index(i), goRepr(repr)));
    }
    seen.add(key);
  });
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  const newCIDRs = node.spec?.podCIDRs ?? [];
  const cidrMsg = 'node updates may not change podCIDR except from "" to valid';
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(forbidden(path("spec", "podCIDRs"), cidrMsg));
    else {
      // Go reports each changed entry, all at the same path.
      for (let i = 0; i < oldCIDRs.length; i++) {
        if (oldCIDRs[i] !== newCIDRs[i]) errs.push(forbidden(path("spec", "podCIDRs"), cidrMsg));
      }
    }
  }
  const oldProvider = old.spec?.providerID ?? "";
  if (oldProvider.length > 0 && oldProvider !== (node.spec?.providerID ?? "")) {
    errs.push(
      forbidden(path("spec", "providerID"), 'node updates may not change providerID except from "" to valid'),
    );
  }
  const taints = node.spec?.taints ?? [];
  if (taints.length > 0) errs.push(...validateNodeTaints(taints, metaPath.child("taints")));
  if ((node.spec?.externalID ?? "") !== (old.spec?.externalID ?? "")) {
    errs.push(forbidden(path("spec", "externalID"), "may not be updated"));
  }
  return errs;
}
