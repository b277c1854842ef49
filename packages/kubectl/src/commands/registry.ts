import { annotateCommand } from "./annotate.js";
import { applyCommand } from "./apply.js";
import type { CommandSpec } from "./CommandSpec.js";
import { cordonCommand, drainCommand, uncordonCommand } from "./cordon.js";
import { createCommand } from "./create.js";
import { deleteCommand } from "./delete.js";
import { describeCommand } from "./describe.js";
import { execCommand } from "./exec.js";
import { exposeCommand } from "./expose.js";
import { getCommand } from "./get.js";
import { labelCommand } from "./label.js";
import { logsCommand } from "./logs.js";
import { patchCommand } from "./patch.js";
import { replaceCommand } from "./replace.js";
import { rolloutCommand } from "./rollout.js";
import { runCommand } from "./run.js";
import { scaleCommand } from "./scale.js";
import { setCommand } from "./set.js";

/** The kubectl subcommands kubesim has, in the order `kubectl --help` lists them. Add new commands here. */
export const COMMANDS: readonly CommandSpec[] = [
  cordonCommand,
  uncordonCommand,
  drainCommand,
  createCommand,
  exposeCommand,
  runCommand,
  applyCommand,
  getCommand,
  deleteCommand,
  describeCommand,
  logsCommand,
  execCommand,
  replaceCommand,
  patchCommand,
  labelCommand,
  annotateCommand,
  scaleCommand,
  rolloutCommand,
  setCommand,
];
