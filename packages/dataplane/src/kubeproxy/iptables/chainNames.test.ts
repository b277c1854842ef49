import { describe, expect, it } from "vitest";
import {
  base32StdEncoding,
  serviceExternalChainName,
  serviceFirewallChainName,
  servicePortEndpointChainName,
  servicePortPolicyClusterChain,
  servicePortPolicyLocalChainName,
} from "./chainNames.js";

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("base32StdEncoding", () => {
  it("matches the RFC 4648 test vectors (Go's base32.StdEncoding)", () => {
    expect(["", "f", "fo", "foo", "foob", "fooba", "foobar"].map((s) => base32StdEncoding(ascii(s)))).toEqual(
      ["", "MY======", "MZXQ====", "MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======"],
    );
  });
});

// Names as they appear in kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go
// (TestOverallIPTablesRules and TestSortIPTablesRules).
describe("chain names (pkg/proxy/iptables/proxier_test.go)", () => {
  it("hashes ServicePortName.String() + lowercase protocol for the per-service chains", () => {
    expect(servicePortPolicyClusterChain("ns1/svc1:p80", "TCP")).toBe("KUBE-SVC-XPGD46QRK7WJZT7O");
    expect(servicePortPolicyClusterChain("ns2/svc2:p80", "TCP")).toBe("KUBE-SVC-GNZBNJ2PO5MGZ6GT");
    expect(servicePortPolicyLocalChainName("ns2/svc2:p80", "TCP")).toBe("KUBE-SVL-GNZBNJ2PO5MGZ6GT");
    expect(serviceExternalChainName("ns2/svc2:p80", "TCP")).toBe("KUBE-EXT-GNZBNJ2PO5MGZ6GT");
    expect(serviceFirewallChainName("ns5/svc5:p80", "TCP")).toBe("KUBE-FW-NUKIZ6OKUXPJNT4C");
    expect(servicePortPolicyClusterChain("ns3/svc3:p80", "TCP")).toBe("KUBE-SVC-X27LE4BHSL4DOUIK");
    expect(servicePortPolicyClusterChain("ns4/svc4:p80", "TCP")).toBe("KUBE-SVC-4SW47YFZTEDKD3PK");
  });

  it("hashes ServicePortName.String() + protocol + ip:port for KUBE-SEP chains", () => {
    expect(servicePortEndpointChainName("ns1/svc1:p80", "TCP", "10.180.0.1:80")).toBe(
      "KUBE-SEP-SXIVWICOYRO3J4NJ",
    );
    expect(servicePortEndpointChainName("ns2/svc2:p80", "TCP", "10.180.0.2:80")).toBe(
      "KUBE-SEP-RS4RBKLTHTF2IUXJ",
    );
    expect(servicePortEndpointChainName("ns3/svc3:p80", "TCP", "10.180.0.3:80")).toBe(
      "KUBE-SEP-OYPFS5VJICHGATKP",
    );
    expect(servicePortEndpointChainName("ns4/svc4:p80", "TCP", "10.180.0.4:80")).toBe(
      "KUBE-SEP-UKSFD7AGPMPPLUHC",
    );
    expect(servicePortEndpointChainName("ns4/svc4:p80", "TCP", "10.180.0.5:80")).toBe(
      "KUBE-SEP-C6EBXVWJJZMIWKLZ",
    );
    expect(servicePortEndpointChainName("ns5/svc5:p80", "TCP", "10.180.0.3:80")).toBe(
      "KUBE-SEP-I77PXRDZVX7PMWMN",
    );
  });

  it("depends on the protocol, so a TCP and a UDP port of the same name get different chains", () => {
    expect(servicePortPolicyClusterChain("ns1/svc1:p80", "UDP")).not.toBe(
      servicePortPolicyClusterChain("ns1/svc1:p80", "TCP"),
    );
    expect(servicePortPolicyClusterChain("ns1/svc1:p80", "tcp")).toBe("KUBE-SVC-XPGD46QRK7WJZT7O");
  });
});
