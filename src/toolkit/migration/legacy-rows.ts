// Streams the export's document rows (CSV or JSON Lines) one at a time, so memory does not grow with the
// export. The bytes are read as Latin-1 (which keeps every byte) and each value is then decoded as UTF-8
// when it is valid UTF-8: a row with Latin-1 text in a UTF-8 export is found, not garbled silently.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { LEGACY_COLUMNS, type LegacyRow } from './export-format.ts';

export interface SourceRow {
  /** 0-based position among the data rows: the checkpoint counts these. */
  index: number;
  /** Line of the row in the file, for the records manager. */
  line: number;
  row: LegacyRow;
  /** Fields whose bytes were not UTF-8 (read as Latin-1). */
  latin1Fields: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A value read as Latin-1 bytes → its text, and whether it was not valid UTF-8. */
export function decodeValue(latin1: string): { text: string; latin1: boolean } {
  if (/^[\u0000-\u007f]*$/.test(latin1)) return { text: latin1, latin1: false };
  try {
    return { text: utf8.decode(Buffer.from(latin1, 'latin1')), latin1: false };
  } catch {
    return { text: latin1, latin1: true };
  }
}

function toRow(values: Record<string, unknown>): { row: LegacyRow; latin1Fields: string[] } {
  const row = {} as Record<keyof LegacyRow, string>;
  const latin1Fields: string[] = [];
  for (const c of LEGACY_COLUMNS) {
    const v = values[c];
    const { text, latin1 } = decodeValue(v === undefined || v === null ? '' : String(v));
    row[c] = text.trim();
    if (latin1) latin1Fields.push(c);
  }
  return { row, latin1Fields };
}

export async function* readLegacyRows(file: string): AsyncGenerator<SourceRow> {
  if (file.endsWith('.jsonl') || file.endsWith('.ndjson')) {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'latin1' }), crlfDelay: Number.POSITIVE_INFINITY });
    let line = 0;
    let index = 0;
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      let values: Record<string, unknown>;
      try {
        values = JSON.parse(text) as Record<string, unknown>;
      } catch (err) {
        // A broken line is a row without values: validation rejects it (missing row id / fields) with its line.
        values = { row_id: '', title: `unparseable JSON: ${(err as Error).message}` };
      }
      yield { index: index++, line, ...toRow(values) };
    }
    return;
  }
  const parser = createReadStream(file, { encoding: 'latin1' }).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  let index = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>)
    yield { index: index++, line: info.lines, ...toRow(record) };
}
