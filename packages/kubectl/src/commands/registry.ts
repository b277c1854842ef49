import { applyCommand } from "./apply.js";
import type { CommandSpec } from "./CommandSpec.js";
import { deleteCommand } from "./delete.js";
import { getCommand } from "./get.js";

/** The kubectl subcommands kubesim has, in the order `kubectl --help` lists them. Add new commands here. */
export const COMMANDS: readonly CommandSpec[] = [applyCommand, getCommand, deleteCommand];
