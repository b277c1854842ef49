import type { ConfigMap } from "kubernetes-types/core/v1.js";
import type { DescribeData } from "./DescribeData.js";
import { describeEvents } from "./describeEvents.js";
import { goLess, printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, tabbedString } from "./PrefixWriter.js";

/** `ConfigMapDescriber`: each data key with its value under `----`, and binary data sizes. */
export function describeConfigMap(cm: ConfigMap, data: DescribeData): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", cm.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", cm.metadata?.annotations);
    w.write(LEVEL_0, "\nData\n====\n");
    for (const k of Object.keys(cm.data ?? {}).sort(goLess)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data![k]}\n`);
      w.write(LEVEL_0, "\n");
    }
    w.write(LEVEL_0, "\nBinaryData\n====\n");
    for (const k of Object.keys(cm.binaryData ?? {}).sort(goLess)) {
      w.write(LEVEL_0, `${k}: ${base64DecodedLength(cm.binaryData![k]!)} bytes\n`);
    }
    w.write(LEVEL_0, "\n");
    if (data.events) describeEvents(data.events, w, data.nowMs);
  });
}

/** The number of bytes a base64 string decodes to (binaryData is base64 in JSON). */
function base64DecodedLength(b64: string): number {
  const clean = b64.replace(/\s/g, "");
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}
