import type { Command } from 'commander';
import { registerCodeCommands } from './codes.ts';
import { registerEsignCommands } from './esign.ts';
import { registerLogCommands } from './log.ts';
import { registerMonitorCommands } from './monitor.ts';
import { registerOrgCommands } from './org.ts';
import { registerPkiCommands } from './pki.ts';
import { registerRoleCommands } from './roles.ts';

// The archive's admin commands; each group lives in its own file and adds itself here.
export function registerArchiveCommands(program: Command): void {
  registerOrgCommands(program);
  registerCodeCommands(program);
  registerPkiCommands(program);
  registerLogCommands(program);
  registerMonitorCommands(program);
  registerEsignCommands(program);
  registerRoleCommands(program);
}
