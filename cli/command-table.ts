/**
 * Every command, in the order `azl-wsl help` lists them. A new command is one entry here: main
 * parses its declared options, `help NAME` prints its help and shell completion offers it.
 */
import type { Command } from './command.js';
import { planCommand } from './commands/plan-command.js';
import { buildCommand } from './commands/build-command.js';
import { validateCommand } from './commands/validate-command.js';
import { verifyCommand } from './commands/verify-command.js';
import { installCommand } from './commands/install-command.js';
import { listCommand } from './commands/list-command.js';
import { removeCommand } from './commands/remove-command.js';
import { setupUserCommand } from './commands/setup-user-command.js';
import { setDefaultUserCommand } from './commands/set-default-user-command.js';
import { exportCommand } from './commands/export-command.js';
import { doctorCommand } from './commands/doctor-command.js';
import { builderCommand } from './commands/builder-command.js';
import { catalogCommand } from './commands/catalog-command.js';
import { ensureCommand } from './commands/ensure-command.js';
import { inventoryCommand } from './commands/inventory-command.js';
import { sbomCommand } from './commands/sbom-command.js';
import { advisoriesCommand } from './commands/advisories-command.js';
import { diagnoseCommand } from './commands/diagnose-command.js';
import { completionCommand } from './commands/completion-command.js';
import { upgradeCommand } from './commands/upgrade-command.js';
import { updateCommand } from './commands/update-command.js';
import { snapshotCommand } from './commands/snapshot-command.js';
import { snapshotsCommand } from './commands/snapshots-command.js';
import { restoreCommand } from './commands/restore-command.js';
import { moveCommand } from './commands/move-command.js';
import { cloneCommand } from './commands/clone-command.js';

export const COMMANDS: readonly Command[] = [
  planCommand,
  buildCommand,
  validateCommand,
  verifyCommand,
  doctorCommand,
  installCommand,
  listCommand,
  setupUserCommand,
  setDefaultUserCommand,
  exportCommand,
  upgradeCommand,
  updateCommand,
  snapshotCommand,
  snapshotsCommand,
  restoreCommand,
  moveCommand,
  cloneCommand,
  removeCommand,
  builderCommand,
  catalogCommand,
  ensureCommand,
  inventoryCommand,
  sbomCommand,
  advisoriesCommand,
  diagnoseCommand,
  completionCommand,
];

/** The command called `name`, if there is one. */
export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
