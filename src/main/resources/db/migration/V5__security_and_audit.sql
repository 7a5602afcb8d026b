-- Security and audit (docs/contract.md, "Security and audit").

-- The token clients allowed to write as a source; none named: only umr.admin writes as it.
ALTER TABLE source ADD COLUMN clients TEXT[] NOT NULL DEFAULT '{}';

-- Who read or wrote which patient's data, and every refused request: FHIR AuditEvents (IHE BALP
-- shape), append-only. The columns are what GET /fhir/AuditEvent searches by; resource is the
-- AuditEvent itself, as served.
CREATE TABLE audit_event (
    id          BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    UUID         NOT NULL UNIQUE,
    recorded    TIMESTAMPTZ  NOT NULL,
    nhs_number  VARCHAR(10),
    client_id   TEXT,
    user_id     TEXT,
    action      CHAR(1)      NOT NULL,
    outcome     VARCHAR(2)   NOT NULL,
    resource    TEXT         NOT NULL
);
CREATE INDEX audit_event_patient ON audit_event (nhs_number, recorded DESC, id DESC);
CREATE INDEX audit_event_recorded ON audit_event (recorded DESC, id DESC);

-- The trail cannot be changed or deleted, by the service or by anyone with SQL short of dropping the trigger.
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
