import { applyCommand } from "./apply.js";
import type { CommandSpec } from "./CommandSpec.js";
import { createCommand } from "./create.js";
import { deleteCommand } from "./delete.js";
import { describeCommand } from "./describe.js";
import { exposeCommand } from "./expose.js";
import { getCommand } from "./get.js";
import { runCommand } from "./run.js";

/** The kubectl subcommands kubesim has, in the order `kubectl --help` lists them. Add new commands here. */
export const COMMANDS: readonly CommandSpec[] = [
  createCommand,
  exposeCommand,
  runCommand,
  applyCommand,
  getCommand,
  deleteCommand,
  describeCommand,
];
