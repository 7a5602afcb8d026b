-- Whether the last drain of the record-changed outbox may have sent events it never marked published
-- (its instance died, or its transaction failed, between the broker's acknowledgement and the commit).
-- Set in its own committed transaction before a batch is sent and cleared with the marks; any
-- instance that takes the drain lock and finds it set first reads the topic's tail and marks what is
-- already there, so a batch a dead instance sent is not sent again by the survivor. It starts in doubt:
-- a database upgraded mid-crash is checked once.
CREATE TABLE record_changed_drain (
    id        SMALLINT PRIMARY KEY CHECK (id = 1),
    in_doubt  BOOLEAN  NOT NULL
);
INSERT INTO record_changed_drain (id, in_doubt) VALUES (1, TRUE);
