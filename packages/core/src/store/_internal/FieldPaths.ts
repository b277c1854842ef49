/**
 * One field's place in an object version: its container's path and its key there (the root,
 * the object itself, has neither). Paths are interned per {@link FieldPaths}, so the event log's
 * reverse deltas share one path object for `status.conditions.1.status` across all versions.
 */
export class FieldPath {
  readonly parent: FieldPath | undefined;
  readonly key: string | number;
  #children: Map<string | number, FieldPath> | undefined;

  constructor(parent: FieldPath | undefined, key: string | number) {
    this.parent = parent;
    this.key = key;
  }

  /** The path of field `key` of the value at this path. */
  child(key: string | number): FieldPath {
    this.#children ??= new Map();
    let path = this.#children.get(key);
    if (!path) {
      path = new FieldPath(this, key);
      this.#children.set(key, path);
    }
    return path;
  }
}

/** A tree of interned {@link FieldPath}s. */
export class FieldPaths {
  readonly root = new FieldPath(undefined, "");
}
