-- dm+d releases as loaded, oldest first. The in-memory index is rebuilt at start by reading them
-- in load order, each newer one merged over the older (so retired codes keep resolving).
CREATE TABLE dmd_release (
    id          BIGSERIAL    PRIMARY KEY,
    name        TEXT         NOT NULL,     -- where it came from (file name, upload)
    release_id  TEXT         NOT NULL,     -- the release's own id (file suffix)
    sha256      CHAR(64)     NOT NULL UNIQUE,
    content     BYTEA        NOT NULL,     -- the release zip exactly as loaded
    summary     TEXT         NOT NULL,     -- counts per class, codes added / changed / retired, as JSON
    loaded_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
