-- Long admin work (rebuild, dm+d upload) as jobs (health.umr.jobs): what was asked, where it stands and how it
-- ended, readable from any instance. A job's runner holds a PostgreSQL advisory lock on its id for as long as it
-- runs; a queued or running job whose lock nobody holds was stopped midway (a crash, a restart) and is marked
-- interrupted, with what that leaves (if_interrupted).
CREATE TABLE job (
    id             bigserial   PRIMARY KEY,
    kind           text        NOT NULL,
    state          text        NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'interrupted')),
    input          text,
    instance       text        NOT NULL,
    if_interrupted text        NOT NULL,
    progress       jsonb,
    result         jsonb,
    error          text,
    requested_at   timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    finished_at    timestamptz
);

CREATE INDEX job_unfinished ON job (id) WHERE state IN ('queued', 'running');
