// The arkki TEST PKI: create, issue, revoke, and the verifier side (trust material, path validation).
export * from './arkki-oids.ts';
export * from './certificate-fields.ts';
export * from './crl.ts';
export * from './https-options.ts';
export * from './issue.ts';
export { normalizeSerial, PKI_FILES } from './pki-store.ts';
export * from './test-pki.ts';
export * from './trust.ts';
export * from './verify-chain.ts';
export { TEST_KEY_SUFFIX } from './test-keys.ts';
