import type { ResourcePrinter } from "../table.js";

interface IPAddress {
  metadata?: { name?: string };
  spec?: { parentRef?: { group?: string; resource?: string; namespace?: string; name?: string } };
}

/**
 * `kubectl get ipaddresses`: NAME, PARENTREF (K8s printers.go `printIPAddress`): the parent as
 * `<resource>[.<group>][/<namespace>]/<name>`, lower-cased, e.g. `services/default/kubernetes`.
 */
export const ipAddressPrinter: ResourcePrinter<IPAddress> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "ParentRef", priority: 0 },
  ],
  row(ip) {
    const ref = ip.spec?.parentRef;
    let parent = "<none>";
    if (ref) {
      parent = (ref.group ? `${ref.resource ?? ""}.${ref.group}` : (ref.resource ?? "")).toLowerCase();
      if (ref.namespace) parent += `/${ref.namespace}`;
      parent += `/${ref.name ?? ""}`;
    }
    return [ip.metadata?.name ?? "", parent];
  },
};
