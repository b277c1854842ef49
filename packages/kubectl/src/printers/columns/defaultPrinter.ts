import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";

/**
 * NAME, AGE: the columns of a kind without a dedicated printer (cli-runtime tableprinter.go
 * `objectMetaColumnDefinitions` / `printObjectMeta`, and the API server's default for custom
 * resources without additional printer columns).
 */
export const defaultPrinter: ResourcePrinter<{ readonly metadata?: ObjectMeta }> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Age", priority: 0 },
  ],
  row(obj, ctx) {
    return [obj.metadata?.name ?? "", translateTimestampSince(obj.metadata?.creationTimestamp, ctx.nowMs)];
  },
};
