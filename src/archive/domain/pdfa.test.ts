import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, StandardFonts } from '@cantoo/pdf-lib';
import { legacyPdf, simplePdf } from '../../lib/render/placeholder-pdf.ts';
import { PDFA_RULE, pdfaIssues } from './body.ts';
import { pdfaFailures, readPdfFacts, type PdfaPoint } from './pdfa.ts';

// Each PDF/A point is broken in an otherwise good PDF/A (the placeholder rendering, rewritten with pdf-lib
// so object streams and a cross-reference stream are parsed too) and must come back named.

const GOOD = simplePdf(['Asiakassuunnitelma', 'Åsa Väinö – 010101-123N']);

async function points(bytes: Uint8Array): Promise<PdfaPoint[]> {
  return pdfaFailures(await readPdfFacts(bytes)).map((f) => f.point);
}

/** The good PDF/A loaded, changed by `edit` and saved again (keeping its trailer /ID unless the edit drops it). */
async function broken(edit: (doc: PDFDocument, catalog: PDFDict) => void | Promise<void>): Promise<Uint8Array> {
  const doc = await PDFDocument.load(GOOD, { updateMetadata: false });
  await edit(doc, doc.catalog);
  return doc.save({ updateFieldAppearances: false });
}

const XMP = (inner: string) =>
  `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" ${inner}</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

function setXmp(doc: PDFDocument, xmp: string): void {
  const stream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
}

function addAction(doc: PDFDocument, action: Record<string, unknown>): void {
  doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj(action as never));
}

describe('PDF/A check (pdfa.ts)', () => {
  it('passes the placeholder PDF/A-2b, also after a rewrite with object streams', async () => {
    assert.deepEqual(await points(GOOD), []);
    assert.deepEqual(await points(await broken(() => {})), []);
  });

  it('names every missing point of an old PDF 1.4 (Helvetica not embedded, no XMP, OutputIntent or /ID)', async () => {
    const failures = pdfaFailures(await readPdfFacts(legacyPdf(['Vanha'])));
    assert.deepEqual(failures.map((f) => f.point).sort(), ['font-embedded', 'output-intent', 'trailer-id', 'xmp-metadata']);
    assert.match(failures.find((f) => f.point === 'font-embedded')!.detail, /Helvetica/);
  });

  it('refuses an encrypted PDF as encryption (pdf-lib will not encrypt a PDF/A, so an old PDF is encrypted)', async () => {
    const doc = await PDFDocument.load(legacyPdf(['Salainen']));
    doc.encrypt({ userPassword: 'salainen', ownerPassword: 'omistaja' });
    assert.ok((await points(await doc.save())).includes('encryption'));
  });

  it('refuses what is not a PDF at all', async () => {
    assert.deepEqual(await points(Buffer.from('%PDF-1.7\nnot really a pdf\n')), ['pdf-syntax']);
  });

  const cases: Array<[PdfaPoint, string, (doc: PDFDocument, catalog: PDFDict) => void | Promise<void>]> = [
    ['trailer-id', 'no trailer /ID', (doc) => void (doc.context.trailerInfo.ID = undefined)],
    ['xmp-metadata', 'no XMP metadata stream', (_doc, catalog) => void catalog.delete(PDFName.of('Metadata'))],
    ['pdfaid-part', 'XMP without pdfaid:part', (doc) => setXmp(doc, XMP('pdfaid:conformance="B"/>'))],
    ['pdfaid-part', 'pdfaid:part 7', (doc) => setXmp(doc, XMP('pdfaid:part="7" pdfaid:conformance="B"/>'))],
    ['pdfaid-conformance', 'XMP without pdfaid:conformance', (doc) => setXmp(doc, XMP('><pdfaid:part>2</pdfaid:part></rdf:Description>'))],
    ['pdfaid-conformance', 'conformance U of PDF/A-1', (doc) => setXmp(doc, XMP('pdfaid:part="1" pdfaid:conformance="U"/>'))],
    ['output-intent', 'no OutputIntent', (_doc, catalog) => void catalog.delete(PDFName.of('OutputIntents'))],
    [
      'icc-profile',
      'an OutputIntent without DestOutputProfile',
      (_doc, catalog) =>
        void catalog.lookup(PDFName.of('OutputIntents'), PDFArray).lookup(0, PDFDict).delete(PDFName.of('DestOutputProfile')),
    ],
    [
      'icc-profile',
      'a DestOutputProfile that is no ICC profile',
      (doc, catalog) =>
        catalog
          .lookup(PDFName.of('OutputIntents'), PDFArray)
          .lookup(0, PDFDict)
          .set(
            PDFName.of('DestOutputProfile'),
            doc.context.register(doc.context.flateStream('not an ICC profile at all, just text', { N: 3 })),
          ),
    ],
    [
      'font-embedded',
      'a standard font drawn but not embedded',
      async (doc) => {
        const helvetica = await doc.embedFont(StandardFonts.Helvetica);
        doc.getPage(0).drawText('Helvetica', { font: helvetica, x: 56, y: 600, size: 11 });
      },
    ],
    ['javascript', 'a document-level JavaScript', (doc) => doc.addJavaScript('hello', 'app.alert("hei")')],
    ['javascript', 'a JavaScript open action', (doc) => addAction(doc, { S: 'JavaScript', JS: 'app.alert(1)' })],
    ['external-reference', 'a Launch action', (doc) => addAction(doc, { S: 'Launch', F: 'calc.exe' })],
    ['external-reference', 'a GoToR action', (doc) => addAction(doc, { S: 'GoToR', F: 'other.pdf', D: [0, 'Fit'] })],
    ['external-reference', 'a URI action to a local file', (doc) => addAction(doc, { S: 'URI', URI: PDFString.of('file:///etc/passwd') })],
    [
      'external-reference',
      'a stream with its data in an external file',
      (doc, catalog) => catalog.set(PDFName.of('PieceInfo'), doc.context.register(doc.context.stream('', { F: 'data.bin' }))),
    ],
    ['forbidden-action', 'a Movie action', (doc) => addAction(doc, { S: 'Movie' })],
  ];
  for (const [point, what, edit] of cases) {
    it(`refuses ${what} as ${point}`, async () => {
      const found = await points(await broken(edit));
      assert.ok(found.includes(point), `expected ${point}, got ${JSON.stringify(found)}`);
    });
  }

  it('allows an ordinary web link (URI actions to http(s) are not external references to files)', async () => {
    assert.deepEqual(await points(await broken((doc) => addAction(doc, { S: 'URI', URI: PDFString.of('https://example.org/') }))), []);
  });

  it('answers each failing point as a pdfa-required issue naming the point', async () => {
    const issues = await pdfaIssues(legacyPdf(['Vanha']), 'body');
    assert.equal(issues.length, 4);
    for (const i of issues) {
      assert.equal(i.rule, PDFA_RULE);
      assert.equal(i.field, 'body');
    }
    assert.ok(issues.some((i) => /not PDF\/A: font-embedded: font Helvetica/.test(i.message)));
  });
});
