// The PostgreSQL store's schema, as the migrations that build it (schema.hpp).

#include "schema.hpp"

namespace hailong::server::schema {
namespace {

// As in the SQLite store: entry i leads to version i + 1; never edit a shipped entry. Times are
// microseconds since the Unix epoch (bigint) and local days are days since the epoch, exactly as
// in SQLite, so the two stores hold the same numbers.
const char* const migrations[] = {
    R"sql(
    CREATE TABLE departments (code text PRIMARY KEY, name text NOT NULL);
    CREATE TABLE officers (
        code text PRIMARY KEY, name text NOT NULL,
        department text NOT NULL REFERENCES departments(code));
    CREATE INDEX officers_department ON officers(department);
    CREATE TABLE services (
        code text PRIMARY KEY, name text NOT NULL,
        department text REFERENCES departments(code));
    CREATE TABLE kiosks (
        id text PRIMARY KEY,
        department text NOT NULL REFERENCES departments(code),
        token_hash text NOT NULL UNIQUE,
        revoked boolean NOT NULL DEFAULT false);
    CREATE TABLE kiosk_heartbeats (
        kiosk_id text PRIMARY KEY REFERENCES kiosks(id),
        received_at_us bigint NOT NULL, kiosk_clock_us bigint,
        app_version text NOT NULL, queue_depth bigint NOT NULL, last_error text NOT NULL);
    CREATE TABLE users (
        name text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('admin', 'manager', 'analyst')),
        token_hash text NOT NULL UNIQUE,
        password_hash text,
        revoked boolean NOT NULL DEFAULT false);
    CREATE TABLE user_departments (
        user_name text NOT NULL REFERENCES users(name),
        department text NOT NULL REFERENCES departments(code),
        PRIMARY KEY (user_name, department));
    CREATE TABLE submissions (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        kiosk_id text NOT NULL,
        created_at_us bigint NOT NULL,
        created_offset_min integer NOT NULL,
        local_day integer NOT NULL,
        received_at_us bigint NOT NULL,
        department text NOT NULL,
        officer text, service text, dossier text, lang text,
        scale smallint NOT NULL, value smallint NOT NULL,
        tt01_time smallint, tt01_contacts smallint, tt01_agencies smallint, tt01_attitude smallint,
        reasons text NOT NULL,
        comment text, contact text,
        tracking_code text UNIQUE,
        flags integer NOT NULL DEFAULT 0);
    )sql",
    // 2: dashboard sessions (the cookie token is stored as a hash, like every token)
    R"sql(
    CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_name text NOT NULL REFERENCES users(name),
        expires_at_us bigint NOT NULL);
    CREATE INDEX sessions_expiry ON sessions(expires_at_us);
    )sql",
    // 3: as in SQLite: settings, the suspicion rules' look-ups, rollups (backfilled in C++)
    R"sql(
    CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
    CREATE INDEX submissions_kiosk_time ON submissions(kiosk_id, created_at_us);
    CREATE INDEX submissions_dossier ON submissions(dossier) WHERE dossier IS NOT NULL;
    CREATE TABLE rollups (
        dim smallint NOT NULL, level smallint NOT NULL, period integer NOT NULL,
        department text NOT NULL, key text NOT NULL, flagged smallint NOT NULL,
        responses bigint NOT NULL, satisfied bigint NOT NULL,
        s3_1 bigint NOT NULL, s3_2 bigint NOT NULL, s3_3 bigint NOT NULL,
        s5_1 bigint NOT NULL, s5_2 bigint NOT NULL, s5_3 bigint NOT NULL, s5_4 bigint NOT NULL, s5_5 bigint NOT NULL,
        time_n bigint NOT NULL, time_points bigint NOT NULL,
        contacts_n bigint NOT NULL, contacts_points bigint NOT NULL,
        agencies_n bigint NOT NULL, agencies_points bigint NOT NULL,
        attitude_n bigint NOT NULL, attitude_points bigint NOT NULL,
        complaints bigint NOT NULL, complaint_or_unsatisfied bigint NOT NULL,
        PRIMARY KEY (dim, level, period, department, key, flagged));
    )sql",
    // 4: as in SQLite: the unit's dossier records and their rollups
    R"sql(
    CREATE TABLE dossier_records (
        dossier text PRIMARY KEY,
        department text NOT NULL REFERENCES departments(code),
        officer text, service text,
        completed_day integer NOT NULL,
        outcome smallint,
        agency_time smallint, disclosure smallint, fees smallint, feedback smallint, online smallint);
    CREATE TABLE dossier_rollups (
        dim smallint NOT NULL, level smallint NOT NULL, period integer NOT NULL,
        department text NOT NULL, key text NOT NULL,
        dossiers bigint NOT NULL, early bigint NOT NULL, on_time bigint NOT NULL, late bigint NOT NULL,
        agency_time_n bigint NOT NULL, agency_time_points bigint NOT NULL,
        disclosure_n bigint NOT NULL, disclosure_points bigint NOT NULL,
        fees_n bigint NOT NULL, fees_points bigint NOT NULL,
        feedback_n bigint NOT NULL, feedback_points bigint NOT NULL,
        online_n bigint NOT NULL, online_points bigint NOT NULL,
        PRIMARY KEY (dim, level, period, department, key));
    )sql",
    // 5: as in SQLite: kiosk numbers. A sequence hands them out, so that two admin commands on
    // two machines cannot take the same one; existing kiosks are numbered in id order.
    R"sql(
    CREATE SEQUENCE kiosk_numbers;
    ALTER TABLE kiosks ADD COLUMN number bigint;
    UPDATE kiosks SET number = n.number
      FROM (SELECT id, row_number() OVER (ORDER BY id) AS number FROM kiosks) AS n WHERE kiosks.id = n.id;
    SELECT setval('kiosk_numbers', COALESCE((SELECT MAX(number) FROM kiosks), 0) + 1, false);
    ALTER TABLE kiosks ALTER COLUMN number SET DEFAULT nextval('kiosk_numbers');
    ALTER TABLE kiosks ALTER COLUMN number SET NOT NULL;
    ALTER TABLE kiosks ADD CONSTRAINT kiosks_number UNIQUE (number);
    )sql",
    // 6: as in SQLite: complaint cases and their audit log, which nobody may change
    R"sql(
    CREATE TABLE complaint_cases (
        tracking_code text PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('new', 'assigned', 'in_progress', 'resolved', 'rejected')),
        assignee text,
        reply text,
        version bigint NOT NULL,
        updated_at_us bigint NOT NULL);
    CREATE TABLE complaint_events (
        id bigserial PRIMARY KEY,
        tracking_code text NOT NULL,
        at_us bigint NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        detail text NOT NULL);
    CREATE INDEX complaint_events_code ON complaint_events(tracking_code, id);
    CREATE FUNCTION complaint_events_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the complaint audit log cannot be changed'; END $$;
    CREATE TRIGGER complaint_events_no_change BEFORE UPDATE OR DELETE ON complaint_events
      FOR EACH ROW EXECUTE FUNCTION complaint_events_frozen();
    CREATE TRIGGER complaint_events_no_truncate BEFORE TRUNCATE ON complaint_events
      FOR EACH STATEMENT EXECUTE FUNCTION complaint_events_frozen();
    CREATE INDEX submissions_complaints ON submissions(created_at_us, id) WHERE tracking_code IS NOT NULL;
    )sql",    // 7: as in SQLite: the hour-of-week rollups (backfilled in C++), the drill-down's read
    R"sql(
    CREATE INDEX submissions_department_time ON submissions(department, created_at_us, seq);
    )sql",
    // 8: as in SQLite: every number a kiosk has held (backfilled in C++ from the stored codes)
    R"sql(
    CREATE TABLE kiosk_number_history (
        number bigint PRIMARY KEY,
        kiosk_id text NOT NULL REFERENCES kiosks(id));
    INSERT INTO kiosk_number_history(number, kiosk_id) SELECT number, id FROM kiosks;
    )sql",
    // 9: as in SQLite: the harassment answer and the dossier stage, what index 7 points still
    // tell of the harassment answer before it, and the rollups' three new counts (rebuilt in C++)
    R"sql(
    ALTER TABLE submissions ADD COLUMN harassment smallint CHECK (harassment IN (0, 1)),
                            ADD COLUMN stage text CHECK (stage IN ('filing', 'collection'));
    UPDATE submissions SET harassment = CASE
        WHEN tt01_attitude = 0 AND (tt01_time IS NULL OR tt01_time > 0) THEN 1
        WHEN tt01_attitude > 0 THEN 0 END;
    CREATE INDEX submissions_harassment ON submissions(created_at_us) WHERE harassment = 1;
    ALTER TABLE rollups ADD COLUMN harassment_reports bigint NOT NULL DEFAULT 0,
                        ADD COLUMN late_no_complaint bigint NOT NULL DEFAULT 0,
                        ADD COLUMN with_dossier bigint NOT NULL DEFAULT 0;
    )sql",
    // 10: as in SQLite: each dossier record's link to its ratings, on the record and in the
    // dossier rollups (worked out in C++, the dossier rollups rebuilt)
    R"sql(
    ALTER TABLE dossier_records ADD COLUMN linked smallint NOT NULL DEFAULT 0,
                                ADD COLUMN complained smallint NOT NULL DEFAULT 0,
                                ADD COLUMN compared smallint NOT NULL DEFAULT 0,
                                ADD COLUMN agreeing smallint NOT NULL DEFAULT 0;
    ALTER TABLE dossier_rollups ADD COLUMN linked bigint NOT NULL DEFAULT 0,
                                ADD COLUMN complained bigint NOT NULL DEFAULT 0,
                                ADD COLUMN time_compared bigint NOT NULL DEFAULT 0,
                                ADD COLUMN time_agreeing bigint NOT NULL DEFAULT 0;
    )sql",
    // 11: as in SQLite: the organisation's history, what was known before holding from day 0
    R"sql(
    CREATE TABLE department_versions (
        code text NOT NULL REFERENCES departments(code),
        valid_from integer NOT NULL,
        name text NOT NULL,
        PRIMARY KEY (code, valid_from));
    CREATE TABLE officer_versions (
        code text NOT NULL REFERENCES officers(code),
        valid_from integer NOT NULL,
        name text NOT NULL,
        department text NOT NULL REFERENCES departments(code),
        PRIMARY KEY (code, valid_from));
    INSERT INTO department_versions(code, valid_from, name) SELECT code, 0, name FROM departments;
    INSERT INTO officer_versions(code, valid_from, name, department) SELECT code, 0, name, department FROM officers;
    )sql",
    // 12: as in SQLite: opening hours per department, versioned by local date, the site's setting
    // moved into the site-wide version from 1970-01-01; the log of flag re-evaluations, frozen
    R"sql(
    CREATE TABLE opening_hours_versions (
        id bigserial PRIMARY KEY,
        department text REFERENCES departments(code),
        valid_from integer NOT NULL,
        hours text NOT NULL,
        set_at_us bigint NOT NULL,
        set_by text NOT NULL);
    INSERT INTO opening_hours_versions(department, valid_from, hours, set_at_us, set_by)
        SELECT NULL, 0, value, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint, 'upgrade: the opening_hours setting'
        FROM settings WHERE key = 'opening_hours';
    DELETE FROM settings WHERE key = 'opening_hours';
    CREATE TABLE reflag_runs (
        id bigserial PRIMARY KEY,
        at_us bigint NOT NULL,
        actor text NOT NULL,
        from_day integer NOT NULL,
        to_day integer NOT NULL,
        department text,
        examined bigint NOT NULL,
        became_flagged bigint NOT NULL,
        became_unflagged bigint NOT NULL,
        reasons_changed bigint NOT NULL);
    CREATE FUNCTION reflag_runs_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the reflag log cannot be changed'; END $$;
    CREATE TRIGGER reflag_runs_no_change BEFORE UPDATE OR DELETE ON reflag_runs
      FOR EACH ROW EXECUTE FUNCTION reflag_runs_frozen();
    CREATE TRIGGER reflag_runs_no_truncate BEFORE TRUNCATE ON reflag_runs
      FOR EACH STATEMENT EXECUTE FUNCTION reflag_runs_frozen();
    )sql",
    // 13: as in SQLite: the duty roster with its frozen log of corrections, each rating's
    // officer as written and as credited, and the officers' sign-in credentials
    R"sql(
    ALTER TABLE submissions ADD COLUMN officer_sent text;
    ALTER TABLE submissions ADD COLUMN officer_source text NOT NULL DEFAULT 'kiosk'
        CHECK (officer_source IN ('kiosk', 'roster', 'off_duty'));
    UPDATE submissions SET officer_sent = officer;
    CREATE TABLE roster_corrections (
        id bigserial PRIMARY KEY,
        at_us bigint NOT NULL,
        actor text NOT NULL,
        reason text NOT NULL,
        kiosk_id text NOT NULL,
        voided_event uuid,
        added_event uuid,
        examined bigint,
        moved bigint);
    -- Written, then sealed once with its counts; sealed, never changed again.
    CREATE FUNCTION roster_corrections_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF OLD.examined IS NULL
             AND (NEW.id, NEW.at_us, NEW.actor, NEW.reason, NEW.kiosk_id) IS NOT DISTINCT FROM (OLD.id, OLD.at_us, OLD.actor, OLD.reason, OLD.kiosk_id)
             AND (NEW.voided_event, NEW.added_event) IS NOT DISTINCT FROM (OLD.voided_event, OLD.added_event) THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'the roster correction log cannot be changed';
      END $$;
    CREATE TRIGGER roster_corrections_no_change BEFORE UPDATE OR DELETE ON roster_corrections
      FOR EACH ROW EXECUTE FUNCTION roster_corrections_frozen();
    CREATE TRIGGER roster_corrections_no_truncate BEFORE TRUNCATE ON roster_corrections
      FOR EACH STATEMENT EXECUTE FUNCTION roster_corrections_frozen();
    CREATE TABLE duty_events (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        kiosk_id text NOT NULL REFERENCES kiosks(id),
        at_us bigint NOT NULL,
        at_offset_min integer NOT NULL,
        event text NOT NULL CHECK (event IN ('sign_in', 'sign_out')),
        officer text,
        method text,
        received_at_us bigint NOT NULL,
        added_by bigint REFERENCES roster_corrections(id),
        voided_by bigint REFERENCES roster_corrections(id));
    CREATE INDEX duty_events_kiosk_time ON duty_events(kiosk_id, at_us);
    CREATE TABLE officer_credentials (
        officer text PRIMARY KEY REFERENCES officers(code),
        pin_hash text,
        card_hash text);
    )sql",
    // 14: as in SQLite: dossier events, every one kept, and the role `integration`
    R"sql(
    CREATE TABLE dossier_events (
        id uuid PRIMARY KEY,
        source text NOT NULL,
        dossier text NOT NULL,
        event text NOT NULL CHECK (event IN ('received', 'supplement_requested', 'returned')),
        at_us bigint NOT NULL,
        at_offset_min integer NOT NULL,
        department text REFERENCES departments(code),
        service text,
        officers text NOT NULL,
        promised_day integer,
        received_at_us bigint NOT NULL);
    CREATE INDEX dossier_events_dossier ON dossier_events(dossier, at_us);
    ALTER TABLE users DROP CONSTRAINT users_role_check,
        ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'manager', 'analyst', 'integration'));
    )sql",
    // 15: as in SQLite: a target per department and the frozen log of the settings' changes
    R"sql(
    CREATE TABLE unit_targets (
        department text PRIMARY KEY REFERENCES departments(code),
        target_tenths integer NOT NULL CHECK (target_tenths BETWEEN 0 AND 1000));
    CREATE TABLE settings_changes (
        id bigserial PRIMARY KEY,
        at_us bigint NOT NULL,
        actor text NOT NULL,
        field text NOT NULL,
        old_value text,
        new_value text);
    CREATE FUNCTION settings_changes_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the settings log cannot be changed'; END $$;
    CREATE TRIGGER settings_changes_no_change BEFORE UPDATE OR DELETE ON settings_changes
      FOR EACH ROW EXECUTE FUNCTION settings_changes_frozen();
    CREATE TRIGGER settings_changes_no_truncate BEFORE TRUNCATE ON settings_changes
      FOR EACH STATEMENT EXECUTE FUNCTION settings_changes_frozen();
    )sql",
    // 16: as in SQLite: a manager of every department
    R"sql(
    ALTER TABLE users ADD COLUMN all_departments boolean NOT NULL DEFAULT false;
    )sql",
};

}  // namespace

std::span<const char* const> postgres_migrations() { return migrations; }

}  // namespace hailong::server::schema
