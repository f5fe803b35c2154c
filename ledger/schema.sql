-- schema.sql — the pledger database, version 14.
--
-- Compiled into the binary.  It is a list of `-- migrate N` sections; db.c
-- runs every section whose N is above the database's user_version, in one
-- transaction, and then sets PRAGMA user_version to the last N: a new
-- database runs them all, a database of an older pledger only the newer
-- ones (`pledger init` upgrades in place).  A section is never edited
-- once released, except to move an object that a later section drops and
-- recreates anyway (the loan_rights triggers, see migrate 2; the loans and
-- policies triggers, see migrate 3 and 4), or to change the message of
-- migrate 4's upgrade refusals, which leave nothing in the database (their
-- ldg_refuse(FORMAT, ARG) form, migrate 14).
--
-- Conventions: money INTEGER fen (*_fen), rates and shares INTEGER ppm
-- (*_ppm), dates TEXT ISO 'YYYY-MM-DD' (*_date), booleans INTEGER 0/1.
-- No REAL column anywhere.
--
-- Finalized subsidy runs lock the data they used (rules.md §7).  The lock is
-- enforced here, by triggers, so that every entry path (import, manual
-- entry, undo) is covered: a trigger calls ldg_refuse(message), a function
-- that db.c registers on every connection and that fails the statement
-- with that message (from migrate 14 on, ldg_refuse(FORMAT, ARG…): the
-- message translated and filled by db.c).

-- migrate 1

CREATE TABLE cities (
	code        TEXT PRIMARY KEY CHECK (length(code) = 6 AND code NOT GLOB '*[^0-9]*'),
	name        TEXT NOT NULL UNIQUE,
	parent      TEXT REFERENCES cities(code)
);

CREATE TABLE targets (
	id          INTEGER PRIMARY KEY,
	city        TEXT NOT NULL REFERENCES cities(code),
	metric      TEXT NOT NULL CHECK (metric IN ('financing', 'registered', 'credit')),
	year_from   INTEGER NOT NULL CHECK (year_from BETWEEN 1900 AND 2999),
	year_to     INTEGER NOT NULL CHECK (year_to >= year_from AND year_to <= 2999),
	target_fen  INTEGER NOT NULL CHECK (target_fen >= 0),
	source      TEXT NOT NULL DEFAULT '',
	UNIQUE (city, metric, year_from, year_to)
);

-- Reference rates: each row holds from effective_date until the next row of
-- the same kind (domain.md §1).
CREATE TABLE rates (
	kind            TEXT NOT NULL CHECK (kind IN ('LPR1Y', 'LPR5Y', 'PBOC1Y', 'PBOC5Y', 'PBOC5Y+')),
	effective_date  TEXT NOT NULL CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	rate_ppm        INTEGER NOT NULL CHECK (rate_ppm BETWEEN 0 AND 1000000),
	PRIMARY KEY (kind, effective_date)
);

-- The scheme of each city (rules.md §8): one row per key, value in the
-- canonical text form of scheme.c (amounts in fen, shares in ppm, on/off).
CREATE TABLE schemes (
	city        TEXT NOT NULL REFERENCES cities(code),
	key         TEXT NOT NULL,
	value       TEXT NOT NULL,
	PRIMARY KEY (city, key)
);

CREATE TABLE import_batches (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,
	file_name   TEXT NOT NULL,
	sha256      TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	user        TEXT NOT NULL,
	rows        INTEGER NOT NULL DEFAULT 0,
	new_rows    INTEGER NOT NULL DEFAULT 0,
	updated     INTEGER NOT NULL DEFAULT 0,
	unchanged   INTEGER NOT NULL DEFAULT 0,
	rejected    INTEGER NOT NULL DEFAULT 0,
	undone_at   TEXT
);

CREATE TABLE enterprises (
	uscc        TEXT PRIMARY KEY CHECK (length(uscc) = 18),
	name        TEXT NOT NULL,
	city        TEXT NOT NULL REFERENCES cities(code),
	industry    TEXT NOT NULL DEFAULT '',
	legal_person INTEGER NOT NULL DEFAULT 1 CHECK (legal_person IN (0, 1)),
	nonstandard_uscc INTEGER NOT NULL DEFAULT 0 CHECK (nonstandard_uscc IN (0, 1)),
	batch_id    INTEGER REFERENCES import_batches(id)
);
CREATE INDEX enterprises_city ON enterprises(city);

CREATE TABLE contributions (
	uscc        TEXT NOT NULL REFERENCES enterprises(uscc),
	year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
	contribution_fen INTEGER NOT NULL CHECK (contribution_fen >= 0),
	batch_id    INTEGER REFERENCES import_batches(id),
	PRIMARY KEY (uscc, year)
);

CREATE TABLE bars (
	uscc        TEXT NOT NULL REFERENCES enterprises(uscc),
	year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
	reason      TEXT NOT NULL DEFAULT '',
	batch_id    INTEGER REFERENCES import_batches(id),
	PRIMARY KEY (uscc, year)
);

CREATE TABLE banks (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE
);

CREATE TABLE loans (
	id              INTEGER PRIMARY KEY,
	bank_id         INTEGER NOT NULL REFERENCES banks(id),
	contract_no     TEXT NOT NULL,
	uscc            TEXT NOT NULL REFERENCES enterprises(uscc),
	principal_fen   INTEGER NOT NULL CHECK (principal_fen >= 0),
	combined        INTEGER NOT NULL DEFAULT 0 CHECK (combined IN (0, 1)),
	ip_portion_fen  INTEGER CHECK (ip_portion_fen IS NULL OR (combined = 1 AND ip_portion_fen BETWEEN 0 AND principal_fen)),
	rate_ppm        INTEGER CHECK (rate_ppm IS NULL OR rate_ppm BETWEEN 0 AND 1000000),
	start_date      TEXT NOT NULL,
	maturity_date   TEXT NOT NULL,
	settle_date     TEXT,
	overdue         INTEGER NOT NULL DEFAULT 0 CHECK (overdue IN (0, 1)),
	interest_paid_fen INTEGER CHECK (interest_paid_fen IS NULL OR interest_paid_fen >= 0),
	registration_no TEXT,
	registration_date TEXT,
	credit_line_fen INTEGER CHECK (credit_line_fen IS NULL OR credit_line_fen >= 0),
	batch_id        INTEGER REFERENCES import_batches(id),
	UNIQUE (bank_id, contract_no)
);
CREATE INDEX loans_uscc ON loans(uscc);
CREATE INDEX loans_settle ON loans(settle_date);
CREATE INDEX loans_start ON loans(start_date);

-- The pledged rights of a loan, in the order the bank listed them.
-- Rebuilt WITHOUT ROWID by migrate 2 (which also holds its index and lock
-- triggers).
CREATE TABLE loan_rights (
	loan_id     INTEGER NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	right_no    TEXT NOT NULL,      -- normal form (ident.h)
	-- kind = … OR …, not IN (…): SQLite builds a temporary b-tree for a
	-- 3-item IN list on every row a CHECK tests (a third of an import's time)
	kind        TEXT NOT NULL CHECK (kind = 'patent' OR kind = 'trademark' OR kind = 'copyright'),
	value_fen   INTEGER CHECK (value_fen IS NULL OR value_fen >= 0),
	PRIMARY KEY (loan_id, seq)
);

CREATE TABLE insurers (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE
);

CREATE TABLE policies (
	id              INTEGER PRIMARY KEY,
	insurer_id      INTEGER NOT NULL REFERENCES insurers(id),
	policy_no       TEXT NOT NULL,
	uscc            TEXT NOT NULL REFERENCES enterprises(uscc),
	product         TEXT NOT NULL DEFAULT '',
	insured_rights  TEXT NOT NULL DEFAULT '',  -- normal forms joined by ';'
	premium_fen     INTEGER NOT NULL CHECK (premium_fen >= 0),
	paid_date       TEXT NOT NULL,
	start_date      TEXT,
	end_date        TEXT,
	coverage_fen    INTEGER CHECK (coverage_fen IS NULL OR coverage_fen >= 0),
	batch_id        INTEGER REFERENCES import_batches(id),
	UNIQUE (insurer_id, policy_no)
);
CREATE INDEX policies_uscc ON policies(uscc);
CREATE INDEX policies_paid ON policies(paid_date);

-- Who changed what, when.  old_value/new_value are text (amounts in yuan
-- with two decimals as entered, or a key=value list for a whole record).
CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	user        TEXT NOT NULL,
	action      TEXT NOT NULL,     -- insert, update, delete, finalize, reopen, scheme, init, ...
	entity      TEXT NOT NULL,     -- loan, policy, enterprise, contribution, bar, rate, scheme, run, ...
	entity_key  TEXT NOT NULL,
	field       TEXT,
	old_value   TEXT,
	new_value   TEXT,
	batch_id    INTEGER REFERENCES import_batches(id),
	detail      TEXT
);
CREATE INDEX audit_batch ON audit_log(batch_id);

-- Subsidy runs (rules.md §7): one per (city, year), draft or finalized.
-- The run_* tables below are WITHOUT ROWID: each is read and written by its
-- primary key only, and a run of a big city holds hundreds of thousands of
-- item rows, so the table is its own index (half the writes).
CREATE TABLE subsidy_runs (
	id          INTEGER PRIMARY KEY,
	city        TEXT NOT NULL REFERENCES cities(code),
	year        INTEGER NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('draft', 'finalized')),
	computed_at TEXT NOT NULL,
	finalized_at TEXT,
	scheme      TEXT NOT NULL,     -- the scheme it was computed with, key=value lines
	digest      TEXT NOT NULL DEFAULT '', -- fingerprint of every figure (subsidy.c), for finalize
	UNIQUE (city, year)
);

-- One row per enterprise of a run (cli.md `subsidy show`).
CREATE TABLE run_rows (
	run_id      INTEGER NOT NULL REFERENCES subsidy_runs(id) ON DELETE CASCADE,
	uscc        TEXT NOT NULL,
	enterprise  TEXT NOT NULL,
	interest_patent_fen    INTEGER NOT NULL,
	interest_trademark_fen INTEGER NOT NULL,
	interest_copyright_fen INTEGER NOT NULL,
	premium_fen     INTEGER NOT NULL,
	due_fen         INTEGER NOT NULL,
	carried_in_fen  INTEGER NOT NULL,
	contribution_fen INTEGER,          -- NULL: no figure recorded
	payable_fen     INTEGER NOT NULL,
	carried_out_fen INTEGER NOT NULL,
	forfeited_fen   INTEGER NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('ok', 'blocked', 'barred')),
	detail      TEXT NOT NULL DEFAULT '',  -- caps applied, payment order (for explain)
	PRIMARY KEY (run_id, uscc)
) WITHOUT ROWID;

-- What an enterprise carries out of a run, by the year the amount arose
-- (rules.md §6), so that the next run pays oldest first and lapses on time.
-- Written by finalize, removed by reopen: the next year reads only a
-- finalized run's carry.
CREATE TABLE run_carry (
	run_id      INTEGER NOT NULL REFERENCES subsidy_runs(id) ON DELETE CASCADE,
	uscc        TEXT NOT NULL,
	origin_year INTEGER NOT NULL,
	amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
	PRIMARY KEY (run_id, uscc, origin_year)
) WITHOUT ROWID;

-- How each carried-in amount of an enterprise was settled in a run
-- (rules.md §6), by the year it arose: paid, lapsed, carried out.  Only
-- origins before the run's year are written; due(Y)'s part is what the row
-- leaves over.  For `subsidy explain`.
CREATE TABLE run_payments (
	run_id      INTEGER NOT NULL REFERENCES subsidy_runs(id) ON DELETE CASCADE,
	uscc        TEXT NOT NULL,
	origin_year INTEGER NOT NULL,
	outstanding_fen INTEGER NOT NULL,
	paid_fen    INTEGER NOT NULL,
	forfeited_fen INTEGER NOT NULL,
	carried_out_fen INTEGER NOT NULL,
	PRIMARY KEY (run_id, uscc, origin_year)
) WITHOUT ROWID;

-- One row per loan or policy of a run, with every number of its derivation.
CREATE TABLE run_items (
	run_id      INTEGER NOT NULL REFERENCES subsidy_runs(id) ON DELETE CASCADE,
	item_type   TEXT NOT NULL CHECK (item_type IN ('loan', 'policy')),
	item_id     INTEGER NOT NULL,   -- loans.id or policies.id
	item_key    TEXT NOT NULL,      -- BANK/CONTRACT or INSURER/POLICY_NO
	uscc        TEXT NOT NULL,
	item_date   TEXT NOT NULL,      -- settle date or premium paid date
	reason      TEXT NOT NULL,      -- ELIGIBLE or a rules.md §3 code
	reason_detail TEXT NOT NULL DEFAULT '',
	base_fen    INTEGER,
	days        INTEGER,
	rate_ppm    INTEGER,
	rate_date   TEXT,
	share_ppm   INTEGER,
	day_basis   INTEGER,
	raw_fen     INTEGER,
	paid_cap_fen INTEGER,
	subsidy_fen INTEGER NOT NULL DEFAULT 0,
	patent_fen  INTEGER NOT NULL DEFAULT 0,
	trademark_fen INTEGER NOT NULL DEFAULT 0,
	copyright_fen INTEGER NOT NULL DEFAULT 0,
	premium_fen INTEGER,            -- policies: the premium
	PRIMARY KEY (run_id, item_type, item_id)
) WITHOUT ROWID;

-- Rights whose loan earned a subsidy above 0 (after the interest-paid cap)
-- in a run (rules.md §3 IP_SUBSIDISED_BEFORE reads those of finalized runs).
-- Written by finalize, removed by reopen: only finalized runs have them.
CREATE TABLE run_rights (
	run_id      INTEGER NOT NULL REFERENCES subsidy_runs(id) ON DELETE CASCADE,
	right_no    TEXT NOT NULL,
	item_key    TEXT NOT NULL,
	uscc        TEXT NOT NULL DEFAULT '',  -- who held it in that run
	PRIMARY KEY (run_id, right_no, item_key)
) WITHOUT ROWID;

-- The finalized (city, year) pairs, for the lock triggers.
CREATE VIEW locked_years AS
	SELECT city, year, id FROM subsidy_runs WHERE status = 'finalized';

-- rules.md §7: refuse changes to data a finalized run used.
--
-- Each WHEN opens with EXISTS (SELECT 1 FROM locked_years): implied by the
-- test that follows (it joins locked_years), but a scan of the few runs
-- instead of three index lookups per row, and while no run is finalized
-- (most imports) it settles the WHEN at once.
-- (The triggers of loans and policies are in migrate 3.)

CREATE TRIGGER contributions_lock_insert BEFORE INSERT ON contributions
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = NEW.uscc AND l.year = NEW.year)
BEGIN
	SELECT ldg_refuse('the contribution of ' || NEW.uscc || ' for ' || NEW.year
		|| ' is used by finalized subsidy run ' || (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE e.uscc = NEW.uscc AND l.year = NEW.year));
END;

CREATE TRIGGER contributions_lock_update BEFORE UPDATE ON contributions
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE (e.uscc = OLD.uscc AND l.year = OLD.year) OR (e.uscc = NEW.uscc AND l.year = NEW.year))
BEGIN
	SELECT ldg_refuse('the contribution of ' || OLD.uscc || ' for ' || OLD.year
		|| ' is used by a finalized subsidy run');
END;

CREATE TRIGGER contributions_lock_delete BEFORE DELETE ON contributions
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = OLD.uscc AND l.year = OLD.year)
BEGIN
	SELECT ldg_refuse('the contribution of ' || OLD.uscc || ' for ' || OLD.year
		|| ' is used by a finalized subsidy run');
END;

CREATE TRIGGER bars_lock_insert BEFORE INSERT ON bars
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = NEW.uscc AND l.year = NEW.year)
BEGIN
	SELECT ldg_refuse('the bar flag of ' || NEW.uscc || ' for ' || NEW.year
		|| ' is used by finalized subsidy run ' || (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE e.uscc = NEW.uscc AND l.year = NEW.year));
END;

CREATE TRIGGER bars_lock_update BEFORE UPDATE ON bars
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE (e.uscc = OLD.uscc AND l.year = OLD.year) OR (e.uscc = NEW.uscc AND l.year = NEW.year))
BEGIN
	SELECT ldg_refuse('the bar flag of ' || OLD.uscc || ' for ' || OLD.year
		|| ' is used by a finalized subsidy run');
END;

CREATE TRIGGER bars_lock_delete BEFORE DELETE ON bars
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = OLD.uscc AND l.year = OLD.year)
BEGIN
	SELECT ldg_refuse('the bar flag of ' || OLD.uscc || ' for ' || OLD.year
		|| ' is used by a finalized subsidy run');
END;

-- An enterprise's city or legal-person flag, once a finalized run lists it.
CREATE TRIGGER enterprises_lock_update BEFORE UPDATE OF city, legal_person ON enterprises
WHEN (OLD.city IS NOT NEW.city OR OLD.legal_person IS NOT NEW.legal_person) AND EXISTS (
	SELECT 1 FROM run_rows rr JOIN subsidy_runs r ON r.id = rr.run_id
	WHERE rr.uscc = OLD.uscc AND r.status = 'finalized')
BEGIN
	SELECT ldg_refuse('enterprise ' || OLD.uscc || ' is listed in finalized subsidy run '
		|| (SELECT c.name || ' ' || r.year FROM run_rows rr
		    JOIN subsidy_runs r ON r.id = rr.run_id JOIN cities c ON c.code = r.city
		    WHERE rr.uscc = OLD.uscc AND r.status = 'finalized' ORDER BY r.year DESC LIMIT 1)
		|| '; its city and legal-person flag cannot change');
END;

-- An enterprise moving into a city whose finalized run covers a year in
-- which it has a loan settled or a premium paid would change that run.
CREATE TRIGGER enterprises_lock_move BEFORE UPDATE OF city ON enterprises
WHEN OLD.city IS NOT NEW.city AND (EXISTS (
	SELECT 1 FROM locked_years l JOIN loans n ON n.uscc = OLD.uscc
	WHERE l.city = NEW.city AND n.settle_date IS NOT NULL
	  AND l.year = CAST(substr(n.settle_date, 1, 4) AS INTEGER))
   OR EXISTS (
	SELECT 1 FROM locked_years l JOIN policies p ON p.uscc = OLD.uscc
	WHERE l.city = NEW.city AND l.year = CAST(substr(p.paid_date, 1, 4) AS INTEGER)))
BEGIN
	SELECT ldg_refuse('enterprise ' || OLD.uscc || ' has loans or policies in a year of finalized subsidy runs of '
		|| (SELECT c.name FROM cities c WHERE c.code = NEW.city)
		|| '; it cannot move there');
END;

-- A finalized run's own rows are never rewritten; only a draft run may be
-- replaced (reopen first turns the run back into a draft).
CREATE TRIGGER subsidy_runs_lock_delete BEFORE DELETE ON subsidy_runs
WHEN OLD.status = 'finalized'
BEGIN
	SELECT ldg_refuse('subsidy run ' || OLD.city || ' ' || OLD.year || ' is finalized; reopen it first');
END;

-- migrate 2

-- loan_rights WITHOUT ROWID.  Its rows are only ever found by their key
-- (loan_id, seq) or by right_no, so a rowid table kept them twice: once in
-- the table and once in the key's index.  Rebuilt and renamed; dropping
-- the old table drops its index and triggers, recreated here.
CREATE TABLE loan_rights_v2 (
	loan_id     INTEGER NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	right_no    TEXT NOT NULL,      -- normal form (ident.h)
	-- kind = … OR …, not IN (…): SQLite builds a temporary b-tree for a
	-- 3-item IN list on every row a CHECK tests (a third of an import's time)
	kind        TEXT NOT NULL CHECK (kind = 'patent' OR kind = 'trademark' OR kind = 'copyright'),
	value_fen   INTEGER CHECK (value_fen IS NULL OR value_fen >= 0),
	PRIMARY KEY (loan_id, seq)
) WITHOUT ROWID;
INSERT INTO loan_rights_v2 (loan_id, seq, right_no, kind, value_fen)
	SELECT loan_id, seq, right_no, kind, value_fen FROM loan_rights;
DROP TABLE loan_rights;
ALTER TABLE loan_rights_v2 RENAME TO loan_rights;
CREATE INDEX loan_rights_no ON loan_rights(right_no);

-- Rights of a locked loan: any insert, update or delete.
CREATE TRIGGER loan_rights_lock_insert BEFORE INSERT ON loan_rights
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM loans n JOIN enterprises e ON e.uscc = n.uscc
	JOIN locked_years l ON l.city = e.city
	WHERE n.id = NEW.loan_id AND n.settle_date IS NOT NULL
	  AND l.year = CAST(substr(n.settle_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('the rights of a loan used by a finalized subsidy run cannot change');
END;

CREATE TRIGGER loan_rights_lock_delete BEFORE DELETE ON loan_rights
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM loans n JOIN enterprises e ON e.uscc = n.uscc
	JOIN locked_years l ON l.city = e.city
	WHERE n.id = OLD.loan_id AND n.settle_date IS NOT NULL
	  AND l.year = CAST(substr(n.settle_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('the rights of a loan used by a finalized subsidy run cannot change');
END;

CREATE TRIGGER loan_rights_lock_update BEFORE UPDATE ON loan_rights
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM loans n JOIN enterprises e ON e.uscc = n.uscc
	JOIN locked_years l ON l.city = e.city
	WHERE n.id IN (OLD.loan_id, NEW.loan_id) AND n.settle_date IS NOT NULL
	  AND l.year = CAST(substr(n.settle_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('the rights of a loan used by a finalized subsidy run cannot change');
END;

-- migrate 3

-- The lock triggers of loans and policies name the loan as BANK/CONTRACT
-- and the policy as INSURER/POLICY_NO, the keys of import.md §2 (a
-- contract number alone may be another bank's too).  Same conditions as
-- before; dropped and created again (they were in migrate 1).
DROP TRIGGER IF EXISTS loans_lock_insert;
DROP TRIGGER IF EXISTS loans_lock_update;
DROP TRIGGER IF EXISTS loans_lock_delete;
DROP TRIGGER IF EXISTS policies_lock_insert;
DROP TRIGGER IF EXISTS policies_lock_update;
DROP TRIGGER IF EXISTS policies_lock_delete;

CREATE TRIGGER loans_lock_insert BEFORE INSERT ON loans
WHEN EXISTS (SELECT 1 FROM locked_years) AND NEW.settle_date IS NOT NULL AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('loan ''' || (SELECT name FROM banks WHERE id = NEW.bank_id)
		|| '/' || NEW.contract_no || ''' settled ' || NEW.settle_date
		|| ' falls in finalized subsidy run ' || (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER)));
END;

CREATE TRIGGER loans_lock_update BEFORE UPDATE ON loans
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE (e.uscc = OLD.uscc AND OLD.settle_date IS NOT NULL
	       AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER))
	   OR (e.uscc = NEW.uscc AND NEW.settle_date IS NOT NULL
	       AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER)))
BEGIN
	SELECT ldg_refuse('loan ''' || (SELECT name FROM banks WHERE id = OLD.bank_id)
		|| '/' || OLD.contract_no || ''' is used by finalized subsidy run '
		|| (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE (e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER))
		   OR (e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER))
		LIMIT 1));
END;

CREATE TRIGGER loans_lock_delete BEFORE DELETE ON loans
WHEN EXISTS (SELECT 1 FROM locked_years) AND OLD.settle_date IS NOT NULL AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('loan ''' || (SELECT name FROM banks WHERE id = OLD.bank_id)
		|| '/' || OLD.contract_no || ''' is used by finalized subsidy run '
		|| (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER)));
END;

CREATE TRIGGER policies_lock_insert BEFORE INSERT ON policies
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('policy ''' || (SELECT name FROM insurers WHERE id = NEW.insurer_id)
		|| '/' || NEW.policy_no || ''' paid ' || NEW.paid_date
		|| ' falls in finalized subsidy run ' || (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER)));
END;

CREATE TRIGGER policies_lock_update BEFORE UPDATE ON policies
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE (e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER))
	   OR (e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER)))
BEGIN
	SELECT ldg_refuse('policy ''' || (SELECT name FROM insurers WHERE id = OLD.insurer_id)
		|| '/' || OLD.policy_no || ''' is used by finalized subsidy run '
		|| (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE (e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER))
		   OR (e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER))
		LIMIT 1));
END;

CREATE TRIGGER policies_lock_delete BEFORE DELETE ON policies
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('policy ''' || (SELECT name FROM insurers WHERE id = OLD.insurer_id)
		|| '/' || OLD.policy_no || ''' is used by finalized subsidy run '
		|| (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER)));
END;

-- migrate 4

-- Keys in normal form (import.md §3, §5).  Bank and insurer names,
-- contract and policy numbers are kept as first written (the clerk sees
-- the contract as the bank wrote it) and compared by a key column holding
-- their normal form, ldg_key() = text.h ldg_text_key (full-width to
-- half-width, spaces trimmed and collapsed): （2021）… and (2021)… are one
-- loan.  The key columns are written by the C code (loan.c, policy.c);
-- ldg_key() is a function db.c registers on every connection.
--
-- The register of banks: every bank name that has appeared, in normal
-- form, and the bank it names (a bank's own name, or an alias given by
-- `pledger bank alias`).  Banks whose names were one in normal form
-- become one bank (the oldest), and so do insurers; a contract that two
-- of them both hold is refused below, and the upgrade with it.
CREATE TABLE bank_names (
	name_key    TEXT PRIMARY KEY,     -- ldg_key(name)
	bank_id     INTEGER NOT NULL REFERENCES banks(id),
	name        TEXT NOT NULL         -- as first written
) WITHOUT ROWID;
CREATE INDEX bank_names_bank ON bank_names(bank_id);
INSERT OR IGNORE INTO bank_names (name_key, bank_id, name)
	SELECT ldg_key(name), id, name FROM banks ORDER BY id;
ALTER TABLE insurers ADD COLUMN name_key TEXT;
UPDATE insurers SET name_key = ldg_key(name);
ALTER TABLE loans ADD COLUMN contract_key TEXT;
ALTER TABLE policies ADD COLUMN policy_key TEXT;

SELECT ldg_refuse('cannot upgrade the database: the loans %s are one contract once their names are compared in normal form (import.md §3); delete all but one with the pledger that recorded them',
	keys)
FROM (SELECT group_concat('''' || b.name || '/' || l.contract_no || '''', ', ') AS keys
	FROM loans l JOIN banks b ON b.id = l.bank_id
	JOIN bank_names n ON n.name_key = ldg_key(b.name)
	GROUP BY n.bank_id, ldg_key(l.contract_no) HAVING count(*) > 1 LIMIT 1);
SELECT ldg_refuse('cannot upgrade the database: the policies %s are one policy once their names are compared in normal form (import.md §3); delete all but one with the pledger that recorded them',
	keys)
FROM (SELECT group_concat('''' || i.name || '/' || p.policy_no || '''', ', ') AS keys
	FROM policies p JOIN insurers i ON i.id = p.insurer_id
	GROUP BY i.name_key, ldg_key(p.policy_no) HAVING count(*) > 1 LIMIT 1);

-- the lock triggers would refuse writing the keys of a finalized year's
-- loans: dropped here, created again below as migrate 3 had them
DROP TRIGGER IF EXISTS loans_lock_insert;
DROP TRIGGER IF EXISTS loans_lock_update;
DROP TRIGGER IF EXISTS loans_lock_delete;
DROP TRIGGER IF EXISTS policies_lock_insert;
DROP TRIGGER IF EXISTS policies_lock_update;
DROP TRIGGER IF EXISTS policies_lock_delete;

UPDATE loans SET contract_key = ldg_key(contract_no),
	bank_id = (SELECT n.bank_id FROM banks b JOIN bank_names n ON n.name_key = ldg_key(b.name)
		   WHERE b.id = loans.bank_id);
DELETE FROM banks WHERE id NOT IN (SELECT bank_id FROM bank_names);
UPDATE policies SET policy_key = ldg_key(policy_no),
	insurer_id = (SELECT min(j.id) FROM insurers i JOIN insurers j ON j.name_key = i.name_key
		      WHERE i.id = policies.insurer_id);
DELETE FROM insurers WHERE id NOT IN (SELECT min(id) FROM insurers GROUP BY name_key);
CREATE UNIQUE INDEX loans_key ON loans(bank_id, contract_key);
CREATE UNIQUE INDEX policies_key ON policies(insurer_id, policy_key);
CREATE UNIQUE INDEX insurers_key ON insurers(name_key);

-- Enterprises created from a loan or policy row, not yet confirmed by an
-- enterprises file or `enterprise add` (import.md §5).  Of an older
-- database: those a loans or policies batch created and no enterprises
-- batch or entry has changed since.
ALTER TABLE enterprises ADD COLUMN unregistered INTEGER NOT NULL DEFAULT 0
	CHECK (unregistered IN (0, 1));
UPDATE enterprises SET unregistered = 1
WHERE batch_id IN (SELECT id FROM import_batches WHERE kind IN ('loans', 'policies'))
  AND NOT EXISTS (SELECT 1 FROM audit_log a LEFT JOIN import_batches b ON b.id = a.batch_id
		  WHERE a.entity = 'enterprise' AND a.entity_key = enterprises.uscc
		    AND a.action = 'update' AND (b.kind IS NULL OR b.kind = 'enterprises'));

CREATE TRIGGER loans_lock_insert BEFORE INSERT ON loans
WHEN EXISTS (SELECT 1 FROM locked_years) AND NEW.settle_date IS NOT NULL AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('loan ''' || (SELECT name FROM banks WHERE id = NEW.bank_id)
		|| '/' || NEW.contract_no || ''' settled ' || NEW.settle_date
		|| ' falls in finalized subsidy run ' || (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER)));
END;

CREATE TRIGGER loans_lock_update BEFORE UPDATE ON loans
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE (e.uscc = OLD.uscc AND OLD.settle_date IS NOT NULL
	       AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER))
	   OR (e.uscc = NEW.uscc AND NEW.settle_date IS NOT NULL
	       AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER)))
BEGIN
	SELECT ldg_refuse('loan ''' || (SELECT name FROM banks WHERE id = OLD.bank_id)
		|| '/' || OLD.contract_no || ''' is used by finalized subsidy run '
		|| (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE (e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER))
		   OR (e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER))
		LIMIT 1));
END;

CREATE TRIGGER loans_lock_delete BEFORE DELETE ON loans
WHEN EXISTS (SELECT 1 FROM locked_years) AND OLD.settle_date IS NOT NULL AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('loan ''' || (SELECT name FROM banks WHERE id = OLD.bank_id)
		|| '/' || OLD.contract_no || ''' is used by finalized subsidy run '
		|| (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER)));
END;

CREATE TRIGGER policies_lock_insert BEFORE INSERT ON policies
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('policy ''' || (SELECT name FROM insurers WHERE id = NEW.insurer_id)
		|| '/' || NEW.policy_no || ''' paid ' || NEW.paid_date
		|| ' falls in finalized subsidy run ' || (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER)));
END;

CREATE TRIGGER policies_lock_update BEFORE UPDATE ON policies
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE (e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER))
	   OR (e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER)))
BEGIN
	SELECT ldg_refuse('policy ''' || (SELECT name FROM insurers WHERE id = OLD.insurer_id)
		|| '/' || OLD.policy_no || ''' is used by finalized subsidy run '
		|| (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE (e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER))
		   OR (e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER))
		LIMIT 1));
END;

CREATE TRIGGER policies_lock_delete BEFORE DELETE ON policies
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('policy ''' || (SELECT name FROM insurers WHERE id = OLD.insurer_id)
		|| '/' || OLD.policy_no || ''' is used by finalized subsidy run '
		|| (SELECT c.name || ' ' || l.year
		FROM locked_years l JOIN enterprises e ON e.city = l.city JOIN cities c ON c.code = l.city
		WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER)));
END;

-- migrate 5
-- A finalized run's own results are as locked as its inputs (rules.md §7):
-- its rows, items, payments, carry and rights are neither written, changed
-- nor removed, on any path (plain SQL included), and the run itself changes
-- only by the transition the code makes: reopen (status back to 'draft',
-- finalized_at NULL, nothing else).  Finalize writes the carry and the rights
-- while the run is still a draft and turns it finalized last; reopen turns
-- it back into a draft first and removes them after.  RAISE works without
-- pledger's own SQL functions, so a plain sqlite3 shell is refused too.
CREATE TRIGGER subsidy_runs_lock_update BEFORE UPDATE ON subsidy_runs
WHEN OLD.status = 'finalized' AND NOT (NEW.status = 'draft' AND NEW.finalized_at IS NULL
	AND NEW.id = OLD.id AND NEW.city IS OLD.city AND NEW.year IS OLD.year
	AND NEW.computed_at IS OLD.computed_at AND NEW.scheme IS OLD.scheme
	AND NEW.digest IS OLD.digest)
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_rows_lock_insert BEFORE INSERT ON run_rows
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id = NEW.run_id AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_rows_lock_update BEFORE UPDATE ON run_rows
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id IN (OLD.run_id, NEW.run_id) AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_rows_lock_delete BEFORE DELETE ON run_rows
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id = OLD.run_id AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_items_lock_insert BEFORE INSERT ON run_items
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id = NEW.run_id AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_items_lock_update BEFORE UPDATE ON run_items
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id IN (OLD.run_id, NEW.run_id) AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_items_lock_delete BEFORE DELETE ON run_items
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id = OLD.run_id AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_payments_lock_insert BEFORE INSERT ON run_payments
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id = NEW.run_id AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_payments_lock_update BEFORE UPDATE ON run_payments
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id IN (OLD.run_id, NEW.run_id) AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_payments_lock_delete BEFORE DELETE ON run_payments
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id = OLD.run_id AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_carry_lock_insert BEFORE INSERT ON run_carry
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id = NEW.run_id AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_carry_lock_update BEFORE UPDATE ON run_carry
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id IN (OLD.run_id, NEW.run_id) AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_carry_lock_delete BEFORE DELETE ON run_carry
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id = OLD.run_id AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_rights_lock_insert BEFORE INSERT ON run_rights
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id = NEW.run_id AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_rights_lock_update BEFORE UPDATE ON run_rights
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id IN (OLD.run_id, NEW.run_id) AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER run_rights_lock_delete BEFORE DELETE ON run_rights
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE id = OLD.run_id AND status = 'finalized')
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;

-- migrate 6

-- Payee accounts (import.md §2 accounts): the account an enterprise's
-- subsidy is paid into, one per enterprise, from its application form.
-- account_no is the normal form (digits only).  batch_id: the import that
-- created it (undo deletes it), NULL for one entered by hand.
CREATE TABLE accounts (
	uscc         TEXT PRIMARY KEY REFERENCES enterprises(uscc),
	account_name TEXT NOT NULL,
	bank_name    TEXT NOT NULL,
	account_no   TEXT NOT NULL CHECK (length(account_no) BETWEEN 8 AND 32),
	batch_id     INTEGER REFERENCES import_batches(id)
);

-- (office_name and publicity_contact are rows of city_settings, which the
-- next section makes and ledger/settings.c validates.)

-- migrate 7

-- The workbench's people (web.md §2): a name, one role, an Argon2id hash
-- (libsodium crypto_pwhash_str; nothing else about the password is kept),
-- and the lockout state: failed sign-ins in a row and the Unix time until
-- which the account is locked.
CREATE TABLE users (
	name         TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 63),
	role         TEXT NOT NULL CHECK (role IN ('clerk', 'reviewer', 'admin', 'auditor')),
	hash         TEXT NOT NULL,
	disabled     INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	failed       INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER NOT NULL DEFAULT 0,
	created_at   TEXT NOT NULL
);

-- Signed-in sessions: only the hash of the token is stored (BLAKE2b of the
-- 256-bit random token, hex); csrf is the session's form token; times are
-- Unix seconds (idle timeout 30 minutes, web.md §2).
CREATE TABLE sessions (
	token_hash  TEXT PRIMARY KEY,
	user        TEXT NOT NULL REFERENCES users(name),
	csrf        TEXT NOT NULL,
	created     INTEGER NOT NULL,
	last_seen   INTEGER NOT NULL
);

-- A city's settings that are not money rules (cycle.md §1, §4): one row
-- per key, the value in the canonical form of ledger/settings.c, whose
-- table of known keys validates it (four_eyes, budget_shortfall …).  A key
-- without a row has its default.
CREATE TABLE city_settings (
	city        TEXT NOT NULL REFERENCES cities(code),
	key         TEXT NOT NULL,   -- validated by ledger/settings.c known[]
	value       TEXT NOT NULL,
	PRIMARY KEY (city, key)
);

-- migrate 10

-- The year's budget of a city's scheme (cycle.md §2), in fen.  When a run's
-- payable total exceeds it, each payee is paid pro rata (ledger/budget.c).
CREATE TABLE budgets (
	city        TEXT NOT NULL REFERENCES cities(code),
	year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
	budget_fen  INTEGER NOT NULL CHECK (budget_fen >= 0),
	PRIMARY KEY (city, year)
);

-- (city_settings, the city's settings of cycle.md §4, is made by migrate 7;
-- ledger/settings.c's table of known keys validates its rows.)

-- The budget a run was computed with (NULL: none), and each row's payable
-- before the pro rata (NULL when the run was not scaled), for `subsidy
-- show` and `subsidy explain`.
ALTER TABLE subsidy_runs ADD COLUMN budget_fen INTEGER;
ALTER TABLE run_rows ADD COLUMN unscaled_payable_fen INTEGER;

-- rules.md §7: the budget of a finalized year is an input of its run.
CREATE TRIGGER budgets_lock_insert BEFORE INSERT ON budgets
WHEN EXISTS (SELECT 1 FROM locked_years l WHERE l.city = NEW.city AND l.year = NEW.year)
BEGIN
	SELECT ldg_refuse('the budget of ' || (SELECT name FROM cities WHERE code = NEW.city)
		|| ' ' || NEW.year || ' is used by finalized subsidy run '
		|| (SELECT name FROM cities WHERE code = NEW.city) || ' ' || NEW.year);
END;

CREATE TRIGGER budgets_lock_update BEFORE UPDATE ON budgets
WHEN EXISTS (SELECT 1 FROM locked_years l
	WHERE (l.city = OLD.city AND l.year = OLD.year) OR (l.city = NEW.city AND l.year = NEW.year))
BEGIN
	SELECT ldg_refuse('the budget of ' || (SELECT name FROM cities WHERE code = OLD.city)
		|| ' ' || OLD.year || ' is used by finalized subsidy run '
		|| (SELECT name FROM cities WHERE code = OLD.city) || ' ' || OLD.year);
END;

CREATE TRIGGER budgets_lock_delete BEFORE DELETE ON budgets
WHEN EXISTS (SELECT 1 FROM locked_years l WHERE l.city = OLD.city AND l.year = OLD.year)
BEGIN
	SELECT ldg_refuse('the budget of ' || (SELECT name FROM cities WHERE code = OLD.city)
		|| ' ' || OLD.year || ' is used by finalized subsidy run '
		|| (SELECT name FROM cities WHERE code = OLD.city) || ' ' || OLD.year);
END;

-- migrate 11
-- The year's cycle after finalize (cycle.md §1): a finalized run keeps
-- status 'finalized' (every lock trigger above reads it) and its stage
-- tells how far it went: NULL (finalized, 审核定稿), 'publicized' (公示) or
-- 'paid' (已拨付).  Each publish is a row of run_publicity (the 公示 period,
-- kept after a reopen); objections belong to one publicity.
CREATE TABLE run_publicity (
	id          INTEGER PRIMARY KEY,
	city        TEXT NOT NULL REFERENCES cities(code),
	year        INTEGER NOT NULL,
	date_from   TEXT NOT NULL,     -- ISO dates, inclusive
	date_to     TEXT NOT NULL CHECK (date_to >= date_from),
	published_at TEXT NOT NULL,
	published_by TEXT NOT NULL
);
CREATE INDEX run_publicity_city_year ON run_publicity(city, year);

ALTER TABLE subsidy_runs ADD COLUMN stage TEXT CHECK (stage IN ('publicized', 'paid'));
ALTER TABLE subsidy_runs ADD COLUMN publicity_id INTEGER REFERENCES run_publicity(id);
ALTER TABLE subsidy_runs ADD COLUMN paid_on TEXT;
ALTER TABLE subsidy_runs ADD COLUMN voucher TEXT;

-- 异议: recorded against an enterprise during a publicity, each resolved
-- upheld (the run must be reopened and computed again) or dismissed.
CREATE TABLE objections (
	id          INTEGER PRIMARY KEY,
	publicity_id INTEGER NOT NULL REFERENCES run_publicity(id),
	uscc        TEXT NOT NULL REFERENCES enterprises(uscc),
	text        TEXT NOT NULL CHECK (text <> ''),
	received_on TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	recorded_by TEXT NOT NULL,
	outcome     TEXT CHECK (outcome IN ('upheld', 'dismissed')),
	resolution  TEXT,
	resolved_at TEXT,
	resolved_by TEXT
);
CREATE INDEX objections_publicity ON objections(publicity_id);

-- 以前年度调整 (cycle.md §3): a correction of a paid year, an item of the
-- city's run of into_year (the first year after it not yet finalized).
CREATE TABLE adjustments (
	id          INTEGER PRIMARY KEY,
	city        TEXT NOT NULL REFERENCES cities(code),
	year        INTEGER NOT NULL,  -- the paid year it corrects
	into_year   INTEGER NOT NULL CHECK (into_year > year),
	uscc        TEXT NOT NULL REFERENCES enterprises(uscc),
	amount_fen  INTEGER NOT NULL CHECK (amount_fen <> 0), -- 补发 > 0, 追回 < 0
	reason      TEXT NOT NULL CHECK (reason <> ''),
	recorded_at TEXT NOT NULL,
	recorded_by TEXT NOT NULL
);
CREATE INDEX adjustments_into ON adjustments(city, into_year);

-- Schemes by year (cycle.md §4): a value from from_year on.  The schemes
-- table above is the version from the first year; a run of year Y applies
-- over it every row with from_year <= Y, in from_year order.
CREATE TABLE scheme_versions (
	city        TEXT NOT NULL REFERENCES cities(code),
	from_year   INTEGER NOT NULL CHECK (from_year BETWEEN 1900 AND 2999),
	key         TEXT NOT NULL,
	value       TEXT NOT NULL,
	PRIMARY KEY (city, from_year, key)
);

-- A finalized run changes only by the transitions the code makes: reopen
-- (back to draft, stage NULL; never from paid), publish (stage NULL →
-- publicized, a new publicity) and pay (publicized → paid, with date and
-- voucher).  A paid run changes no more, on any path.
DROP TRIGGER subsidy_runs_lock_update;
CREATE TRIGGER subsidy_runs_lock_update BEFORE UPDATE ON subsidy_runs
WHEN OLD.status = 'finalized' AND NOT (
	NEW.id = OLD.id AND NEW.city IS OLD.city AND NEW.year IS OLD.year
	AND NEW.computed_at IS OLD.computed_at AND NEW.scheme IS OLD.scheme
	AND NEW.digest IS OLD.digest AND NEW.budget_fen IS OLD.budget_fen
	AND ((OLD.stage IS NOT 'paid' AND NEW.status = 'draft' AND NEW.finalized_at IS NULL
	      AND NEW.stage IS NULL AND NEW.publicity_id IS NULL
	      AND NEW.paid_on IS NULL AND NEW.voucher IS NULL)
	  OR (OLD.stage IS NULL AND NEW.status = 'finalized' AND NEW.finalized_at IS OLD.finalized_at
	      AND NEW.stage = 'publicized'
	      AND NEW.publicity_id IS NOT NULL AND NEW.paid_on IS NULL AND NEW.voucher IS NULL)
	  OR (OLD.stage = 'publicized' AND NEW.status = 'finalized' AND NEW.finalized_at IS OLD.finalized_at
	      AND NEW.stage = 'paid'
	      AND NEW.publicity_id IS OLD.publicity_id AND NEW.paid_on IS NOT NULL
	      AND NEW.voucher IS NOT NULL)))
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is finalized; reopen it first');
END;
CREATE TRIGGER subsidy_runs_paid_update BEFORE UPDATE ON subsidy_runs
WHEN OLD.stage = 'paid'
BEGIN
	SELECT RAISE(ABORT, 'refused: subsidy run is paid; a paid run is never reopened (correct it by an adjustment)');
END;
CREATE TRIGGER subsidy_runs_draft_stage BEFORE UPDATE ON subsidy_runs
WHEN NEW.status = 'draft' AND NEW.stage IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'refused: a draft run has no stage');
END;
CREATE TRIGGER subsidy_runs_draft_stage_insert BEFORE INSERT ON subsidy_runs
WHEN NEW.status = 'draft' AND NEW.stage IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'refused: a draft run has no stage');
END;

-- The objections of a paid run's publicity are final.
CREATE TRIGGER objections_lock_paid BEFORE UPDATE ON objections
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE publicity_id = OLD.publicity_id AND stage = 'paid')
BEGIN
	SELECT RAISE(ABORT, 'refused: the objection belongs to a paid subsidy run');
END;
CREATE TRIGGER objections_lock_paid_delete BEFORE DELETE ON objections
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE publicity_id = OLD.publicity_id AND stage = 'paid')
BEGIN
	SELECT RAISE(ABORT, 'refused: the objection belongs to a paid subsidy run');
END;
CREATE TRIGGER objections_lock_insert BEFORE INSERT ON objections
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE publicity_id = NEW.publicity_id AND stage = 'paid')
BEGIN
	SELECT RAISE(ABORT, 'refused: the objection belongs to a paid subsidy run');
END;

-- An adjustment is an input of its into_year's run (rules.md §7).
CREATE TRIGGER adjustments_lock_insert BEFORE INSERT ON adjustments
WHEN EXISTS (SELECT 1 FROM locked_years l WHERE l.city = NEW.city AND l.year = NEW.into_year)
BEGIN
	SELECT RAISE(ABORT, 'refused: the adjustment''s run is finalized');
END;
CREATE TRIGGER adjustments_lock_update BEFORE UPDATE ON adjustments
WHEN EXISTS (SELECT 1 FROM locked_years l WHERE (l.city = OLD.city AND l.year = OLD.into_year)
	OR (l.city = NEW.city AND l.year = NEW.into_year))
BEGIN
	SELECT RAISE(ABORT, 'refused: the adjustment''s run is finalized');
END;
CREATE TRIGGER adjustments_lock_delete BEFORE DELETE ON adjustments
WHEN EXISTS (SELECT 1 FROM locked_years l WHERE l.city = OLD.city AND l.year = OLD.into_year)
BEGIN
	SELECT RAISE(ABORT, 'refused: the adjustment''s run is finalized');
END;

-- migrate 12

-- A record's history (the workbench's enterprise, loan and policy pages,
-- `pledger log`'s filters) is looked up by its key: without this index
-- each record page read the whole audit log.
CREATE INDEX audit_entity_key ON audit_log(entity_key);
-- The home page counts, city by city, the enterprises without a
-- contribution: the USCC in the index spares a table lookup per enterprise.
CREATE INDEX enterprises_city_uscc ON enterprises(city, uscc);

-- migrate 13
-- The 公示 period of a paid run is as locked as the run (rules.md §7,
-- cycle.md §1: a paid run is final): its run_publicity row is neither
-- changed nor removed, on any path (found by the issue 11/12 audit: the
-- objections were locked, their period was not).
CREATE TRIGGER run_publicity_lock_paid BEFORE UPDATE ON run_publicity
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE publicity_id = OLD.id AND stage = 'paid')
BEGIN
	SELECT RAISE(ABORT, 'refused: the publicity period belongs to a paid subsidy run');
END;
CREATE TRIGGER run_publicity_lock_paid_delete BEFORE DELETE ON run_publicity
WHEN EXISTS (SELECT 1 FROM subsidy_runs WHERE publicity_id = OLD.id AND stage = 'paid')
BEGIN
	SELECT RAISE(ABORT, 'refused: the publicity period belongs to a paid subsidy run');
END;

-- migrate 14
-- The lock refusals in the clerk's language (issue 15): each trigger that
-- composed its English message in SQL calls ldg_refuse(FORMAT, ARG…)
-- instead, FORMAT an English msgid with %s placeholders only, which db.c
-- translates and fills when the refusal happens (ledger/db.c refusals[]).
-- Dropped and created again with the conditions of their last definition
-- (migrate 1, 4 and 10); only the message changes.  The triggers of
-- loan_rights (migrate 2) and the RAISE of migrate 5, 11 and 13 have a
-- fixed text, already a msgid: db.c translates it as it is.
DROP TRIGGER IF EXISTS contributions_lock_insert;
DROP TRIGGER IF EXISTS contributions_lock_update;
DROP TRIGGER IF EXISTS contributions_lock_delete;
DROP TRIGGER IF EXISTS bars_lock_insert;
DROP TRIGGER IF EXISTS bars_lock_update;
DROP TRIGGER IF EXISTS bars_lock_delete;
DROP TRIGGER IF EXISTS enterprises_lock_update;
DROP TRIGGER IF EXISTS enterprises_lock_move;
DROP TRIGGER IF EXISTS subsidy_runs_lock_delete;
DROP TRIGGER IF EXISTS loans_lock_insert;
DROP TRIGGER IF EXISTS loans_lock_update;
DROP TRIGGER IF EXISTS loans_lock_delete;
DROP TRIGGER IF EXISTS policies_lock_insert;
DROP TRIGGER IF EXISTS policies_lock_update;
DROP TRIGGER IF EXISTS policies_lock_delete;
DROP TRIGGER IF EXISTS budgets_lock_insert;
DROP TRIGGER IF EXISTS budgets_lock_update;
DROP TRIGGER IF EXISTS budgets_lock_delete;

CREATE TRIGGER contributions_lock_insert BEFORE INSERT ON contributions
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = NEW.uscc AND l.year = NEW.year)
BEGIN
	SELECT ldg_refuse('the contribution of %s for %s is used by finalized subsidy run %s %s',
		NEW.uscc, NEW.year,
		(SELECT c.name FROM locked_years l JOIN enterprises e ON e.city = l.city
		 JOIN cities c ON c.code = l.city WHERE e.uscc = NEW.uscc AND l.year = NEW.year),
		NEW.year);
END;

CREATE TRIGGER contributions_lock_update BEFORE UPDATE ON contributions
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE (e.uscc = OLD.uscc AND l.year = OLD.year) OR (e.uscc = NEW.uscc AND l.year = NEW.year))
BEGIN
	SELECT ldg_refuse('the contribution of %s for %s is used by a finalized subsidy run',
		OLD.uscc, OLD.year);
END;

CREATE TRIGGER contributions_lock_delete BEFORE DELETE ON contributions
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = OLD.uscc AND l.year = OLD.year)
BEGIN
	SELECT ldg_refuse('the contribution of %s for %s is used by a finalized subsidy run',
		OLD.uscc, OLD.year);
END;

CREATE TRIGGER bars_lock_insert BEFORE INSERT ON bars
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = NEW.uscc AND l.year = NEW.year)
BEGIN
	SELECT ldg_refuse('the bar flag of %s for %s is used by finalized subsidy run %s %s',
		NEW.uscc, NEW.year,
		(SELECT c.name FROM locked_years l JOIN enterprises e ON e.city = l.city
		 JOIN cities c ON c.code = l.city WHERE e.uscc = NEW.uscc AND l.year = NEW.year),
		NEW.year);
END;

CREATE TRIGGER bars_lock_update BEFORE UPDATE ON bars
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE (e.uscc = OLD.uscc AND l.year = OLD.year) OR (e.uscc = NEW.uscc AND l.year = NEW.year))
BEGIN
	SELECT ldg_refuse('the bar flag of %s for %s is used by a finalized subsidy run',
		OLD.uscc, OLD.year);
END;

CREATE TRIGGER bars_lock_delete BEFORE DELETE ON bars
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = OLD.uscc AND l.year = OLD.year)
BEGIN
	SELECT ldg_refuse('the bar flag of %s for %s is used by a finalized subsidy run',
		OLD.uscc, OLD.year);
END;

CREATE TRIGGER enterprises_lock_update BEFORE UPDATE OF city, legal_person ON enterprises
WHEN (OLD.city IS NOT NEW.city OR OLD.legal_person IS NOT NEW.legal_person) AND EXISTS (
	SELECT 1 FROM run_rows rr JOIN subsidy_runs r ON r.id = rr.run_id
	WHERE rr.uscc = OLD.uscc AND r.status = 'finalized')
BEGIN
	SELECT ldg_refuse('enterprise %s is listed in finalized subsidy run %s %s; its city and legal-person flag cannot change',
		OLD.uscc,
		(SELECT c.name FROM run_rows rr JOIN subsidy_runs r ON r.id = rr.run_id
		 JOIN cities c ON c.code = r.city
		 WHERE rr.uscc = OLD.uscc AND r.status = 'finalized' ORDER BY r.year DESC LIMIT 1),
		(SELECT r.year FROM run_rows rr JOIN subsidy_runs r ON r.id = rr.run_id
		 WHERE rr.uscc = OLD.uscc AND r.status = 'finalized' ORDER BY r.year DESC LIMIT 1));
END;

CREATE TRIGGER enterprises_lock_move BEFORE UPDATE OF city ON enterprises
WHEN OLD.city IS NOT NEW.city AND (EXISTS (
	SELECT 1 FROM locked_years l JOIN loans n ON n.uscc = OLD.uscc
	WHERE l.city = NEW.city AND n.settle_date IS NOT NULL
	  AND l.year = CAST(substr(n.settle_date, 1, 4) AS INTEGER))
   OR EXISTS (
	SELECT 1 FROM locked_years l JOIN policies p ON p.uscc = OLD.uscc
	WHERE l.city = NEW.city AND l.year = CAST(substr(p.paid_date, 1, 4) AS INTEGER)))
BEGIN
	SELECT ldg_refuse('enterprise %s has loans or policies in a year of finalized subsidy runs of %s; it cannot move there',
		OLD.uscc, (SELECT c.name FROM cities c WHERE c.code = NEW.city));
END;

CREATE TRIGGER subsidy_runs_lock_delete BEFORE DELETE ON subsidy_runs
WHEN OLD.status = 'finalized'
BEGIN
	SELECT ldg_refuse('subsidy run %s %s is finalized; reopen it first',
		(SELECT name FROM cities WHERE code = OLD.city), OLD.year);
END;

CREATE TRIGGER loans_lock_insert BEFORE INSERT ON loans
WHEN EXISTS (SELECT 1 FROM locked_years) AND NEW.settle_date IS NOT NULL AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('loan ''%s/%s'' settled %s falls in finalized subsidy run %s %s',
		(SELECT name FROM banks WHERE id = NEW.bank_id), NEW.contract_no, NEW.settle_date,
		(SELECT c.name FROM locked_years l JOIN enterprises e ON e.city = l.city
		 JOIN cities c ON c.code = l.city
		 WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER)),
		CAST(substr(NEW.settle_date, 1, 4) AS INTEGER));
END;

CREATE TRIGGER loans_lock_update BEFORE UPDATE ON loans
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE (e.uscc = OLD.uscc AND OLD.settle_date IS NOT NULL
	       AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER))
	   OR (e.uscc = NEW.uscc AND NEW.settle_date IS NOT NULL
	       AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER)))
BEGIN
	SELECT ldg_refuse('loan ''%s/%s'' is used by finalized subsidy run %s %s',
		(SELECT name FROM banks WHERE id = OLD.bank_id), OLD.contract_no,
		(SELECT c.name FROM locked_years l JOIN enterprises e ON e.city = l.city
		 JOIN cities c ON c.code = l.city
		 WHERE (e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER))
		    OR (e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER))
		 ORDER BY l.year, l.city LIMIT 1),
		(SELECT l.year FROM locked_years l JOIN enterprises e ON e.city = l.city
		 WHERE (e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER))
		    OR (e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.settle_date, 1, 4) AS INTEGER))
		 ORDER BY l.year, l.city LIMIT 1));
END;

CREATE TRIGGER loans_lock_delete BEFORE DELETE ON loans
WHEN EXISTS (SELECT 1 FROM locked_years) AND OLD.settle_date IS NOT NULL AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('loan ''%s/%s'' is used by finalized subsidy run %s %s',
		(SELECT name FROM banks WHERE id = OLD.bank_id), OLD.contract_no,
		(SELECT c.name FROM locked_years l JOIN enterprises e ON e.city = l.city
		 JOIN cities c ON c.code = l.city
		 WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.settle_date, 1, 4) AS INTEGER)),
		CAST(substr(OLD.settle_date, 1, 4) AS INTEGER));
END;

CREATE TRIGGER policies_lock_insert BEFORE INSERT ON policies
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('policy ''%s/%s'' paid %s falls in finalized subsidy run %s %s',
		(SELECT name FROM insurers WHERE id = NEW.insurer_id), NEW.policy_no, NEW.paid_date,
		(SELECT c.name FROM locked_years l JOIN enterprises e ON e.city = l.city
		 JOIN cities c ON c.code = l.city
		 WHERE e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER)),
		CAST(substr(NEW.paid_date, 1, 4) AS INTEGER));
END;

CREATE TRIGGER policies_lock_update BEFORE UPDATE ON policies
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE (e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER))
	   OR (e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER)))
BEGIN
	SELECT ldg_refuse('policy ''%s/%s'' is used by finalized subsidy run %s %s',
		(SELECT name FROM insurers WHERE id = OLD.insurer_id), OLD.policy_no,
		(SELECT c.name FROM locked_years l JOIN enterprises e ON e.city = l.city
		 JOIN cities c ON c.code = l.city
		 WHERE (e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER))
		    OR (e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER))
		 ORDER BY l.year, l.city LIMIT 1),
		(SELECT l.year FROM locked_years l JOIN enterprises e ON e.city = l.city
		 WHERE (e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER))
		    OR (e.uscc = NEW.uscc AND l.year = CAST(substr(NEW.paid_date, 1, 4) AS INTEGER))
		 ORDER BY l.year, l.city LIMIT 1));
END;

CREATE TRIGGER policies_lock_delete BEFORE DELETE ON policies
WHEN EXISTS (SELECT 1 FROM locked_years) AND EXISTS (
	SELECT 1 FROM locked_years l JOIN enterprises e ON e.city = l.city
	WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER))
BEGIN
	SELECT ldg_refuse('policy ''%s/%s'' is used by finalized subsidy run %s %s',
		(SELECT name FROM insurers WHERE id = OLD.insurer_id), OLD.policy_no,
		(SELECT c.name FROM locked_years l JOIN enterprises e ON e.city = l.city
		 JOIN cities c ON c.code = l.city
		 WHERE e.uscc = OLD.uscc AND l.year = CAST(substr(OLD.paid_date, 1, 4) AS INTEGER)),
		CAST(substr(OLD.paid_date, 1, 4) AS INTEGER));
END;

CREATE TRIGGER budgets_lock_insert BEFORE INSERT ON budgets
WHEN EXISTS (SELECT 1 FROM locked_years l WHERE l.city = NEW.city AND l.year = NEW.year)
BEGIN
	SELECT ldg_refuse('the budget of %s %s is used by finalized subsidy run %s %s',
		(SELECT name FROM cities WHERE code = NEW.city), NEW.year,
		(SELECT name FROM cities WHERE code = NEW.city), NEW.year);
END;

CREATE TRIGGER budgets_lock_update BEFORE UPDATE ON budgets
WHEN EXISTS (SELECT 1 FROM locked_years l
	WHERE (l.city = OLD.city AND l.year = OLD.year) OR (l.city = NEW.city AND l.year = NEW.year))
BEGIN
	SELECT ldg_refuse('the budget of %s %s is used by finalized subsidy run %s %s',
		(SELECT name FROM cities WHERE code = OLD.city), OLD.year,
		(SELECT name FROM cities WHERE code = OLD.city), OLD.year);
END;

CREATE TRIGGER budgets_lock_delete BEFORE DELETE ON budgets
WHEN EXISTS (SELECT 1 FROM locked_years l WHERE l.city = OLD.city AND l.year = OLD.year)
BEGIN
	SELECT ldg_refuse('the budget of %s %s is used by finalized subsidy run %s %s',
		(SELECT name FROM cities WHERE code = OLD.city), OLD.year,
		(SELECT name FROM cities WHERE code = OLD.city), OLD.year);
END;
