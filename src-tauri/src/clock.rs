//! Today's date where the kiosk is: printed on handouts and used to judge overdue reviews. UTC
//! would print tomorrow's date on a US evening; `time`'s own local offset is refused in
//! multi-threaded programs on Linux, so the time zone comes from jiff (the system's tz database).

use time::{Date, Month};

/// The local calendar date, or the UTC one if the time zone can't be read.
pub fn today() -> Date {
    let local = jiff::Zoned::now().date();
    Month::try_from(local.month() as u8)
        .ok()
        .and_then(|m| Date::from_calendar_date(i32::from(local.year()), m, local.day() as u8).ok())
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date())
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_within_a_day_of_utc() {
        let utc = time::OffsetDateTime::now_utc().date();
        let diff = (super::today() - utc).whole_days().abs();
        assert!(diff <= 1, "{diff}");
    }
}
