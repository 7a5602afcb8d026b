-- A unified record is read far more often than it is queried inside: every read of a patient's
-- record returns the whole document. Stored as jsonb, PostgreSQL re-renders it to text on every read
-- (about two thirds of the read's PostgreSQL time for a 9 kB record, bench/README.md); stored as json,
-- it keeps the text UMR wrote and sends it back as is, in the order UMR's reader expects. Nothing
-- queries inside it but the alert history (json operators) and one containment test (cast to jsonb).
-- Existing rows keep jsonb's rendering (keys shortest first): the reader finds their fields by name.
ALTER TABLE unified_record ALTER COLUMN content TYPE json USING content::json;
