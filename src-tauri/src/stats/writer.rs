//! The writer thread and the file it writes: opening it (moving a damaged one aside, falling
//! back to memory), gathering counts, and committing them at most [`FLUSH_EVERY`] apart.

use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Instant;

use rusqlite::Connection;

use super::{store, Backing, Error, Msg, FLUSH_EVERY};

/// Opens the file, moving a damaged one aside; falls back to memory.
/// `Err` only when SQLite can't even open a database in memory.
pub(super) fn connect(path: Option<&Path>) -> Result<(Connection, Backing), String> {
    let why = match path {
        None => "no data folder, so counts are kept in memory until the kiosk restarts".to_string(),
        Some(path) => match store::open(path) {
            Ok(conn) => return Ok((conn, Backing::File(path.to_path_buf()))),
            Err(e) if is_damaged(&e) => {
                let aside = path.with_extension(format!("damaged-{}", unix_now()));
                log::error!(
                    "usage counts: {} is damaged ({e}); moving it to {} and starting afresh",
                    path.display(),
                    aside.display()
                );
                match std::fs::rename(path, &aside)
                    .map_err(|e| e.to_string())
                    .and_then(|_| store::open(path).map_err(|e| e.to_string()))
                {
                    Ok(conn) => return Ok((conn, Backing::File(path.to_path_buf()))),
                    Err(e) => format!(
                        "cannot use {} ({e}): counts are kept in memory until a restart",
                        path.display()
                    ),
                }
            }
            Err(e) => format!(
                "cannot open {} ({e}): counts are kept in memory until a restart",
                path.display()
            ),
        },
    };
    store::open_in_memory()
        .map(|conn| (conn, Backing::Memory(why)))
        .map_err(|e| format!("SQLite cannot open even an in-memory database ({e}); nothing is counted"))
}

fn is_damaged(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The writer thread: gathers counts, writes them at most [`FLUSH_EVERY`] after the first of a
/// batch arrived, and answers queries after writing what came before them.
pub(super) fn run(mut conn: Connection, rx: Receiver<Msg>) {
    let mut pending = store::Batch::new();
    let mut deadline: Option<Instant> = None;
    loop {
        let msg = match deadline {
            Some(at) => rx.recv_timeout(at.saturating_duration_since(Instant::now())),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match msg {
            Ok(Msg::Count(metric, key)) => {
                *pending.entry((metric, key)).or_default() += 1;
                deadline.get_or_insert_with(|| Instant::now() + FLUSH_EVERY);
            }
            Ok(Msg::Query(query)) => {
                write(&mut conn, &mut pending);
                deadline = None;
                query(&mut conn);
            }
            Err(RecvTimeoutError::Timeout) => {
                write(&mut conn, &mut pending);
                deadline = None;
            }
            Err(RecvTimeoutError::Disconnected) => {
                write(&mut conn, &mut pending);
                return;
            }
        }
    }
}

fn write(conn: &mut Connection, pending: &mut store::Batch) {
    if pending.is_empty() {
        return;
    }
    let result = store::today(conn).and_then(|day| store::add(conn, day, pending).map_err(Error::from));
    if let Err(e) = result {
        // Counts are not worth stopping for: this batch is dropped and the next one tries again.
        log::warn!(
            "usage counts: could not write {} counts: {e}",
            pending.values().sum::<u64>()
        );
    }
    pending.clear();
}
