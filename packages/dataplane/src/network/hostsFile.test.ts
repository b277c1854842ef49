import { describe, expect, it } from "vitest";
import { hostsEntriesFromHostAliases, managedHostsFileContent, podHostNameAndDomain } from "./hostsFile.js";

// Expectations modelled on kubernetes pkg/kubelet/kubelet_pods_test.go TestManagedHostsFileContent
// and TestNodeHostsFileContent (the IPv6 pod IP line is ours).
describe("hostsFile", () => {
  it("writes `<ip>\\t<hostname>` without a subdomain, one line per pod IP", () => {
    expect(managedHostsFileContent(["123.45.67.89", "fd00::6"], "podFoo", "")).toBe(
      "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" +
        "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n" +
        "123.45.67.89\tpodFoo\nfd00::6\tpodFoo\n",
    );
  });

  it("puts every alias of one IP on one line, after a blank line and the comment", () => {
    expect(hostsEntriesFromHostAliases([])).toBe("");
    expect(
      hostsEntriesFromHostAliases([
        { ip: "123.45.67.89", hostnames: ["foo", "bar", "baz"] },
        { ip: "456.78.90.123", hostnames: ["park", "doo", "boo"] },
      ]),
    ).toBe("\n# Entries added by HostAliases.\n123.45.67.89\tfoo\tbar\tbaz\n456.78.90.123\tpark\tdoo\tboo\n");
  });

  it("names the pod as the kubelet does: spec.hostname or its name, cut to 63 characters", () => {
    expect(
      podHostNameAndDomain({ name: "web-0", namespace: "prod", subdomain: "web" }, "cluster.local"),
    ).toEqual({
      hostName: "web-0",
      hostDomainName: "web.prod.svc.cluster.local",
    });
    expect(podHostNameAndDomain({ name: "p", namespace: "ns", hostname: "h" }, "cluster.local")).toEqual({
      hostName: "h",
      hostDomainName: "",
    });
    const long = `${"a".repeat(62)}-bcd`;
    expect(podHostNameAndDomain({ name: long, namespace: "ns" }, "cluster.local").hostName).toBe(
      "a".repeat(62),
    );
  });
});
