-- Which derivation (MessageReader.derivation(): the reader and mapper generation) wrote each logged
-- message's source records. A rebuild re-reads only the messages an older derivation wrote and
-- recomputes every unified record from the stored source records (bench/README.md). Rows logged
-- before this column existed count as derivation 0, so the first rebuild re-reads them all.
ALTER TABLE inbound_message ADD COLUMN derived_by INTEGER NOT NULL DEFAULT 0;
