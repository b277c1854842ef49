import type { KubeObject, Simulation } from "@kubesim/core";

/** The CoreDNS image kubeadm 1.33 deploys (`constants.CoreDNSVersion`). */
export const COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.12.0";

/** The Corefile-level settings kubesim models. */
export interface CoreDNSSettings {
  /** The cluster domain (kubeadm `networking.dnsDomain`, default `cluster.local`). */
  readonly clusterDomain: string;
  /** The `kubernetes` plugin's `ttl` (kubeadm writes 30). */
  readonly ttlSeconds: number;
  /** CoreDNS replicas (kubeadm: 2). */
  readonly replicas: number;
}

/** kubeadm's CoreDNS settings. */
export const DEFAULT_COREDNS: CoreDNSSettings = {
  clusterDomain: "cluster.local",
  ttlSeconds: 30,
  replicas: 2,
};

/**
 * The Corefile kubeadm writes into the `coredns` ConfigMap
 * (kubernetes `cmd/kubeadm/app/phases/addons/dns/manifests.go`, `CoreDNSConfigMap`), with the
 * cluster domain and TTL given. kubesim's CoreDNS model reads its settings from the cluster
 * config, not from this text; the ConfigMap is there because `kubectl get cm -n kube-system`
 * shows it.
 */
export function corefile(settings: CoreDNSSettings): string {
  const d = settings.clusterDomain;
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${d} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl ${settings.ttlSeconds}
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${d}
       disable denial ${d}
    }
    loop
    reload
    loadbalance
}
`;
}

/**
 * kubeadm's CoreDNS addon objects, minus RBAC (which kubesim does not model): the `coredns`
 * ServiceAccount, ConfigMap and Deployment (2 replicas, `dnsPolicy: Default`, tolerating the
 * control-plane taint). The `kube-dns` Service is created with the other bootstrap Services.
 * Same manifests as kubernetes `cmd/kubeadm/app/phases/addons/dns/manifests.go`.
 */
export function coreDNSObjects(settings: CoreDNSSettings): KubeObject[] {
  const labels = { "k8s-app": "kube-dns" };
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "coredns", namespace: "kube-system" } },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "coredns", namespace: "kube-system" },
      data: { Corefile: corefile(settings) },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "coredns", namespace: "kube-system", labels },
      spec: {
        replicas: settings.replicas,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            priorityClassName: "system-cluster-critical",
            serviceAccountName: "coredns",
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: {
                      labelSelector: {
                        matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }],
                      },
                      topologyKey: "kubernetes.io/hostname",
                    },
                  },
                ],
              },
            },
            tolerations: [
              { key: "CriticalAddonsOnly", operator: "Exists" },
              { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
            ],
            nodeSelector: { "kubernetes.io/os": "linux" },
            containers: [
              {
                name: "coredns",
                image: COREDNS_IMAGE,
                imagePullPolicy: "IfNotPresent",
                resources: {
                  limits: { memory: "170Mi" },
                  requests: { cpu: "100m", memory: "70Mi" },
                },
                args: ["-conf", "/etc/coredns/Corefile"],
                volumeMounts: [{ name: "config-volume", mountPath: "/etc/coredns", readOnly: true }],
                ports: [
                  { containerPort: 53, name: "dns", protocol: "UDP" },
                  { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
                  { containerPort: 9153, name: "metrics", protocol: "TCP" },
                  { containerPort: 8080, name: "liveness-probe", protocol: "TCP" },
                  { containerPort: 8181, name: "readiness-probe", protocol: "TCP" },
                ],
                livenessProbe: {
                  httpGet: { path: "/health", port: "liveness-probe", scheme: "HTTP" },
                  initialDelaySeconds: 60,
                  timeoutSeconds: 5,
                  successThreshold: 1,
                  failureThreshold: 5,
                },
                readinessProbe: { httpGet: { path: "/ready", port: "readiness-probe", scheme: "HTTP" } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] },
                  readOnlyRootFilesystem: true,
                },
              },
            ],
            dnsPolicy: "Default",
            volumes: [
              {
                name: "config-volume",
                configMap: { name: "coredns", items: [{ key: "Corefile", path: "Corefile" }] },
              },
            ],
          },
        },
      },
    },
  ];
}

/** Creates the CoreDNS addon's objects in one transaction. */
export function bootstrapCoreDNS(sim: Simulation, settings: CoreDNSSettings = DEFAULT_COREDNS): void {
  sim.store.transaction((tx) => {
    for (const obj of coreDNSObjects(settings)) tx.create(obj);
  });
}
