// The embedded store's schema, as the migrations that build it (schema.hpp).

#include "schema.hpp"

namespace hailong::server::schema {
namespace {

// Each entry moves the schema one version up; index i leads to version i + 1. Never edit an
// entry that has shipped: add a new one.
const char* const migrations[] = {
    // 1: organisation, kiosks, users, submissions
    R"sql(
    CREATE TABLE departments (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL
    );
    CREATE TABLE officers (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        department TEXT NOT NULL REFERENCES departments(code)
    );
    CREATE INDEX officers_department ON officers(department);
    CREATE TABLE services (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        department TEXT REFERENCES departments(code)
    );
    CREATE TABLE kiosks (
        id TEXT PRIMARY KEY,
        department TEXT NOT NULL REFERENCES departments(code),
        token_hash TEXT NOT NULL UNIQUE,
        revoked INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE kiosk_heartbeats (
        kiosk_id TEXT PRIMARY KEY REFERENCES kiosks(id),
        received_at_us INTEGER NOT NULL,
        kiosk_clock_us INTEGER,
        app_version TEXT NOT NULL,
        queue_depth INTEGER NOT NULL,
        last_error TEXT NOT NULL
    );
    CREATE TABLE users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'analyst')),
        token_hash TEXT NOT NULL UNIQUE,
        password_hash TEXT,
        revoked INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE user_departments (
        user_name TEXT NOT NULL REFERENCES users(name),
        department TEXT NOT NULL REFERENCES departments(code),
        PRIMARY KEY (user_name, department)
    );
    CREATE TABLE submissions (
        seq INTEGER PRIMARY KEY,
        id BLOB NOT NULL UNIQUE,
        kiosk_id TEXT NOT NULL,
        created_at_us INTEGER NOT NULL,
        created_offset_min INTEGER NOT NULL,
        local_day INTEGER NOT NULL,
        received_at_us INTEGER NOT NULL,
        department TEXT NOT NULL,
        officer TEXT,
        service TEXT,
        dossier TEXT,
        lang TEXT,
        scale INTEGER NOT NULL,
        value INTEGER NOT NULL,
        tt01_time INTEGER,
        tt01_contacts INTEGER,
        tt01_agencies INTEGER,
        tt01_attitude INTEGER,
        reasons TEXT NOT NULL,
        comment TEXT,
        contact TEXT,
        tracking_code TEXT UNIQUE,
        flags INTEGER NOT NULL DEFAULT 0
    );
    )sql",
    // 2: dashboard sessions (the cookie token is stored as a hash, like every token)
    R"sql(
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_name TEXT NOT NULL REFERENCES users(name),
        expires_at_us INTEGER NOT NULL
    );
    CREATE INDEX sessions_expiry ON sessions(expires_at_us);
    )sql",
    // 3: site settings, the look-ups of the suspicion rules, rollups (filled from the stored
    // submissions by backfill_rollups() in the same transaction)
    R"sql(
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE INDEX submissions_kiosk_time ON submissions(kiosk_id, created_at_us);
    CREATE INDEX submissions_dossier ON submissions(dossier) WHERE dossier IS NOT NULL;
    CREATE TABLE rollups (
        dim INTEGER NOT NULL,
        level INTEGER NOT NULL,
        period INTEGER NOT NULL,
        department TEXT NOT NULL,
        key TEXT NOT NULL,
        flagged INTEGER NOT NULL,
        responses INTEGER NOT NULL, satisfied INTEGER NOT NULL,
        s3_1 INTEGER NOT NULL, s3_2 INTEGER NOT NULL, s3_3 INTEGER NOT NULL,
        s5_1 INTEGER NOT NULL, s5_2 INTEGER NOT NULL, s5_3 INTEGER NOT NULL, s5_4 INTEGER NOT NULL, s5_5 INTEGER NOT NULL,
        time_n INTEGER NOT NULL, time_points INTEGER NOT NULL,
        contacts_n INTEGER NOT NULL, contacts_points INTEGER NOT NULL,
        agencies_n INTEGER NOT NULL, agencies_points INTEGER NOT NULL,
        attitude_n INTEGER NOT NULL, attitude_points INTEGER NOT NULL,
        complaints INTEGER NOT NULL, complaint_or_unsatisfied INTEGER NOT NULL,
        PRIMARY KEY (dim, level, period, department, key, flagged)
    ) WITHOUT ROWID;
    )sql",
    // 4: the unit's dossier records and their rollups
    R"sql(
    CREATE TABLE dossier_records (
        dossier TEXT PRIMARY KEY,
        department TEXT NOT NULL REFERENCES departments(code),
        officer TEXT,
        service TEXT,
        completed_day INTEGER NOT NULL,
        outcome INTEGER,
        agency_time INTEGER, disclosure INTEGER, fees INTEGER, feedback INTEGER, online INTEGER
    );
    CREATE TABLE dossier_rollups (
        dim INTEGER NOT NULL,
        level INTEGER NOT NULL,
        period INTEGER NOT NULL,
        department TEXT NOT NULL,
        key TEXT NOT NULL,
        dossiers INTEGER NOT NULL, early INTEGER NOT NULL, on_time INTEGER NOT NULL, late INTEGER NOT NULL,
        agency_time_n INTEGER NOT NULL, agency_time_points INTEGER NOT NULL,
        disclosure_n INTEGER NOT NULL, disclosure_points INTEGER NOT NULL,
        fees_n INTEGER NOT NULL, fees_points INTEGER NOT NULL,
        feedback_n INTEGER NOT NULL, feedback_points INTEGER NOT NULL,
        online_n INTEGER NOT NULL, online_points INTEGER NOT NULL,
        PRIMARY KEY (dim, level, period, department, key)
    ) WITHOUT ROWID;
    )sql",
    // 5: kiosk numbers (complaint tracking codes carry them); existing kiosks numbered in the
    // order they were added
    R"sql(
    ALTER TABLE kiosks ADD COLUMN number INTEGER;
    UPDATE kiosks SET number = (SELECT COUNT(*) FROM kiosks AS k WHERE k.rowid <= kiosks.rowid);
    CREATE UNIQUE INDEX kiosks_number ON kiosks(number);
    )sql",
    // 6: complaint cases and their audit log, which nobody may change (complaint.hpp). A case
    // row exists once someone has acted; until then the submission alone is the new case.
    R"sql(
    CREATE TABLE complaint_cases (
        tracking_code TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('new', 'assigned', 'in_progress', 'resolved', 'rejected')),
        assignee TEXT,
        reply TEXT,
        version INTEGER NOT NULL,
        updated_at_us INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE complaint_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tracking_code TEXT NOT NULL,
        at_us INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE INDEX complaint_events_code ON complaint_events(tracking_code, id);
    CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
        BEGIN SELECT RAISE(ABORT, 'the complaint audit log cannot be changed'); END;
    CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
        BEGIN SELECT RAISE(ABORT, 'the complaint audit log cannot be changed'); END;
    CREATE INDEX submissions_complaints ON submissions(created_at_us, seq) WHERE tracking_code IS NOT NULL;
    )sql",    // 7: the hour-of-week rollups (RollupDim::hour, backfilled in C++) and the drill-down's read
    // of one department's submissions, newest first (Store::submissions)
    R"sql(
    CREATE INDEX submissions_department_time ON submissions(department, created_at_us);
    )sql",
    // 8: every number a kiosk has held (a rotated token brings a new one), so that a tracking code
    // is checked against its sender's own code space, old numbers included (backfilled in C++
    // from the codes already stored)
    R"sql(
    CREATE TABLE kiosk_number_history (
        number INTEGER PRIMARY KEY,
        kiosk_id TEXT NOT NULL REFERENCES kiosks(id)
    );
    INSERT INTO kiosk_number_history(number, kiosk_id) SELECT number, id FROM kiosks;
    )sql",
    // 9: the citizen's own harassment answer and the dossier stage (api-v1.md `harassment`,
    // `stage`), the rollups' counts of harassment reports, of late dossiers without one and of
    // ratings naming a dossier, and complaint_or_unsatisfied in the 766 sense (below the middle
    // level; all rebuilt in C++ from every stored submission). Before this version the kiosk sent index 7
    // as 0 for a report of harassment and for a late dossier alike; what the points still tell is
    // kept: 0 with the time answered 1 or 2 (or not answered) was a report (yes), 1 or 2 was no
    // report (no), 0 with a late dossier cannot be told apart (unknown).
    R"sql(
    ALTER TABLE submissions ADD COLUMN harassment INTEGER CHECK (harassment IN (0, 1));
    ALTER TABLE submissions ADD COLUMN stage TEXT CHECK (stage IN ('filing', 'collection'));
    UPDATE submissions SET harassment = CASE
        WHEN tt01_attitude = 0 AND (tt01_time IS NULL OR tt01_time > 0) THEN 1
        WHEN tt01_attitude > 0 THEN 0 END;
    CREATE INDEX submissions_harassment ON submissions(created_at_us) WHERE harassment = 1;
    ALTER TABLE rollups ADD COLUMN harassment_reports INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE rollups ADD COLUMN late_no_complaint INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE rollups ADD COLUMN with_dossier INTEGER NOT NULL DEFAULT 0;
    )sql",
    // 10: each dossier record's link to the ratings naming it (DossierLink), kept on the record
    // and summed in the dossier rollups, so that the 766-style counts are read from the rollups
    // instead of joining every record of the period to its ratings at each query (worked out in
    // C++ from the stored ratings after this step, and the dossier rollups rebuilt)
    R"sql(
    ALTER TABLE dossier_records ADD COLUMN linked INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dossier_records ADD COLUMN complained INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dossier_records ADD COLUMN compared INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dossier_records ADD COLUMN agreeing INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dossier_rollups ADD COLUMN linked INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dossier_rollups ADD COLUMN complained INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dossier_rollups ADD COLUMN time_compared INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE dossier_rollups ADD COLUMN time_agreeing INTEGER NOT NULL DEFAULT 0;
    )sql",
    // 11: the organisation's history: each department's name and each officer's name and
    // department by the local day from which they held (day_number); what was known before holds
    // from 1970-01-01 (day 0). departments and officers keep each code's newest version.
    R"sql(
    CREATE TABLE department_versions (
        code TEXT NOT NULL REFERENCES departments(code),
        valid_from INTEGER NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (code, valid_from)
    ) WITHOUT ROWID;
    CREATE TABLE officer_versions (
        code TEXT NOT NULL REFERENCES officers(code),
        valid_from INTEGER NOT NULL,
        name TEXT NOT NULL,
        department TEXT NOT NULL REFERENCES departments(code),
        PRIMARY KEY (code, valid_from)
    ) WITHOUT ROWID;
    INSERT INTO department_versions(code, valid_from, name) SELECT code, 0, name FROM departments;
    INSERT INTO officer_versions(code, valid_from, name, department) SELECT code, 0, name, department FROM officers;
    )sql",
    // 12: opening hours per department, versioned by local date (methodology.md section 6): the
    // site's one setting becomes the site-wide version in force from the beginning (valid_from 0
    // is 1970-01-01), so no rating is judged otherwise than before; and the log of flag
    // re-evaluations (hailong-admin reflag), which nobody may change.
    R"sql(
    CREATE TABLE opening_hours_versions (
        id INTEGER PRIMARY KEY,
        department TEXT REFERENCES departments(code),
        valid_from INTEGER NOT NULL,
        hours TEXT NOT NULL,
        set_at_us INTEGER NOT NULL,
        set_by TEXT NOT NULL
    );
    INSERT INTO opening_hours_versions(department, valid_from, hours, set_at_us, set_by)
        SELECT NULL, 0, value, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER), 'upgrade: the opening_hours setting'
        FROM settings WHERE key = 'opening_hours';
    DELETE FROM settings WHERE key = 'opening_hours';
    CREATE TABLE reflag_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at_us INTEGER NOT NULL,
        actor TEXT NOT NULL,
        from_day INTEGER NOT NULL,
        to_day INTEGER NOT NULL,
        department TEXT,
        examined INTEGER NOT NULL,
        became_flagged INTEGER NOT NULL,
        became_unflagged INTEGER NOT NULL,
        reasons_changed INTEGER NOT NULL
    );
    CREATE TRIGGER reflag_runs_no_update BEFORE UPDATE ON reflag_runs
        BEGIN SELECT RAISE(ABORT, 'the reflag log cannot be changed'); END;
    CREATE TRIGGER reflag_runs_no_delete BEFORE DELETE ON reflag_runs
        BEGIN SELECT RAISE(ABORT, 'the reflag log cannot be changed'); END;
    )sql",
    // 13: the duty roster (issue 20). duty_events holds every sign-in and sign-out a kiosk sent
    // and every one an administrator entered, never deleted: a correction voids an entry
    // (voided_by) and adds its replacement, and writes its line in roster_corrections, which
    // nobody may change. Each rating keeps the officer its kiosk wrote (officer_sent) beside the
    // officer it is credited to (officer) and how (officer_source: kiosk, roster, off_duty:
    // duty_roster.hpp); ratings stored before keep their kiosk's officer. And each officer's
    // credentials for signing in at a kiosk: the hash of a personal PIN and of a staff card.
    R"sql(
    ALTER TABLE submissions ADD COLUMN officer_sent TEXT;
    ALTER TABLE submissions ADD COLUMN officer_source TEXT NOT NULL DEFAULT 'kiosk'
        CHECK (officer_source IN ('kiosk', 'roster', 'off_duty'));
    UPDATE submissions SET officer_sent = officer;
    CREATE TABLE roster_corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at_us INTEGER NOT NULL,
        actor TEXT NOT NULL,
        reason TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        voided_event BLOB,
        added_event BLOB,
        examined INTEGER,
        moved INTEGER
    );
    -- A line is written, then sealed once with its counts (they are known only after the entries
    -- it voids and adds, which name the line, are stored); sealed, it never changes again.
    CREATE TRIGGER roster_corrections_no_update BEFORE UPDATE ON roster_corrections
        WHEN OLD.examined IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.at_us IS NOT OLD.at_us OR NEW.actor IS NOT OLD.actor
          OR NEW.reason IS NOT OLD.reason OR NEW.kiosk_id IS NOT OLD.kiosk_id OR NEW.voided_event IS NOT OLD.voided_event
          OR NEW.added_event IS NOT OLD.added_event
        BEGIN SELECT RAISE(ABORT, 'the roster correction log cannot be changed'); END;
    CREATE TRIGGER roster_corrections_no_delete BEFORE DELETE ON roster_corrections
        BEGIN SELECT RAISE(ABORT, 'the roster correction log cannot be changed'); END;
    CREATE TABLE duty_events (
        seq INTEGER PRIMARY KEY,
        id BLOB NOT NULL UNIQUE,
        kiosk_id TEXT NOT NULL REFERENCES kiosks(id),
        at_us INTEGER NOT NULL,
        at_offset_min INTEGER NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('sign_in', 'sign_out')),
        officer TEXT,
        method TEXT,
        received_at_us INTEGER NOT NULL,
        added_by INTEGER REFERENCES roster_corrections(id),
        voided_by INTEGER REFERENCES roster_corrections(id)
    );
    CREATE INDEX duty_events_kiosk_time ON duty_events(kiosk_id, at_us);
    CREATE TABLE officer_credentials (
        officer TEXT PRIMARY KEY REFERENCES officers(code),
        pin_hash TEXT,
        card_hash TEXT
    ) WITHOUT ROWID;
    )sql",
    // 14: dossier events from the one-stop software (POST /api/v1/dossiers), every one kept; the
    // dossier's record is folded from them (fold_dossier_events). The role `integration` for the
    // accounts that send them: SQLite cannot change a CHECK in place, so users is built again
    // (SqliteStore runs this version with foreign keys off, and checks them before it commits).
    R"sql(
    CREATE TABLE dossier_events (
        id BLOB PRIMARY KEY,
        source TEXT NOT NULL,
        dossier TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('received', 'supplement_requested', 'returned')),
        at_us INTEGER NOT NULL,
        at_offset_min INTEGER NOT NULL,
        department TEXT REFERENCES departments(code),
        service TEXT,
        officers TEXT NOT NULL,
        promised_day INTEGER,
        received_at_us INTEGER NOT NULL
    );
    CREATE INDEX dossier_events_dossier ON dossier_events(dossier, at_us);
    CREATE TABLE users_v14 (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'analyst', 'integration')),
        token_hash TEXT NOT NULL UNIQUE,
        password_hash TEXT,
        revoked INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO users_v14(name, role, token_hash, password_hash, revoked) SELECT name, role, token_hash, password_hash, revoked FROM users;
    DROP TABLE users;
    ALTER TABLE users_v14 RENAME TO users;
    )sql",
    // 15: the agency's settings page (issue 19): a satisfaction target per department (in tenths
    // of a percent, overriding the site's default setting "satisfaction_target") and the log of
    // every change of the settings, which nobody may change. The agency's name and the default
    // target are rows of `settings`.
    R"sql(
    CREATE TABLE unit_targets (
        department TEXT PRIMARY KEY REFERENCES departments(code),
        target_tenths INTEGER NOT NULL CHECK (target_tenths BETWEEN 0 AND 1000)
    ) WITHOUT ROWID;
    CREATE TABLE settings_changes (
        id INTEGER PRIMARY KEY,
        at_us INTEGER NOT NULL,
        actor TEXT NOT NULL,
        field TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT
    );
    CREATE TRIGGER settings_changes_no_update BEFORE UPDATE ON settings_changes
        BEGIN SELECT RAISE(ABORT, 'the settings log cannot be changed'); END;
    CREATE TRIGGER settings_changes_no_delete BEFORE DELETE ON settings_changes
        BEGIN SELECT RAISE(ABORT, 'the settings log cannot be changed'); END;
    )sql",
    // 16: a manager of every department, those added later too (issue 19: the centre's director
    // sees the harassment reports of every department). A flag, not rows of user_departments.
    R"sql(
    ALTER TABLE users ADD COLUMN all_departments INTEGER NOT NULL DEFAULT 0 CHECK (all_departments IN (0, 1));
    )sql",
};

}  // namespace

std::span<const char* const> sqlite_migrations() { return migrations; }

}  // namespace hailong::server::schema
