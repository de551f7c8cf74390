//! A county's morning (宜丰县, 网事360): the main job of wangshi on built-in
//! synthetic data.
//!
//! Builds a county of 宜丰's shape — 100 standard grids, one full-time grid
//! worker each, 98 dedicated grids (商圈, 学校 …) and 24 micro grids (城中村),
//! about 100 000 residents in the four colour tiers, from a fixed seed —
//! and prints the grid validation report (with the few problems planted in
//! the synthetic grids) and today's visit picture: residents per tier and
//! state, the alerts, the ten most urgent residents of a few workers,
//! next month's visit workload, how today's reported cases are triaged
//! and routed (事件分流), and the 监督问效 board of a month of cases handled
//! through the loop (open steps by supervision level and centre, on-time
//! rates, the cases in accountability).
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

    // 5. A month of cases through the loop: the 监督问效 board.
    handling_report(as_of)?;

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

/// Section 5, case handling and supervision (事件处置闭环、监督问效): a month
/// of synthetic cases walked through the loop (most on time, a tail late,
/// some reopened or extended, a few on the mediation track), each case's
/// timeline as of 08:00 today, and the board the county reads every
/// morning: open steps by supervision level and centre, on-time rates per
/// step and per centre, and the cases in `accountability`; then the same
/// open steps through the columnar morning sweep.
fn handling_report(as_of: i32) -> Result<(), Box<dyn std::error::Error>> {
    use wangshi::calendar::default_calendar;
    use wangshi::handling::{
        CaseProfile, HandlingPolicy, StepKind, Supervision, SupervisionOutput,
    };
    use wangshi::timestamp::{from_naive, start_of_day, to_naive};
    use wangshi::triage::{CaseRouter, Center};
    const CASES: usize = 20_000;
    let calendar = default_calendar();
    let router = CaseRouter::default_router();
    let policy = HandlingPolicy::default();
    let now = start_of_day(as_of) + 8 * 3600;
    let month = wangshi_testkit::handling::county_month(calendar, CASES, 30, now, SEED);

    let t = Instant::now();
    // Open steps by centre and level; ended steps (on time, all) by step and by centre.
    let mut open = [[0usize; 6]; 4];
    let mut by_step = [(0usize, 0usize); 9];
    let mut by_center = [(0usize, 0usize); 4];
    let mut accountable = Vec::new();
    let (mut reopened, mut extended, mut mediated, mut closed) = (0, 0, 0, 0);
    let mut sweep = SweepRows::default();
    for h in &month {
        let d = router.classify(&h.case)?;
        let profile = CaseProfile::of(&d, router.rules());
        let tl = policy.timeline(calendar, &profile, &h.events, to_naive(now)?)?;
        let c = d.center as usize;
        reopened += usize::from(tl.reopened > 0);
        extended += usize::from(tl.extensions > 0);
        mediated += usize::from(tl.steps.iter().any(|s| s.step == StepKind::Mediate));
        closed += usize::from(tl.state == wangshi::handling::EventKind::Closed);
        for s in &tl.steps {
            match (s.on_time, s.supervision) {
                (Some(on_time), _) => {
                    by_step[s.step as usize].0 += usize::from(on_time);
                    by_step[s.step as usize].1 += 1;
                    by_center[c].0 += usize::from(on_time);
                    by_center[c].1 += 1;
                }
                (None, Some(level)) => {
                    open[c][level as usize] += 1;
                    let base = policy.base_period(s.step, &profile);
                    sweep.push(
                        s.step,
                        from_naive(s.started)?,
                        &profile,
                        s.period.amount() - base.amount(),
                        level,
                    );
                    if level == Supervision::Accountability {
                        let late = calendar
                            .working_days_between(s.deadline.date(), to_naive(now)?.date())?;
                        accountable.push((
                            late.count,
                            h.case.id.clone(),
                            h.case.item.clone(),
                            d.center,
                            s.step,
                            s.deadline,
                        ));
                    }
                }
                (None, None) => unreachable!("an open step is supervised"),
            }
        }
    }
    let took = t.elapsed();
    let today = from_days(as_of)?;
    println!(
        "\n监督问效 · the case-handling board at 08:00 on {today}: {CASES} cases reported over the last 30 days"
    );
    println!(
        "  {closed} closed; {reopened} reopened after an unsatisfied review (回访不满意), {extended} extended (延期), {mediated} on the mediation track (诉前调解); timelines in {:.0} ms",
        took.as_secs_f64() * 1e3
    );
    println!("\n  open steps by supervision level and centre");
    println!(
        "  {:<22} {:>9} {:>8} {:>8} {:>12} {:>15} {:>7}",
        "centre", "on_track", "warning", "overdue", "supervision", "accountability", "total"
    );
    let mut totals = [0usize; 6];
    for center in Center::ALL {
        let row = &open[center as usize];
        for (t, n) in totals.iter_mut().zip(row) {
            *t += n;
        }
        println!(
            "  {:<18} {:>9} {:>8} {:>8} {:>12} {:>15} {:>7}",
            format!("{} {}", center.name_zh(), center.as_str()),
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[1..].iter().sum::<usize>()
        );
    }
    println!(
        "  {:<22} {:>9} {:>8} {:>8} {:>12} {:>15} {:>7}",
        "all",
        totals[1],
        totals[2],
        totals[3],
        totals[4],
        totals[5],
        totals[1..].iter().sum::<usize>()
    );
    let rate = |(on, all): (usize, usize)| {
        if all == 0 {
            "-".to_owned()
        } else {
            format!("{:.1} %", 100.0 * on as f64 / all as f64)
        }
    };
    println!("\n  on-time rate of the steps ended so far, per step");
    for step in StepKind::ALL {
        let (on, all) = by_step[step as usize];
        println!(
            "  {:<30} {:>6} ended, {:>7} on time",
            format!("{} {}", step.as_str(), step.name_zh()),
            all,
            rate((on, all))
        );
    }
    println!("  per centre");
    for center in Center::ALL {
        let (on, all) = by_center[center as usize];
        println!(
            "  {:<30} {:>6} ended, {:>7} on time",
            format!("{} {}", center.name_zh(), center.as_str()),
            all,
            rate((on, all))
        );
    }
    // One line per case: its latest step.
    accountable.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
    accountable.dedup_by(|a, b| a.1 == b.1);
    accountable.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    println!(
        "\n  cases in accountability (问责/通报, a step 5 or more working days past its deadline): {} — the ten furthest behind",
        accountable.len()
    );
    for (late, id, item, center, step, deadline) in accountable.iter().take(10) {
        println!(
            "    {id} {item:<6} {} {:<20} due {deadline}, {late} working days late",
            center.name_zh(),
            step.as_str()
        );
    }

    // The same open steps through the columnar morning sweep.
    let n = sweep.step.len();
    let mut out = SupervisionOutput::new(n);
    let t = Instant::now();
    let bad = policy.supervise_batch(calendar, now, sweep.columns(), out.columns())?;
    let took = t.elapsed();
    let agree = (0..n)
        .filter(|&i| out.supervision[i] == sweep.expected[i] as u8)
        .count();
    println!(
        "\n  the morning sweep (case.supervise in columns): {n} open steps in {:.2} ms, {bad} rows with errors, {agree} of {n} at the timelines' level",
        took.as_secs_f64() * 1e3
    );
    Ok(())
}

/// The open steps of the board as the columns of the morning sweep, with
/// the level each timeline gave.
#[derive(Default)]
struct SweepRows {
    step: Vec<u8>,
    started: Vec<i64>,
    class: Vec<u8>,
    level: Vec<u8>,
    immediate_report: Vec<u8>,
    report_within_minutes: Vec<u32>,
    extended: Vec<u32>,
    expected: Vec<wangshi::handling::Supervision>,
}

impl SweepRows {
    fn push(
        &mut self,
        step: wangshi::handling::StepKind,
        started: i64,
        p: &wangshi::handling::CaseProfile,
        extended: u32,
        expected: wangshi::handling::Supervision,
    ) {
        self.step.push(step as u8);
        self.started.push(started);
        self.class.push(p.class as u8);
        self.level.push(p.level as u8);
        self.immediate_report.push(u8::from(p.immediate_report));
        self.report_within_minutes.push(p.report_within_minutes);
        self.extended.push(extended);
        self.expected.push(expected);
    }

    fn columns(&self) -> wangshi::handling::OpenStepColumns<'_> {
        wangshi::handling::OpenStepColumns {
            step: &self.step,
            started: &self.started,
            class: &self.class,
            level: &self.level,
            immediate_report: &self.immediate_report,
            report_within_minutes: &self.report_within_minutes,
            extended: &self.extended,
        }
    }
}
