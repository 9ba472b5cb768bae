// `arkki esign …`: the professional e-signature of a decision (docs/e-signature.md) from the command
// line — sign an unsigned CDA with a card certificate and key, or verify a signature document against a
// CDA (unsigned, or with its system signature) and a trust directory (the test PKI's CA files and CRLs).
import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadArchiveConfig } from '../config.ts';
import { loadTrust } from '../../lib/pki/trust.ts';
import { COMMITMENT_TYPES, type CommitmentType } from '../../lib/xml/xades.ts';
import { signProfessional } from '../../lib/xml/xades-sign.ts';
import { verifyDecisionSignatures, verifyProfessionalSignature, type ProfessionalSigner } from '../../lib/xml/xades-verify.ts';
import { DSIG_NS } from '../../lib/xml/xml-signature.ts';

function commitment(value: string | undefined): CommitmentType | undefined {
  if (value === undefined) return undefined;
  if (!(value in COMMITMENT_TYPES))
    throw new Error(`--commitment must be one of ${Object.keys(COMMITMENT_TYPES).join(', ')}, got '${value}'`);
  return value as CommitmentType;
}

function time(value: string | undefined, what: string): Date | undefined {
  if (value === undefined) return undefined;
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw new Error(`${what} must be an ISO 8601 time, got '${value}'`);
  return t;
}

export function describeSigner(s: ProfessionalSigner): string {
  return [
    `professional ${s.name} (${s.professionalId}) of organisation ${s.organisationOid}`,
    `  signed      ${s.signingTime}${s.commitment ? ` (${s.commitment})` : ''}`,
    `  card        serial ${s.serial}, SHA-256 ${s.certificateSha256}`,
  ].join('\n');
}

export function registerEsignCommands(program: Command): void {
  const esign = program.command('esign').description('professional e-signature (detached XAdES-BES) of a decision');

  esign
    .command('sign')
    .description('sign an unsigned CDA with a professional card; writes the detached signature document')
    .requiredOption('--cda <file>', 'the unsigned CDA document')
    .requiredOption('--cert <file>', 'the card certificate (PEM)')
    .requiredOption('--key <file>', "the card's private key (PEM)")
    .option('--chain <file>', 'intermediate CA certificate(s) to carry in KeyInfo (PEM)')
    .option('--time <iso>', 'signing time (default now)')
    .option('--commitment <type>', 'proof-of-approval (default), proof-of-creation or proof-of-origin')
    .requiredOption('--out <file>', 'where to write the signature document')
    .action(async (o: { cda: string; cert: string; key: string; chain?: string; time?: string; commitment?: string; out: string }) => {
      const read = (file: string) => readFile(file, 'utf8');
      const signingTime = time(o.time, '--time');
      const type = commitment(o.commitment);
      const signature = signProfessional(
        await read(o.cda),
        {
          certificatePem: await read(o.cert),
          privateKeyPem: await read(o.key),
          ...(o.chain ? { chainPem: await read(o.chain) } : {}),
        },
        { ...(signingTime ? { signingTime } : {}), ...(type ? { commitment: type } : {}) },
      );
      await writeFile(o.out, signature);
      console.log(`wrote ${o.out}`);
    });

  esign
    .command('verify')
    .description('verify a professional signature over a CDA; a system-signed CDA has its system signature verified first')
    .requiredOption('--signature <file>', 'the detached signature document')
    .requiredOption('--cda <file>', 'the CDA (unsigned, or with its system signature)')
    .option('--pki <dir>', 'trust directory (default: $ARKKI_DATA_DIR/pki)')
    .option('--now <iso>', 'time of receipt (default now)')
    .option('--professional-id <id>', 'the signer must be this professional')
    .action(async (o: { signature: string; cda: string; pki?: string; now?: string; professionalId?: string }) => {
      const trust = await loadTrust(o.pki ?? join(loadArchiveConfig(process.env).dataDir, 'pki'));
      const now = time(o.now, '--now') ?? new Date();
      const signature = await readFile(o.signature);
      const cda = await readFile(o.cda, 'utf8');
      const expect = o.professionalId ? { expectedProfessionalId: o.professionalId } : {};
      // A system-signed CDA is recognised by its ds:Signature; its own verifier then decides.
      if (cda.includes(DSIG_NS)) {
        const both = await verifyDecisionSignatures(cda, signature, { system: { trust, now }, professional: expect });
        if (!both.ok) throw new Error(`${both.which} signature refused (${both.reason}): ${both.detail}`);
        console.log(
          `OK\nsystem ${both.system.systemName} of organisation ${both.system.organisationOid}\n${describeSigner(both.professional)}`,
        );
        return;
      }
      const result = await verifyProfessionalSignature(signature, cda, { trust, now, ...expect });
      if (!result.ok) throw new Error(`professional signature refused (${result.reason}): ${result.detail}`);
      console.log(`OK\n${describeSigner(result.signer)}`);
    });
}
