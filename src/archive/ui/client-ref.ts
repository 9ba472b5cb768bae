// A client in a URL without the henkilötunnus: URLs end up in server logs, browser history and Referer
// headers. The reference is the client key encrypted (AES-256-GCM) under a key that lives only in this
// process, so links stop working at a restart (the user searches again) and cannot be forged or read.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ArkkiError } from '../../lib/errors.ts';

const KEY = randomBytes(32);

export function clientRef(clientKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', KEY, iv);
  const data = Buffer.concat([cipher.update(clientKey, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
}

export function clientKeyOf(ref: string): string {
  try {
    const raw = Buffer.from(ref, 'base64url');
    if (raw.length < 29) throw new Error('short');
    const decipher = createDecipheriv('aes-256-gcm', KEY, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new ArkkiError('not-found', [
      { field: 'client', rule: 'client-ref', message: 'this client link is not valid (any more); search for the client again' },
    ]);
  }
}
