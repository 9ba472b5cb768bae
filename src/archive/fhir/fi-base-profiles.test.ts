// The FHIR resources arkki writes follow the Finnish base profiles (hl7.fhir.fi.base): the identifier
// systems, types and uses the profiles fix, the security label and extension they define, the register
// keeper agent, and meta.profile claims only where the resource conforms. Each resource also passes a
// structural check against FHIR R4 (test/support/fhir-shapes.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fhirStructureProblems } from '../../../test/support/fhir-shapes.ts';
import type { Organisation } from '../domain/organisation.ts';
import type { Person } from '../domain/person.ts';
import { capabilityStatement } from './capability-routes.ts';
import type { Json } from './document-reference.ts';
import { registerKeeperAgent, toFhirOrganization } from './organization.ts';
import { personToPatient } from './patient.ts';
import { authorReference, humanName, practitionerId, toFhirPractitioner } from './practitioner.ts';
import { documentProvenance } from './provenance.ts';

const FI = 'https://hl7.fi/fhir/finnish-base-profiles';
const NNFIN = { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'NNFIN' };

const person = (over: Partial<Person> = {}): Person => ({
  clientKey: '010516A901V',
  idKind: 'hetu',
  familyName: 'Virtanen',
  givenNames: 'Aino Maria',
  birthDate: '2016-05-01',
  municipalityCode: '905',
  turvakielto: false,
  ...over,
});

const county: Organisation = {
  oid: '1.2.246.10.9990001.10.1',
  name: { fi: 'Pohjanmaan hyvinvointialue', sv: 'Österbottens välfärdsområde' },
  kind: 'organisation',
  businessId: '9990001-6',
  registerKeeper: 'public',
  validFrom: '2023-01-01',
};
const privateProvider: Organisation = {
  ...county,
  oid: '1.2.246.10.9990003.10.1',
  name: { fi: 'Hoivapalvelu Oy' },
  businessId: '9990003-0',
  registerKeeper: 'private',
};

function valid(resource: Json): Json {
  assert.deepEqual(fhirStructureProblems(resource), [], `${String(resource.resourceType)} is not structurally valid`);
  return resource;
}

const identifiers = (r: Json) => r.identifier as Json[];

describe('Finnish base profiles', () => {
  describe('Patient (fi-base-patient)', () => {
    test('henkilötunnus is the official identifier with system urn:oid:1.2.246.21 and type NNFIN', () => {
      const patient = valid(personToPatient(person()));
      assert.deepEqual((patient.meta as Json).profile, [`${FI}/StructureDefinition/fi-base-patient`]);
      assert.deepEqual(identifiers(patient), [
        { use: 'official', type: { coding: [NNFIN] }, system: 'urn:oid:1.2.246.21', value: '010516A901V' },
      ]);
      assert.equal(patient.id, '010516A901V');
      assert.deepEqual(patient.name, [{ family: 'Virtanen', given: ['Aino', 'Maria'] }]);
    });

    test('the home municipality is the base-profile extension coded in urn:oid:1.2.246.537.6.21', () => {
      assert.deepEqual(valid(personToPatient(person())).extension, [
        { url: `${FI}/StructureDefinition/municipality-code`, valueCoding: { system: 'urn:oid:1.2.246.537.6.21', code: '905' } },
      ]);
    });

    test('turvakielto is a meta.security label and hides the municipality', () => {
      const patient = valid(personToPatient(person({ turvakielto: true })));
      assert.deepEqual((patient.meta as Json).security, [
        { system: `${FI}/CodeSystem/fi-base-security-label-cs`, code: 'TURVAKIELTO', display: 'Turvakielto' },
      ]);
      assert.equal(patient.extension, undefined);
      assert.equal((valid(personToPatient(person())).meta as Json).security, undefined);
    });

    test('a temporary id is a temp identifier under its issuer OID, without the henkilötunnus type', () => {
      const patient = valid(personToPatient(person({ clientKey: '1.2.246.10.99900016.22.2026:010516A950E', idKind: 'temporary' })));
      const [id] = identifiers(patient);
      assert.equal(id!.use, 'temp');
      assert.equal(id!.system, 'urn:oid:1.2.246.10.99900016.22.2026');
      assert.equal(id!.type, undefined);
      assert.match(String(patient.id), /^k-[A-Za-z0-9_-]+$/);
    });
  });

  describe('Organization (fi-base-organization)', () => {
    test('organisation-register OID as the official identifier, y-tunnus under urn:oid:1.2.246.10 typed XX', () => {
      const org = valid(toFhirOrganization(county, '2026-01-01'));
      assert.deepEqual((org.meta as Json).profile, [`${FI}/StructureDefinition/fi-base-organization`]);
      assert.deepEqual(identifiers(org)[0], { use: 'official', system: 'urn:oid:1.2.246.537.6.202', value: county.oid });
      assert.equal(identifiers(org)[1]!.system, 'urn:oid:1.2.246.10');
      assert.equal(identifiers(org)[1]!.value, '9990001-6');
      assert.deepEqual((identifiers(org)[1]!.type as Json).coding, [
        { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'XX', display: 'Organization identifier' },
      ]);
      assert.deepEqual(org.type, [{ coding: [{ system: 'urn:oid:1.2.246.537.5.40172', code: '1', display: 'Julkinen' }] }]);
    });

    test('the register keeper is a CST agent whose role is coded in 1.2.246.537.5.40172', () => {
      const agent = registerKeeperAgent(county);
      assert.deepEqual((agent.type as Json).coding, [
        { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'CST', display: 'custodian' },
      ]);
      assert.deepEqual(((agent.role as Json[])[0]!.coding as Json[])[0], {
        system: 'urn:oid:1.2.246.537.5.40172',
        code: '1',
        display: 'Julkinen',
      });
      const who = agent.who as Json;
      assert.equal(who.type, 'Organization');
      assert.deepEqual(((who.identifier as Json).type as Json).coding, [
        { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PRN', display: 'Provider number' },
      ]);
      // Public register keepers are named in eArkisto's register-keeper registry, private ones in the organisation register.
      assert.equal((who.identifier as Json).system, 'urn:oid:1.2.246.537.6.40174');
      const priv = registerKeeperAgent(privateProvider);
      assert.equal(((priv.role as Json[])[0]!.coding as Json[])[0]!.code, '2');
      assert.equal(((priv.who as Json).identifier as Json).system, 'urn:oid:1.2.246.537.6.202');
    });
  });

  describe('Practitioner (fi-base-practitioner)', () => {
    test('a professional is identified by the professional register number system', () => {
      const practitioner = valid(toFhirPractitioner({ professionalId: 'DEMO-1001', name: 'Sanna Sosiaalityöntekijä' }));
      assert.deepEqual((practitioner.meta as Json).profile, [`${FI}/StructureDefinition/fi-base-practitioner`]);
      assert.deepEqual(identifiers(practitioner), [{ use: 'official', system: 'urn:oid:1.2.246.537.26', value: 'DEMO-1001' }]);
      assert.deepEqual(practitioner.name, [{ text: 'Sanna Sosiaalityöntekijä', family: 'Sosiaalityöntekijä', given: ['Sanna'] }]);
      assert.equal(practitioner.id, 'DEMO-1001');
      assert.match(practitionerId('ABC 123/x'), /^p-[A-Za-z0-9_-]+$/);
      assert.deepEqual(humanName('Virtanen, Liisa Maria'), {
        text: 'Virtanen, Liisa Maria',
        family: 'Virtanen',
        given: ['Liisa', 'Maria'],
      });
    });

    test('a document author is a typed logical reference by that identifier', () => {
      assert.deepEqual(authorReference({ professionalId: 'DEMO-1001', name: 'Sanna Sosiaalityöntekijä' }), {
        type: 'Practitioner',
        identifier: { use: 'official', system: 'urn:oid:1.2.246.537.26', value: 'DEMO-1001' },
        display: 'Sanna Sosiaalityöntekijä',
      });
    });
  });

  describe('Provenance (fi-base-provenance + information custodian)', () => {
    const base = {
      target: 'DocumentReference/1.2.246.10.9990001.10.1.2024.1/_history/1',
      recorded: '2026-03-01T10:00:00.000Z',
      registerKeeper: county,
      author: { name: 'Sanna Sosiaalityöntekijä', professionalId: 'DEMO-1001' },
    };

    test('names the register keeper and the author, claiming the custodian profile of its kind', () => {
      const provenance = valid(documentProvenance(base));
      assert.deepEqual((provenance.meta as Json).profile, [
        `${FI}/StructureDefinition/fi-base-provenance`,
        `${FI}/StructureDefinition/fi-base-information-custodian-public`,
      ]);
      const agents = provenance.agent as Json[];
      assert.equal(((agents[0]!.type as Json).coding as Json[])[0]!.code, 'CST');
      assert.equal(((agents[1]!.who as Json).identifier as Json).system, 'urn:oid:1.2.246.537.26');
      assert.equal(provenance.signature, undefined);
      assert.match(
        String(((valid(documentProvenance({ ...base, registerKeeper: privateProvider })).meta as Json).profile as string[])[1]),
        /custodian-private$/,
      );
    });

    test('carries the professional e-signature as a XAdES Provenance.signature', () => {
      const signatureXml = '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="x"/>';
      const provenance = valid(
        documentProvenance({
          ...base,
          professionalSignature: {
            signatureXml,
            professionalId: 'DEMO-2002',
            name: 'Päättäjä Pirkko',
            organisationOid: county.oid,
            signingTime: '2026-03-01T09:00:00.000Z',
            commitment: 'proof-of-approval',
          },
        }),
      );
      const [signature] = provenance.signature as Json[];
      assert.equal(signature!.sigFormat, 'application/vnd.etsi.xades+xml');
      assert.equal(signature!.targetFormat, 'application/hl7-v3+xml');
      assert.equal(signature!.when, '2026-03-01T09:00:00.000Z');
      assert.equal(Buffer.from(String(signature!.data), 'base64').toString('utf8'), signatureXml);
      assert.deepEqual(signature!.type, [
        { system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.5', display: 'Verification Signature' },
      ]);
      assert.equal(((signature!.who as Json).identifier as Json).value, 'DEMO-2002');
      // A signer who is not the author is named as the authenticator.
      const agents = provenance.agent as Json[];
      assert.equal(((agents[2]!.type as Json).coding as Json[])[0]!.code, 'AUTHEN');
    });
  });

  test('the structural check itself refuses what R4 does not allow', () => {
    assert.match(fhirStructureProblems({ resourceType: 'Patient', identifer: [] }).join(), /identifer: not an element/);
    assert.match(fhirStructureProblems({ resourceType: 'Patient', birthDate: '1.5.2016' }).join(), /not a valid date/);
    assert.match(fhirStructureProblems({ resourceType: 'Patient', identifier: { system: 'x', value: 'y' } }).join(), /must be an array/);
    assert.match(fhirStructureProblems({ resourceType: 'Organization', name: ['a'] }).join(), /must not be an array/);
    assert.match(
      fhirStructureProblems({ resourceType: 'Provenance', target: [{ reference: 'x' }], agent: [{ who: { display: 'x' } }] }).join(),
      /recorded: required/,
    );
  });

  test('the CapabilityStatement lists the profiles arkki claims', () => {
    const statement = capabilityStatement('test') as { implementationGuide: string[]; rest: Array<{ resource: Json[] }> };
    assert.deepEqual(statement.implementationGuide, [`${FI}/ImplementationGuide/hl7.fhir.fi.base`]);
    const profileOf = (type: string) => statement.rest[0]!.resource.find((r) => r.type === type)?.profile;
    assert.equal(profileOf('Patient'), `${FI}/StructureDefinition/fi-base-patient`);
    assert.equal(profileOf('Organization'), `${FI}/StructureDefinition/fi-base-organization`);
    assert.equal(profileOf('DocumentReference'), undefined, 'no Finnish base profile exists for DocumentReference');
  });
});
