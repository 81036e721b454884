//! Calendar dates as the format writes them: `YYYY-MM-DD` or `YYYY-MM`.
//! Only what the rules need (compare, add months, today); no time zones.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// A date as written: a day, or a whole month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Day(Day),
    Month { year: i32, month: u32 },
}

impl Written {
    pub fn parse(s: &str) -> Option<Written> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let t = s.get(r)?;
            t.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| t.parse().ok())?
        };
        if b.len() < 7 || b[4] != b'-' {
            return None;
        }
        let year = num(0..4)? as i32;
        let month = num(5..7)?;
        if !(1..=12).contains(&month) {
            return None;
        }
        match b.len() {
            7 => Some(Written::Month { year, month }),
            10 if b[7] == b'-' => {
                let day = num(8..10)?;
                (day >= 1 && day <= days_in_month(year, month)).then_some(Written::Day(Day {
                    year,
                    month,
                    day,
                }))
            }
            _ => None,
        }
    }

    /// The first day it can mean (used for freshness: a month is as old as its start).
    pub fn first_day(self) -> Day {
        match self {
            Written::Day(d) => d,
            Written::Month { year, month } => Day {
                year,
                month,
                day: 1,
            },
        }
    }

    /// The last day it can mean (used for expiry: a month lasts to its end).
    pub fn last_day(self) -> Day {
        match self {
            Written::Day(d) => d,
            Written::Month { year, month } => Day {
                year,
                month,
                day: days_in_month(year, month),
            },
        }
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Day {
    pub fn parse(s: &str) -> Option<Day> {
        match Written::parse(s)? {
            Written::Day(d) => Some(d),
            Written::Month { .. } => None,
        }
    }

    /// This day `months` later (clamped to the end of a shorter month).
    /// Never overflows: takes `i32` and `u32` alike, and a year beyond
    /// `i32` saturates (a window of 4294967295 months is "never stale").
    pub fn add_months(self, months: impl Into<i64>) -> Day {
        let total = i64::from(self.year) * 12 + (i64::from(self.month) - 1) + months.into();
        let year = total
            .div_euclid(12)
            .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
        let month = total.rem_euclid(12) as u32 + 1;
        Day {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    pub fn from_days(z: i64) -> Day {
        let z = z + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    /// Today's date in UTC from the system clock.
    pub fn today() -> Day {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Day::from_days(secs.div_euclid(86400))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_bounds() {
        assert_eq!(
            Written::parse("2027-06").unwrap().last_day().to_string(),
            "2027-06-30"
        );
        assert_eq!(
            Written::parse("2024-02").unwrap().last_day().to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Written::parse("2026-06").unwrap().first_day().to_string(),
            "2026-06-01"
        );
        assert!(Written::parse("2026-02-30").is_none());
        assert!(Written::parse("2026-13").is_none());
        assert!(Written::parse("26-01-01").is_none());
    }

    #[test]
    fn months_and_days() {
        let d = Day::parse("2025-01-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2025-02-28");
        assert_eq!(d.add_months(-13).to_string(), "2023-12-31");
        for s in ["1970-01-01", "2000-02-29", "2026-11-24", "2100-12-31"] {
            let d = Day::parse(s).unwrap();
            assert_eq!(Day::from_days(d.to_days()), d);
        }
        assert_eq!(Day::parse("1970-01-02").unwrap().to_days(), 1);
    }

    #[test]
    fn adding_huge_windows_does_not_wrap() {
        let d = Day::parse("2026-11-24").unwrap();
        assert!(d.add_months(u32::MAX) > d);
        assert!(d.add_months(i32::MAX) > d);
        assert!(d.add_months(i32::MIN) < d);
    }
}
