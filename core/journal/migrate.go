package journal

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// migrations is the journal's schema history: migrations[i] brings the
// schema from version i to i+1. Append, never edit a released entry. Each
// runs in its own transaction together with its schema_version row, so a
// crash mid-upgrade leaves the previous version intact.
var migrations = []string{
	// 1: the first schema.
	`
CREATE TABLE applications (
	id          INTEGER PRIMARY KEY,
	service     TEXT    NOT NULL,
	target      TEXT    NOT NULL DEFAULT '',
	region      TEXT    NOT NULL DEFAULT '',
	title       TEXT    NOT NULL DEFAULT '',
	applicant   TEXT    NOT NULL DEFAULT '',
	draft       INTEGER NOT NULL DEFAULT 1,
	extra       TEXT    NOT NULL DEFAULT '', -- the workflow's own settings of the application (JSON), stored as given
	content     TEXT    NOT NULL DEFAULT '', -- SHA-256 of the content: SaveDraft skips unchanged saves
	batch_id    INTEGER REFERENCES batches(id) ON DELETE SET NULL,
	batch_row   INTEGER NOT NULL DEFAULT 0,
	-- the current submission, copied here so that lists and search need one indexed table
	sub_id      INTEGER REFERENCES submissions(id) ON DELETE SET NULL,
	env         TEXT    NOT NULL DEFAULT '',
	state       TEXT    NOT NULL DEFAULT 'draft',
	order_id    INTEGER NOT NULL DEFAULT 0,
	status_id   INTEGER NOT NULL DEFAULT 0,
	status_text TEXT    NOT NULL DEFAULT '',
	search      TEXT    NOT NULL DEFAULT '', -- lower-cased applicant, title, service, order id
	created     INTEGER NOT NULL,
	updated     INTEGER NOT NULL
);
CREATE INDEX applications_updated ON applications(updated);
CREATE INDEX applications_created ON applications(created);
CREATE INDEX applications_service ON applications(service, updated);
CREATE INDEX applications_state ON applications(state, updated);
CREATE INDEX applications_status ON applications(status_id, updated);
CREATE INDEX applications_order ON applications(order_id);
CREATE INDEX applications_batch ON applications(batch_id, batch_row);
CREATE INDEX applications_applicant ON applications(applicant);
-- text search: a trigram index (any substring of 3+ characters, case-folded, Cyrillic too) over applications.search
CREATE VIRTUAL TABLE applications_fts USING fts5(search, content='applications', content_rowid='id', tokenize='trigram');
CREATE TRIGGER applications_fts_insert AFTER INSERT ON applications BEGIN INSERT INTO applications_fts(rowid, search) VALUES (new.id, new.search); END;
CREATE TRIGGER applications_fts_delete AFTER DELETE ON applications BEGIN INSERT INTO applications_fts(applications_fts, rowid, search) VALUES ('delete', old.id, old.search); END;
CREATE TRIGGER applications_fts_update AFTER UPDATE OF search ON applications BEGIN INSERT INTO applications_fts(applications_fts, rowid, search) VALUES ('delete', old.id, old.search); INSERT INTO applications_fts(rowid, search) VALUES (new.id, new.search); END;

CREATE TABLE documents (
	app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
	pos    INTEGER NOT NULL,
	name   TEXT    NOT NULL,
	data   BLOB    NOT NULL,
	PRIMARY KEY (app_id, pos)
);

CREATE TABLE attachments (
	app_id      INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	name        TEXT    NOT NULL,
	path        TEXT    NOT NULL DEFAULT '',
	stored_path TEXT    NOT NULL DEFAULT '',
	size        INTEGER NOT NULL DEFAULT 0,
	streebog    TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (app_id, pos)
);

CREATE TABLE submissions (
	id             INTEGER PRIMARY KEY,
	app_id         INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
	env            TEXT    NOT NULL,
	service        TEXT    NOT NULL,
	state          TEXT    NOT NULL,
	order_id       INTEGER NOT NULL DEFAULT 0,
	route          TEXT    NOT NULL DEFAULT '',
	archive_path   TEXT    NOT NULL DEFAULT '',
	archive_size   INTEGER NOT NULL DEFAULT 0,
	upload_id      TEXT    NOT NULL DEFAULT '',
	chunk_size     INTEGER NOT NULL DEFAULT 0,
	chunks         INTEGER NOT NULL DEFAULT 0,
	chunks_done    INTEGER NOT NULL DEFAULT 0,
	chunk_inflight INTEGER NOT NULL DEFAULT -1,
	session_start  INTEGER NOT NULL DEFAULT 0,
	step_start     INTEGER NOT NULL DEFAULT 0,
	unknown        INTEGER NOT NULL DEFAULT 0,
	reason_ru      TEXT    NOT NULL DEFAULT '',
	reason_en      TEXT    NOT NULL DEFAULT '',
	status_id      INTEGER NOT NULL DEFAULT 0,
	status_text    TEXT    NOT NULL DEFAULT '',
	created        INTEGER NOT NULL,
	updated        INTEGER NOT NULL
);
CREATE INDEX submissions_app ON submissions(app_id);
CREATE INDEX submissions_state ON submissions(env, state);
CREATE INDEX submissions_order ON submissions(env, order_id);

CREATE TABLE transitions (
	id        INTEGER PRIMARY KEY,
	sub_id    INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
	from_state TEXT   NOT NULL,
	to_state  TEXT    NOT NULL,
	step      TEXT    NOT NULL,
	order_id  INTEGER NOT NULL DEFAULT 0,
	chunk     INTEGER NOT NULL DEFAULT -1,
	chunks    INTEGER NOT NULL DEFAULT 0,
	note      TEXT    NOT NULL DEFAULT '',
	at        INTEGER NOT NULL
);
CREATE INDEX transitions_sub ON transitions(sub_id, id);
CREATE INDEX transitions_order_requests ON transitions(step, at);

CREATE TABLE statuses (
	id          INTEGER PRIMARY KEY,
	env         TEXT    NOT NULL,
	order_id    INTEGER NOT NULL,
	status_id   INTEGER NOT NULL,
	title       TEXT    NOT NULL DEFAULT '',
	comment     TEXT    NOT NULL DEFAULT '',
	proc_state  TEXT    NOT NULL DEFAULT '',
	final       INTEGER NOT NULL DEFAULT 0,
	service_at  INTEGER NOT NULL DEFAULT 0,
	recorded_at INTEGER NOT NULL,
	UNIQUE (env, order_id, status_id, service_at, title, comment, proc_state)
);

CREATE TABLE results (
	id           INTEGER PRIMARY KEY,
	env          TEXT    NOT NULL,
	order_id     INTEGER NOT NULL,
	name         TEXT    NOT NULL,
	path         TEXT    NOT NULL,
	size         INTEGER NOT NULL DEFAULT 0,
	content_type TEXT    NOT NULL DEFAULT '',
	parent       TEXT    NOT NULL DEFAULT '',
	is_sig       INTEGER NOT NULL DEFAULT 0,
	signs        TEXT    NOT NULL DEFAULT '',
	valid        INTEGER NOT NULL DEFAULT 0,
	verdict      TEXT    NOT NULL DEFAULT '',
	recorded_at  INTEGER NOT NULL,
	UNIQUE (env, order_id, path)
);

CREATE TABLE ens_balances (
	id       INTEGER PRIMARY KEY,
	inn      TEXT    NOT NULL,
	date     TEXT    NOT NULL,
	kopecks  INTEGER NOT NULL,
	raw      TEXT    NOT NULL DEFAULT '',
	taken_at INTEGER NOT NULL
);
CREATE INDEX ens_balances_inn ON ens_balances(inn, taken_at);
CREATE INDEX ens_balances_taken ON ens_balances(taken_at);

CREATE TABLE batches (
	id          INTEGER PRIMARY KEY,
	env         TEXT    NOT NULL DEFAULT '',
	service     TEXT    NOT NULL,
	template    TEXT    NOT NULL DEFAULT '',
	source_name TEXT    NOT NULL DEFAULT '',
	digest      TEXT    NOT NULL DEFAULT '',
	total       INTEGER NOT NULL DEFAULT 0,
	created     INTEGER NOT NULL
);
CREATE INDEX batches_find ON batches(service, source_name, digest);

CREATE TABLE batch_rows (
	batch_id  INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
	row       INTEGER NOT NULL,
	applicant TEXT    NOT NULL DEFAULT '',
	app_id    INTEGER REFERENCES applications(id) ON DELETE SET NULL,
	state     TEXT    NOT NULL DEFAULT 'pending',
	error_ru  TEXT    NOT NULL DEFAULT '',
	error_en  TEXT    NOT NULL DEFAULT '',
	updated   INTEGER NOT NULL,
	PRIMARY KEY (batch_id, row)
);

CREATE TABLE kv (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
`,
	// 2: "seen" — the user opened the details of an order since it reached
	// its final status (the Заявления badge counts the others). Orders
	// already final before this version count as seen.
	`
ALTER TABLE applications ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;
UPDATE applications SET seen=1 WHERE state='final';
CREATE INDEX applications_unseen ON applications(state, seen);
`,
}

// SchemaVersion is the schema version this code writes.
func SchemaVersion() int { return len(migrations) }

// Version returns the schema version of the open file.
func (j *Journal) Version(ctx context.Context) (int, error) {
	return schemaVersion(ctx, j.db)
}

func schemaVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'`).Scan(&n)
	if err != nil {
		return 0, newErr(CodeOpen, "", err)
	}
	if n == 0 {
		return 0, nil
	}
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT max(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, newErr(CodeOpen, "", err)
	}
	return int(v.Int64), nil
}

func tooNew(v int) error {
	return bilingual(CodeTooNew, nil, "версия журнала %d, эта программа знает версии до %d", "journal version %d, this program knows versions up to %d", v, len(migrations))
}

// migrate brings db to len(migrations). A current journal is only read
// (opening never waits for another program's write); each step runs
// under BEGIN IMMEDIATE, so two processes opening an old or fresh file at
// once apply each migration once.
func migrate(ctx context.Context, db *sql.DB) error {
	v, err := schemaVersion(ctx, db)
	if err != nil {
		return err
	}
	if v > len(migrations) {
		return tooNew(v)
	}
	if v == len(migrations) {
		return nil
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return newErr(CodeOpen, "", err)
	}
	defer conn.Close()
	for {
		tx, err := conn.BeginTx(ctx, nil) // _txlock=immediate
		if err != nil {
			return newErr(CodeMigrate, "", err)
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
			version INTEGER PRIMARY KEY,
			applied INTEGER NOT NULL
		)`); err != nil {
			tx.Rollback()
			return newErr(CodeMigrate, "", err)
		}
		v, err := schemaVersion(ctx, tx)
		if err != nil {
			tx.Rollback()
			return err
		}
		if v > len(migrations) {
			tx.Rollback()
			return tooNew(v)
		}
		if v == len(migrations) {
			return storageErr(tx.Commit())
		}
		for _, stmt := range splitSQL(migrations[v]) {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				tx.Rollback()
				return newErr(CodeMigrate, strconv.Itoa(v+1), err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version(version, applied) VALUES (?, strftime('%s','now')*1000)`, v+1); err != nil {
			tx.Rollback()
			return newErr(CodeMigrate, strconv.Itoa(v+1), err)
		}
		if err := tx.Commit(); err != nil {
			return newErr(CodeMigrate, strconv.Itoa(v+1), err)
		}
	}
}

// splitSQL splits a migration at semicolons that end a line (the
// migrations contain no semicolons inside literals).
func splitSQL(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";\n") {
		if strings.TrimSpace(stripComments(part)) != "" {
			out = append(out, part)
		}
	}
	return out
}

func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}
