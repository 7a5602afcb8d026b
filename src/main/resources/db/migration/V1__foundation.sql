-- UMR foundation schema. The inbound log is the truth; everything else is derived from it.

CREATE TABLE source (
    id          VARCHAR(64)  PRIMARY KEY,
    setting     VARCHAR(32)  NOT NULL,
    name        TEXT         NOT NULL,
    system      TEXT         NOT NULL UNIQUE,
    ods         VARCHAR(16),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Every accepted message, exactly as received. Identical bytes from one source are one entry
-- (a resend or a Kafka replay adds no row), so the log can be replayed to rebuild everything.
CREATE TABLE inbound_message (
    id            BIGSERIAL    PRIMARY KEY,
    source_hint   VARCHAR(64),             -- source id named outside the body (?source=, umr-source header)
    transport     VARCHAR(16)  NOT NULL,   -- rest | kafka
    interaction   VARCHAR(32)  NOT NULL,   -- create | update | transaction | batch | ingest | ingest-ndjson | kafka
    target        TEXT,                    -- what an update named in its URL: Type/id, or Type?identifier=... 
    content_type  VARCHAR(128) NOT NULL,
    received_at   TIMESTAMPTZ  NOT NULL,
    sha256        CHAR(64)     NOT NULL,
    body          BYTEA        NOT NULL,
    outcome       TEXT         NOT NULL,   -- what it produced: counts and refused entries, as JSON
    CONSTRAINT inbound_message_once UNIQUE NULLS NOT DISTINCT (sha256, interaction, source_hint, target)
);
CREATE INDEX inbound_message_received ON inbound_message (received_at);

CREATE TABLE patient (
    nhs_number   CHAR(10)     PRIMARY KEY,
    gender       VARCHAR(16),
    birth_date   DATE,
    asserted_at  TIMESTAMPTZ,              -- meta.lastUpdated of the Patient that gave the facts
    received_seq BIGINT       NOT NULL DEFAULT 0,
    resource     TEXT,                     -- the newest Patient resource as received
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- MedicationStatement, MedicationRequest and Encounter records.
-- One row per (source, kind, business key): the newest version of what that source asserts.
CREATE TABLE source_record (
    id                BIGSERIAL    PRIMARY KEY,
    logical_id        VARCHAR(64)  NOT NULL,
    source_id         VARCHAR(64)  NOT NULL REFERENCES source (id),
    resource_type     VARCHAR(32)  NOT NULL,
    business_key      TEXT         NOT NULL,
    resource_id       VARCHAR(64),
    nhs_number        CHAR(10)     NOT NULL,
    medication        JSONB,                  -- {"codings":[{system,code,display}], "text": ...}; null for encounters
    medication_text   TEXT,
    status            VARCHAR(32)  NOT NULL,
    intent            VARCHAR(32),
    category          VARCHAR(64),
    dosage            JSONB,
    encounter_class   VARCHAR(16),            -- Encounter.class code (IMP, EMER, AMB ...)
    dosage_text       TEXT,
    effective_start   VARCHAR(40),            -- effective[x] / authoredOn / Encounter.period.start, as sent
    effective_end     VARCHAR(40),
    date_asserted     VARCHAR(40),
    based_on          JSONB        NOT NULL DEFAULT '[]',
    group_identifier  TEXT,
    identifiers       JSONB        NOT NULL DEFAULT '[]',
    last_updated      TIMESTAMPTZ,            -- the source's meta.lastUpdated
    version_number    BIGINT,                 -- the source's numeric meta.versionId
    received_seq      BIGINT       NOT NULL,  -- inbound_message.id that brought this version
    content_sha256    CHAR(64)     NOT NULL,
    version           INTEGER      NOT NULL DEFAULT 1,  -- our version counter, bumped per change
    resource          TEXT         NOT NULL,  -- the resource as received (JSON)
    stored_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT source_record_once UNIQUE (source_id, resource_type, business_key),
    CONSTRAINT source_record_logical UNIQUE (resource_type, logical_id)
);
CREATE INDEX source_record_patient ON source_record (nhs_number, resource_type);
CREATE INDEX source_record_identifiers ON source_record USING GIN (identifiers);
CREATE INDEX source_record_stored ON source_record (stored_at);
