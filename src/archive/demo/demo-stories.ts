import type { Identity } from '../../lib/identity/identity.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { ArchiveDeps } from '../service/deps.ts';
import { invalidateDocument } from '../service/invalidate-document.ts';
import { ingestCdaDocuments, type CdaSubmission } from '../service/ingest-cda.ts';
import type { Submission } from '../service/store-documents.ts';
import { upsertPerson } from '../store/person-store.ts';
import { simplePdf } from '../../lib/render/placeholder-pdf.ts';
import { Random } from './random.ts';
import { generateClient, type SyntheticRegisterKeeper } from './synthetic.ts';

// The demo's worked examples, beside the random clients: things a new user should be able to try that random
// data does not give. A child-welfare client whose clienthood and case have ended (Sanna Sosiaalityöntekijä
// has no client relation, but there is data: the special-reason form is offered), and in the same register a
// corrected (replaced) and an invalidated document for the archivist to find.

/** The demo client who needs a special reason (asiayhteys), henkilötunnus 191013A950A: documented in the README. */
export const SPECIAL_REASON_CLIENT = { familyName: 'Rantanen', givenNames: 'Veeti' } as const;
const ENDED_ON = '2026-09-30';

export interface StoryResult {
  /** Henkilötunnus of the client whose relation has ended. */
  specialReasonClient: string;
  documents: number;
}

function nextVersion(m: DocumentMetadata, id: string): DocumentMetadata {
  return { ...m, documentId: id, version: m.version + 1, replaces: m.documentId, title: `${m.title} (korjattu)` };
}

export async function seedDemoStories(
  deps: ArchiveDeps,
  rk: SyntheticRegisterKeeper,
  users: Identity[],
  now: Date,
  /** Turns the story's documents into the system-signed CDA its client system sends (signed-demo.ts). */
  sign: (submissions: Submission[]) => Promise<CdaSubmission[]>,
): Promise<StoryResult> {
  const system = users.find((u) => u.role === 'system' && u.registerKeeperOid === rk.oid)!;
  const archivist = users.find((u) => u.role === 'archivist' && u.registerKeeperOid === rk.oid)!;
  const authors = users
    .filter((u) => u.role === 'social-worker' && u.registerKeeperOid === rk.oid)
    .map((u) => ({ name: u.name, professionalId: u.professionalId ?? u.userId, role: 'sosiaalityöntekijä' }));
  // Only the child-welfare unit: the client's data is in service task 10, which sw-vaasa-ls's role covers.
  const unit = rk.units.find((u) => u.serviceTasks.length === 1 && u.serviceTasks[0] === '10')!;
  const client = generateClient(
    {
      seed: 0,
      registerKeeper: { ...rk, units: [unit] },
      codeSets: deps.codeSets,
      documentsPerClient: { min: 6, max: 8 },
      bodyBytes: 0,
      now,
      authors,
    },
    950,
    new Random(4249),
  );
  // Everything ends on ENDED_ON: the clienthoods and the cases are over, the documents stay.
  const submissions: Submission[] = client.submissions.map((s) => {
    const m = { ...s.metadata };
    if (m.clienthood && m.clienthood.level !== 'social-welfare') m.clienthood = { ...m.clienthood, end: ENDED_ON };
    if (m.caseRecord) m.caseRecord = { ...m.caseRecord, closed: ENDED_ON };
    return { ...s, metadata: m };
  });
  await deps.db.transaction((tx) =>
    upsertPerson(tx, {
      clientKey: client.hetu,
      idKind: 'hetu',
      ...SPECIAL_REASON_CLIENT,
      birthDate: client.birthDate,
      municipalityCode: '905',
      turvakielto: false,
      contact: {
        streetAddress: 'Hovioikeudenpuistikko 5 B 12',
        postalCode: '65100',
        postOffice: 'Vaasa',
        phone: '+358 40 000 1950',
        email: null,
      },
    }),
  );
  const register = submissions.filter((s) => s.metadata.clienthood || s.metadata.caseRecord);
  const others = submissions.filter((s) => !s.metadata.clienthood && !s.metadata.caseRecord);
  const stored = [
    ...(await ingestCdaDocuments(deps, system, await sign(register))),
    ...(await ingestCdaDocuments(deps, system, await sign(others))),
  ];
  const refused = stored.find((r) => r.outcome === 'rejected');
  if (refused && refused.outcome === 'rejected') throw new Error(`demo story data was refused: ${refused.error.message}`);

  // A correction and a mistake, among the client documents of this client.
  const clientDocs = submissions.filter((s) => !s.metadata.clienthood && !s.metadata.caseRecord);
  const [corrected, mistaken] = clientDocs.slice(-2);
  let documents = stored.length;
  if (corrected && mistaken) {
    const v2 = nextVersion(corrected.metadata, `${corrected.metadata.documentId}9`);
    const body = {
      contentType: 'application/pdf',
      data: simplePdf([v2.title, `Asiakas ${client.hetu}`, 'Korjattu: päivämäärä oli väärin'], 0),
    };
    const replaced = await ingestCdaDocuments(deps, system, await sign([{ metadata: { ...v2, completed: now.toISOString() }, body }]));
    if (replaced[0]?.outcome === 'rejected') throw new Error(`demo correction was refused: ${replaced[0].error.message}`);
    documents += 1;
    await invalidateDocument(deps, archivist, mistaken.metadata.documentId, 'Tallennettu väärälle asiakkaalle (demo)');
  }
  return { specialReasonClient: client.hetu, documents };
}
