import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateCda, type CdaBody } from '../../lib/cda/cda-header.ts';
import { PKI_FILES, type IssuedEntry } from '../../lib/pki/index.ts';
import { renderPdf } from '../../lib/render/render-pdf.ts';
import type { StructureRegistry } from '../../lib/structures/registry.ts';
import { sampleContent } from '../../lib/structures/sample-content.ts';
import { createSigner, type SigningKey } from '../../lib/xml/xml-signature.ts';
import type { Organisation } from '../domain/organisation.ts';
import type { ArchiveDeps } from '../service/deps.ts';
import { CDA_CONTENT_TYPE, type CdaSubmission } from '../service/ingest-cda.ts';
import type { Submission } from '../service/store-documents.ts';

// Demo documents as a client system sends them: CDA R2 signed with the demo system signing certificate of
// the document's register keeper. Every other client document is phase 2 (sample content of its type's
// structure in a structuredBody); the rest, and every clienthood and case document, are phase I, whose
// nonXMLBody is the PDF rendering of that same kind of content. Types without a national structure get a
// header-only PDF rendering.

/** The demo PKI's system signing certificates' keys, by organisation OID (the demo PKI writes them under ARKKI_PKI_DIR). */
export async function readDemoSigners(pkiDir: string): Promise<Map<string, SigningKey>> {
  const index = JSON.parse(await readFile(join(pkiDir, PKI_FILES.index), 'utf8')) as { issued: IssuedEntry[] };
  const chainPem = await readFile(join(pkiDir, PKI_FILES.intermediateCert), 'utf8');
  const signers = new Map<string, SigningKey>();
  for (const e of index.issued) {
    if (e.kind !== 'signing' || e.revokedAt || !e.organisationOid || signers.has(e.organisationOid)) continue;
    signers.set(e.organisationOid, {
      privateKeyPem: await readFile(join(pkiDir, e.keyFile), 'utf8'),
      certificatePem: await readFile(join(pkiDir, e.certFile), 'utf8'),
      chainPem,
    });
  }
  return signers;
}

/** A seed from the document id, so the same demo document always gets the same content. */
function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export async function signedDemoDocuments(
  deps: Pick<ArchiveDeps, 'codeSets'>,
  registry: StructureRegistry,
  organisations: Organisation[],
  key: SigningKey,
  submissions: Submission[],
  /** The clients' names by henkilötunnus: the content's client group names the document's own client. */
  clientNames?: ReadonlyMap<string, { familyName: string; givenNames: string }>,
): Promise<CdaSubmission[]> {
  const names = new Map(organisations.map((o) => [o.oid, o.name.fi]));
  const out: CdaSubmission[] = [];
  const signer = createSigner(key); // the key is read once for the whole set
  for (const [i, s] of submissions.entries()) {
    const metadata = { ...s.metadata, format: 'cda' as const };
    const type = deps.codeSets.lookup('document-types', metadata.documentType);
    const definition = registry.latest(metadata.documentType, type?.codeSystem ?? undefined);
    const person = metadata.client.kind === 'hetu' ? clientNames?.get(metadata.client.value) : undefined;
    const content = definition
      ? sampleContent(definition, {
          seed: seedOf(metadata.documentId),
          codeSets: deps.codeSets,
          before: metadata.created.slice(0, 10),
          ...(metadata.client.kind === 'hetu' ? { client: { hetu: metadata.client.value, ...person } } : {}),
        })
      : undefined;
    const body: CdaBody =
      definition && i % 2 === 1 && !s.metadata.clienthood && !s.metadata.caseRecord
        ? { kind: 'structured', content, definition }
        : {
            kind: 'pdf',
            data: await renderPdf({
              metadata,
              definition,
              content,
              lang: 'fi',
              codeSets: deps.codeSets,
              organisationName: (oid) => names.get(oid),
            }),
          };
    const xml = generateCda(metadata, body, { codeSets: deps.codeSets, structureOid: definition?.oid });
    out.push({ data: Buffer.from(signer.sign(xml)), contentType: CDA_CONTENT_TYPE });
  }
  return out;
}
