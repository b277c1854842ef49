/**
 * The kubelet: pod lifecycle on every node, node heartbeats, and its fault API.
 *
 * @module
 */
export {
  type ContainerBehaviour,
  containerBehaviour,
  type ExecOutcome,
  execOutcome,
  type FileEvent,
  imageBaseName,
  mainProcessArgv,
} from "./containerBehaviour.js";
export {
  type ContainerLogEntry,
  type ContainerLogInstance,
  type ContainerLogLine,
  type ContainerLogReadOptions,
  formatRFC3339Nano,
  logEntries,
  readContainerLog,
} from "./containerLog.js";
export {
  getHostLocalState,
  HOST_LOCAL_STATE_KIND,
  type HostLocalState,
  hostLocalStateName,
} from "./hostLocalState.js";
export { goDuration, imageID, normalizeImage } from "./images.js";
export {
  type ContainerLogResult,
  type KubeletController,
  type KubeletOptions,
  kubeletController,
  type MainProcessRun,
} from "./kubeletController.js";
export {
  crashContainer,
  failReadiness,
  isKubeletStopped,
  type PodRef,
  startKubelet,
  stopKubelet,
} from "./kubeletFaults.js";
export { DEFAULT_KUBELET_TIMINGS, type KubeletTimings } from "./kubeletTimings.js";
