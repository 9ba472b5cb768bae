import { defineMessages } from '../../../lib/ui/i18n.ts';

// What the "who has looked at my data" list says about each use, in the reader's language.

const fi = {
  'role.social-worker': 'Sosiaalihuollon ammattilainen',
  'role.archivist': 'Arkistonhoitaja',
  'role.system': 'Tietojärjestelmä',
  'action.read': 'Luki asiakirjan tiedot',
  'action.read-body': 'Avasi asiakirjan',
  'action.read-person': 'Katsoi henkilötietosi',
  'action.history': 'Katsoi asiakirjan aiemmat versiot',
  'action.search': 'Haki asiakirjoja',
  'action.summary': 'Katsoi yhteenvedon tiedoistasi',
  'action.create': 'Tallensi asiakirjan',
  'action.new-version': 'Korjasi asiakirjaa (uusi versio)',
  'action.invalidate': 'Mitätöi virheellisen asiakirjan',
  'action.read-usage-log': 'Luki käyttölokia',
  'action.disclose': 'Luovutti tietoja',
  'action.other': 'Käsitteli tietojasi',
  'basis.client-relation': 'Olet asiakkaana tässä palvelussa',
  'basis.special-reason': 'Erityinen syy, joka on kirjattu ja tarkastetaan',
  'basis.archivist': 'Arkiston ylläpito',
  'basis.client-system': 'Asiakirjan tallennus arkistoon',
  'basis.disclosure': 'Tietojen luovutus (suostumus tai laki)',
  'basis.other': 'Käyttöoikeus',
};
type Key = keyof typeof fi;

export const logTerms = defineMessages<Key>({
  fi,
  sv: {
    'role.social-worker': 'Yrkesperson inom socialvården',
    'role.archivist': 'Arkivarie',
    'role.system': 'Informationssystem',
    'action.read': 'Läste dokumentets uppgifter',
    'action.read-body': 'Öppnade dokumentet',
    'action.read-person': 'Tittade på dina personuppgifter',
    'action.history': 'Tittade på dokumentets tidigare versioner',
    'action.search': 'Sökte dokument',
    'action.summary': 'Tittade på en sammanställning av dina uppgifter',
    'action.create': 'Sparade ett dokument',
    'action.new-version': 'Rättade ett dokument (ny version)',
    'action.invalidate': 'Ogiltigförklarade ett felaktigt dokument',
    'action.read-usage-log': 'Läste användningsloggen',
    'action.disclose': 'Lämnade ut uppgifter',
    'action.other': 'Behandlade dina uppgifter',
    'basis.client-relation': 'Du är klient i den här tjänsten',
    'basis.special-reason': 'Särskilt skäl, som har antecknats och granskas',
    'basis.archivist': 'Underhåll av arkivet',
    'basis.client-system': 'Dokumentet sparades i arkivet',
    'basis.disclosure': 'Utlämnande (samtycke eller lag)',
    'basis.other': 'Behörighet',
  },
  en: {
    'role.social-worker': 'Social welfare professional',
    'role.archivist': 'Archivist',
    'role.system': 'Information system',
    'action.read': "Read the document's details",
    'action.read-body': 'Opened the document',
    'action.read-person': 'Looked at your personal details',
    'action.history': "Looked at the document's earlier versions",
    'action.search': 'Searched documents',
    'action.summary': 'Looked at a summary of your data',
    'action.create': 'Stored a document',
    'action.new-version': 'Corrected a document (new version)',
    'action.invalidate': 'Invalidated a wrong document',
    'action.read-usage-log': 'Read the usage log',
    'action.disclose': 'Disclosed data',
    'action.other': 'Handled your data',
    'basis.client-relation': 'You are a client of this service',
    'basis.special-reason': 'A special reason, recorded and reviewed',
    'basis.archivist': 'Keeping the archive',
    'basis.client-system': 'The document was stored in the archive',
    'basis.disclosure': 'Disclosure (consent or law)',
    'basis.other': 'Access right',
  },
});

/** The term for a value the log may hold; an action or role this list does not know gets the general wording. */
export function term(t: ReturnType<typeof logTerms>, group: 'role' | 'action' | 'basis', value: string): string {
  const key = `${group}.${value}`;
  if (key in fi) return t(key as Key);
  return group === 'role' ? value : t(group === 'action' ? 'action.other' : 'basis.other');
}
