-- Clinical safety (issue 11): why a source stopped or held a medicine, and clinicians' acknowledgements
-- of alerts (docs/contract.md "Acknowledging an alert").

-- MedicationStatement.statusReason / MedicationRequest.statusReason as sent (text, else displays or codes).
ALTER TABLE source_record ADD COLUMN status_reason TEXT;

-- Who decided what about an alert, when and why, with the alert's facts as they were then. Rows are
-- never changed or deleted: a later decision is a new row, so the table is the history.
CREATE TABLE alert_acknowledgement (
    id           UUID         PRIMARY KEY,
    seq          BIGSERIAL    NOT NULL UNIQUE,
    nhs_number   CHAR(10)     NOT NULL,
    alert_id     VARCHAR(64)  NOT NULL,
    alert_type   VARCHAR(64)  NOT NULL,
    outcome      VARCHAR(32)  NOT NULL CHECK (outcome IN ('accepted', 'overridden', 'not-applicable')),
    reason       TEXT         NOT NULL,
    valid_until  TIMESTAMPTZ,
    user_id      TEXT         NOT NULL,
    client_id    TEXT,
    recorded_at  TIMESTAMPTZ  NOT NULL,
    severity     VARCHAR(16)  NOT NULL,
    item_ids     JSONB        NOT NULL
);
CREATE INDEX alert_acknowledgement_patient ON alert_acknowledgement (nhs_number, recorded_at);

CREATE FUNCTION alert_acknowledgement_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'alert acknowledgements are never changed or deleted';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER alert_acknowledgement_no_change BEFORE UPDATE OR DELETE ON alert_acknowledgement
    FOR EACH ROW EXECUTE FUNCTION alert_acknowledgement_immutable();
