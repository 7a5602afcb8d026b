-- Population reports and data quality (issue 16). Everything here is derived and kept current
-- in the same transaction as each unified-record refresh (reports.PatientSummaryService); a
-- patient with a unified record but no summary row yet is filled in by the startup backfill
-- (reports.SummaryBackfill) and by POST /api/admin/rebuild.

-- How long a source may be silent before its feed counts as stale (ISO 8601; null = P2D).
ALTER TABLE source ADD COLUMN stale_after VARCHAR(32);

-- One row per patient: what the population reports select and sort on, indexed.
CREATE TABLE patient_summary (
    nhs_number          CHAR(10)     PRIMARY KEY,
    gp_source_id        VARCHAR(64),             -- the patient's GP source (its ODS code is the practice)
    acb_score           INTEGER      NOT NULL,
    acb_medicines       JSONB        NOT NULL,   -- [{vtm, name, acb}] making up the total
    valproate_sources   TEXT[],                  -- sources holding active valproate; null when none
    admitted            BOOLEAN      NOT NULL,
    admitting_source_id VARCHAR(64),
    admitted_since      VARCHAR(40),
    omission_since      TIMESTAMPTZ,             -- when the oldest standing critical-medicine-omission was raised
    alerts              JSONB        NOT NULL,   -- [{id, type, severity, since, medicines}]
    content_sha256      CHAR(64)     NOT NULL,   -- of everything above: unchanged rows are not rewritten
    updated_at          TIMESTAMPTZ  NOT NULL
);
CREATE INDEX patient_summary_valproate ON patient_summary (nhs_number) WHERE valproate_sources IS NOT NULL;
CREATE INDEX patient_summary_acb ON patient_summary (acb_score, nhs_number) WHERE acb_score > 0;
CREATE INDEX patient_summary_acb_practice ON patient_summary (gp_source_id, acb_score, nhs_number) WHERE acb_score > 0;
CREATE INDEX patient_summary_omission ON patient_summary (omission_since, nhs_number) WHERE omission_since IS NOT NULL;
CREATE INDEX patient_summary_gp ON patient_summary (gp_source_id, nhs_number);

-- Per patient and source: what that source holds for the patient (summed for GET /api/sources/{id}/quality).
CREATE TABLE source_patient_stats (
    nhs_number          CHAR(10)     NOT NULL,
    source_id           VARCHAR(64)  NOT NULL,
    records             INTEGER      NOT NULL,   -- stored source records (statements, requests, encounters)
    medicines           INTEGER      NOT NULL,   -- medicines it lists (a chain of linked records counts once)
    unmapped            INTEGER      NOT NULL,   -- of those, not resolved in dm+d
    no_structured_dose  INTEGER      NOT NULL,   -- with no structured dose (dose and frequency)
    text_only           INTEGER      NOT NULL,   -- with no coding at all, text only
    PRIMARY KEY (nhs_number, source_id)
);
CREATE INDEX source_patient_stats_source ON source_patient_stats (source_id)
    INCLUDE (records, medicines, unmapped, no_structured_dose, text_only);

-- When each source's last accepted message arrived.
CREATE TABLE source_activity (
    source_id        VARCHAR(64)  PRIMARY KEY,
    last_message_at  TIMESTAMPTZ  NOT NULL
);
INSERT INTO source_activity (source_id, last_message_at)
SELECT source_id, max(stored_at) FROM source_record GROUP BY source_id;

-- Every refusal (REST answers 4xx, Kafka dead letters), by the source the message named.
CREATE TABLE refusal (
    id          BIGSERIAL    PRIMARY KEY,
    refused_at  TIMESTAMPTZ  NOT NULL,
    source_id   VARCHAR(64),             -- as named (hint, else meta.source); null when it named none
    transport   VARCHAR(16)  NOT NULL,   -- rest | kafka
    scope       VARCHAR(8)   NOT NULL,   -- message (refused whole) | entry (one entry of a message that was taken)
    code        VARCHAR(16)  NOT NULL,   -- UMR-nnnn
    origin      TEXT,                    -- kafka: topic/partition@offset, so a redelivered message counts once
    CONSTRAINT refusal_once UNIQUE NULLS DISTINCT (origin, scope, code)
);
CREATE INDEX refusal_source ON refusal (source_id, refused_at);
