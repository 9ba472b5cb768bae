import { Command } from 'commander';
import { registerOrgCommands } from './org.ts';
import { registerCodeCommands } from './codes.ts';
import { registerPkiCommands } from './pki.ts';
import { registerLogCommands } from './log.ts';
import { registerMonitorCommands } from './monitor.ts';
import { registerEsignCommands } from './esign.ts';
import { registerRoleCommands } from './roles.ts';

// Each command group lives in its own file and adds itself here.
const program = new Command('arkki').description('arkki — social-welfare client data archive tools');
registerOrgCommands(program);
registerCodeCommands(program);
registerPkiCommands(program);
registerLogCommands(program);
registerMonitorCommands(program);
registerEsignCommands(program);
registerRoleCommands(program);

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`arkki: ${err.message}`);
  process.exit(1);
});
