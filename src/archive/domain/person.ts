// A person as the archive knows them from the population data sent with the clienthood documents.

export interface Person {
  clientKey: string;
  idKind: 'hetu' | 'temporary';
  familyName: string | null;
  givenNames: string | null;
  birthDate: string | null;
  municipalityCode: string | null;
  turvakielto: boolean;
  /** Address and contact data (population register); hidden when the person has turvakielto. */
  contact?: PersonContact;
}

export interface PersonContact {
  streetAddress: string | null;
  postalCode: string | null;
  postOffice: string | null;
  phone: string | null;
  email: string | null;
}
