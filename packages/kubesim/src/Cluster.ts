import {
  type CloudLoadBalancerController,
  cloudLoadBalancerController,
  DEFAULT_START_TIME,
  deploymentController,
  endpointSliceController,
  endpointsController,
  garbageCollectorController,
  installApiServer,
  type KubeletController,
  kubeletController,
  type MetalLB,
  metalLB,
  namespaceController,
  nodeLifecycleController,
  parseTimestamp,
  replicaSetController,
  replicationControllerController,
  rootCACertPublisher,
  Simulation,
  schedulerController,
  serviceAccountController,
  taintEvictionController,
} from "@kubesim/core";
import { createDataplane, type Dataplane, DEFAULT_OUTSIDE_HOSTS } from "@kubesim/dataplane";
import { type ClusterDNS, installClusterDNS, KIND_NODE_RESOLV_CONF } from "@kubesim/dns";
import {
  type CommandResult,
  type CommandWatch,
  type KubectlIO,
  kubectl,
  kubectlNeedsStdin,
} from "@kubesim/kubectl";
import { bootstrapCluster } from "./bootstrap.js";
import { bootstrapCoreDNS, DEFAULT_COREDNS } from "./bootstrapCoreDNS.js";
import {
  type ClusterConfig,
  type ClusterNetworking,
  checkClusterConfig,
  DEFAULT_LOAD_BALANCER,
  DEFAULT_NETWORKING,
} from "./ClusterConfig.js";
import { containerRuntime, mainProcessRunner } from "./containerRuntime.js";
import { externalClientNeedsStdin, runExternalClient } from "./externalClient.js";
import { runKubesimCommand } from "./kubesimCommand.js";
import { clusterOutsideNetwork } from "./outsideNetwork.js";
import { parseSleep } from "./parseSleep.js";
import { DEFAULT_EXTERNAL_CLIENT_IP } from "./traceCommand.js";

/**
 * The cluster CA certificate published as `kube-root-ca.crt`: a fixed placeholder with the
 * shape of kubeadm's, since no TLS is simulated.
 */
const CLUSTER_CA_PEM =
  "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIa3ViZXNpbTAwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\nAxMKa3ViZXJuZXRlczAeFw0yNTAxMDEwMDAwMDBaFw0zNTAxMDEwMDAwMDBaMBUx\nEzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK\n-----END CERTIFICATE-----\n";

/**
 * How long before `startTime` a cluster is bootstrapped: long enough for the CoreDNS pods to
 * be scheduled, pulled, started and past their liveness probe's initial delay (60 s).
 */
export const BOOTSTRAP_MS = 120_000;

/** Options of {@link createCluster}; `seed` and `nodes` override the config's. */
export interface ClusterOptions {
  readonly seed?: number;
  /** Number of worker nodes. */
  readonly nodes?: number;
  readonly config?: ClusterConfig;
  /**
   * Run the control plane: kubelets, node lifecycle, scheduler, Deployment, ReplicaSet,
   * ReplicationController, EndpointSlice, Endpoints, garbage collector and taint eviction
   * controllers (default true). Tests of one controller turn this off and add
   * the controllers they need; the API machinery (namespace, service account, root CA
   * controllers) always runs.
   */
  readonly controlPlane?: boolean;
  /**
   * Keep the store's event log, every committed version of every object (default true; see
   * `sim.store.eventLog()`). Turning it off saves about 15% of the heap of a large cluster
   * (each pod goes through about 20 logged versions of objects) when nothing reads the log.
   */
  readonly eventLog?: boolean;
}

/**
 * A simulated cluster: a {@link Simulation} with the API server's behaviour, the control
 * plane's controllers and bootstrap objects, driven through kubectl commands, `sleep` and
 * the library API. All of its state lives in `sim`.
 */
export class Cluster {
  readonly sim: Simulation;
  readonly name: string;
  /** The kubelets of all nodes (one controller), for fault injection; absent with `controlPlane: false`. */
  readonly kubelet: KubeletController | undefined;
  /**
   * The network: pod networking, kube-proxy on every node, conntrack, the workloads that
   * answer, and the packet path (`dataplane.send(...)`, `dataplane.outcomes(...)`).
   */
  readonly dataplane: Dataplane;
  /**
   * Cluster DNS: CoreDNS's records, each pod's resolv.conf, and `dns.resolve(name, from)`,
   * which looks a name up as a process at `from` does (queries over the dataplane to the
   * `kube-dns` Service's CoreDNS pods).
   */
  readonly dns: ClusterDNS;
  /** The cloud's load-balancer controller (`loadBalancer.provider: cloud`, the default). */
  readonly cloud: CloudLoadBalancerController | undefined;
  /** MetalLB's controller and speakers (`loadBalancer.provider: metallb`). */
  readonly metallb: MetalLB | undefined;
  readonly #outsideClientIP: string;
  /** The watches `kubectl get -w` left open, followed until the script's next command. */
  readonly #watches: CommandWatch[] = [];
  readonly #networking: Required<ClusterNetworking>;

  constructor(options: ClusterOptions = {}) {
    const config = options.config ?? {};
    const errors = checkClusterConfig(config as Record<string, unknown>);
    if (errors.length > 0) throw new Error(`invalid cluster config: ${errors.join("; ")}`);
    this.name = config.name ?? "kubesim";
    // The cluster is bootstrapped BOOTSTRAP_MS before the configured start, so that the user
    // starts at `startTime` with a cluster kubeadm has finished: nodes Ready, CoreDNS running.
    const startMs = parseTimestamp(config.startTime ?? DEFAULT_START_TIME) as number;
    this.sim = new Simulation({
      seed: options.seed ?? config.seed ?? 0,
      startTime: startMs - BOOTSTRAP_MS,
      ...(options.eventLog !== undefined ? { eventLog: options.eventLog } : {}),
    });
    const networking = { ...DEFAULT_NETWORKING, ...config.networking };
    this.#networking = networking;
    installApiServer(this.sim, {
      serviceCIDRs: networking.serviceSubnet.split(",").map((c) => c.trim()),
      nodePortRange: networking.serviceNodePortRange,
    });
    bootstrapCluster(this.sim, {
      name: this.name,
      workers: options.nodes ?? config.nodes?.workers ?? 2,
      networking,
    });
    const coreDNS = {
      ...DEFAULT_COREDNS,
      ...(config.dns?.clusterDomain ? { clusterDomain: config.dns.clusterDomain } : {}),
      ...(config.dns?.ttl !== undefined ? { ttlSeconds: config.dns.ttl } : {}),
    };
    bootstrapCoreDNS(this.sim, coreDNS);
    this.sim.addController(namespaceController());
    if (options.controlPlane ?? true) {
      this.kubelet = kubeletController({
        sim: this.sim,
        processRunner: mainProcessRunner(() => this.dataplane),
      });
      this.sim.addController(this.kubelet);
      this.sim.addController(nodeLifecycleController(this.sim));
      this.sim.addController(schedulerController());
      this.sim.addController(deploymentController({ sim: this.sim }));
      this.sim.addController(replicaSetController());
      this.sim.addController(replicationControllerController());
      this.sim.addController(endpointSliceController());
      this.sim.addController(endpointsController());
      this.sim.addController(garbageCollectorController());
      this.sim.addController(taintEvictionController());
    }
    const lb = {
      ...DEFAULT_LOAD_BALANCER,
      ...config.loadBalancer,
      cloud: { ...DEFAULT_LOAD_BALANCER.cloud, ...config.loadBalancer?.cloud },
    };
    if (lb.provider === "cloud") {
      this.cloud = cloudLoadBalancerController({
        addresses: lb.cloud.addresses,
        minDelayMs: lb.cloud.minDelaySeconds * 1000,
        maxDelayMs: lb.cloud.maxDelaySeconds * 1000,
      });
      this.sim.addController(this.cloud);
    } else if (lb.provider === "metallb") {
      this.metallb = metalLB();
      for (const controller of this.metallb.controllers) this.sim.addController(controller);
    }
    this.sim.addController(serviceAccountController());
    this.sim.addController(rootCACertPublisher(CLUSTER_CA_PEM));
    this.dataplane = createDataplane({
      sim: this.sim,
      proxyMode: networking.kubeProxyMode,
      cni: networking.cniBackend,
      clusterCIDR: networking.podSubnet,
    });
    const outsideHosts = config.outside?.hosts ?? DEFAULT_OUTSIDE_HOSTS;
    this.#outsideClientIP = config.outside?.clientIP ?? DEFAULT_EXTERNAL_CLIENT_IP;
    this.dataplane.setOutsideNetwork(
      clusterOutsideNetwork({
        sim: this.sim,
        dataplane: this.dataplane,
        provider: lb.provider,
        ...(this.metallb ? { l2Announcer: this.metallb.announcer.bind(this.metallb) } : {}),
        hosts: outsideHosts,
        nameservers: {
          ips: KIND_NODE_RESOLV_CONF.nameservers,
          answer: (question) => this.dns.records.upstream.answer(question),
        },
      }),
    );
    this.dns = installClusterDNS({
      sim: this.sim,
      dataplane: this.dataplane,
      clusterDomain: coreDNS.clusterDomain,
      ttlSeconds: coreDNS.ttlSeconds,
      ...(config.outside?.hosts
        ? { upstream: Object.fromEntries(config.outside.hosts.map((h) => [h.name, { ips: [h.ip] }])) }
        : {}),
    });
    this.sim.settle({ timeoutMs: BOOTSTRAP_MS });
    this.sim.runUntil(startMs);
  }

  /**
   * Runs a kubectl command (`"get pods -o wide"` or an argument vector) and returns what
   * kubectl prints and its exit code. Work the controllers have pending is done first, at
   * the current virtual instant, so the command sees a cluster that has reacted.
   */
  kubectl(args: string | readonly string[], io: KubectlIO = {}): CommandResult {
    this.sim.advance(0);
    const watched = this.#endWatches();
    const result = kubectl(this.sim, args, {
      runtime: containerRuntime(this.dataplane, this.kubelet),
      ...io,
    });
    this.sim.advance(0);
    if (result.watch) this.#watches.push(result.watch);
    return watched === "" ? result : { ...result, stdout: watched + result.stdout };
  }

  /**
   * A script's next command ends the watches it left open (`kubectl get -w`); returns what they
   * printed, which comes before that command's output.
   */
  #endWatches(): string {
    return this.#watches
      .splice(0)
      .map((w) => {
        w.stop();
        return w.drain();
      })
      .join("");
  }

  /**
   * `curl`, `wget`, `nc`, `ping`, `nslookup`, `dig`, `getent hosts` on the machine outside the
   * cluster that runs the script (`outside.clientIP`): names resolve through the outside world,
   * packets enter the cluster only at node, NodePort, LoadBalancer and external IPs.
   */
  client(argv: readonly string[], io: { stdin?: string } = {}): CommandResult {
    const watched = this.#endWatches();
    const r = runExternalClient(this.dataplane, argv, {
      ip: this.#outsideClientIP,
      hostResolver: (q) => this.dns.records.upstream.answer(q),
      ...(io.stdin !== undefined ? { stdin: io.stdin } : {}),
    });
    return { stdout: watched + r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  }

  /** Whether an outside tool's argument vector reads standard input (`nc`, `curl -d @-`). */
  clientNeedsStdin(argv: readonly string[]): boolean {
    return externalClientNeedsStdin(argv);
  }

  /** Whether a kubectl argument vector reads standard input (`apply -f -`). */
  needsStdin(argv: readonly string[]): boolean {
    return kubectlNeedsStdin(argv);
  }

  /** `sleep` inside a `kubesim run` script: advances virtual time by the GNU sleep arguments, instantly. */
  sleep(argv: readonly string[]): CommandResult {
    const parsed = parseSleep(argv);
    if (!parsed.ok) return { stdout: "", stderr: parsed.error, exitCode: 1 };
    this.sim.advance(parsed.ms);
    // Time passing is what open watches watch: they print into sleep's output.
    return { stdout: this.#watches.map((w) => w.drain()).join(""), stderr: "", exitCode: 0 };
  }

  /**
   * In-script simulator commands: time control (`kubesim now`, `kubesim settle`) and faults
   * (`kubesim crash`, `fail-readiness`, `stop-node`, `start-node`); see {@link runKubesimCommand}.
   */
  kubesim(argv: readonly string[]): CommandResult {
    const watched = this.#endWatches();
    const result = runKubesimCommand(
      {
        sim: this.sim,
        kubelet: this.kubelet,
        dataplane: this.dataplane,
        dns: this.dns,
        outsideClientIP: this.#outsideClientIP,
        clusterName: this.name,
        networking: this.#networking,
      },
      argv,
    );
    return watched === "" ? result : { ...result, stdout: watched + result.stdout };
  }
}

/** Creates a simulated cluster. */
export function createCluster(options: ClusterOptions = {}): Cluster {
  return new Cluster(options);
}
