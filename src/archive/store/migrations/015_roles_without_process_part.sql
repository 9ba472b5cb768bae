-- The process part of a role (järjestäminen / toteuttaminen, issue 12 item 9) decided nothing: the access
-- regulation limits roles by it through the organisation's visibility groups over the national process
-- phases (1.2.246.537.6.1277), whose values are not available. It goes until they are (docs/access-control.md).
ALTER TABLE access_role DROP COLUMN process_part;
