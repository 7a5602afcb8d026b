-- The two large values every Kafka batch writes, a unified record version (about 9 kB of JSON) and a
-- logged message's body (about 5 kB), are stored out of line WITHOUT compression. PostgreSQL's only
-- compressor in the embedded build is pglz (no lz4), and compressing these two was the largest single
-- item of PostgreSQL's CPU on the Kafka write path (pglz_compress, 12% of its samples; bench/results/
-- 2026-12-02-kafka-pg.md). The price is disk: these values take about 3.3 times the space they took
-- compressed (a version 8.9 kB instead of 2.7 kB, a body 4.9 kB instead of 1.5 kB). What is stored and
-- read back is the same value either way. Only values written from now on are affected; existing rows
-- keep their compressed form (read exactly as before), so this is a catalog change, instant on a table
-- of any size: no rewrite, no lock held longer than the ALTER itself.
ALTER TABLE unified_record ALTER COLUMN content SET STORAGE EXTERNAL;
ALTER TABLE inbound_message ALTER COLUMN body SET STORAGE EXTERNAL;
