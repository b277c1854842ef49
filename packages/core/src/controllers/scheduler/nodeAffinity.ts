import type {
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  PreferredSchedulingTerm,
} from "kubernetes-types/core/v1.js";

type Labels = Readonly<Record<string, string>>;

/** A label value as Go's `strconv.ParseInt(v, 10, 64)` reads it, or undefined. */
function parseInt64(v: string | undefined): number | undefined {
  if (v === undefined || !/^[+-]?[0-9]+$/.test(v)) return undefined;
  return Number(v);
}

/**
 * One `matchExpressions` requirement against node labels
 * (`nodeaffinity.NodeSelectorRequirementsAsSelector` then `Selector.Matches`): `In` needs the key
 * with one of the values, `NotIn` its absence or another value, `Exists`/`DoesNotExist` the key's
 * presence/absence, `Gt`/`Lt` an integer label compared with the single integer value. A
 * malformed requirement matches nothing.
 */
export function nodeSelectorRequirementMatches(r: NodeSelectorRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return values.length > 0 && has && values.includes(value!);
    case "NotIn":
      return values.length > 0 && (!has || !values.includes(value!));
    case "Exists":
      return values.length === 0 && has;
    case "DoesNotExist":
      return values.length === 0 && !has;
    case "Gt":
    case "Lt": {
      if (values.length !== 1) return false;
      const want = parseInt64(values[0]);
      const got = parseInt64(value);
      if (want === undefined || got === undefined) return false;
      return r.operator === "Gt" ? got > want : got < want;
    }
    default:
      return false;
  }
}

/** `matchFields` supports only `metadata.name` with `In`/`NotIn` (K8s `nodeaffinity.nodeSelectorRequirementsAsFieldSelector`). */
function fieldRequirementMatches(r: NodeSelectorRequirement, nodeName: string): boolean {
  if (r.key !== "metadata.name") return false;
  const values = r.values ?? [];
  if (values.length !== 1) return false;
  if (r.operator === "In") return values[0] === nodeName;
  if (r.operator === "NotIn") return values[0] !== nodeName;
  return false;
}

/** One term: all its expressions and fields hold; an empty term matches nothing. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, nodeName: string, labels: Labels): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return (
    exprs.every((r) => nodeSelectorRequirementMatches(r, labels)) &&
    fields.every((r) => fieldRequirementMatches(r, nodeName))
  );
}

/** A NodeSelector: any of its terms. */
export function nodeSelectorMatches(selector: NodeSelector, nodeName: string, labels: Labels): boolean {
  return selector.nodeSelectorTerms.some((t) => nodeSelectorTermMatches(t, nodeName, labels));
}

/**
 * The NodeAffinity filter (`nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`): every
 * `spec.nodeSelector` label equal on the node, and, when set, one of the
 * `requiredDuringSchedulingIgnoredDuringExecution` node selector terms.
 */
export function podMatchesNodeAffinity(pod: Pod, nodeName: string, labels: Labels): boolean {
  const selector = pod.spec?.nodeSelector;
  if (selector) {
    for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  }
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return required ? nodeSelectorMatches(required, nodeName, labels) : true;
}

/** NodeAffinity's score before normalising: the sum of the weights of the preferred terms the node matches. */
export function preferredNodeAffinityScore(
  terms: readonly PreferredSchedulingTerm[],
  nodeName: string,
  labels: Labels,
): number {
  let score = 0;
  for (const t of terms) if (nodeSelectorTermMatches(t.preference, nodeName, labels)) score += t.weight;
  return score;
}
