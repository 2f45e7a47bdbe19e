//! "Today", the one date designdoc writes without being told (a new doc's
//! `created`, a status change's `updated`, the site's days in review).

/// `SOURCE_DATE_EPOCH` when set (reproducible builds and tests), else the
/// local date.
pub fn today() -> jiff::civil::Date {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
        .unwrap_or_else(|| jiff::Zoned::now().date())
}
