import { Command } from 'commander';
import { registerArchiveCommands } from '../archive/cli/index.ts';

// `arkki`: the one entry point; each system adds its own commands (src/<system>/cli/).
const program = new Command('arkki').description('arkki — social-welfare client data archive tools');
registerArchiveCommands(program);

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`arkki: ${err.message}`);
  process.exit(1);
});
