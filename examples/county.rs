//! A county's morning (宜丰县, 网事360): the main job of wangshi on built-in
//! synthetic data.
//!
//! Builds a county of 宜丰's shape — 100 standard grids, one full-time grid
//! worker each, 98 dedicated grids (商圈, 学校 …) and 24 micro grids (城中村),
//! about 100 000 residents in the four colour tiers, from a fixed seed —
//! and prints the grid validation report (with the few problems planted in
//! the synthetic grids) and today's visit picture: residents per tier and
//! state, the alerts, the ten most urgent residents of a few workers,
//! next month's visit workload, and how today's reported cases are triaged
//! and routed (事件分流).
//!
//! Run: `cargo run --release -p wangshi --example county [-- --as-of YYYY-MM-DD]`

use std::time::Instant;
use wangshi::date::{NO_DATE, format_date, from_days, parse_date};
use wangshi::grid::{GridKind, Severity, SizeNorm};
use wangshi::visit::{
    Alert, Resident, VisitOutput, VisitPolicy, VisitState, plan, visit_status_batch, worklist,
};
use wangshi_testkit::visit as synthetic;

const GRIDS: u32 = 100;
const RESIDENTS: usize = 100_000;
const SEED: u64 = 360;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let as_of = match args.iter().position(|a| a == "--as-of") {
        Some(i) => parse_date(args.get(i + 1).map(String::as_str).unwrap_or(""))?,
        None => parse_date("2026-11-26")?,
    };
    let started = Instant::now();
    let policy = VisitPolicy::default();
    let county = synthetic::residents(&policy, RESIDENTS, GRIDS, as_of, SEED);
    let worker = |g: u32| format!("w{:03}", g + 1);
    let grid = |g: u32| format!("g{:03}", g + 1);

    println!(
        "网事360 · 宜丰县 synthetic county, as of {}",
        format_date(as_of)
    );
    println!(
        "{GRIDS} standard grids, {GRIDS} full-time grid workers, {} residents (seed {SEED})",
        county.len()
    );

    grid_report()?;

    // 1. Today's status of every resident: the columnar batch path.
    let n = county.len();
    let mut out = VisitOutput::new(n);
    let t = Instant::now();
    let bad = visit_status_batch(
        &policy,
        as_of,
        &county.tier,
        &county.tier_since,
        &county.last_visit,
        out.columns(),
    )?;
    let batch_time = t.elapsed();

    println!("\n分色管理 · residents per tier and visit state");
    println!(
        "{:<8} {:>8} {:>8} {:>9} {:>9} {:>9} | {:>9} {:>8} {:>10}",
        "tier",
        "total",
        "done",
        "pending",
        "due_soon",
        "overdue",
        "reminder",
        "warning",
        "escalation"
    );
    for (ti, tier) in policy.tiers().iter().enumerate() {
        let mut by_state = [0usize; 5];
        let mut by_alert = [0usize; 4];
        for i in (0..n).filter(|&i| usize::from(county.tier[i]) == ti && out.error[i] == 0) {
            by_state[usize::from(out.state[i])] += 1;
            by_alert[usize::from(out.alert[i])] += 1;
        }
        println!(
            "{:<8} {:>8} {:>8} {:>9} {:>9} {:>9} | {:>9} {:>8} {:>10}",
            tier.code,
            by_state[1..].iter().sum::<usize>(),
            by_state[VisitState::Done as usize],
            by_state[VisitState::Pending as usize],
            by_state[VisitState::DueSoon as usize],
            by_state[VisitState::Overdue as usize],
            by_alert[Alert::Reminder as usize],
            by_alert[Alert::Warning as usize],
            by_alert[Alert::Escalation as usize],
        );
    }
    println!(
        "evaluated {n} residents in {:.2} ms ({bad} rows with errors)",
        batch_time.as_secs_f64() * 1e3
    );

    // 2. The worklist: every alert ordered by urgency, counted per worker.
    let residents: Vec<Resident> = (0..n)
        .map(|i| {
            let mut r = Resident::new(
                format!("r{:06}", i + 1),
                policy.tiers()[usize::from(county.tier[i])].code.clone(),
                from_days(county.tier_since[i]).expect("synthetic dates are in range"),
            )
            .with_worker(worker(county.grid[i]), grid(county.grid[i]));
            if county.last_visit[i] != NO_DATE {
                r = r.with_last_visit(from_days(county.last_visit[i]).expect("in range"));
            }
            r
        })
        .collect();
    let today = from_days(as_of)?;
    let list = worklist(&policy, today, &residents)?;
    let mut busiest: Vec<(&String, _)> = list.by_worker.iter().collect();
    busiest.sort_by_key(|(w, c)| (std::cmp::Reverse((c.escalation, c.warning)), *w));
    println!(
        "\n今日走访预警 · today's worklist: {} alerts for {} workers",
        list.alerts.len(),
        list.by_worker.len()
    );
    for (w, c) in busiest.iter().take(3) {
        println!(
            "\n  worker {w}: {} escalation, {} warning, {} reminder — ten most urgent:",
            c.escalation, c.warning, c.reminder
        );
        for e in list.alerts.iter().filter(|e| &&e.worker == w).take(10) {
            println!(
                "    {:<8} {:<7} {:<11} {:<9} due {} ({:>3} days left, {} missed)",
                e.id,
                e.tier,
                e.alert.as_str(),
                e.status.state.as_str(),
                e.status.due,
                e.status.days_left,
                e.status.missed_periods
            );
        }
    }

    // 3. Next month's workload: how many visits fall due, per tier and worker.
    let next_month = today
        .with_day(1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .ok_or("no next month")?;
    let month_end = next_month
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .ok_or("no month end")?;
    let p = plan(&policy, next_month, month_end, &residents)?;
    let days = (month_end - next_month).num_days() + 1;
    println!(
        "\n工作量 · visit obligations {next_month} .. {month_end}: {} in total",
        p.total
    );
    for (tier, count) in &p.by_tier {
        println!("  {tier:<8} {count:>9}");
    }
    let per_worker = p.total as f64 / f64::from(GRIDS);
    println!(
        "  per full-time grid worker: {per_worker:.0} visits, {:.1} a day",
        per_worker / days as f64
    );

    // 4. Today's reported cases: classified and routed (事件分流).
    triage_report(as_of)?;

    println!("\ndone in {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    Ok(())
}

use chrono::Datelike;

/// 0. The grids: the 宜丰 shape with its planted problems, validated.
fn grid_report() -> Result<(), Box<dyn std::error::Error>> {
    let community = wangshi_testkit::grid::yifeng_community_with_problems(SEED);
    let t = Instant::now();
    let report = community.validate(&SizeNorm::default());
    let took = t.elapsed();
    let s = &report.summary;
    let mut dedicated: Vec<(&str, usize)> = Vec::new();
    for g in &community.grids {
        if let GridKind::Dedicated(d) = g.kind {
            match dedicated.iter_mut().find(|(n, _)| *n == d.name_zh()) {
                Some((_, k)) => *k += 1,
                None => dedicated.push((d.name_zh(), 1)),
            }
        }
    }
    let dedicated: Vec<String> = dedicated.iter().map(|(n, k)| format!("{n} {k}")).collect();
    println!("\n网格 · grids: {}", community.name);
    println!(
        "  {} standard, {} dedicated ({}), {} micro",
        s.grids_by_kind.standard,
        s.grids_by_kind.dedicated,
        dedicated.join(", "),
        s.grids_by_kind.micro
    );
    println!(
        "  {} full-time grid workers; standard grids hold {} households, {} people; {} of {} listed households covered",
        s.fulltime_workers, s.households, s.population, s.households_covered, s.households_listed
    );
    println!(
        "  validation: {} — {} errors, {} warnings (validated in {:.2} ms)",
        if report.valid { "valid" } else { "NOT VALID" },
        report.count_severity(Severity::Error),
        report.count_severity(Severity::Warning),
        took.as_secs_f64() * 1e3
    );
    for i in &report.issues {
        println!(
            "  {:<7} {:<24} {}",
            i.severity.as_str(),
            i.code.as_str(),
            i.message
        );
    }
    Ok(())
}

/// Section 4, case triage: a handful of sample cases, one per path, then a
/// month of synthetic reports through the columnar batch.
fn triage_report(as_of: i32) -> Result<(), Box<dyn std::error::Error>> {
    use wangshi::triage::{Case, CaseRouter, DecisionOutput, Flag, TriageRules};
    use wangshi_testkit::triage as synthetic;
    let router = CaseRouter::default_router();
    let today = from_days(as_of)?;
    let samples = [
        (Case::new("e1", "CS-01", today), "litter in a lane"),
        (
            Case::new("e2", "CS-04", today).with_flag(Flag::NeedsDepartment),
            "broken street light",
        ),
        (
            Case::new("e3", "AQ-04", today).with_flag(Flag::Emergency),
            "gas leak",
        ),
        (
            Case::new("e4", "MD-02", today)
                .with_parties(2)
                .with_flag(Flag::PropertyDispute),
            "property fee dispute",
        ),
        (
            Case::new("e5", "MD-03", today)
                .with_parties(12)
                .with_amount(180_000.0)
                .with_flag(Flag::NeedsDepartment),
            "unpaid wages, 12 workers",
        ),
        (
            Case::new("e6", "MS-04", today)
                .with_repeat_count(1)
                .with_flag(Flag::CourtEntrusted),
            "court-entrusted contract dispute",
        ),
    ];
    println!("\n事件分流 · case triage (sample cases reported {today})");
    for (case, what) in &samples {
        let d = router.classify(case)?;
        let whistle = d.whistle.as_ref().map_or("-".to_owned(), |w| {
            format!("{} in {} min", w.department, w.report_within_minutes)
        });
        println!(
            "  {} {:<6} {:<33} {:<8} {} {:<10} whistle: {:<30} mediation: {:<3} rules: {}",
            d.id,
            case.item,
            what,
            d.class.as_str(),
            d.center.name_zh(),
            d.level.as_str(),
            whistle,
            if d.mediation.is_some() { "yes" } else { "no" },
            d.matched_rules.join(", ")
        );
    }
    // A locality whose talk centre sees property disputes first.
    let mut v = TriageRules::default().to_value();
    v["center_overrides"] = serde_json::json!([{"id": "center.property_dispute_talk_first",
        "classes": ["complex"], "flags": ["property_dispute"], "center": "talk"}]);
    let local = CaseRouter::new(&TriageRules::from_value(&v)?, router.catalog())?;
    let d = local.classify(&samples[3].0)?;
    println!(
        "  with local rules (property disputes to the talk centre first): e4 → {} ({})",
        d.center.name_zh(),
        d.matched_rules.join(", ")
    );

    // A month of the county's reports through the columnar batch.
    let n = 30_000;
    let cases = synthetic::cases(router.catalog(), n, as_of - 29, as_of, SEED);
    let mut out = DecisionOutput::new(n);
    let t = Instant::now();
    let bad = router.classify_batch(cases.columns(), out.columns())?;
    let took = t.elapsed();
    let count = |col: &[u8], v: u8| col.iter().filter(|&&x| x == v).count();
    println!(
        "\n  a month of synthetic reports: {n} cases classified in {:.2} ms ({bad} rows with errors)",
        took.as_secs_f64() * 1e3
    );
    println!(
        "  说事中心 talk {}, 警格中心 police_grid {}, 矛调中心 mediation {}",
        count(&out.center, 1),
        count(&out.center, 2),
        count(&out.center, 3)
    );
    println!(
        "  kept by the grid worker (小事不出网格) {}, led by the community {}",
        count(&out.level, 1),
        count(&out.level, 2)
    );
    println!(
        "  whistled (社区吹哨、部门报到) {} — {} within 30 minutes; pre-litigation mediation {}; immediate reports {}",
        out.department.iter().filter(|&&d| d != 0).count(),
        out.report_within_minutes
            .iter()
            .filter(|&&m| m == 30)
            .count(),
        count(&out.mediation, 1),
        count(&out.immediate_report, 1)
    );
    Ok(())
}
