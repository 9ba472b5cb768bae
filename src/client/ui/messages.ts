// The workbench's texts in Finnish, Swedish and English, one file a language under texts/ (a missing
// translation is a type error).
import { defineMessages } from '../../lib/ui/i18n.ts';
import { en } from './texts/workbench-en.ts';
import { fi } from './texts/workbench-fi.ts';
import { sv } from './texts/workbench-sv.ts';

export const workbenchMessages = defineMessages({ fi, sv, en });

export type WorkbenchT = ReturnType<typeof workbenchMessages>;
