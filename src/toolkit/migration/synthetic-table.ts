// The synthetic correspondence table: local document kinds of an old child-welfare-centred system in
// local services and units, mapped to national codes — about 390 rows as in the Vaasa pilot (seed 000).
// Some local kinds were remapped in 2015 (two rows with validity dates), some were retired at the end of
// 2016 and some introduced in 2017, as local codes change over the years. Pure and deterministic.
import type { CodeSets } from '../../lib/codes/code-sets.ts';
import type { CorrespondenceRow } from './export-format.ts';
import { Random } from './random.ts';

export interface LocalService {
  code: string;
  serviceTask: string;
  socialServices: string[];
  units: Array<{ local: string; oid: string }>;
}

export interface LocalKind {
  code: string;
  serviceTask: string;
  /** The periods the kind exists in the old system. */
  validFrom: string;
  validTo: string;
}

export interface SyntheticTable {
  rows: CorrespondenceRow[];
  services: LocalService[];
  kinds: LocalKind[];
}

/**
 * The legacy register keeper of the synthetic export: a municipal social-welfare office valid since 2008
 * (the archive checks every organisation against the completion date, and the wellbeing services counties
 * exist only since 2023). Its organisation-register entries are written into the export (organisations.json).
 */
export const LEGACY_ORGANISATION = '1.2.246.10.9990005.10.1';
export const LEGACY_BUSINESS_ID = '9990005-9';
export const RK_UNITS = {
  ls: '1.2.246.10.9990005.10.101',
  perhe: '1.2.246.10.9990005.10.102',
  aikuis: '1.2.246.10.9990005.10.103',
  paihde: '1.2.246.10.9990005.10.104',
  vammais: '1.2.246.10.9990005.10.200',
  ikaantyneet: '1.2.246.10.9990005.10.300',
};

const UNIT_NAMES: Record<keyof typeof RK_UNITS, string> = {
  ls: 'Lastensuojelu',
  perhe: 'Perhepalvelut',
  aikuis: 'Aikuissosiaalityö',
  paihde: 'Päihdepalvelut',
  vammais: 'Vammaispalvelut',
  ikaantyneet: 'Ikääntyneiden palvelut',
};

/** The organisation-register entries the export's documents name (format of `arkki org import`). */
export function legacyOrganisations(validFrom: string): { organisations: Array<Record<string, unknown>> } {
  return {
    organisations: [
      {
        oid: LEGACY_ORGANISATION,
        name: { fi: 'Vaasan sosiaalitoimi (synteettinen vienti)', sv: 'Vasa socialväsende (syntetisk export)' },
        kind: 'organisation',
        businessId: LEGACY_BUSINESS_ID,
        registerKeeper: 'public',
        municipalityCode: '905',
        validFrom,
      },
      ...Object.entries(RK_UNITS).map(([k, oid]) => ({
        oid,
        name: { fi: `${UNIT_NAMES[k as keyof typeof RK_UNITS]}, Vaasan sosiaalitoimi` },
        kind: 'service-unit',
        parentOid: LEGACY_ORGANISATION,
        registerKeeper: null,
        validFrom,
      })),
    ],
  };
}

const SERVICES: LocalService[] = [
  {
    code: 'LSAVO',
    serviceTask: '10',
    socialServices: ['x-avohuollon-tukitoimet'],
    units: [
      { local: 'LSV1', oid: RK_UNITS.ls },
      { local: 'LSV2', oid: RK_UNITS.perhe },
    ],
  },
  {
    code: 'LSSIJ',
    serviceTask: '10',
    socialServices: ['x-sijaishuolto'],
    units: [
      { local: 'LSV1', oid: RK_UNITS.ls },
      { local: 'LSV3', oid: RK_UNITS.ls },
    ],
  },
  {
    code: 'LSJAL',
    serviceTask: '10',
    socialServices: ['x-jalkihuolto'],
    units: [
      { local: 'LSV1', oid: RK_UNITS.ls },
      { local: 'LSV2', oid: RK_UNITS.perhe },
    ],
  },
  { code: 'VPVAM', serviceTask: '20', socialServices: ['x-kuljetuspalvelu'], units: [{ local: 'VPU1', oid: RK_UNITS.vammais }] },
  { code: 'VPHEN', serviceTask: '20', socialServices: ['x-henkilokohtainen-apu'], units: [{ local: 'VPU1', oid: RK_UNITS.vammais }] },
  { code: 'IKKOT', serviceTask: 'x-iakkaat', socialServices: ['x-kotihoito'], units: [{ local: 'IKU1', oid: RK_UNITS.ikaantyneet }] },
  {
    code: 'IKOMA',
    serviceTask: 'x-iakkaat',
    socialServices: ['x-omaishoidon-tuki'],
    units: [{ local: 'IKU1', oid: RK_UNITS.ikaantyneet }],
  },
  { code: 'TASOS', serviceTask: 'x-tyoikaiset', socialServices: ['46'], units: [{ local: 'AIK1', oid: RK_UNITS.aikuis }] },
  {
    code: 'TAKUN',
    serviceTask: 'x-tyoikaiset',
    socialServices: ['x-kuntouttava-tyotoiminta'],
    units: [{ local: 'AIK1', oid: RK_UNITS.aikuis }],
  },
  { code: 'LPPER', serviceTask: 'x-lapsiperheet', socialServices: ['x-perhetyo'], units: [{ local: 'PPV1', oid: RK_UNITS.perhe }] },
  {
    code: 'LPKAS',
    serviceTask: 'x-lapsiperheet',
    socialServices: ['x-kasvatus-perheneuvonta'],
    units: [{ local: 'PPV1', oid: RK_UNITS.perhe }],
  },
  { code: 'PAPAI', serviceTask: '15', socialServices: ['x-paihdetyo'], units: [{ local: 'PAU1', oid: RK_UNITS.paihde }] },
  { code: 'PAMIE', serviceTask: '15', socialServices: ['x-mielenterveystyo'], units: [{ local: 'PAU1', oid: RK_UNITS.paihde }] },
  {
    code: 'POVAN',
    serviceTask: 'x-perheoikeudelliset',
    socialServices: ['x-vanhemmuuden-selvittaminen'],
    units: [{ local: 'PPV1', oid: RK_UNITS.perhe }],
  },
];

const TASK_PREFIX: Record<string, string> = {
  '10': 'LS',
  '20': 'VP',
  'x-iakkaat': 'IK',
  'x-tyoikaiset': 'TA',
  'x-lapsiperheet': 'LP',
  '15': 'PA',
  'x-perheoikeudelliset': 'PO',
};

const TASK_GROUPS: Record<string, string[]> = {
  '10': ['Lastensuojelun'],
  '20': ['Vammaispalvelujen'],
  'x-iakkaat': ['Iäkkäiden'],
  'x-tyoikaiset': ['Työikäisten', 'Kuntouttavan'],
  'x-lapsiperheet': ['Lapsiperheiden', 'Perhetyön', 'Kasvatus-'],
  '15': ['Päihde-'],
  'x-perheoikeudelliset': ['Perheoikeudellis'],
};

/** National client-document types that suit a service task (its own structures and the common ones). */
export function nationalTypesFor(codeSets: CodeSets, serviceTask: string): string[] {
  const entries = codeSets.get('document-types')?.entries ?? [];
  const words = TASK_GROUPS[serviceTask] ?? [];
  const group = (e: (typeof entries)[number]) => String(e.properties.group ?? '');
  const own = entries.filter((e) => e.codeSystem !== '1.2.246.537.6.1505' && words.some((w) => group(e).includes(w)));
  const common = entries.filter((e) => group(e).startsWith('Sosiaalihuollon palvelutehtäville yhteiset'));
  return [...own, ...common].map((e) => e.code);
}

const PHASES = ['vireilletulo', 'arviointi', 'suunnittelu', 'jarjestaminen', 'toteutus'];
const KINDS_PER_TASK: Record<string, number> = {
  '10': 21,
  '20': 18,
  'x-iakkaat': 18,
  'x-tyoikaiset': 18,
  'x-lapsiperheet': 18,
  '15': 18,
  'x-perheoikeudelliset': 18,
};

export function syntheticTable(codeSets: CodeSets, seed: number): SyntheticTable {
  const rng = new Random(seed ^ 0x7ab1e);
  const rows: CorrespondenceRow[] = [];
  const kinds: LocalKind[] = [];
  for (const task of Object.keys(TASK_PREFIX)) {
    const types = nationalTypesFor(codeSets, task);
    if (types.length === 0) throw new Error(`no national document types for service task ${task} in the code sets`);
    const count = KINDS_PER_TASK[task]!;
    for (let k = 0; k < count; k++) {
      const code = `${TASK_PREFIX[task]}${String(k + 1).padStart(2, '0')}`;
      // Every 7th kind was retired at the end of 2016, every 11th introduced in 2017, every 3rd remapped in 2015.
      const retired = k % 7 === 6;
      const introduced = k % 11 === 10;
      const remapped = k % 3 === 1;
      const kind: LocalKind = {
        code,
        serviceTask: task,
        validFrom: introduced ? '2017-01-01' : '2008-01-01',
        validTo: retired ? '2016-12-31' : '',
      };
      kinds.push(kind);
      const type = types[k % types.length]!;
      const later = types[(k + 5) % types.length]!;
      const phase = PHASES[k % PHASES.length]!;
      for (const service of SERVICES.filter((s) => s.serviceTask === task)) {
        for (const unit of service.units) {
          const base: CorrespondenceRow = {
            local_kind: code,
            local_service: service.code,
            local_unit: unit.local,
            valid_from: kind.validFrom,
            valid_to: kind.validTo,
            document_type: type,
            service_task: task,
            social_services: service.socialServices.join(';'),
            process_phase: phase,
            retention_rule: task === '10' ? 'lastensuojelu-pitka' : rng.next() < 0.05 ? 'pysyva' : 'sh-12y',
            service_unit: unit.oid,
            citizen_visible: rng.next() < 0.8 ? 'yes' : 'no',
            note: '',
          };
          if (remapped && !introduced && !retired) {
            rows.push({ ...base, valid_to: '2014-12-31', note: 'vanha vastaavuus ennen 2015 / mapping before 2015' });
            rows.push({ ...base, valid_from: '2015-01-01', document_type: later, note: 'uusi vastaavuus 2015 alkaen / mapping from 2015' });
          } else rows.push(base);
        }
      }
    }
  }
  return { rows, services: SERVICES, kinds };
}
