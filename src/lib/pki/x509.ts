// The one way arkki imports @peculiar/x509: its dependency injection (tsyringe) needs a Reflect metadata
// polyfill loaded before it, and it needs a WebCrypto provider — Node's. Import `x509` from here only.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
