"""The ledger's schema, as numbered migrations: the Nth script brings a ledger to ``user_version`` N.

A migration is never edited once released; a change to the schema is a new one at
the end. ``Ledger`` runs those a ledger has not had yet, each in one transaction.
"""

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        claim TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        folder TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'duplicate')),
        unit TEXT,
        week TEXT,
        destination TEXT NOT NULL,
        problems TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX files_sha ON files(sha256);
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL UNIQUE REFERENCES files(id),
        sha256 TEXT NOT NULL UNIQUE,
        unit TEXT NOT NULL,
        week TEXT NOT NULL,
        received_at TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        superseded_by INTEGER REFERENCES submissions(id)
    );
    CREATE INDEX submissions_current ON submissions(unit, week) WHERE superseded_by IS NULL;
    CREATE TABLE figures (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        measure TEXT NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (submission_id, measure)
    );
    CREATE TABLE actions (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        row INTEGER NOT NULL,
        action TEXT NOT NULL,
        owner TEXT NOT NULL,
        due TEXT,
        acted INTEGER,
        status TEXT,
        result TEXT NOT NULL,
        blocker TEXT NOT NULL,
        PRIMARY KEY (submission_id, row)
    );
    """,
    # 2: maturity measurement. One row per respondent's file, superseded per (occasion, unit,
    # respondent), and one score (with its justification) per dimension.
    """
    CREATE TABLE maturity_responses (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL UNIQUE REFERENCES files(id),
        sha256 TEXT NOT NULL UNIQUE,
        occasion TEXT NOT NULL,
        unit TEXT NOT NULL,
        respondent TEXT NOT NULL,
        respondent_key TEXT NOT NULL,
        received_at TEXT NOT NULL,
        superseded_by INTEGER REFERENCES maturity_responses(id)
    );
    CREATE INDEX maturity_current ON maturity_responses(occasion, unit, respondent_key)
        WHERE superseded_by IS NULL;
    CREATE TABLE maturity_scores (
        response_id INTEGER NOT NULL REFERENCES maturity_responses(id),
        dimension TEXT NOT NULL,
        score REAL NOT NULL,
        justification TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (response_id, dimension)
    );
    """,
    # 3: indexes for the report's log and ``history``: which submission a correction replaced
    # (looked up by ``superseded_by``), and the files of one unit and week.
    """
    CREATE INDEX submissions_superseded_by ON submissions(superseded_by) WHERE superseded_by IS NOT NULL;
    CREATE INDEX files_unit_week ON files(unit, week);
    """,
    # 4: the fault boundary (issue 11). A file name's raw bytes (hex) when they are not UTF-8,
    # and the files that wait in the inbox because they cannot be moved (open in Excel, locked).
    """
    ALTER TABLE files ADD COLUMN raw_name TEXT;
    CREATE TABLE waiting (
        place TEXT PRIMARY KEY,
        since TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    """,
    # 5: one seam per template kind (issue 12). The kind that judged the file (its
    # ``pl_template_kind``: ``weekly``, ``maturity``), so a file recorded earlier is
    # finished, shown and replaced by its own kind without asking the other kinds' tables.
    """
    ALTER TABLE files ADD COLUMN kind TEXT;
    UPDATE files SET kind = 'maturity' WHERE id IN (SELECT file_id FROM maturity_responses);
    UPDATE files SET kind = 'weekly' WHERE kind IS NULL AND id IN (SELECT file_id FROM submissions);
    """,
    # 6: an implausible figure is held (issue 13): stored, but left out of every total until a
    # corrected file replaces it or the administrator confirms it (``pipeline confirm``). A
    # confirmation is for one unit, week, measure and value: the same figure sent again stays
    # confirmed, another value is judged again.
    """
    ALTER TABLE figures ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX figures_held ON figures(submission_id) WHERE held = 1;
    CREATE TABLE confirmations (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        week TEXT NOT NULL,
        measure TEXT NOT NULL,
        value REAL NOT NULL,
        confirmed_by TEXT NOT NULL,
        confirmed_at TEXT NOT NULL,
        UNIQUE (unit, week, measure, value)
    );
    """,
    # 7: a file sent again after a correction replaced it counts again (issue 13): the same
    # bytes may then be two accepted files, so a submission's sha256 is no longer unique. SQLite
    # cannot drop a constraint: the table is made again (its documented procedure, with foreign
    # keys off, which ``Ledger._migrate`` does for every migration), with its indexes.
    """
    CREATE TABLE submissions_new (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL UNIQUE REFERENCES files(id),
        sha256 TEXT NOT NULL,
        unit TEXT NOT NULL,
        week TEXT NOT NULL,
        received_at TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        superseded_by INTEGER REFERENCES submissions(id)
    );
    INSERT INTO submissions_new (id, file_id, sha256, unit, week, received_at, comment, superseded_by)
        SELECT id, file_id, sha256, unit, week, received_at, comment, superseded_by FROM submissions;
    DROP TABLE submissions;
    ALTER TABLE submissions_new RENAME TO submissions;
    CREATE INDEX submissions_current ON submissions(unit, week) WHERE superseded_by IS NULL;
    CREATE INDEX submissions_superseded_by ON submissions(superseded_by) WHERE superseded_by IS NOT NULL;
    CREATE INDEX files_accepted_sha ON files(sha256, id) WHERE outcome = 'accepted';
    """,
    # 8: the weekly rhythm (issue 15). Every message the product sends (a reminder, the digest, a
    # receipt by mail), recorded before it is handed to the mail server and again after, so a
    # restart never sends it twice: one row per kind, week, recipient and reference.
    """
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        week TEXT NOT NULL,
        recipient TEXT NOT NULL,
        ref TEXT NOT NULL DEFAULT '',
        addresses TEXT NOT NULL,
        subject TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'written', 'failed', 'unknown')),
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        next_try TEXT,
        detail TEXT NOT NULL DEFAULT '',
        UNIQUE (kind, week, recipient, ref)
    );
    """,
    # 9: a unit's own files (its status note after every pass, ``Ledger.unit_log``) are found by
    # its folder or its unit, each through an index, instead of scanning every file ever received
    # (issue 16: at 1,000 units x 52 weeks a weekly pass scanned 52,000 rows once per unit).
    """
    CREATE INDEX files_folder ON files(folder);
    """,
)
