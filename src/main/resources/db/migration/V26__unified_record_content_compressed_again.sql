-- Unified record versions are compressed again (V25 stored them uncompressed; the message bodies stay
-- uncompressed). A version is kept for good and the current one is read on every read-cache miss, so
-- its size is what the page cache holds at 1M patients: uncompressed, versions took about 3.3 times
-- the space (8.9 kB against 2.7 kB), which at 1M is about 9 GB against 3 GB and would push the reads'
-- working set out of memory on this box, for about 0.02 ms of PostgreSQL CPU per resource on the
-- Kafka path (bench/results/2026-12-02-kafka-pg.md). A logged message's body is written on every
-- ingest and read only by a rebuild or a replay, so there the CPU saved is worth the disk.
-- Catalog only, as V25: values written under V25 stay uncompressed and read the same.
ALTER TABLE unified_record ALTER COLUMN content SET STORAGE EXTENDED;
