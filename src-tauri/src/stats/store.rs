//! The usage counts' SQLite file: its schema, how a batch of counts is added, and the queries the
//! staff panel and the CSV export read. Plain functions over a [`Connection`], so tests run them on
//! an in-memory database with any dates they like.
//!
//! One row per day, metric and key holds a count; nothing finer than a day is ever stored, so no
//! row can be tied to the moment a particular patient used the kiosk.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use rusqlite::{params, Connection};
use time::{Date, Month};

use super::{Counts, DayCounts, Error, Metric};

/// Bumped when the table changes; a file from a newer kiosk is refused rather than misread.
const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS counts (
    day    TEXT NOT NULL,    -- the kiosk's local date, YYYY-MM-DD
    metric TEXT NOT NULL,    -- session | explainer-view | checklist-printed
    key    TEXT NOT NULL,    -- the language of a session, the id of an explainer, or ''
    n      INTEGER NOT NULL,
    PRIMARY KEY (day, metric, key)
) WITHOUT ROWID;
";

/// Counts gathered since the last write, by metric and key.
pub type Batch = BTreeMap<(Metric, String), u64>;

/// Opens (or creates) the counts file. WAL with `synchronous = NORMAL` makes every committed
/// batch survive the process being killed (only a power cut can roll back the last commit), and
/// a kill mid-write leaves the file intact: the half-written transaction is simply not there.
pub fn open(path: &Path) -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(2))?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        log::warn!("usage counts: SQLite kept journal mode {mode}, not WAL");
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    init(&conn)?;
    Ok(conn)
}

/// A database in memory, used when the file can't be opened: counts still work until a restart.
pub fn open_in_memory() -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open_in_memory()?;
    init(&conn)?;
    Ok(conn)
}

fn init(conn: &Connection) -> Result<(), rusqlite::Error> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "the usage file was written by a newer kiosk (schema {version}, this kiosk knows {SCHEMA_VERSION})"
        )));
    }
    conn.execute_batch(SCHEMA)?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(())
}

/// Adds a batch to `day`'s counts in one transaction: all of it lands, or none.
pub fn add(conn: &mut Connection, day: Date, batch: &Batch) -> Result<(), rusqlite::Error> {
    let tx = conn.transaction()?;
    {
        let mut upsert = tx.prepare(
            "INSERT INTO counts (day, metric, key, n) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (day, metric, key) DO UPDATE SET n = n + excluded.n",
        )?;
        let day = day.to_string();
        for ((metric, key), n) in batch {
            let n = i64::try_from(*n).unwrap_or(i64::MAX);
            upsert.execute(params![day, metric.as_str(), key, n])?;
        }
    }
    tx.commit()
}

/// Today in the kiosk's own time zone. SQLite asks the C library, which (unlike `time`'s local
/// offset) works in a program with threads.
pub fn today(conn: &Connection) -> Result<Date, Error> {
    let text: String = conn.query_row("SELECT date('now', 'localtime')", [], |row| row.get(0))?;
    parse_day(&text).ok_or_else(|| Error::Corrupt(format!("SQLite gave `{text}` as today's date")))
}

/// `YYYY-MM-DD` to a date.
pub fn parse_day(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Every row from `first` to `last` (inclusive), oldest first.
fn rows_between(conn: &Connection, first: Date, last: Date) -> Result<Vec<Row>, Error> {
    let mut stmt = conn.prepare(
        "SELECT day, metric, key, n FROM counts WHERE day BETWEEN ?1 AND ?2 ORDER BY day, metric, key",
    )?;
    let rows = stmt.query_map(params![first.to_string(), last.to_string()], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get(2)?,
            row.get::<_, i64>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (day, metric, key, n) = row?;
        // A row this kiosk didn't write (hand-edited, or from a later version) is skipped, not fatal.
        let (Some(day), Some(metric)) = (parse_day(&day), Metric::parse(&metric)) else {
            continue;
        };
        out.push(Row {
            day,
            metric,
            key,
            n: u64::try_from(n).unwrap_or(0),
        });
    }
    Ok(out)
}

/// One stored count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub day: Date,
    pub metric: Metric,
    pub key: String,
    pub n: u64,
}

/// Every stored count, oldest first (for the CSV export).
pub fn all_rows(conn: &Connection) -> Result<Vec<Row>, Error> {
    rows_between(conn, Date::MIN, Date::MAX)
}

/// The totals of every count from `first` to `last`, or of all time.
pub fn totals(conn: &Connection, range: Option<(Date, Date)>) -> Result<Counts, Error> {
    let (first, last) = range.unwrap_or((Date::MIN, Date::MAX));
    let mut counts = Counts::default();
    for row in rows_between(conn, first, last)? {
        counts.add(&row);
    }
    Ok(counts)
}

/// One entry per day for the `days` days ending with `today`, oldest first; days without use
/// are there with zeros, so a chart has no gaps.
pub fn per_day(conn: &Connection, today: Date, days: u16) -> Result<Vec<DayCounts>, Error> {
    let days = days.max(1);
    let first = today - time::Duration::days(i64::from(days) - 1);
    let mut by_day: BTreeMap<Date, Counts> = BTreeMap::new();
    let mut day = first;
    while day <= today {
        by_day.insert(day, Counts::default());
        day = match day.next_day() {
            Some(next) => next,
            None => break,
        };
    }
    for row in rows_between(conn, first, today)? {
        if let Some(entry) = by_day.get_mut(&row.day) {
            entry.add(&row);
        }
    }
    Ok(by_day
        .into_iter()
        .map(|(day, counts)| DayCounts::new(day, counts))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn batch(items: &[(Metric, &str, u64)]) -> Batch {
        items.iter().map(|(m, k, n)| ((*m, k.to_string()), *n)).collect()
    }

    #[test]
    fn batches_add_up_per_day_and_key() {
        let mut conn = open_in_memory().unwrap();
        let d1 = date!(2026 - 03 - 01);
        let d2 = date!(2026 - 03 - 03);
        add(
            &mut conn,
            d1,
            &batch(&[(Metric::Session, "en", 2), (Metric::ExplainerView, "a", 1)]),
        )
        .unwrap();
        add(
            &mut conn,
            d1,
            &batch(&[(Metric::Session, "en", 1), (Metric::Session, "es", 1)]),
        )
        .unwrap();
        add(&mut conn, d2, &batch(&[(Metric::ChecklistPrinted, "", 4)])).unwrap();

        let all = totals(&conn, None).unwrap();
        assert_eq!(all.sessions, 4);
        assert_eq!(all.sessions_by_language["en"], 3);
        assert_eq!(all.explainer_views["a"], 1);
        assert_eq!(all.checklists_printed, 4);

        let days = per_day(&conn, d2, 3).unwrap();
        let shape: Vec<_> = days
            .iter()
            .map(|d| {
                (
                    d.day.as_str(),
                    d.sessions,
                    d.explainer_views,
                    d.checklists_printed,
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("2026-03-01", 4, 1, 0),
                ("2026-03-02", 0, 0, 0),
                ("2026-03-03", 0, 0, 4)
            ]
        );
    }

    #[test]
    fn thirty_days_leave_older_counts_out_and_fill_quiet_days() {
        let mut conn = open_in_memory().unwrap();
        let today = date!(2026 - 03 - 31);
        add(
            &mut conn,
            date!(2026 - 03 - 01),
            &batch(&[(Metric::Session, "en", 7)]),
        )
        .unwrap();
        add(
            &mut conn,
            date!(2026 - 03 - 02),
            &batch(&[(Metric::Session, "es", 5)]),
        )
        .unwrap();
        let days = per_day(&conn, today, 30).unwrap();
        assert_eq!(days.len(), 30);
        assert_eq!(days[0].day, "2026-03-02");
        assert_eq!(days[0].sessions, 5);
        assert_eq!(days[29].day, "2026-03-31");
        assert_eq!(days.iter().map(|d| d.sessions).sum::<u64>(), 5);
    }

    #[test]
    fn a_month_boundary_and_a_leap_day_are_ordinary_days() {
        let conn = open_in_memory().unwrap();
        let days = per_day(&conn, date!(2028 - 03 - 01), 3).unwrap();
        let names: Vec<_> = days.iter().map(|d| d.day.as_str()).collect();
        assert_eq!(names, ["2028-02-28", "2028-02-29", "2028-03-01"]);
    }

    #[test]
    fn rows_this_kiosk_did_not_write_are_skipped() {
        let conn = open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO counts VALUES ('not a day', 'session', 'en', 3);
             INSERT INTO counts VALUES ('2026-01-01', 'mystery', '', 3);
             INSERT INTO counts VALUES ('2026-01-01', 'session', 'en', 2);",
        )
        .unwrap();
        assert_eq!(totals(&conn, None).unwrap().sessions, 2);
    }

    #[test]
    fn days_parse_strictly() {
        assert_eq!(parse_day("2026-02-28"), Some(date!(2026 - 02 - 28)));
        assert_eq!(parse_day("2026-02-30"), None);
        assert_eq!(parse_day("yesterday"), None);
    }

    #[test]
    fn a_file_from_a_newer_kiosk_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("usage.sqlite3");
        drop(open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = open(&path).unwrap_err().to_string();
        assert!(err.contains("newer kiosk"), "{err}");
    }
}
