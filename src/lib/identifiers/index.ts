export * from './business-id.ts';
export * from './client-id.ts';
export * from './hetu.ts';
export * from './oid.ts';
export * from './temp-id.ts';
