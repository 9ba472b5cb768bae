// `arkki pki …`: the TEST PKI for demos and tests — create it, issue system, card, citizen and server
// certificates, revoke, refresh the CRLs. Real certificates come from DVV; nothing here is for production.
import type { Command } from 'commander';
import { join, relative } from 'node:path';
import { loadArchiveConfig } from '../config.ts';
import { readDemoOrganisations } from '../demo/seed.ts';
import { pkiListTable } from './terminal-tables.ts';
import {
  createTestPki,
  issueCitizenCertificate,
  issueProfessionalCertificate,
  issueServerCertificate,
  issueSystemCertificate,
  issueSystemSigningCertificate,
  loadPki,
  parseSystemProfile,
  PKI_FILES,
  revoke,
  writeCrl,
  type IssuedCertificate,
  type TestPki,
} from '../../lib/pki/index.ts';

interface DirOption {
  dir?: string;
}

/** Default: `<ARKKI_DATA_DIR>/pki`, where `npm start` in demo mode will look for it. */
function pkiDir(options: DirOption): string {
  return options.dir ?? join(loadArchiveConfig(process.env).dataDir, 'pki');
}

function days(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`--days must be a whole number of days ≥ 1, got '${value}'`);
  return Number(value);
}

function show(pki: TestPki, issued: IssuedCertificate): void {
  // Relative to where the command ran when that is shorter to copy, else absolute.
  const rel = (file: string) => {
    const r = relative(process.cwd(), join(pki.dir, file));
    return r.startsWith('..') ? join(pki.dir, file) : r;
  };
  console.log(
    [
      `issued ${issued.kind} certificate ${issued.serial}`,
      `  subject      ${issued.subject}`,
      `  valid        ${issued.notBefore} – ${issued.notAfter}`,
      ...(issued.organisationOid ? [`  organisation ${issued.organisationOid}`] : []),
      ...(issued.profile ? [`  profile      ${issued.profile}`] : []),
      `  certificate  ${rel(issued.certFile)}`,
      `  TEST key     ${rel(issued.keyFile)}`,
    ].join('\n'),
  );
}

const dirOption = ['--dir <dir>', 'test PKI directory (default: $ARKKI_DATA_DIR/pki)'] as const;
const daysOption = ['--days <n>', 'validity in days (default 365)'] as const;

export function registerPkiCommands(program: Command): void {
  const pki = program.command('pki').description('TEST PKI for demos and tests: CAs, system/card/citizen/server certificates, CRLs');

  pki
    .command('init')
    .description('create a root and an intermediate test CA, their CRLs and a server certificate for localhost')
    .option(...dirOption)
    .action(async (options: DirOption) => {
      const dir = pkiDir(options);
      const created = await createTestPki(dir);
      const server = await issueServerCertificate(created);
      console.log(`created a TEST PKI in ${dir} (root ${created.root.serialNumber}); see ${PKI_FILES.readme}`);
      show(created, server);
    });

  pki
    .command('issue-system')
    .description("TLS certificate for an organisation's client system, carrying the organisation OID and the system profile")
    .requiredOption('--org <oid>', 'organisation OID')
    .requiredOption('--profile <profile>', 'connected|storing|viewing|archiving (or liittyvä|tallentava|katseleva|arkistoiva)')
    .requiredOption('--name <name>', 'system name (becomes the systemId)')
    .option(...daysOption)
    .option(...dirOption)
    .action(async (options: DirOption & { org: string; profile: string; name: string; days?: string }) => {
      const profile = parseSystemProfile(options.profile);
      if (!profile) throw new Error(`unknown --profile '${options.profile}'; use connected, storing, viewing or archiving`);
      const loaded = await loadPki(pkiDir(options));
      show(
        loaded,
        await issueSystemCertificate(loaded, {
          organisationOid: options.org,
          profile,
          name: options.name,
          ...(options.days ? { validityDays: days(options.days) } : {}),
        }),
      );
    });

  pki
    .command('issue-signing')
    .description(
      "system signing certificate of an organisation's client system (keyUsage digitalSignature/nonRepudiation, no TLS): it makes the system signature",
    )
    .requiredOption('--org <oid>', 'organisation OID')
    .requiredOption('--profile <profile>', 'connected|storing|viewing|archiving (or liittyvä|tallentava|katseleva|arkistoiva)')
    .requiredOption('--name <name>', 'system name (as in its TLS certificate)')
    .option(...daysOption)
    .option(...dirOption)
    .action(async (options: DirOption & { org: string; profile: string; name: string; days?: string }) => {
      const profile = parseSystemProfile(options.profile);
      if (!profile) throw new Error(`unknown --profile '${options.profile}'; use connected, storing, viewing or archiving`);
      const loaded = await loadPki(pkiDir(options));
      show(
        loaded,
        await issueSystemSigningCertificate(loaded, {
          organisationOid: options.org,
          profile,
          name: options.name,
          ...(options.days ? { validityDays: days(options.days) } : {}),
        }),
      );
    });

  pki
    .command('issue-professional')
    .description('card certificate of a social-welfare professional')
    .requiredOption('--name <name>', "the professional's name")
    .requiredOption('--professional-id <id>', 'professional identifier as on the card')
    .requiredOption('--org <oid>', 'organisation OID')
    .option(...daysOption)
    .option(...dirOption)
    .action(async (options: DirOption & { name: string; professionalId: string; org: string; days?: string }) => {
      const loaded = await loadPki(pkiDir(options));
      show(
        loaded,
        await issueProfessionalCertificate(loaded, {
          name: options.name,
          professionalId: options.professionalId,
          organisationOid: options.org,
          ...(options.days ? { validityDays: days(options.days) } : {}),
        }),
      );
    });

  pki
    .command('issue-citizen')
    .description('citizen test identity (test henkilötunnus, individual number 900–999, only)')
    .requiredOption('--name <name>', "the citizen's name")
    .requiredOption('--hetu <hetu>', 'test henkilötunnus')
    .option(...daysOption)
    .option(...dirOption)
    .action(async (options: DirOption & { name: string; hetu: string; days?: string }) => {
      const loaded = await loadPki(pkiDir(options));
      show(
        loaded,
        await issueCitizenCertificate(loaded, {
          name: options.name,
          hetu: options.hetu,
          ...(options.days ? { validityDays: days(options.days) } : {}),
        }),
      );
    });

  pki
    .command('issue-server')
    .description('TLS server certificate for the archive')
    .option('--dns <names>', 'comma-separated DNS names', 'localhost')
    .option('--ip <addresses>', 'comma-separated IP addresses', '127.0.0.1')
    .option(...daysOption)
    .option(...dirOption)
    .action(async (options: DirOption & { dns: string; ip: string; days?: string }) => {
      const list = (s: string) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
      const loaded = await loadPki(pkiDir(options));
      show(
        loaded,
        await issueServerCertificate(loaded, {
          dnsNames: list(options.dns),
          ipAddresses: list(options.ip),
          ...(options.days ? { validityDays: days(options.days) } : {}),
        }),
      );
    });

  pki
    .command('revoke')
    .description('revoke an issued certificate and publish new CRLs')
    .requiredOption('--serial <hex>', 'serial number (hex, as printed when issued)')
    .option(...dirOption)
    .action(async (options: DirOption & { serial: string }) => {
      const loaded = await loadPki(pkiDir(options));
      const entry = await revoke(loaded, options.serial);
      console.log(`revoked ${entry.kind} certificate ${entry.serial} (${entry.subject}) at ${entry.revokedAt}; CRLs rewritten`);
    });

  pki
    .command('crl')
    .description('re-sign both CRLs (do this before their nextUpdate, 30 days, or verifiers refuse every certificate)')
    .option(...dirOption)
    .action(async (options: DirOption) => {
      const loaded = await loadPki(pkiDir(options));
      const { intermediate } = await writeCrl(loaded);
      console.log(`CRLs written: ${intermediate.entries.length} revoked, next update ${intermediate.nextUpdate?.toISOString()}`);
    });

  pki
    .command('list')
    .description('list issued certificates')
    .option(...dirOption)
    .action(async (options: DirOption) => {
      const loaded = await loadPki(pkiDir(options));
      // Organisation names from the demo organisation register file (the TEST PKI is for the demo and tests).
      const organisations = await readDemoOrganisations().catch(() => []);
      const names = new Map(organisations.map((o) => [o.oid, o.name.fi]));
      console.log(pkiListTable(loaded.index.issued, (oid) => names.get(oid)));
    });
}
