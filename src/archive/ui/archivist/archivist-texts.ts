import { defineMessages, type Translate } from '../../../lib/ui/i18n.ts';
import { en } from './texts/archivist-en.ts';
import { type ArchivistTexts, fi } from './texts/archivist-fi.ts';
import { sv } from './texts/archivist-sv.ts';

// The archivist UI's texts in fi/sv/en, one file a language under texts/ (translators work per language).

export type { ArchivistTexts };
export type ArchivistKey = keyof ArchivistTexts;
export type ArchivistT = Translate<ArchivistKey>;
export const archivistMessages = defineMessages<ArchivistKey>({ fi, sv, en });
