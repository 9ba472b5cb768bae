// What a rendering shows, independent of its output format: the document header block and the content
// as nested sections of label/value rows, built from the structure definition alone (display order,
// labels, code names). The XHTML, the PDF and the CDA narrative are all written from this one model,
// so they cannot disagree, and no structure has code of its own.
import type { CodeSets } from '../codes/code-sets.ts';
import type { DocumentMetadata } from '../metadata/metadata.ts';
import type { FieldDef, StructureDefinition } from '../structures/definition.ts';
import { formatDate, formatDateTime, formatNumber, localText, word, type RenderLang } from './render-text.ts';

export interface RenderRow {
  kind: 'field';
  label: string;
  values: string[];
}
export interface RenderSection {
  kind: 'section';
  heading?: string;
  blocks: RenderBlock[];
}
export type RenderBlock = RenderRow | RenderSection;

export interface RenderModel {
  lang: RenderLang;
  title: string;
  /** The document type's name, shown above the title. */
  documentType: string;
  header: RenderRow[];
  invalidation?: { mark: string; reason?: string; at?: string };
  content: RenderBlock[];
}

export interface RenderInput {
  metadata: DocumentMetadata;
  /** Archive state: an invalidated document is marked as such on every rendering made after it. */
  status?: 'current' | 'superseded' | 'invalidated';
  invalidation?: { reason: string; at: string };
  /** The structure the content follows; without it the content is shown by its keys. */
  definition?: StructureDefinition;
  /** Structured (phase 2) content `{ <rootKey>: {...} }`; absent for a header-only rendering. */
  content?: unknown;
  lang?: RenderLang;
  /** Display names of codes (document types, service tasks, code fields); absent = names the content carries. */
  codeSets?: CodeSets;
  /** Name of an organisation or service unit by OID, e.g. from the organisation register. */
  organisationName?: (oid: string) => string | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Empty optional values are not shown: no key, blank text, empty list or an object with nothing to show. */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.every(isEmpty);
  if (isObj(v)) return Object.values(v).every(isEmpty);
  return false;
}

class ContentRenderer {
  constructor(
    private readonly definition: StructureDefinition | undefined,
    private readonly lang: RenderLang,
    private readonly codeSets: CodeSets | undefined,
  ) {}

  label(f: FieldDef): string {
    return localText(f.title ?? f.label, this.lang);
  }

  codeName(f: FieldDef | undefined, v: Obj): string {
    const code = typeof v.code === 'string' ? v.code : '';
    const system = typeof v.system === 'string' ? v.system : undefined;
    const fromSet = system ? this.codeSets?.findBySystem(system, code)?.entry.display : undefined;
    const fromDefinition = f?.code?.values?.find((x) => x.code === code)?.display;
    const national = fromSet
      ? this.lang === 'sv'
        ? (fromSet.sv ?? fromSet.fi)
        : fromSet.fi
      : fromDefinition
        ? localText(fromDefinition, this.lang)
        : undefined;
    const own = typeof v.display === 'string' && v.display.trim() !== '' ? v.display : undefined;
    return national ?? own ?? code;
  }

  /** One non-container value as text. */
  leaf(f: FieldDef | undefined, v: unknown): string {
    const type = f?.type;
    if (typeof v === 'boolean') return word(v ? 'yes' : 'no', this.lang);
    if (typeof v === 'number') return formatNumber(v);
    if (typeof v === 'string') {
      if (type === 'date') return formatDate(v);
      if (type === 'datetime') return formatDateTime(v, this.lang);
      if (type === 'phrase' && f?.phrase) return localText(f.phrase, this.lang);
      return v;
    }
    if (isObj(v)) {
      const coded = type === 'code' || (type === undefined && ('system' in v || 'display' in v));
      if (coded && 'code' in v) return this.codeName(f, v);
      if (typeof v.value === 'number') return `${formatNumber(v.value)}${typeof v.code === 'string' && v.code !== '1' ? ` ${v.code}` : ''}`;
      if (typeof v.value === 'string') return v.value;
    }
    return JSON.stringify(v);
  }

  isContainerValue(f: FieldDef | undefined, v: unknown): v is Obj {
    if (f) return f.type === 'heading' || f.type === 'group';
    return isObj(v) && !('code' in v) && !('value' in v);
  }

  /** Blocks of an object, in the definition's display order; keys the definition does not know come last. */
  blocks(value: Obj, fields: readonly FieldDef[] | undefined): RenderBlock[] {
    const known = (fields ?? []).filter((f) => f.key in value);
    const unknown = Object.keys(value)
      .filter((k) => !known.some((f) => f.key === k))
      .sort();
    const out: RenderBlock[] = [];
    for (const f of known) this.field(f.key, f, value[f.key], out);
    for (const k of unknown) this.field(k, undefined, value[k], out);
    return out;
  }

  field(key: string, f: FieldDef | undefined, raw: unknown, out: RenderBlock[]): void {
    // A heading without fields is a caption the structure wants shown (e.g. the law a decision rests on).
    if (f && this.isContainerValue(f, raw) && f.fields.length === 0 && !f.hideTitle && !f.hidden)
      return void out.push({ kind: 'section', heading: this.label(f), blocks: [] });
    if (isEmpty(raw)) return;
    const container = f ? this.isContainerValue(f, raw) : false;
    // Sosmeta hiddenField: on a group (the only place the structures use it) the group is a grouping of
    // data, not a heading of its own; its fields are shown in the parent. A hidden single value is not shown.
    if (f?.hidden && !container) return;
    const items = (Array.isArray(raw) ? raw : [raw]).filter((x) => !isEmpty(x));
    const label = f ? this.label(f) : key;
    if (items.every((x) => !this.isContainerValue(f, x))) {
      // Sosmeta hideTitle ("Otsikkoa ei näytetä"): the value is shown without its label.
      out.push({ kind: 'field', label: f?.hideTitle ? '' : label, values: items.map((x) => this.leaf(f, x)) });
      return;
    }
    items.forEach((item, i) => {
      const heading = f?.hideTitle || f?.hidden ? undefined : items.length > 1 ? `${label} ${i + 1}/${items.length}` : label;
      const blocks = this.isContainerValue(f, item)
        ? this.blocks(item, f?.fields)
        : [{ kind: 'field' as const, label, values: [this.leaf(f, item)] }];
      // A heading with hidden title adds no level of its own: its children join the parent.
      if (heading === undefined) out.push(...blocks);
      else out.push({ kind: 'section', heading, blocks });
    });
  }

  content(content: unknown): RenderBlock[] {
    if (!isObj(content))
      return isEmpty(content) ? [] : [{ kind: 'field', label: word('content', this.lang), values: [this.leaf(undefined, content)] }];
    const d = this.definition;
    const root = d && isObj(content[d.rootKey]) ? (content[d.rootKey] as Obj) : undefined;
    if (root && Object.keys(content).length === 1) return this.blocks(root, d!.fields);
    return this.blocks(content, undefined);
  }
}

function clientText(m: DocumentMetadata, lang: RenderLang): string {
  return m.client.kind === 'hetu'
    ? `${m.client.value} (${word('hetu', lang)})`
    : `${m.client.value} (${word('temporaryId', lang)} ${m.client.issuerOid})`;
}

function header(input: RenderInput, lang: RenderLang): RenderRow[] {
  const m = input.metadata;
  const c = input.codeSets;
  const name = (set: string, code: string) => (c?.display(set, code, lang) ? `${c.display(set, code, lang)} (${code})` : code);
  const org = (oid: string) => {
    const n = input.organisationName?.(oid);
    return n ? `${n} (${oid})` : oid;
  };
  const rows: [string, string | string[] | undefined][] = [
    [word('client', lang), clientText(m, lang)],
    [word('author', lang), `${m.author.name}, ${m.author.role}`],
    [word('serviceUnit', lang), org(m.serviceUnit)],
    [word('serviceProvider', lang), org(m.serviceProvider)],
    [word('registerKeeper', lang), m.registerKeeper === m.serviceProvider ? undefined : org(m.registerKeeper)],
    [word('serviceTask', lang), name('service-tasks', m.serviceTask)],
    [word('socialServices', lang), m.socialServices.map((s) => name('social-services', s))],
    [word('case', lang), m.case?.name],
    [word('processPhase', lang), m.processPhase !== undefined ? name('process-phases', m.processPhase) : undefined],
    [word('created', lang), formatDateTime(m.created, lang)],
    [word('completed', lang), formatDateTime(m.completed, lang)],
    [word('version', lang), m.replaces ? `${m.version}, ${word('replaces', lang)} ${m.replaces}` : String(m.version)],
    [word('documentId', lang), m.documentId],
    [word('publicity', lang), `${word(m.publicity.class, lang)}${m.publicity.basis ? ` (${m.publicity.basis})` : ''}`],
  ];
  return rows
    .filter(([, v]) => v !== undefined && (!Array.isArray(v) || v.length > 0))
    .map(([label, v]) => ({ kind: 'field', label, values: Array.isArray(v) ? v : [v!] }));
}

/** What the content part of a rendering needs besides the content. */
export type RenderOptions = Pick<RenderInput, 'definition' | 'lang' | 'codeSets'>;

/** The content part alone (the CDA narrative has the header in the CDA header instead). */
export function buildContentBlocks(content: unknown, options: RenderOptions = {}): RenderBlock[] {
  return new ContentRenderer(options.definition, options.lang ?? 'fi', options.codeSets).content(content);
}

/** One non-container value as the renderings show it (code name, d.m.yyyy date, Kyllä/Ei, …). */
export function formatLeaf(field: FieldDef | undefined, value: unknown, options: RenderOptions = {}): string {
  return new ContentRenderer(options.definition, options.lang ?? 'fi', options.codeSets).leaf(field, value);
}

export function buildRenderModel(input: RenderInput): RenderModel {
  const lang = input.lang ?? (input.metadata.language === 'sv' ? 'sv' : 'fi');
  const m = input.metadata;
  const typeName =
    input.codeSets?.display('document-types', m.documentType, lang) ??
    (input.definition ? localText(input.definition.name, lang) : undefined);
  const invalidated = input.status === 'invalidated' || input.invalidation !== undefined;
  return {
    lang,
    title: m.title,
    documentType: typeName ? `${typeName} (${m.documentType})` : m.documentType,
    header: header(input, lang),
    ...(invalidated
      ? {
          invalidation: {
            mark: word('invalidated', lang),
            reason: input.invalidation?.reason,
            at: input.invalidation ? formatDateTime(input.invalidation.at, lang) : undefined,
          },
        }
      : {}),
    content: input.content === undefined ? [] : new ContentRenderer(input.definition, lang, input.codeSets).content(input.content),
  };
}
