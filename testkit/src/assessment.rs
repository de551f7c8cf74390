//! A county's month for the monthly assessment (每月一考核): visit logs of
//! residents and cases with their handlers and events, deterministic from a
//! seed; and the typed inputs and result written as the JSON op
//! `worker.assess` reads and writes them (for tests comparing the typed API
//! with the op).

use crate::handling::county_month;
use serde_json::{Value, json};
use wangshi::assessment::{Assessment, CaseLog, VisitLog};
use wangshi::calendar::Calendar;
use wangshi::date::from_days;
use wangshi::visit::VisitPolicy;

/// The id of worker (and grid) number `g` (0-based): `w001` …
pub fn worker_id(g: u32) -> String {
    format!("w{:03}", g + 1)
}

/// `residents` residents over `grids` grids (grid `g` has worker
/// [`worker_id`]`(g)`) with `visits` visits for `[from, to]` (day
/// numbers), as typed visit logs — [`crate::completion::month`] row by row.
///
/// # Example
/// ```
/// use wangshi::date::parse_date;
/// let (from, to) = (parse_date("2026-11-01")?, parse_date("2026-11-30")?);
/// let logs = wangshi_testkit::assessment::visit_logs(&Default::default(), 100, 1000, 4, from, to, 7);
/// assert_eq!(logs.len(), 100);
/// assert_eq!(logs.iter().map(|l| l.visits.len()).sum::<usize>(), 1000);
/// assert!(logs.iter().all(|l| l.worker.as_deref().is_some_and(|w| w.starts_with('w'))));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn visit_logs(
    policy: &VisitPolicy,
    residents: usize,
    visits: usize,
    grids: u32,
    from: i32,
    to: i32,
    seed: u64,
) -> Vec<VisitLog> {
    let m = crate::completion::month(policy, residents, visits, grids, from, to, seed);
    let day = |d: i32| from_days(d).expect("synthetic days are within 1900–2199");
    let mut logs: Vec<VisitLog> = (0..m.tier.len())
        .map(|i| {
            VisitLog::new(
                format!("r{:06}", i + 1),
                policy.tiers()[usize::from(m.tier[i])].code.clone(),
                day(m.tier_since[i]),
            )
            .with_worker(
                worker_id(m.worker[i]),
                worker_id(m.grid[i]).replace('w', "g"),
            )
        })
        .collect();
    for (&r, &d) in m.visit_resident.iter().zip(&m.visit_day) {
        logs[r as usize].visits.push(day(d));
    }
    logs
}

/// The cases of [`county_month`] (`n` reported over the `days` days up to
/// `as_of`, seconds) with their histories, each handled by one of
/// `workers` workers ([`worker_id`], round robin) — without the few whose
/// item is not in force on the day they are reported, which no assessment
/// can take.
///
/// # Example
/// ```
/// let as_of = wangshi::timestamp::parse_timestamp("2026-11-26T08:00")?;
/// let cases = wangshi_testkit::assessment::case_logs(wangshi::calendar::default_calendar(), 50, 30, as_of, 10, 3);
/// assert!(cases.len() > 40);
/// assert_eq!(cases[11].handler, "w002");
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn case_logs(
    calendar: &Calendar,
    n: usize,
    days: u32,
    as_of: i64,
    workers: u32,
    seed: u64,
) -> Vec<CaseLog> {
    let router = wangshi::CaseRouter::default_router();
    county_month(calendar, n, days, as_of, seed)
        .into_iter()
        .filter(|h| router.classify(&h.case).is_ok())
        .enumerate()
        .map(|(i, h)| {
            CaseLog::new(worker_id(i as u32 % workers.max(1)), h.case).with_events(h.events)
        })
        .collect()
}

/// The `worker.assess` request of typed residents and cases (dates as
/// `YYYY-MM-DD`, times to the second).
///
/// # Example
/// ```
/// use wangshi::assessment::VisitLog;
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let r = wangshi_testkit::assessment::request("2026-11-01", "2026-11-30",
///     &[VisitLog::new("g1", "green", d("2026-01-01")).with_worker("w1", "A")], &[]);
/// assert_eq!(r["residents"][0]["worker"], "w1");
/// assert_eq!(wangshi::evaluate(r).unwrap()["workers"][0]["score"], 0.0);
/// ```
pub fn request(from: &str, to: &str, residents: &[VisitLog], cases: &[CaseLog]) -> Value {
    let residents: Vec<Value> = residents
        .iter()
        .map(|l| {
            json!({"id": l.id, "tier": l.tier, "tier_since": l.tier_since.to_string(),
                   "worker": l.worker, "grid": l.grid,
                   "visits": l.visits.iter().map(|v| v.to_string()).collect::<Vec<_>>()})
        })
        .collect();
    let cases: Vec<Value> = cases
        .iter()
        .map(|c| {
            let events: Vec<Value> = c
                .events
                .iter()
                .map(|e| {
                    let mut v = json!({"event": e.kind.as_str(),
                        "at": e.at.format("%Y-%m-%dT%H:%M:%S").to_string()});
                    if let Some(s) = e.satisfied {
                        v["satisfied"] = json!(s);
                    }
                    if let Some(p) = e.extension {
                        v[p.unit().as_str()] = json!(p.amount());
                    }
                    v
                })
                .collect();
            let k = &c.case;
            let flags: Vec<&str> = wangshi::Flag::ALL
                .into_iter()
                .filter(|f| k.flags.contains(*f))
                .map(|f| f.as_str())
                .collect();
            json!({"handler": c.handler, "events": events,
                   "case": {"id": k.id, "item": k.item, "reported_on": k.reported_on.to_string(),
                            "parties": k.parties, "repeat_count": k.repeat_count,
                            "amount": k.amount, "flags": flags}})
        })
        .collect();
    json!({"op": "worker.assess", "from": from, "to": to, "residents": residents, "cases": cases})
}

/// The `workers` of a typed assessment as the JSON op writes them (numbers
/// from the figures' text, so `35.0` stays a float and `5` an integer).
///
/// # Example
/// ```
/// use wangshi::assessment::{assess, AssessmentRules, VisitLog};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let logs = [VisitLog::new("g1", "green", d("2026-01-01")).with_worker("w1", "A")
///     .with_visits([d("2026-11-09")])];
/// let a = assess(&AssessmentRules::embedded(), d("2026-11-01"), d("2026-11-30"), &logs, &[])?;
/// let w = wangshi_testkit::assessment::workers_json(&a);
/// assert_eq!(w[0]["score"], serde_json::json!(100.0));
/// assert_eq!(w[0]["deductions"][0]["points"], serde_json::json!(0));
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn workers_json(a: &Assessment) -> Value {
    let num = |s: Option<String>| match s {
        Some(s) => serde_json::from_str::<Value>(&s).expect("a figure's text is a JSON number"),
        None => Value::Null,
    };
    a.workers
        .iter()
        .map(|w| {
            let items: Vec<Value> = w
                .items
                .iter()
                .map(|i| {
                    json!({"code": i.code.as_str(), "weight": i.weight,
                           "value": num(i.value.map(|v| v.to_string())),
                           "points": num(i.points.map(|p| p.to_string()))})
                })
                .collect();
            let deductions: Vec<Value> = w
                .deductions
                .iter()
                .map(|x| json!({"code": x.code.as_str(), "count": x.count, "points": x.points}))
                .collect();
            json!({"worker": w.worker, "score": num(w.score.map(|s| s.to_string())),
                   "rank": w.rank, "items": items, "deductions": deductions})
        })
        .collect()
}
