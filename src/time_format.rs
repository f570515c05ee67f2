//! Instants as RFC 3339 text and back, and "in 23 days" phrases. Pure: no clock.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Formats seconds since the Unix epoch as RFC 3339 (`2026-01-01T00:00:00Z`).
pub fn rfc3339(seconds: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(seconds) {
        Ok(instant) => instant.format(&Rfc3339).unwrap_or_else(|_| format!("@{seconds}")),
        Err(_) => format!("@{seconds}"),
    }
}

/// Parses RFC 3339 text into seconds since the Unix epoch.
pub fn parse_rfc3339(text: &str) -> Result<i64, String> {
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .map(|instant| instant.unix_timestamp())
        .map_err(|error| format!("`{text}` is not an RFC 3339 time such as 2026-03-01T00:00:00Z ({error})"))
}

/// Says how far `then` is from `now` in words: "in 23 days", "3 hours ago".
pub fn relative(then: i64, now: i64) -> String {
    let delta = then - now;
    let magnitude = delta.unsigned_abs();
    let phrase = if magnitude < 60 {
        format!("{magnitude} seconds")
    } else if magnitude < 3600 {
        plural(magnitude / 60, "minute")
    } else if magnitude < 86_400 {
        plural(magnitude / 3600, "hour")
    } else if magnitude < 2 * 365 * 86_400 {
        plural(magnitude / 86_400, "day")
    } else {
        plural(magnitude / (365 * 86_400), "year")
    };
    if delta >= 0 {
        format!("in {phrase}")
    } else {
        format!("{phrase} ago")
    }
}

fn plural(count: u64, unit: &str) -> String {
    if count == 1 {
        format!("1 {unit}")
    } else {
        format!("{count} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_rfc3339() {
        assert_eq!(rfc3339(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(parse_rfc3339("2026-01-01T00:00:00Z"), Ok(1_767_225_600));
        assert!(parse_rfc3339("yesterday").is_err());
    }

    #[test]
    fn says_relative_times() {
        assert_eq!(relative(23 * 86_400 + 5, 0), "in 23 days");
        assert_eq!(relative(0, 3 * 3600), "3 hours ago");
        assert_eq!(relative(0, 3 * 365 * 86_400), "3 years ago");
    }
}
