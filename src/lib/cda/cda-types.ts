// Types shared by the CDA modules: the archive's metadata model and the local header items' values.
import type { LocalItem } from './cda-mapping.ts';

export type { DocumentMetadata } from '../metadata/metadata.ts';

/** Values of the local header items (cda-mapping.ts LOCAL_ITEMS) as text. */
export type LocalItemValues = Partial<Record<LocalItem, string>>;
