import type { KubeObject } from "../api/KubeObject.js";
import type { ResourceType } from "../api/resources.js";
import { newInvalid, type StatusCause } from "../api/StatusError.js";
import type { AdmissionHook, DeleteHook, Transaction } from "../store/ObjectStore.js";
import { errorBody, type FieldError } from "../validation/field.js";

/**
 * What the API server does with objects of one kind, in the order it does it
 * (k8s.io/apiserver/pkg/registry/generic/registry/store.go `Create`/`Update`, rest.BeforeCreate):
 * defaulting on decode, mutating admission, PrepareForCreate/Update, BeginCreate/Update (the
 * Service registry allocates addresses there), then validation. Every step is optional and
 * pure but for `beginCreate`/`beginUpdate`/`afterDelete`, which may write through the
 * transaction (allocation state lives in the store, so a refused write undoes it).
 */
export interface ResourceStrategy {
  /** `SetDefaults_<Kind>`: applied to every incoming object, on create and on update. */
  readonly defaults?: (obj: KubeObject) => KubeObject;
  /** Mutating admission plugins that act on create (ServiceAccount, DefaultTolerationSeconds, ...). */
  readonly admit?: (obj: KubeObject, tx: Transaction) => KubeObject;
  readonly prepareForCreate?: (obj: KubeObject) => KubeObject;
  readonly prepareForUpdate?: (obj: KubeObject, old: KubeObject) => KubeObject;
  readonly beginCreate?: (obj: KubeObject, tx: Transaction) => KubeObject;
  readonly beginUpdate?: (obj: KubeObject, old: KubeObject, tx: Transaction) => KubeObject;
  readonly validate?: (obj: KubeObject) => readonly FieldError[];
  readonly validateUpdate?: (obj: KubeObject, old: KubeObject) => readonly FieldError[];
  /** Runs when an object is finally removed: release what it held. */
  readonly afterDelete?: (obj: KubeObject, tx: Transaction) => void;
}

/**
 * Field errors as the API server returns them: one Invalid StatusError whose causes are the
 * errors (`{reason: type, field, message: body}`), so kubectl prints `The Service "x" is invalid: ...`.
 */
export function invalidError(type: ResourceType, name: string, errors: readonly FieldError[]): never {
  const causes: StatusCause[] = errors.map((e) => ({
    reason: e.type,
    field: e.field,
    message: errorBody(e),
  }));
  throw newInvalid(type, name, causes);
}

/**
 * The admission and delete hooks that run `strategies` inside the store: install them after
 * the NamespaceLifecycle hook so that a missing namespace is reported before validation errors,
 * as the API server's admission chain does.
 */
export function strategyHooks(strategies: ReadonlyMap<string, ResourceStrategy>): {
  admission: AdmissionHook;
  onDelete: DeleteHook;
} {
  const admission: AdmissionHook = (operation, input, old, tx) => {
    const strategy = strategies.get(input.kind);
    if (!strategy) return undefined;
    const type = tx.registryType(input.kind);
    let obj = strategy.defaults ? strategy.defaults(input) : input;
    if (operation === "CREATE") {
      if (strategy.admit) obj = strategy.admit(obj, tx);
      if (strategy.prepareForCreate) obj = strategy.prepareForCreate(obj);
      if (strategy.beginCreate) obj = strategy.beginCreate(obj, tx);
      const errors = strategy.validate?.(obj) ?? [];
      if (errors.length > 0) invalidError(type, obj.metadata.name ?? "", errors);
      return obj;
    }
    if (strategy.prepareForUpdate) obj = strategy.prepareForUpdate(obj, old!);
    if (strategy.beginUpdate) obj = strategy.beginUpdate(obj, old!, tx);
    const errors = strategy.validateUpdate?.(obj, old!) ?? strategy.validate?.(obj) ?? [];
    if (errors.length > 0) invalidError(type, obj.metadata.name ?? "", errors);
    return obj;
  };
  const onDelete: DeleteHook = (obj, tx) => strategies.get(obj.kind)?.afterDelete?.(obj, tx);
  return { admission, onDelete };
}
