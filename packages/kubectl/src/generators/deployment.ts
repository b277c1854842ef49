import type { KubeObject } from "@kubesim/core";
import type { Container } from "kubernetes-types/core/v1.js";

/** Options of {@link generateDeployment}: the flags of `kubectl create deployment`. */
export interface DeploymentOptions {
  readonly name: string;
  /** `--image`, once per container. */
  readonly images: readonly string[];
  /** `--replicas` (default 1). */
  readonly replicas: number;
  /** `--port`; negative for "not given" (kubectl's default is -1). */
  readonly port: number;
  /** The arguments after `--`: the containers' `command`. */
  readonly command: readonly string[];
  /** Set when `-n` was given explicitly (kubectl's EnforceNamespace). */
  readonly namespace?: string;
}

/**
 * The Deployment `kubectl create deployment` sends
 * (k8s.io/kubectl/pkg/cmd/create/create_deployment.go `createDeployment`/`buildPodSpec`), with
 * fields in Go struct order: `app: NAME` as labels and selector, one container per image named
 * after the image (registry path, tag and digest removed), the port on the first container,
 * and the empty `strategy`, `resources` and `status` kubectl prints.
 *
 * @param randomSuffix - `utilrand.String(5)` for container names that need one (a name with
 *   `.` or `_`, which kubectl sanitises and makes unique with a random suffix).
 */
export function generateDeployment(options: DeploymentOptions, randomSuffix: () => string): KubeObject {
  const labels = { app: options.name };
  const containers: Container[] = options.images.map((image) => ({
    name: containerNameFor(image, randomSuffix),
    image,
    ...(options.command.length > 0 ? { command: [...options.command] } : {}),
    resources: {},
  }));
  if (options.port >= 0 && containers.length > 0) {
    const [first, ...rest] = containers;
    const { name, image, command, resources } = first!;
    containers.splice(
      0,
      containers.length,
      {
        name,
        image,
        ...(command ? { command } : {}),
        ports: [{ containerPort: options.port }],
        resources,
      },
      ...rest,
    );
  }
  return {
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: {
      name: options.name,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      creationTimestamp: null as unknown as string,
      labels: { ...labels },
    },
    spec: {
      replicas: options.replicas,
      selector: { matchLabels: { ...labels } },
      template: {
        metadata: { creationTimestamp: null, labels: { ...labels } },
        spec: { containers },
      },
      strategy: {},
    },
    status: {},
  };
}

/**
 * `buildPodSpec`'s container name: the last path element of the image without tag or digest,
 * and, when it contains `_` or `.`, those replaced by `-` plus `-` and a random suffix
 * (`sanitizeAndUniquify`).
 */
export function containerNameFor(image: string, randomSuffix: () => string): string {
  let name = image.split("/").pop()!;
  if (name.includes(":")) name = name.split(":")[0]!;
  if (name.includes("@")) name = name.split("@")[0]!;
  if (/[_.]/.test(name)) name = `${name.replaceAll("_", "-").replaceAll(".", "-")}-${randomSuffix()}`;
  return name;
}

/** The alphabet of `k8s.io/apimachinery/pkg/util/rand.String`: no vowels, no confusable digits. */
export const RAND_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
