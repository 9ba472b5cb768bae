// The code server (koodistopalvelu) as FHIR R4: CodeSystem read/vread/search/$lookup, ValueSet read/$expand.
// Current versions come from ctx.codeSets (in memory); earlier versions, kept forever, from the database.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ArkkiError } from '../../lib/errors.ts';
import { CodeSets, codeSystemUrl, normaliseSystem, type CodeEntry, type CodeSetVersion, type Lang } from '../../lib/codes/code-sets.ts';
import type { ArchiveAdapterContext } from '../adapter-context.ts';
import { API_CODE_SYSTEMS } from './api-code-systems.ts';
import { rejectUnknownParams, sendResource, single, type QueryMap } from './fhir-plugin.ts';

const VALUE_SET_BASE = 'https://arkki.example/fhir/ValueSet/';

/**
 * One FHIR CodeSystem per code system in a set. Most sets are one system; document-types also holds the
 * .1505 documents (clienthood, case, consent, denial), served as their own CodeSystem `document-types-1505`
 * so every coding's system resolves to a CodeSystem with that url.
 */
interface SystemView {
  id: string;
  url: string;
  title: string;
  set: CodeSetVersion;
  entries: CodeEntry[];
}

function systemsOf(set: CodeSetVersion): SystemView[] {
  const own = set.entries.filter((e) => e.codeSystem === set.oid);
  const views: SystemView[] = [{ id: set.id, url: codeSystemUrl(set), title: set.name, set, entries: own }];
  const others = [...new Set(set.entries.map((e) => e.codeSystem).filter((s): s is string => s !== null && s !== set.oid))];
  for (const oid of others) {
    // arkki's own system of the set's provisional values (its placeholders are not national values).
    const provisional = oid === set.provisionalOid;
    views.push({
      id: provisional ? `${set.id}-provisional` : `${set.id}-${oid.split('.').at(-1)}`,
      url: `urn:oid:${oid}`,
      title: provisional ? `${set.name}: arkki's provisional values (not national codes)` : `${set.name}: ${oid}`,
      set,
      entries: set.entries.filter((e) => e.codeSystem === oid),
    });
  }
  return views;
}

const allSystems = (sets: CodeSets): SystemView[] => sets.ids().flatMap((id) => systemsOf(sets.get(id)!));
/** A computer-friendly CodeSystem.name (FHIR cnl-0): service-tasks → ServiceTasks. */
const pascal = (id: string) =>
  id
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const content = (set: CodeSetVersion) => (set.partial || set.provisional ? 'fragment' : 'complete');

function designations(e: CodeEntry) {
  return (['sv', 'en'] as const).filter((l) => e.display[l]).map((l) => ({ language: l, value: e.display[l]! }));
}

function fhirValue(v: unknown): Record<string, unknown> | undefined {
  if (typeof v === 'string') return { valueString: v };
  if (typeof v === 'boolean') return { valueBoolean: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { valueInteger: v } : { valueDecimal: v };
  return undefined; // nested objects have no FHIR property type; they stay in the data file
}

/** A code's properties: provisional, parent, validity and the data file's own fields (kind, order, …). */
function conceptProperties(e: CodeEntry): Array<Record<string, unknown> & { code: string }> {
  const out: Array<Record<string, unknown> & { code: string }> = [{ code: 'provisional', valueBoolean: e.provisional }];
  if (e.parent) out.push({ code: 'parent', valueCode: e.parent });
  if (e.validFrom) out.push({ code: 'validFrom', valueDateTime: e.validFrom });
  if (e.validTo) out.push({ code: 'validTo', valueDateTime: e.validTo });
  for (const [code, v] of Object.entries(e.properties)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      const value = fhirValue(one);
      if (value) out.push({ code, ...value });
    }
  }
  return out;
}

const PROPERTY_TEXT: Record<string, string> = {
  provisional: 'placeholder used until the national code is available; replaced in a later version',
  parent: 'the broader code of this set',
  validFrom: 'first day the code may be used',
  validTo: 'last day the code may be used',
};

/** The data file's source, and what a reader must know: which values are not national, which national set is missing. */
function describe(view: SystemView): string {
  const { set } = view;
  const notes = [set.source];
  if (view.url === `urn:oid:${set.provisionalOid}`)
    notes.push(
      `These are arkki's provisional values of ${set.name} (${set.oid}), under arkki's own OID until national values replace them.`,
    );
  else if (set.provisionalOid)
    notes.push(`Only national values are under ${set.oid}; the provisional ones are in arkki's code system urn:oid:${set.provisionalOid}.`);
  if (set.nationalCodeSystem)
    notes.push(
      `The national code set ${set.nationalCodeSystem.name} (${set.nationalCodeSystem.oid}) exists; its values: ${set.nationalCodeSystem.values}. These values are arkki's provisional ones.`,
    );
  return notes.join(' ');
}

function codeSystemResource(view: SystemView) {
  const { set } = view;
  const concept = view.entries.map((e) => ({
    code: e.code,
    display: e.display.fi,
    ...(designations(e).length ? { designation: designations(e) } : {}),
    property: conceptProperties(e),
  }));
  // Declared properties: each code once, typed by its value[x] (valueDateTime → dateTime).
  const declared = new Map<string, string>();
  for (const c of concept)
    for (const p of c.property) {
      const key = Object.keys(p).find((k) => k.startsWith('value'))!;
      if (!declared.has(p.code)) declared.set(p.code, key.charAt(5).toLowerCase() + key.slice(6));
    }
  return {
    resourceType: 'CodeSystem',
    id: view.id,
    meta: { versionId: String(set.version) },
    url: view.url,
    ...(view.url.startsWith('urn:oid:') ? { identifier: [{ system: 'urn:ietf:rfc:3986', value: view.url }] } : {}),
    version: String(set.version),
    name: pascal(view.id),
    title: view.title,
    status: 'active',
    experimental: set.provisional,
    description: describe(view),
    language: 'fi',
    caseSensitive: true,
    ...(view.entries.some((e) => e.parent) ? { hierarchyMeaning: 'is-a' } : {}),
    valueSet: `${VALUE_SET_BASE}${set.id}`,
    content: content(set),
    count: concept.length,
    property: [...declared].map(([code, type]) => ({ code, type, ...(PROPERTY_TEXT[code] ? { description: PROPERTY_TEXT[code] } : {}) })),
    concept,
  };
}

function viewById(sets: CodeSets, id: string): SystemView {
  const view = allSystems(sets).find((v) => v.id === id);
  if (!view)
    throw new ArkkiError('not-found', [
      {
        field: 'id',
        rule: 'unknown-code-system',
        message: `CodeSystem '${id}' is not served here; known: ${allSystems(sets)
          .map((v) => v.id)
          .join(', ')}`,
      },
    ]);
  return view;
}

function languageOf(query: QueryMap): Lang {
  const raw = single(query, 'displayLanguage');
  const lang = (raw ?? 'fi').toLowerCase().split('-')[0];
  if (lang === 'fi' || lang === 'sv' || lang === 'en') return lang;
  throw new ArkkiError('invalid', [
    { field: 'displayLanguage', rule: 'language', message: `displayLanguage '${raw}' is not offered; use fi, sv or en` },
  ]);
}

/** A version number from `version` or `_history/:vid`; the current one is in memory, earlier ones in the database. */
async function setAtVersion(
  ctx: ArchiveAdapterContext,
  set: CodeSetVersion,
  raw: string | undefined,
  field: string,
): Promise<CodeSetVersion> {
  if (raw === undefined || raw === String(set.version)) return set;
  const version = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : NaN;
  const found = Number.isNaN(version) ? undefined : await ctx.registers.codeSetVersion(set.id, version);
  if (!found)
    throw new ArkkiError('not-found', [
      { field, rule: 'unknown-version', message: `code set ${set.id} has no version '${raw}'; the current version is ${set.version}` },
    ]);
  return found;
}

function lookupParameters(view: SystemView, entry: CodeEntry, lang: Lang) {
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'name', valueString: pascal(view.id) },
      { name: 'version', valueString: String(view.set.version) },
      { name: 'display', valueString: entry.display[lang] ?? entry.display.fi },
      ...(['fi', 'sv', 'en'] as const)
        .filter((l) => entry.display[l])
        .map((l) => ({
          name: 'designation',
          part: [
            { name: 'language', valueCode: l },
            { name: 'value', valueString: entry.display[l]! },
          ],
        })),
      ...conceptProperties(entry).map(({ code, ...value }) => ({
        name: 'property',
        part: [
          { name: 'code', valueCode: code },
          { name: 'value', ...value },
        ],
      })),
    ],
  };
}

function valueSetResource(set: CodeSetVersion) {
  return {
    resourceType: 'ValueSet',
    id: set.id,
    meta: { versionId: String(set.version) },
    url: `${VALUE_SET_BASE}${set.id}`,
    version: String(set.version),
    name: pascal(set.id),
    title: set.name,
    status: 'active',
    experimental: set.provisional,
    description: set.source,
    // A complete system is included whole; a fragment lists its codes so the value set claims no more than it has.
    compose: {
      include: systemsOf(set)
        .filter((v) => v.entries.length > 0)
        .map((v) => ({
          system: v.url,
          version: String(set.version),
          ...(content(set) === 'fragment' ? { concept: v.entries.map((e) => ({ code: e.code, display: e.display.fi })) } : {}),
        })),
    },
  };
}

export function codeSystemRoutes(ctx: ArchiveAdapterContext): FastifyPluginAsync {
  return async (app) => {
    const base = (request: FastifyRequest) => `${request.protocol}://${request.host}${app.prefix}`;

    app.get('/CodeSystem', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, ['_id', 'url', 'name', 'title']);
      const id = single(query, '_id');
      const url = single(query, 'url');
      const name = single(query, 'name');
      const title = single(query, 'title');
      // url is a uri search (exact); a bare OID is accepted as its urn:oid form. name/title: FHIR string search (prefix, case- and accent-insensitive).
      const matches = allSystems(ctx.codeSets).filter(
        (v) =>
          (id === undefined || v.id === id) &&
          (url === undefined || normaliseSystem(v.url) === normaliseSystem(url)) &&
          (name === undefined || fold(pascal(v.id)).startsWith(fold(name))) &&
          (title === undefined || fold(v.title).startsWith(fold(title))),
      );
      const api = API_CODE_SYSTEMS.filter(
        (cs) =>
          (id === undefined || cs.id === id) &&
          (url === undefined || cs.url === url) &&
          (name === undefined || fold(String(cs.name)).startsWith(fold(name))) &&
          (title === undefined || fold(String(cs.title)).startsWith(fold(title))),
      );
      return sendResource(reply, 200, {
        resourceType: 'Bundle',
        id: randomUUID(),
        type: 'searchset',
        total: matches.length + api.length,
        link: [{ relation: 'self', url: `${base(request)}${request.url.replace(app.prefix, '')}` }],
        ...(matches.length + api.length > 0
          ? {
              entry: [
                ...matches.map((v) => ({
                  fullUrl: `${base(request)}/CodeSystem/${v.id}`,
                  resource: codeSystemResource(v),
                  search: { mode: 'match' },
                })),
                ...api.map((cs) => ({ fullUrl: `${base(request)}/CodeSystem/${cs.id}`, resource: cs, search: { mode: 'match' } })),
              ],
            }
          : {}),
      });
    });

    app.get('/CodeSystem/$lookup', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, ['system', 'code', 'version', 'displayLanguage']);
      const system = single(query, 'system');
      const code = single(query, 'code');
      const missing = (['system', 'code'] as const).filter((k) => !single(query, k));
      if (missing.length > 0) {
        throw new ArkkiError(
          'required',
          missing.map((k) => ({ field: k, rule: 'required', message: `$lookup needs '${k}'` })),
        );
      }
      const lang = languageOf(query);
      const view = allSystems(ctx.codeSets).find((v) => normaliseSystem(v.url) === normaliseSystem(system!));
      const set = view && (await setAtVersion(ctx, view.set, single(query, 'version'), 'version'));
      const found = set && new CodeSets([set]).findBySystem(system!, code!);
      if (!view || !found) {
        const why = view
          ? `is not in code system ${view.url} (code set ${view.set.id}, version ${set!.version})`
          : `was not found: code system '${system}' is not served here`;
        throw new ArkkiError('not-found', [{ field: 'code', rule: 'code-unknown', message: `code '${code}' ${why}` }]);
      }
      return sendResource(reply, 200, lookupParameters({ ...view, set: found.set }, found.entry, lang));
    });

    app.get<{ Params: { id: string } }>('/CodeSystem/:id', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const api = API_CODE_SYSTEMS.find((cs) => cs.id === request.params.id);
      if (api) return sendResource(reply, 200, api);
      return sendResource(reply, 200, codeSystemResource(viewById(ctx.codeSets, request.params.id)));
    });

    app.get<{ Params: { id: string; vid: string } }>('/CodeSystem/:id/_history/:vid', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      const view = viewById(ctx.codeSets, request.params.id);
      const set = await setAtVersion(ctx, view.set, request.params.vid, 'vid');
      return sendResource(reply, 200, codeSystemResource(systemsOf(set).find((v) => v.id === view.id) ?? { ...view, set, entries: [] }));
    });

    const valueSet = (id: string): CodeSetVersion => {
      const set = ctx.codeSets.get(id);
      if (!set)
        throw new ArkkiError('not-found', [
          {
            field: 'id',
            rule: 'unknown-value-set',
            message: `ValueSet '${id}' is not served here; known: ${ctx.codeSets.ids().join(', ')}`,
          },
        ]);
      return set;
    };

    app.get<{ Params: { id: string } }>('/ValueSet/:id', async (request, reply) => {
      rejectUnknownParams(request.query as QueryMap, []);
      return sendResource(reply, 200, valueSetResource(valueSet(request.params.id)));
    });

    app.get<{ Params: { id: string } }>('/ValueSet/:id/$expand', async (request, reply) => {
      const query = request.query as QueryMap;
      rejectUnknownParams(query, ['filter', 'displayLanguage']);
      const set = valueSet(request.params.id);
      const lang = languageOf(query);
      const filter = single(query, 'filter');
      const today = ctx.now().toISOString().slice(0, 10);
      const contains = systemsOf(set)
        .flatMap((v) => v.entries.map((e) => ({ v, e })))
        .filter(
          ({ e }) =>
            filter === undefined || [e.code, e.display.fi, e.display.sv, e.display.en].some((t) => t && fold(t).includes(fold(filter))),
        )
        .map(({ v, e }) => ({
          system: v.url,
          version: String(set.version),
          code: e.code,
          display: e.display[lang] ?? e.display.fi,
          // Codes past their validTo stay in the expansion (old documents use them) but are marked inactive.
          ...((e.validTo && e.validTo < today) || (e.validFrom && e.validFrom > today) ? { inactive: true } : {}),
          ...(designations(e).length ? { designation: designations(e) } : {}),
        }));
      const resource = valueSetResource(set);
      return sendResource(reply, 200, {
        ...resource,
        expansion: {
          identifier: `urn:uuid:${randomUUID()}`,
          timestamp: ctx.now().toISOString(),
          total: contains.length,
          parameter: [{ name: 'displayLanguage', valueCode: lang }, ...(filter ? [{ name: 'filter', valueString: filter }] : [])],
          contains,
        },
      });
    });
  };
}
