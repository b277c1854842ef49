/**
 * Session affinity ClientIP, in each kube-proxy mode: every new flow from one client IP goes to
 * the backend its first flow got (iptables `-m recent --rcheck --seconds T --reap`, ipvs
 * persistence `-p T`, nftables' affinity set with `timeout T`), as long as the client keeps coming
 * back within `sessionAffinityConfig.clientIP.timeoutSeconds` of virtual time; other clients may
 * land elsewhere; after T seconds of silence the pin is gone and the next flow is chosen afresh.
 * The all-outcomes view shows the pin: one outcome with probability 1 while it holds.
 */
import { describe, expect, it } from "vitest";
import {
  apply,
  clientPod,
  fromPod,
  netCluster,
  netexecDeployment,
  PROXY_MODES,
  podsWith,
  service,
  waitForReady,
  waitUntil,
} from "./fixtures.js";

const TIMEOUT_S = 60;
const CLIENTS = [
  "client-0",
  "client-1",
  "client-2",
  "client-3",
  "client-4",
  "client-5",
  "client-6",
  "client-7",
];

describe.each(PROXY_MODES)("session affinity ClientIP in %s mode", (mode) => {
  it("pins each client to one backend until timeoutSeconds of silence", () => {
    const seed = 5;
    const c = netCluster({ seed, mode });
    apply(
      c,
      netexecDeployment({ name: "web", replicas: 3 }),
      service({
        name: "web",
        selector: { app: "web" },
        ports: [{ port: 80, targetPort: 8080 }],
        sessionAffinity: "ClientIP",
        timeoutSeconds: TIMEOUT_S,
      }),
      ...CLIENTS.map((name) => clientPod(name)),
    );
    const backends = waitForReady(c, { app: "web" }, 3).map((p) => p.name);
    waitUntil(c, "the clients", () => podsWith(c, { role: "client" }).every((p) => p.running));

    const sendFrom = (client: string) => {
      const t = c.dataplane.send({ from: fromPod(client), to: "web", port: 80, trace: false });
      expect(t.verdict).toBe("delivered");
      return t.backend?.name ?? "";
    };

    // Each client: its first flow picks a backend; 20 more new flows (new source ports) follow it,
    // even when the client comes back just before the timeout each time.
    const pinned = new Map<string, string>();
    for (const client of CLIENTS) pinned.set(client, sendFrom(client));
    for (let round = 0; round < 4; round++) {
      c.sim.advance((TIMEOUT_S - 5) * 1000);
      for (const client of CLIENTS)
        for (let i = 0; i < 5; i++)
          expect(sendFrom(client), `seed ${seed} ${client}`).toBe(pinned.get(client));
    }
    // While pinned, there is nothing to choose.
    const held = c.dataplane.outcomes({ from: fromPod("client-0"), to: "web", port: 80 });
    expect(held.map((o) => [o.probability, o.trace.backend?.name])).toEqual([[1, pinned.get("client-0")]]);
    // Different clients land on different backends (8 clients, 3 backends: seeded, not all alike).
    expect(new Set(pinned.values()).size, `seed ${seed}`).toBeGreaterThan(1);
    for (const b of pinned.values()) expect(backends).toContain(b);

    // Silence for longer than timeoutSeconds: the affinity entry expires.
    c.sim.advance((TIMEOUT_S + 1) * 1000);
    const free = c.dataplane.outcomes({ from: fromPod("client-0"), to: "web", port: 80 });
    if (mode === "ipvs") {
      // rr picks the next real server deterministically; the persistence template is gone.
      expect(free).toHaveLength(1);
    } else {
      expect(free.map((o) => o.trace.backend?.name).sort()).toEqual(backends);
    }
    // Re-pinned afresh: whatever the first flow gets, later ones follow.
    const repinned = sendFrom("client-0");
    for (let i = 0; i < 10; i++) expect(sendFrom("client-0")).toBe(repinned);
    // After expiry, some clients move (with 8 clients, seeded: at least one changes backend).
    const moved = CLIENTS.slice(1).filter((client) => {
      c.sim.advance(0);
      return sendFrom(client) !== pinned.get(client);
    });
    expect(moved.length, `seed ${seed}`).toBeGreaterThan(0);
  });
});
