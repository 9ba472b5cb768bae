// The PDF rendered beside a phase-2 CDA names the organisations from the organisation register (service
// unit, service provider), in the document's language, and falls back to the OID for an unknown one.
// Text read back with pdftotext (poppler), independent of the PDF writer.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { archiveFixture, clientDocument, newOid, RK, UNIT_LS, type ArchiveFixture } from '../../../test/support/archive-fixtures.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { cdaXml } from '../../../test/support/signed-cda.ts';
import { requireSystemDependency } from '../../../test/support/system-deps.ts';
import type { DocumentMetadata } from '../../lib/metadata/metadata.ts';
import type { ArchivedDocument } from '../domain/archived-document.ts';
import { getOrganisation } from '../store/organisation-store.ts';
import { pdfOfCda } from './cda-renderings.ts';

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
if (!hasPdftotext) requireSystemDependency('pdftotext (poppler-utils)');

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'arkki-rendering-'));
  try {
    await writeFile(join(dir, 'r.pdf'), pdf);
    return await new Promise((resolve, reject) =>
      execFile('pdftotext', ['-raw', '-enc', 'UTF-8', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }, (e, out) =>
        e ? reject(e) : resolve(out),
      ),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

for (const database of testDatabases()) {
  describe(`CDA renderings on ${database.name}`, { skip: !hasPdftotext }, () => {
    let f: ArchiveFixture;
    before(async () => {
      f = await archiveFixture(await database.open());
    });
    after(async () => {
      await f?.db.close();
    });

    const render = (m: DocumentMetadata) => {
      const xml = cdaXml(m, f.ctx.codeSets, { kind: 'structured', content: { paatos: { perustelut: 'Tuki myönnetään.' } } });
      const doc = { ...m, format: 'cda', clientKey: 'x', status: 'current' } as unknown as ArchivedDocument;
      return pdfOfCda(f.deps, doc, Buffer.from(xml));
    };

    it('names the service unit and provider from the organisation register; an unknown one by its OID', async () => {
      const unit = (await getOrganisation(f.db, UNIT_LS))!.name.fi;
      const provider = (await getOrganisation(f.db, RK))!.name.fi;
      const text = (await pdfText(await render(clientDocument(newOid(3))))).replace(/\s+/g, ' ');
      assert.ok(text.includes(`${unit} (${UNIT_LS})`), text);
      assert.ok(text.includes(`${provider} (${RK})`), text);

      const unknown = '1.2.246.10.9990001.10.999';
      const other = (await pdfText(await render(clientDocument(newOid(3), { serviceUnit: unknown })))).replace(/\s+/g, ' ');
      assert.ok(other.includes(unknown) && !other.includes(`(${unknown})`), other);
    });
  });
}
