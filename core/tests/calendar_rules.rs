//! The working-day rules, one row per case: every
//! day the 2024–2026 notices list, the days around them, the rule for
//! uncovered years, and deadlines of every unit.

use chrono::{NaiveDate, NaiveDateTime};
use rstest::rstest;
use wangshi::ErrorCode;
use wangshi::calendar::{Calendar, DayKind, Period, default_calendar};
use wangshi::timestamp::{format_timestamp, parse_timestamp, to_naive};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn t(s: &str) -> NaiveDateTime {
    to_naive(parse_timestamp(s).unwrap()).unwrap()
}

/// Every day off the three notices give (国办发明电〔2023〕7号,
/// 〔2024〕12号, 〔2025〕7号), with the notice's heading for it.
#[rstest]
#[case::new_year_2024_01_01("2024-01-01", "元旦")]
#[case::spring_festival_2024_02_10("2024-02-10", "春节")]
#[case::spring_festival_2024_02_11("2024-02-11", "春节")]
#[case::spring_festival_2024_02_12("2024-02-12", "春节")]
#[case::spring_festival_2024_02_13("2024-02-13", "春节")]
#[case::spring_festival_2024_02_14("2024-02-14", "春节")]
#[case::spring_festival_2024_02_15("2024-02-15", "春节")]
#[case::spring_festival_2024_02_16("2024-02-16", "春节")]
#[case::spring_festival_2024_02_17("2024-02-17", "春节")]
#[case::qingming_2024_04_04("2024-04-04", "清明节")]
#[case::qingming_2024_04_05("2024-04-05", "清明节")]
#[case::qingming_2024_04_06("2024-04-06", "清明节")]
#[case::labour_day_2024_05_01("2024-05-01", "劳动节")]
#[case::labour_day_2024_05_02("2024-05-02", "劳动节")]
#[case::labour_day_2024_05_03("2024-05-03", "劳动节")]
#[case::labour_day_2024_05_04("2024-05-04", "劳动节")]
#[case::labour_day_2024_05_05("2024-05-05", "劳动节")]
#[case::dragon_boat_2024_06_10("2024-06-10", "端午节")]
#[case::mid_autumn_2024_09_15("2024-09-15", "中秋节")]
#[case::mid_autumn_2024_09_16("2024-09-16", "中秋节")]
#[case::mid_autumn_2024_09_17("2024-09-17", "中秋节")]
#[case::national_day_2024_10_01("2024-10-01", "国庆节")]
#[case::national_day_2024_10_02("2024-10-02", "国庆节")]
#[case::national_day_2024_10_03("2024-10-03", "国庆节")]
#[case::national_day_2024_10_04("2024-10-04", "国庆节")]
#[case::national_day_2024_10_05("2024-10-05", "国庆节")]
#[case::national_day_2024_10_06("2024-10-06", "国庆节")]
#[case::national_day_2024_10_07("2024-10-07", "国庆节")]
#[case::new_year_2025_01_01("2025-01-01", "元旦")]
#[case::spring_festival_2025_01_28("2025-01-28", "春节")]
#[case::spring_festival_2025_01_29("2025-01-29", "春节")]
#[case::spring_festival_2025_01_30("2025-01-30", "春节")]
#[case::spring_festival_2025_01_31("2025-01-31", "春节")]
#[case::spring_festival_2025_02_01("2025-02-01", "春节")]
#[case::spring_festival_2025_02_02("2025-02-02", "春节")]
#[case::spring_festival_2025_02_03("2025-02-03", "春节")]
#[case::spring_festival_2025_02_04("2025-02-04", "春节")]
#[case::qingming_2025_04_04("2025-04-04", "清明节")]
#[case::qingming_2025_04_05("2025-04-05", "清明节")]
#[case::qingming_2025_04_06("2025-04-06", "清明节")]
#[case::labour_day_2025_05_01("2025-05-01", "劳动节")]
#[case::labour_day_2025_05_02("2025-05-02", "劳动节")]
#[case::labour_day_2025_05_03("2025-05-03", "劳动节")]
#[case::labour_day_2025_05_04("2025-05-04", "劳动节")]
#[case::labour_day_2025_05_05("2025-05-05", "劳动节")]
#[case::dragon_boat_2025_05_31("2025-05-31", "端午节")]
#[case::dragon_boat_2025_06_01("2025-06-01", "端午节")]
#[case::dragon_boat_2025_06_02("2025-06-02", "端午节")]
#[case::national_day_mid_autumn_2025_10_01("2025-10-01", "国庆节、中秋节")]
#[case::national_day_mid_autumn_2025_10_02("2025-10-02", "国庆节、中秋节")]
#[case::national_day_mid_autumn_2025_10_03("2025-10-03", "国庆节、中秋节")]
#[case::national_day_mid_autumn_2025_10_04("2025-10-04", "国庆节、中秋节")]
#[case::national_day_mid_autumn_2025_10_05("2025-10-05", "国庆节、中秋节")]
#[case::national_day_mid_autumn_2025_10_06("2025-10-06", "国庆节、中秋节")]
#[case::national_day_mid_autumn_2025_10_07("2025-10-07", "国庆节、中秋节")]
#[case::national_day_mid_autumn_2025_10_08("2025-10-08", "国庆节、中秋节")]
#[case::new_year_2026_01_01("2026-01-01", "元旦")]
#[case::new_year_2026_01_02("2026-01-02", "元旦")]
#[case::new_year_2026_01_03("2026-01-03", "元旦")]
#[case::spring_festival_2026_02_15("2026-02-15", "春节")]
#[case::spring_festival_2026_02_16("2026-02-16", "春节")]
#[case::spring_festival_2026_02_17("2026-02-17", "春节")]
#[case::spring_festival_2026_02_18("2026-02-18", "春节")]
#[case::spring_festival_2026_02_19("2026-02-19", "春节")]
#[case::spring_festival_2026_02_20("2026-02-20", "春节")]
#[case::spring_festival_2026_02_21("2026-02-21", "春节")]
#[case::spring_festival_2026_02_22("2026-02-22", "春节")]
#[case::spring_festival_2026_02_23("2026-02-23", "春节")]
#[case::qingming_2026_04_04("2026-04-04", "清明节")]
#[case::qingming_2026_04_05("2026-04-05", "清明节")]
#[case::qingming_2026_04_06("2026-04-06", "清明节")]
#[case::labour_day_2026_05_01("2026-05-01", "劳动节")]
#[case::labour_day_2026_05_02("2026-05-02", "劳动节")]
#[case::labour_day_2026_05_03("2026-05-03", "劳动节")]
#[case::labour_day_2026_05_04("2026-05-04", "劳动节")]
#[case::labour_day_2026_05_05("2026-05-05", "劳动节")]
#[case::dragon_boat_2026_06_19("2026-06-19", "端午节")]
#[case::dragon_boat_2026_06_20("2026-06-20", "端午节")]
#[case::dragon_boat_2026_06_21("2026-06-21", "端午节")]
#[case::mid_autumn_2026_09_25("2026-09-25", "中秋节")]
#[case::mid_autumn_2026_09_26("2026-09-26", "中秋节")]
#[case::mid_autumn_2026_09_27("2026-09-27", "中秋节")]
#[case::national_day_2026_10_01("2026-10-01", "国庆节")]
#[case::national_day_2026_10_02("2026-10-02", "国庆节")]
#[case::national_day_2026_10_03("2026-10-03", "国庆节")]
#[case::national_day_2026_10_04("2026-10-04", "国庆节")]
#[case::national_day_2026_10_05("2026-10-05", "国庆节")]
#[case::national_day_2026_10_06("2026-10-06", "国庆节")]
#[case::national_day_2026_10_07("2026-10-07", "国庆节")]
fn listed_holidays_are_days_off_with_the_notices_heading(#[case] date: &str, #[case] name: &str) {
    let info = default_calendar().day_kind(d(date)).unwrap();
    assert_eq!(
        (info.kind, info.name, info.working_day, info.provisional),
        (DayKind::Holiday, Some(name), false, false)
    );
}

/// Every weekend day the notices make a working day (调休上班).
#[rstest]
#[case::adjusted_sun_2024_02_04("2024-02-04")]
#[case::adjusted_sun_2024_02_18("2024-02-18")]
#[case::adjusted_sun_2024_04_07("2024-04-07")]
#[case::adjusted_sun_2024_04_28("2024-04-28")]
#[case::adjusted_sat_2024_05_11("2024-05-11")]
#[case::adjusted_sat_2024_09_14("2024-09-14")]
#[case::adjusted_sun_2024_09_29("2024-09-29")]
#[case::adjusted_sat_2024_10_12("2024-10-12")]
#[case::adjusted_sun_2025_01_26("2025-01-26")]
#[case::adjusted_sat_2025_02_08("2025-02-08")]
#[case::adjusted_sun_2025_04_27("2025-04-27")]
#[case::adjusted_sun_2025_09_28("2025-09-28")]
#[case::adjusted_sat_2025_10_11("2025-10-11")]
#[case::adjusted_sun_2026_01_04("2026-01-04")]
#[case::adjusted_sat_2026_02_14("2026-02-14")]
#[case::adjusted_sat_2026_02_28("2026-02-28")]
#[case::adjusted_sat_2026_05_09("2026-05-09")]
#[case::adjusted_sun_2026_09_20("2026-09-20")]
#[case::adjusted_sat_2026_10_10("2026-10-10")]
fn adjusted_weekend_days_are_working_days(#[case] date: &str) {
    let cal = default_calendar();
    let info = cal.day_kind(d(date)).unwrap();
    assert_eq!(
        (info.kind, info.name, info.working_day, info.provisional),
        (DayKind::AdjustedWorkday, None, true, false)
    );
    assert!(cal.is_working_day(d(date)).unwrap());
}

#[test]
fn the_embedded_years_list_exactly_the_notices_days() {
    let cal = default_calendar();
    let counts: Vec<_> = cal
        .years()
        .map(|(y, a)| (y, a.holidays.len(), a.workdays.len()))
        .collect();
    assert_eq!(counts, [(2024, 28, 8), (2025, 28, 5), (2026, 33, 6)]);
    let notices: Vec<_> = cal
        .years()
        .map(|(_, a)| {
            let n = a.notice.as_ref().unwrap();
            (
                n.number.as_deref().unwrap(),
                n.date.unwrap().to_string(),
                n.title.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        notices,
        [
            (
                "国办发明电〔2023〕7号",
                "2023-10-25".to_owned(),
                "国务院办公厅关于2024年部分节假日安排的通知"
            ),
            (
                "国办发明电〔2024〕12号",
                "2024-11-12".to_owned(),
                "国务院办公厅关于2025年部分节假日安排的通知"
            ),
            (
                "国办发明电〔2025〕7号",
                "2025-11-04".to_owned(),
                "国务院办公厅关于2026年部分节假日安排的通知"
            ),
        ]
    );
}

/// The days around the listed ones, and the rule for uncovered years.
#[rstest]
#[case::weekend_joined_to_new_year_2024_is_not_listed("2023-12-31", DayKind::Weekend, None, true)]
#[case::weekend_joined_to_dragon_boat_2024_is_not_listed(
    "2024-06-08",
    DayKind::Weekend,
    None,
    false
)]
#[case::new_year_eve_2024_only_encouraged_is_a_workday("2024-02-09", DayKind::Workday, None, false)]
#[case::day_after_spring_festival_2026("2026-02-24", DayKind::Workday, None, false)]
#[case::saturday_after_national_day_2026_is_a_weekend("2026-10-17", DayKind::Weekend, None, false)]
#[case::holiday_on_a_saturday_is_a_holiday("2026-02-21", DayKind::Holiday, Some("春节"), false)]
#[case::plain_weekday_2025("2025-03-12", DayKind::Workday, None, false)]
#[case::uncovered_weekday_is_a_provisional_workday("2031-03-04", DayKind::Workday, None, true)]
#[case::uncovered_new_year("2027-01-01", DayKind::Holiday, Some("元旦"), true)]
#[case::uncovered_labour_day_on_a_saturday("2027-05-01", DayKind::Holiday, Some("劳动节"), true)]
#[case::uncovered_labour_day_second_day("2023-05-02", DayKind::Holiday, Some("劳动节"), true)]
#[case::uncovered_may_3_is_not_fixed("2027-05-03", DayKind::Workday, None, true)]
#[case::uncovered_national_day_third_day("2023-10-03", DayKind::Holiday, Some("国庆节"), true)]
#[case::uncovered_october_4_is_not_fixed("2027-10-04", DayKind::Workday, None, true)]
#[case::uncovered_lunar_new_year_is_not_fixed("2027-02-08", DayKind::Workday, None, true)]
#[case::uncovered_sunday("2027-02-07", DayKind::Weekend, None, true)]
#[case::first_day_1900_new_year("1900-01-01", DayKind::Holiday, Some("元旦"), true)]
#[case::first_weekday_1900("1900-01-02", DayKind::Workday, None, true)]
#[case::last_day_2199_a_tuesday("2199-12-31", DayKind::Workday, None, true)]
fn day_kinds(
    #[case] date: &str,
    #[case] kind: DayKind,
    #[case] name: Option<&str>,
    #[case] provisional: bool,
) {
    let cal = default_calendar();
    let info = cal.day_kind(d(date)).unwrap();
    assert_eq!(
        (info.kind, info.name, info.provisional),
        (kind, name, provisional)
    );
    assert_eq!(info.working_day, kind.is_working());
    assert_eq!(cal.is_working_day(d(date)).unwrap(), kind.is_working());
}

use Period::{Days, Hours, Minutes, WorkingDays};

/// Deadlines of every unit; expected values from the text of section 6.
#[rstest]
#[case::minutes_wall_clock_across_midnight(
    "2026-11-20T23:50",
    Minutes(30),
    "2026-11-21T00:20:00",
    false
)]
#[case::hours_wall_clock("2026-11-20T22:30", Hours(2), "2026-11-21T00:30:00", false)]
#[case::hours_into_an_uncovered_year_are_never_provisional(
    "2026-12-31T23:00",
    Hours(2),
    "2027-01-01T01:00:00",
    false
)]
#[case::minutes_on_a_holiday_run_on("2026-02-17T10:00", Minutes(30), "2026-02-17T10:30:00", false)]
#[case::hours_largest("2026-01-01T00:00", Hours(100_000), "2037-05-29T16:00:00", false)]
#[case::days_last_day_on_a_holiday_moves_past_it(
    "2026-09-21T08:00",
    Days(10),
    "2026-10-08T23:59:59",
    false
)]
#[case::days_last_day_on_a_weekend_moves_to_monday(
    "2026-11-20T09:00",
    Days(1),
    "2026-11-23T23:59:59",
    false
)]
#[case::days_last_day_on_an_adjusted_saturday_stays(
    "2026-02-18T09:00",
    Days(10),
    "2026-02-28T23:59:59",
    false
)]
#[case::days_move_lands_on_an_adjusted_sunday(
    "2024-02-09T12:00",
    Days(1),
    "2024-02-18T23:59:59",
    false
)]
#[case::days_last_day_a_working_day("2026-11-20T09:00", Days(3), "2026-11-23T23:59:59", false)]
#[case::days_the_start_day_is_not_counted(
    "2026-11-23T23:59:59",
    Days(1),
    "2026-11-24T23:59:59",
    false
)]
#[case::days_30_across_national_day("2026-09-05T10:00", Days(30), "2026-10-08T23:59:59", false)]
#[case::days_across_spring_festival("2026-02-05T10:00", Days(10), "2026-02-24T23:59:59", false)]
#[case::days_across_labour_day_2024("2024-04-30T09:00", Days(1), "2024-05-06T23:59:59", false)]
#[case::days_into_an_uncovered_year_are_provisional(
    "2026-12-20T10:00",
    Days(30),
    "2027-01-19T23:59:59",
    true
)]
#[case::days_from_an_uncovered_year_into_a_covered_one(
    "2023-12-20T10:00",
    Days(30),
    "2024-01-19T23:59:59",
    false
)]
#[case::days_new_year_move_out_of_2026("2026-12-31T10:00", Days(1), "2027-01-04T23:59:59", true)]
#[case::working_days_across_spring_festival(
    "2026-02-12T10:00",
    WorkingDays(3),
    "2026-02-24T23:59:59",
    false
)]
#[case::working_days_across_national_day(
    "2026-09-30T16:00",
    WorkingDays(7),
    "2026-10-15T23:59:59",
    false
)]
#[case::working_days_count_the_adjusted_sunday(
    "2025-09-26T10:00",
    WorkingDays(2),
    "2025-09-29T23:59:59",
    false
)]
#[case::working_days_across_national_day_mid_autumn_2025(
    "2025-09-26T10:00",
    WorkingDays(4),
    "2025-10-09T23:59:59",
    false
)]
#[case::working_days_end_on_an_adjusted_saturday(
    "2025-09-26T10:00",
    WorkingDays(6),
    "2025-10-11T23:59:59",
    false
)]
#[case::working_days_next_is_an_adjusted_saturday(
    "2026-02-13T18:00",
    WorkingDays(1),
    "2026-02-14T23:59:59",
    false
)]
#[case::working_days_from_a_holiday(
    "2026-10-03T10:00",
    WorkingDays(1),
    "2026-10-08T23:59:59",
    false
)]
#[case::working_days_across_qingming_2024(
    "2024-04-03T09:00",
    WorkingDays(2),
    "2024-04-08T23:59:59",
    false
)]
#[case::working_days_across_dragon_boat_2026(
    "2026-06-18T09:00",
    WorkingDays(1),
    "2026-06-22T23:59:59",
    false
)]
#[case::working_days_across_the_2025_new_year(
    "2024-12-31T10:00",
    WorkingDays(1),
    "2025-01-02T23:59:59",
    false
)]
#[case::working_days_within_2026("2026-12-28T09:00", WorkingDays(3), "2026-12-31T23:59:59", false)]
#[case::working_days_into_an_uncovered_year(
    "2026-12-28T09:00",
    WorkingDays(5),
    "2027-01-05T23:59:59",
    true
)]
#[case::working_days_passing_uncovered_days_into_2024(
    "2023-12-29T10:00",
    WorkingDays(1),
    "2024-01-02T23:59:59",
    true
)]
#[case::working_days_from_december_31_of_an_uncovered_year(
    "2023-12-31T10:00",
    WorkingDays(1),
    "2024-01-02T23:59:59",
    false
)]
#[case::working_days_1900("1900-01-01T00:00", WorkingDays(1), "1900-01-02T23:59:59", true)]
#[case::days_1900("1900-01-01T00:00", Days(1), "1900-01-02T23:59:59", true)]
#[case::working_days_2199("2199-12-30T12:00", WorkingDays(1), "2199-12-31T23:59:59", true)]
#[case::working_days_past_2199("2199-12-31T12:00", WorkingDays(1), "2200-01-02T23:59:59", true)]
#[case::working_days_longest_from_the_last_second(
    "2199-12-31T23:59:59",
    WorkingDays(3660),
    "2214-04-05T23:59:59",
    true
)]
#[case::days_longest_from_the_last_second(
    "2199-12-31T23:59:59",
    Days(3660),
    "2210-01-08T23:59:59",
    true
)]
#[case::minutes_longest_from_the_last_second(
    "2199-12-31T23:59:59",
    Minutes(100_000),
    "2200-03-11T10:39:59",
    false
)]
#[case::hours_longest_from_the_last_second(
    "2199-12-31T23:59:59",
    Hours(100_000),
    "2211-05-30T15:59:59",
    false
)]
#[case::working_days_ten_years_from_2024(
    "2024-01-01T00:00",
    WorkingDays(3660),
    "2038-05-10T23:59:59",
    true
)]
fn deadlines(
    #[case] start: &str,
    #[case] period: Period,
    #[case] want: &str,
    #[case] provisional: bool,
) {
    let cal = default_calendar();
    let got = cal.deadline(t(start), period).unwrap();
    assert_eq!(
        (format_timestamp(from_naive_any(got.at)), got.provisional),
        (want.to_owned(), provisional)
    );
    let raw = cal
        .deadline_raw(parse_timestamp(start).unwrap(), period)
        .unwrap();
    assert_eq!(
        (format_timestamp(raw.deadline), raw.provisional),
        (want.to_owned(), provisional)
    );
}

/// Seconds of a deadline (which may fall after 2199, where `from_naive`
/// refuses).
fn from_naive_any(n: NaiveDateTime) -> i64 {
    n.and_utc().timestamp()
}

/// Every bad period and start of the typed API.
#[rstest]
#[case::days_zero(
    "2026-11-20T09:00",
    Days(0),
    ErrorCode::InvalidValue,
    Some("period.days")
)]
#[case::working_days_zero(
    "2026-11-20T09:00",
    WorkingDays(0),
    ErrorCode::InvalidValue,
    Some("period.working_days")
)]
#[case::minutes_zero(
    "2026-11-20T09:00",
    Minutes(0),
    ErrorCode::InvalidValue,
    Some("period.minutes")
)]
#[case::hours_zero(
    "2026-11-20T09:00",
    Hours(0),
    ErrorCode::InvalidValue,
    Some("period.hours")
)]
#[case::days_too_many(
    "2026-11-20T09:00",
    Days(3661),
    ErrorCode::InvalidValue,
    Some("period.days")
)]
#[case::working_days_too_many(
    "2026-11-20T09:00",
    WorkingDays(3661),
    ErrorCode::InvalidValue,
    Some("period.working_days")
)]
#[case::minutes_too_many(
    "2026-11-20T09:00",
    Minutes(100_001),
    ErrorCode::InvalidValue,
    Some("period.minutes")
)]
#[case::hours_too_many(
    "2026-11-20T09:00",
    Hours(u32::MAX),
    ErrorCode::InvalidValue,
    Some("period.hours")
)]
fn bad_periods(
    #[case] start: &str,
    #[case] period: Period,
    #[case] code: ErrorCode,
    #[case] path: Option<&str>,
) {
    let cal = default_calendar();
    let e = cal.deadline(t(start), period).unwrap_err();
    assert_eq!((e.code(), e.path()), (code, path));
    assert_eq!(
        cal.deadline_raw(parse_timestamp(start).unwrap(), period),
        Err(code)
    );
}

#[test]
fn starts_outside_1900_to_2199_are_invalid_dates() {
    let cal = default_calendar();
    let before = d("1899-12-31").and_hms_opt(23, 59, 59).unwrap();
    let after = d("2200-01-01").and_hms_opt(0, 0, 0).unwrap();
    for start in [before, after] {
        let e = cal.deadline(start, Minutes(1)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidDate, "{start}");
    }
    let first = wangshi::timestamp::MIN_TIMESTAMP;
    assert_eq!(
        cal.deadline_raw(first - 1, Minutes(1)),
        Err(ErrorCode::InvalidDate)
    );
    assert_eq!(
        cal.deadline_raw(wangshi::timestamp::NO_TIMESTAMP, Minutes(1)),
        Err(ErrorCode::MissingField)
    );
    assert_eq!(
        cal.day_kind(d("2200-01-01")).unwrap_err().code(),
        ErrorCode::InvalidDate
    );
    assert_eq!(cal.day_kind_raw(i32::MIN), Err(ErrorCode::InvalidDate));
}

/// Working days between two dates, as supervision counts them.
#[rstest]
#[case::across_spring_festival_2026("2026-02-12", "2026-02-24", 3, false)]
#[case::empty_when_equal("2026-02-12", "2026-02-12", 0, false)]
#[case::empty_when_reversed("2026-02-24", "2026-02-12", 0, false)]
#[case::a_holiday_week("2026-09-30", "2026-10-07", 0, false)]
#[case::into_an_uncovered_year("2026-12-30", "2027-01-04", 2, true)]
#[case::from_december_31_of_an_uncovered_year("2023-12-31", "2024-01-02", 1, false)]
#[case::past_2199("2199-12-30", "2200-01-02", 2, true)]
fn working_days_between(
    #[case] from: &str,
    #[case] to: &str,
    #[case] count: u32,
    #[case] provisional: bool,
) {
    let n = default_calendar()
        .working_days_between(d(from), d(to))
        .unwrap();
    assert_eq!((n.count, n.provisional), (count, provisional));
}

#[test]
fn a_locality_replaces_a_year_and_adds_another() {
    let cal = Calendar::from_json(
        r#"{"version": "yifeng-2027.1", "years": {
            "2026": {"holidays": [{"date": "2026-02-17", "name": "春节"}], "workdays": []},
            "2027": {"notice": {"number": "赣府厅明电〔2026〕1号"},
                     "holidays": [{"date": "2027-02-08", "name": "春节"}],
                     "workdays": ["2027-02-06"]}}}"#,
    )
    .unwrap();
    assert_eq!(cal.version(), "yifeng-2027.1");
    // 2026 is replaced: Feb 16 (Monday) is a working day again, Feb 28 a weekend.
    assert_eq!(
        cal.day_kind(d("2026-02-16")).unwrap().kind,
        DayKind::Workday
    );
    assert_eq!(
        cal.day_kind(d("2026-02-28")).unwrap().kind,
        DayKind::Weekend
    );
    assert_eq!(cal.day_kind(d("2026-02-17")).unwrap().name, Some("春节"));
    // 2025 stays.
    assert_eq!(cal.year(2025), default_calendar().year(2025));
    // 2027 is covered now: not provisional, and 1 January is a working day
    // (the locality listed no 元旦).
    let jan1 = cal.day_kind(d("2027-01-01")).unwrap();
    assert_eq!((jan1.kind, jan1.provisional), (DayKind::Workday, false));
    assert_eq!(
        cal.day_kind(d("2027-02-06")).unwrap().kind,
        DayKind::AdjustedWorkday
    );
    let dl = cal.deadline(t("2027-02-05T10:00"), WorkingDays(1)).unwrap();
    assert_eq!(
        (dl.at.to_string(), dl.provisional),
        ("2027-02-06 23:59:59".to_owned(), false)
    );
    let dl = cal.deadline(t("2027-02-05T10:00"), WorkingDays(2)).unwrap();
    assert_eq!(dl.at.to_string(), "2027-02-09 23:59:59");
    // The default calendar is untouched.
    assert_eq!(
        default_calendar().day_kind(d("2026-02-16")).unwrap().kind,
        DayKind::Holiday
    );
}

#[test]
fn the_canonical_form_round_trips() {
    let cal = default_calendar();
    let v = cal.to_value();
    assert_eq!(Calendar::from_value(&v).unwrap(), *cal);
    let text = serde_json::to_string(cal).unwrap();
    assert!(
        text.starts_with(
            r#"{"version":"2026.1","years":{"2024":{"notice":{"number":"国办发明电〔2023〕7号""#
        ),
        "{text}"
    );
    // Entries given out of order come out in date order.
    let shuffled = Calendar::from_json(
        r#"{"version": "v", "years": {"2027": {"holidays": [{"date": "2027-10-02", "name": "国庆节"},
            {"date": "2027-10-01", "name": "国庆节"}], "workdays": ["2027-10-09", "2027-09-26"]}}}"#,
    )
    .unwrap();
    let y = &shuffled.to_value()["years"]["2027"];
    assert_eq!(y["holidays"][0]["date"], "2027-10-01");
    assert_eq!(
        y["workdays"],
        serde_json::json!(["2027-09-26", "2027-10-09"])
    );
}
