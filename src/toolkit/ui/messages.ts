// The toolkit's texts in Finnish, Swedish and English, one file a language under texts/. The task table's own
// content (the national template) stays in Finnish, as the template is published.
import { defineMessages } from '../../lib/ui/i18n.ts';
import { en } from './texts/toolkit-en.ts';
import { fi, type ToolkitKey as Keys } from './texts/toolkit-fi.ts';
import { sv } from './texts/toolkit-sv.ts';

export const messages = defineMessages({ fi, sv, en });
export type MessageKey = Keys;
