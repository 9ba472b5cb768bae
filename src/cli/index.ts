import { Command } from 'commander';

// `arkki`: the one entry point; each system's command groups live in src/<system>/cli/ and add themselves
// to the program (registerArchiveCommands adds all of the archive's). Only the group that is asked for is
// loaded: the groups pull in the database, PKI, rendering and XML code, and loading all of them
// made every command (even `arkki --help`) take seconds to start. The overview lists the groups from the
// table below; `arkki <group> --help` loads that group and shows its commands.
type Register = (program: Command) => void;
const GROUPS: Record<string, { description: string; load: Array<() => Promise<Register>> }> = {
  org: {
    description: 'organisation register (SOTE-organisaatiorekisteri): organisations and service units',
    load: [() => import('../archive/cli/org.ts').then((m) => m.registerOrgCommands)],
  },
  codes: {
    description: 'code sets (koodistot): versioned data in the archive database',
    load: [() => import('../archive/cli/codes.ts').then((m) => m.registerCodeCommands)],
  },
  pki: {
    description: 'TEST PKI for demos and tests: CAs, system/card/citizen/server certificates, CRLs',
    load: [() => import('../archive/cli/pki.ts').then((m) => m.registerPkiCommands)],
  },
  // `log export` is registered by monitor.ts beside the log controller's other tools.
  log: {
    description: 'usage log (käyttöloki): verify the hash chains, export for the log controller',
    load: [
      () => import('../archive/cli/log.ts').then((m) => m.registerLogCommands),
      () => import('../archive/cli/monitor.ts').then((m) => m.registerMonitorCommands),
    ],
  },
  monitor: {
    description: 'log monitoring (lokivalvonta): runs, alerts and the monthly self-monitoring report',
    load: [() => import('../archive/cli/monitor.ts').then((m) => m.registerMonitorCommands)],
  },
  esign: {
    description: 'professional e-signature (detached XAdES-BES) of a decision',
    load: [() => import('../archive/cli/esign.ts').then((m) => m.registerEsignCommands)],
  },
  roles: {
    description: "roles per organisation mapped to service tasks, and professionals' role assignments",
    load: [() => import('../archive/cli/roles.ts').then((m) => m.registerRoleCommands)],
  },
  conformance: {
    description: "conformance test harness: certify a vendor's client system against the archive",
    load: [() => import('../toolkit/conformance/cli.ts').then((m) => m.registerConformanceCommands)],
  },
};

async function main(): Promise<void> {
  const program = new Command('arkki').description('arkki — social-welfare client data archive tools');
  const words = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const asked = words[0] === 'help' ? words[1] : words[0];
  const group = asked === undefined ? undefined : GROUPS[asked];
  if (group) {
    for (const load of group.load) (await load())(program);
  } else {
    // The overview (or an unknown command, which commander reports against this list).
    for (const [name, g] of Object.entries(GROUPS)) program.command(name).description(g.description);
  }
  await program.parseAsync(process.argv);
}

main().catch((err: Error) => {
  console.error(`arkki: ${err.message}`);
  process.exit(1);
});
