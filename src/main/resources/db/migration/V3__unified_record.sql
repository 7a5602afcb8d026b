-- Every version of every patient's unified record (items, admission, alerts), as JSON. A version is
-- written only when the record changes; reads take the newest, or the newest at an instant (_at).
CREATE TABLE unified_record (
    nhs_number   CHAR(10)     NOT NULL,
    version      INTEGER      NOT NULL,
    recorded_at  TIMESTAMPTZ  NOT NULL,
    fingerprint  CHAR(64)     NOT NULL,
    content      JSONB        NOT NULL,
    PRIMARY KEY (nhs_number, version)
);
CREATE INDEX unified_record_at ON unified_record (nhs_number, recorded_at);

-- Record-changed events, written in the same transaction as the version they describe and
-- published to Kafka by a drainer: a crash can neither lose nor invent one.
CREATE TABLE record_changed_outbox (
    id            BIGSERIAL    PRIMARY KEY,
    nhs_number    CHAR(10)     NOT NULL,
    version       INTEGER      NOT NULL,
    payload       JSONB        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ,
    UNIQUE (nhs_number, version)
);
CREATE INDEX record_changed_unpublished ON record_changed_outbox (id) WHERE published_at IS NULL;
