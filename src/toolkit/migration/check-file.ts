// Is the original file there and does it look like what its name says? Reads only its first and last
// bytes, so validating two million files reads kilobytes each, not the files.
import { open } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { formatOf, type OriginalFormat } from './export-format.ts';
import type { Rejection } from './reject-classes.ts';

export type FileCheck = { ok: true; path: string; format: OriginalFormat; size: number } | { ok: false; rejection: Rejection };

const HEAD = 1024;
const TAIL = 1024;

function looksLike(format: OriginalFormat, head: Buffer, tail: Buffer): string | undefined {
  const start = head.subarray(0, 8).toString('latin1');
  switch (format) {
    case 'pdf':
      if (!start.startsWith('%PDF-')) return 'does not start with %PDF-';
      if (!tail.toString('latin1').includes('%%EOF')) return 'has no %%EOF at its end (truncated)';
      return undefined;
    case 'rtf':
      return start.startsWith('{\\rtf') ? undefined : 'does not start with {\\rtf';
    case 'tiff':
      return start.startsWith('II*\u0000') || start.startsWith('MM\u0000*') ? undefined : 'is not a TIFF image (no II*/MM* header)';
    case 'docx':
    case 'odt':
      return start.startsWith('PK\u0003\u0004') ? undefined : 'is not a zip package';
    case 'txt':
      return head.includes(0) ? 'has NUL bytes: not a text file' : undefined;
  }
}

export function originalPath(filesDir: string, file: string): string | undefined {
  const rel = normalize(file);
  if (isAbsolute(rel) || rel.startsWith(`..${sep}`) || rel === '..') return undefined;
  return join(filesDir, rel);
}

export async function checkFile(filesDir: string, file: string): Promise<FileCheck> {
  const fail = (c: Rejection['class'], detail: string): FileCheck => ({ ok: false, rejection: { class: c, field: 'file', detail } });
  const path = originalPath(filesDir, file);
  if (!path) return fail('unreadable-file', `${file} points outside the files folder`);
  const format = formatOf(file);
  if (!format) return fail('unreadable-file', `${file}: unknown file type (pdf, rtf, txt, tif, docx, odt are read)`);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? fail('missing-file', `${file} is not in the files folder`) : fail('unreadable-file', `${file}: ${code}`);
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return fail('unreadable-file', `${file} is empty`);
    const head = Buffer.alloc(Math.min(HEAD, size));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(TAIL, size));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const wrong = looksLike(format, head, tail);
    return wrong ? fail('unreadable-file', `${file} ${wrong}`) : { ok: true, path, format, size };
  } finally {
    await handle.close();
  }
}
