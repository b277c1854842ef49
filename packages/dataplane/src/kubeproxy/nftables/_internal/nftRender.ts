/**
 * Text renderings of the `ip kube-proxy` table: `nft list table ip kube-proxy` (what a
 * user sees on a node) and the `add ...` transaction lines of knftables' `Fake.Dump()`
 * (what kube-proxy's own `proxier_test.go` compares against).
 *
 * @module
 */
import type { NftChain, NftElement, NftSet } from "./nftTable.js";

/** The whole table as plain data, in kube-proxy's creation order. */
export interface NftTableContents {
  readonly sets: readonly NftSet[];
  readonly chains: readonly NftChain[];
  readonly elements: readonly NftElement[];
}

const TABLE = "ip kube-proxy";
const TABLE_COMMENT = "rules for kube-proxy";

/** nft's names for the standard priorities (`priority dstnat`, `dstnat - 10`, ...). */
function priorityName(priority: number): string {
  const named: readonly (readonly [string, number])[] = [
    ["dstnat", -100],
    ["filter", 0],
    ["srcnat", 100],
  ];
  let best: readonly [string, number] = named[0]!;
  for (const n of named) if (Math.abs(priority - n[1]) < Math.abs(priority - best[1])) best = n;
  const delta = priority - best[1];
  return delta === 0 ? best[0] : delta > 0 ? `${best[0]} + ${delta}` : `${best[0]} - ${-delta}`;
}

/** nft's duration format (`10800` -> `3h`, `3700` -> `1h1m40s`). */
export function nftDuration(seconds: number): string {
  let rest = seconds;
  let out = "";
  for (const [unit, size] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return rest > 0 || out === "" ? `${out}${rest}s` : out;
}

function elementText(e: NftElement): string {
  const comment = e.comment !== undefined ? ` comment "${e.comment}"` : "";
  return e.value !== undefined ? `${e.key}${comment} : ${e.value}` : `${e.key}${comment}`;
}

/**
 * The elements once each: a set holds a key once however often it is added (every port of a
 * multi-port Service adds its ClusterIP to `cluster-ips`).
 */
function uniqueElements(elements: readonly NftElement[]): NftElement[] {
  const seen = new Set<string>();
  return elements.filter((e) => {
    const id = `${e.container} ${e.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** `nft list table ip kube-proxy`. Rules are printed as kube-proxy writes them. */
export function renderList(table: NftTableContents): string {
  const byContainer = new Map<string, NftElement[]>();
  for (const e of uniqueElements(table.elements)) {
    const list = byContainer.get(e.container);
    if (list) list.push(e);
    else byContainer.set(e.container, [e]);
  }
  const lines: string[] = [`table ${TABLE} {`, `\tcomment "${TABLE_COMMENT}"`];
  for (const set of table.sets) {
    lines.push(`\t${set.kind} ${set.name} {`, `\t\ttype ${set.type}`);
    if (set.flags) lines.push(`\t\tflags ${set.flags}`);
    if (set.timeoutSeconds !== undefined) lines.push(`\t\ttimeout ${nftDuration(set.timeoutSeconds)}`);
    if (set.comment) lines.push(`\t\tcomment "${set.comment}"`);
    const elements = byContainer.get(set.name) ?? [];
    if (elements.length > 0) {
      // nft wraps element lists, continuing each line under the first element.
      const texts = elements.map(elementText);
      lines.push(`\t\telements = { ${texts.join(",\n\t\t\t     ")} }`);
    }
    lines.push("\t}");
  }
  for (const chain of table.chains) {
    lines.push(`\tchain ${chain.name} {`);
    if (chain.hook)
      lines.push(
        `\t\ttype ${chain.hook.type} hook ${chain.hook.hook} priority ${priorityName(chain.hook.priority)}; policy accept;`,
      );
    if (chain.comment) lines.push(`\t\tcomment "${chain.comment}"`);
    for (const rule of chain.rules) lines.push(`\t\t${rule}`);
    lines.push("\t}");
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** The `add ...` lines knftables' `Fake.Dump()` prints for the table (one object per line). */
export function renderTransaction(table: NftTableContents): string {
  const lines: string[] = [`add table ${TABLE} { comment "${TABLE_COMMENT}" ; }`];
  for (const set of table.sets) {
    let props = `type ${set.type} ;`;
    if (set.flags) props += ` flags ${set.flags} ;`;
    if (set.timeoutSeconds !== undefined) props += ` timeout ${set.timeoutSeconds}s ;`;
    if (set.comment) props += ` comment "${set.comment}" ;`;
    lines.push(`add ${set.kind} ${TABLE} ${set.name} { ${props} }`);
  }
  for (const chain of table.chains) {
    if (chain.hook)
      lines.push(
        `add chain ${TABLE} ${chain.name} { type ${chain.hook.type} hook ${chain.hook.hook} priority ${chain.hook.priority} ; }`,
      );
    else if (chain.comment) lines.push(`add chain ${TABLE} ${chain.name} { comment "${chain.comment}" ; }`);
    else lines.push(`add chain ${TABLE} ${chain.name}`);
  }
  for (const chain of table.chains)
    for (const rule of chain.rules) lines.push(`add rule ${TABLE} ${chain.name} ${rule}`);
  for (const e of uniqueElements(table.elements))
    lines.push(`add element ${TABLE} ${e.container} { ${elementText(e)} }`);
  return `${lines.join("\n")}\n`;
}
