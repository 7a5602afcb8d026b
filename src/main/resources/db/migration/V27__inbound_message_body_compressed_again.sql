-- Logged message bodies are compressed again (V25 stored them out of line uncompressed; unified record
-- versions were compressed again by V26). Measured back to back on one jar, the body's storage the only
-- difference (bench/kafka-phase.sh, bench/results/2026-12-02-kafka-pg2.md): PostgreSQL's CPU per resource
-- on the Kafka path was the same within the runs' spread with the bodies compressed, and the WAL per
-- resource about 15% lower; the log takes about a fifth of the disk (a body 1.5 kB instead of 4.9 kB).
-- pglz's CPU on a body is paid once, on a value written once and read only by a rebuild or a replay.
-- Catalog only, as V25 and V26: bodies written under V25 stay uncompressed and read the same.
ALTER TABLE inbound_message ALTER COLUMN body SET STORAGE EXTENDED;
