//! The CSV export: one row per day, metric and key, so any spreadsheet can pivot it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use time::Date;

use super::store::Row;
use super::Error;

/// Writes `rows` to `kiosk-usage-<today>.csv` in `folder`. The file appears whole or not at all
/// (written beside it, then renamed), so a USB stick pulled mid-export leaves no half file.
pub fn write(rows: &[Row], folder: &Path, today: Date) -> Result<PathBuf, Error> {
    let path = folder.join(format!("kiosk-usage-{today}.csv"));
    let partial = folder.join(format!(".kiosk-usage-{today}.csv.partial"));
    let io = |source| Error::Io {
        path: path.clone(),
        source,
    };
    let mut text = String::from("day,metric,key,count\n");
    for row in rows {
        text.push_str(&format!(
            "{},{},{},{}\n",
            row.day,
            row.metric.as_str(),
            field(&row.key),
            row.n
        ));
    }
    let mut file = fs::File::create(&partial).map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    drop(file);
    fs::rename(&partial, &path).map_err(|e| {
        let _ = fs::remove_file(&partial);
        io(e)
    })?;
    Ok(path)
}

/// Quotes a field when it needs it (RFC 4180). Keys are plain ids, so this is a safety net.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(field("alpha"), "alpha");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
