// The archive names a CDA submission's faulty header field by its XPath (lib/cda's FIELD_XPATH); the work
// list needs the national field name behind it to point at the form field or record to fix.
import { FIELD_XPATH } from '../../lib/cda/cda-mapping.ts';

// Longest XPath first, so a list item's `(…/code[@codeSystem='X'])[2]/@code` finds its own field.
const XPATH_FIELDS = Object.entries(FIELD_XPATH)
  .map(([field, xpath]) => ({ field, xpath: xpath.replace(/\/@code$/, '') }))
  .sort((a, b) => b.xpath.length - a.xpath.length);

/** The metadata field of an archive issue's field: itself when it is a field name, else the field of its XPath. */
export function metadataFieldOf(field: string | undefined): string | undefined {
  if (!field) return undefined;
  if (!field.includes('/')) return field.replace(/\[\d+\]$/, '');
  return XPATH_FIELDS.find((x) => field.includes(x.xpath))?.field;
}
