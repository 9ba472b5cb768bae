// Every reason a row does not reach the archive, named once with the words a records manager reads in
// the report and the error file (Finnish and English) and what to do about it.

export type RejectClass =
  | 'unmappable-code'
  | 'code-not-valid-on-date'
  | 'no-client-id'
  | 'invalid-hetu'
  | 'invalid-temporary-id'
  | 'missing-file'
  | 'unreadable-file'
  | 'duplicate-row'
  | 'wrong-encoding'
  | 'date-out-of-range'
  | 'case-without-name'
  | 'missing-field'
  | 'conversion-failed'
  | 'archive-refused';

export interface RejectClassText {
  fi: string;
  en: string;
  /** What the records manager does about it. */
  action_fi: string;
  action_en: string;
  /** Found without touching the archive (validate); the others only by dry-run/run. */
  static: boolean;
}

export const REJECT_CLASSES: Record<RejectClass, RejectClassText> = {
  'unmappable-code': {
    fi: 'Paikallista koodia ei löydy vastaavuustaulukosta',
    en: 'The local code is not in the correspondence table',
    action_fi: 'Lisää vastaavuustaulukkoon rivi (asiakirjalaji, palvelu, yksikkö) ja aja validointi uudelleen',
    action_en: 'Add a correspondence row (kind, service, unit) and validate again',
    static: true,
  },
  'code-not-valid-on-date': {
    fi: 'Paikallinen koodi on vastaavuustaulukossa, mutta ei voimassa asiakirjan valmistumispäivänä',
    en: 'The local code is in the correspondence table but not valid on the completion date',
    action_fi: 'Tarkista rivin voimassaolopäivät vastaavuustaulukossa',
    action_en: "Check the row's validity dates in the correspondence table",
    static: true,
  },
  'no-client-id': {
    fi: 'Asiakkaalla ei ole henkilötunnusta eikä tilapäistä tunnistetta',
    en: 'The client has neither a henkilötunnus nor a temporary identifier',
    action_fi: 'Selvitä asiakkaan henkilötunnus tai anna tilapäinen tunniste ja sen myöntäjän OID',
    action_en: 'Find the henkilötunnus or give a temporary identifier and its issuer OID',
    static: true,
  },
  'invalid-hetu': {
    fi: 'Henkilötunnus on virheellinen',
    en: 'The henkilötunnus is invalid',
    action_fi: 'Korjaa henkilötunnus lähdejärjestelmässä tai käytä tilapäistä tunnistetta',
    action_en: 'Correct it in the source system or use a temporary identifier',
    static: true,
  },
  'invalid-temporary-id': {
    fi: 'Tilapäinen tunniste tai sen myöntäjän OID on virheellinen',
    en: 'The temporary identifier or its issuer OID is invalid',
    action_fi: 'Korjaa tunniste (muoto ppkkvv-nnnT, myöntäjä 1.2.246.10.<y-tunnus>.22.<vuosi>)',
    action_en: 'Correct the identifier (henkilötunnus form, issuer 1.2.246.10.<y-tunnus>.22.<year>)',
    static: true,
  },
  'missing-file': {
    fi: 'Alkuperäistä tiedostoa ei löydy',
    en: 'The original file is missing',
    action_fi: 'Vie tiedosto uudelleen lähdejärjestelmästä',
    action_en: 'Export the file again from the source system',
    static: true,
  },
  'unreadable-file': {
    fi: 'Alkuperäinen tiedosto on tyhjä, katkennut tai tuntematonta muotoa',
    en: 'The original file is empty, truncated or of an unknown format',
    action_fi: 'Vie tiedosto uudelleen tai muunna se PDF/A-muotoon käsin',
    action_en: 'Export it again or convert it to PDF/A by hand',
    static: true,
  },
  'duplicate-row': {
    fi: 'Sama asiakirjatunniste on viennissä jo aiemmin (ensimmäinen rivi siirretään)',
    en: 'The same document id appears earlier in the export (the first row is migrated)',
    action_fi: 'Ei toimenpiteitä, jos rivit ovat samat; muuten selvitä kumpi on oikea',
    action_en: 'Nothing if the rows are equal; otherwise find out which one is right',
    static: true,
  },
  'wrong-encoding': {
    fi: 'Rivillä on tekstiä, joka ei ole UTF-8-merkistössä (todennäköisesti Latin-1)',
    en: 'The row has text that is not UTF-8 (probably Latin-1)',
    action_fi: 'Vie rivi uudelleen UTF-8-merkistössä tai aja --repair-latin1, joka lukee sen Latin-1-merkistönä',
    action_en: 'Export it again as UTF-8, or run with --repair-latin1 to read it as Latin-1',
    static: true,
  },
  'date-out-of-range': {
    fi: 'Päivämäärä puuttuu, on mahdoton tai viennin aikarajauksen ulkopuolella',
    en: 'A date is missing, impossible or outside the period of the export',
    action_fi: 'Korjaa laatimis- tai valmistumispäivä lähdejärjestelmässä',
    action_en: 'Correct the created or completed date in the source system',
    static: true,
  },
  'case-without-name': {
    fi: 'Asialla ei ole nimeä (asia on aina nimettävä)',
    en: 'The case has no name (a case is always named)',
    action_fi: 'Anna asialle nimi lähdejärjestelmässä, esim. "lastensuojelun asia"',
    action_en: 'Name the case in the source system, e.g. "lastensuojelun asia"',
    static: true,
  },
  'missing-field': {
    fi: 'Pakollinen tieto puuttuu',
    en: 'A mandatory value is missing',
    action_fi: 'Täydennä tieto lähdejärjestelmässä',
    action_en: 'Fill it in in the source system',
    static: true,
  },
  'conversion-failed': {
    fi: 'Alkuperäistä tiedostoa ei voitu muuntaa PDF/A-muotoon',
    en: 'The original file could not be converted to PDF/A',
    action_fi: 'Avaa tiedosto ja tallenna se PDF/A-muotoon käsin, tai vie se uudelleen',
    action_en: 'Open the file and save it as PDF/A by hand, or export it again',
    static: false,
  },
  'archive-refused': {
    fi: 'Arkisto hylkäsi asiakirjan',
    en: 'The archive refused the document',
    action_fi: 'Lue arkiston syy; korjaa vastaavuustaulukko tai tiedot ja aja siirto uudelleen',
    action_en: "Read the archive's reason; correct the table or the data and run again",
    static: false,
  },
};

export const REJECT_CLASS_ORDER = Object.keys(REJECT_CLASSES) as RejectClass[];

/** A rejected row: its class and the detail (which field, which value is wrong — never a henkilötunnus in clear). */
export interface Rejection {
  class: RejectClass;
  /** The field the rule is about. */
  field: string;
  /** The detail in English (the class text gives the Finnish and English headline). */
  detail: string;
}
