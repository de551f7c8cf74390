//! A county's morning (宜丰县, 网事360): the main job of wangshi on built-in
//! synthetic data.
//!
//! Builds a county of 宜丰's shape — 100 standard grids, one full-time grid
//! worker each, 98 dedicated grids (商圈, 学校 …) and 24 micro grids (城中村),
//! about 100 000 residents in the four colour tiers, from a fixed seed —
//! and prints, one section after another: the grid validation report (with
//! the few problems planted in the synthetic grids), the residents of each
//! tier and where their visits stand, today's visit alerts of the busiest
//! grid workers, next month's visit workload, and how today's reported
//! cases are triaged and routed (事件分流), and the 监督问效 board of a
//! month of cases handled through the loop (open steps by supervision
//! level and centre, on-time rates, the cases in accountability).
//!
//! Each section is one function taking the [`Morning`]; a new section is a
//! new function and one line in `main`.
//!
//! Run: `cargo run --release -p wangshi --example county [-- --as-of YYYY-MM-DD]`

use chrono::{Datelike, NaiveDate};
use clap::Parser;
use std::process::ExitCode;
use std::time::Instant;
use wangshi::date::{NO_DATE, from_days};
use wangshi::grid::{GridKind, Severity, SizeNorm};
use wangshi::visit::{
    Alert, Cadence, Resident, Tier, VisitOutput, VisitPolicy, VisitState, WorklistEntry, plan,
    visit_status_batch, worklist,
};
use wangshi_testkit::visit as synthetic;

/// `println!` that stops quietly when the reader of the output goes away
/// (`county | head`) instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(1);
        }
    }};
}

const GRIDS: u32 = 100;
const RESIDENTS: usize = 100_000;
const SEED: u64 = 360;

/// A county's morning on synthetic data: grid validation, visit alerts per
/// grid worker, next month's workload and case triage.
#[derive(Parser)]
#[command(name = "county")]
struct Args {
    /// The morning to show
    #[arg(long, value_name = "YYYY-MM-DD", default_value = "2026-11-26", value_parser = day)]
    as_of: i32,
}

/// A date argument, read with the library's own date rule.
fn day(s: &str) -> Result<i32, String> {
    wangshi::date::parse_date(s).map_err(|e| e.message().to_owned())
}

/// What every section reads: the day, the policy and the county's
/// residents (as columns for the batch, and as typed residents).
struct Morning {
    as_of: i32,
    today: NaiveDate,
    policy: VisitPolicy,
    county: synthetic::SyntheticResidents,
    residents: Vec<Resident>,
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => return argument_error(&e),
    };
    match run(args.as_of) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("county: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--help` prints and exits 0; any other argument error is one line on
/// stderr and exit 2.
fn argument_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let text = e.to_string();
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("invalid arguments").trim();
    let mut line = first.strip_prefix("error: ").unwrap_or(first).to_owned();
    for l in lines.filter(|l| l.starts_with(char::is_whitespace)) {
        let l = l.trim();
        line.push_str(&match l.strip_prefix("tip: ") {
            Some(tip) => format!("; {tip}"),
            None => format!(" {l}"),
        });
    }
    eprintln!("county: {line} (see 'county --help')");
    ExitCode::from(2)
}

fn run(as_of: i32) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let m = morning(as_of)?;
    say!(
        "网事360 · 宜丰县 synthetic county, the morning of {} {}",
        m.today.weekday(),
        m.today
    );
    say!(
        "{GRIDS} standard grids, {GRIDS} full-time grid workers, {} residents (seed {SEED})",
        m.county.len()
    );
    grid_report()?;
    visit_states(&m)?;
    worklist_report(&m)?;
    workload_report(&m)?;
    triage_report(&m)?;
    handling_report(m.as_of)?;
    say!("\ndone in {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    Ok(())
}

/// The synthetic county as of `as_of`.
fn morning(as_of: i32) -> Result<Morning, wangshi::Error> {
    let policy = VisitPolicy::default();
    let county = synthetic::residents(&policy, RESIDENTS, GRIDS, as_of, SEED);
    let residents = (0..county.len())
        .map(|i| {
            let g = county.grid[i];
            let mut r = Resident::new(
                format!("r{:06}", i + 1),
                policy.tiers()[usize::from(county.tier[i])].code.clone(),
                from_days(county.tier_since[i])?,
            )
            .with_worker(format!("w{:03}", g + 1), format!("g{:03}", g + 1));
            if county.last_visit[i] != NO_DATE {
                r = r.with_last_visit(from_days(county.last_visit[i])?);
            }
            Ok(r)
        })
        .collect::<Result<_, wangshi::Error>>()?;
    Ok(Morning {
        as_of,
        today: from_days(as_of)?,
        policy,
        county,
        residents,
    })
}

/// 网格: the 宜丰 shape with its planted problems, validated.
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
    say!("\n网格 · grids: {}", community.name);
    say!(
        "  {} standard, {} dedicated ({}), {} micro",
        s.grids_by_kind.standard,
        s.grids_by_kind.dedicated,
        dedicated.join(", "),
        s.grids_by_kind.micro
    );
    say!(
        "  {} full-time grid workers; standard grids hold {} households, {} people; {} of {} listed households covered",
        s.fulltime_workers,
        s.households,
        s.population,
        s.households_covered,
        s.households_listed
    );
    say!(
        "  validation: {} — {} errors, {} warnings (validated in {:.2} ms)",
        if report.valid {
            "the set-up is sound"
        } else {
            "NOT SOUND, fix the errors below"
        },
        report.count_severity(Severity::Error),
        report.count_severity(Severity::Warning),
        took.as_secs_f64() * 1e3
    );
    for i in &report.issues {
        say!(
            "  {:<7} {:<24} {}",
            i.severity.as_str(),
            i.code.as_str(),
            i.message
        );
    }
    Ok(())
}

/// 分色管理: every resident's visit status through the columnar batch,
/// counted per tier, then said in words.
fn visit_states(m: &Morning) -> Result<(), Box<dyn std::error::Error>> {
    let n = m.county.len();
    let mut out = VisitOutput::new(n);
    let t = Instant::now();
    let bad = visit_status_batch(
        &m.policy,
        m.as_of,
        &m.county.tier,
        &m.county.tier_since,
        &m.county.last_visit,
        out.columns(),
    )?;
    let batch_time = t.elapsed();

    say!("\n分色管理 · where each tier's visits stand today");
    say!(
        "{:<10} {:>9} {:>8} {:>11} {:>8} {:>8} | {:>6} {:>6} {:>8}",
        "tier",
        "residents",
        "visited",
        "not yet due",
        "due soon",
        "overdue",
        "remind",
        "warn",
        "escalate"
    );
    let mut sentences = Vec::new();
    for (ti, tier) in m.policy.tiers().iter().enumerate() {
        let mut by_state = [0usize; 5];
        let mut by_alert = [0usize; 4];
        let mut due_soon_by = None;
        for i in (0..n).filter(|&i| usize::from(m.county.tier[i]) == ti && out.error[i] == 0) {
            by_state[usize::from(out.state[i])] += 1;
            by_alert[usize::from(out.alert[i])] += 1;
            if out.state[i] == VisitState::DueSoon as u8 && due_soon_by.is_none() {
                due_soon_by = Some((out.due[i], out.days_left[i]));
            }
        }
        say!(
            "{:<10} {:>9} {:>8} {:>11} {:>8} {:>8} | {:>6} {:>6} {:>8}",
            tier_name(tier),
            by_state[1..].iter().sum::<usize>(),
            by_state[VisitState::Done as usize],
            by_state[VisitState::Pending as usize],
            by_state[VisitState::DueSoon as usize],
            by_state[VisitState::Overdue as usize],
            by_alert[Alert::Reminder as usize],
            by_alert[Alert::Warning as usize],
            by_alert[Alert::Escalation as usize],
        );
        let overdue = by_state[VisitState::Overdue as usize];
        let escalated = by_alert[Alert::Escalation as usize];
        let mut s = format!(
            "  {} ({} visits): {overdue} residents missed at least one visit; ",
            tier_name(tier),
            cadence_words(tier.cadence).0,
        );
        s.push_str(&match tier.escalate_after_missed {
            1 => format!("all {escalated} are escalated: one missed visit is enough in this tier"),
            k => format!("{escalated} of them missed {k} or more in a row and are escalated"),
        });
        let soon = by_state[VisitState::DueSoon as usize];
        if let Some((due, left)) = due_soon_by {
            s.push_str(&format!(
                "; {soon} more {} {} {}",
                if soon == 1 { "has" } else { "have" },
                cadence_words(tier.cadence).1,
                when_due(from_days(due)?, left, tier)
            ));
        }
        sentences.push(s + ".");
    }
    for s in sentences {
        say!("{s}");
    }
    say!(
        "  (visited: this period's visit is done; not yet due: due later this period; due soon: due within the tier's reminder days;\n   overdue: at least one required visit was missed)"
    );
    say!(
        "evaluated {n} residents in {:.2} ms ({bad} rows with errors)",
        batch_time.as_secs_f64() * 1e3
    );
    Ok(())
}

/// 今日走访预警: every alert ordered by urgency, counted per worker; the
/// ten most urgent residents of the three busiest workers, in words.
fn worklist_report(m: &Morning) -> Result<(), Box<dyn std::error::Error>> {
    let list = worklist(&m.policy, m.today, &m.residents)?;
    let mut busiest: Vec<(&String, _)> = list.by_worker.iter().collect();
    busiest.sort_by_key(|(w, c)| (std::cmp::Reverse((c.escalation, c.warning)), *w));
    say!(
        "\n今日走访预警 · today's visit alerts: {} residents need attention, across {} grid workers",
        list.alerts.len(),
        list.by_worker.len()
    );
    for (w, c) in busiest.iter().take(3) {
        say!(
            "\n  grid worker {w}: {} residents to see — {} to escalate (too many visits missed in a row), {} with a missed visit, {} whose visit is due soon. The ten most urgent:",
            c.escalation + c.warning + c.reminder,
            c.escalation,
            c.warning,
            c.reminder
        );
        for e in list.alerts.iter().filter(|e| &&e.worker == w).take(10) {
            let tier = m
                .policy
                .tier(&e.tier)
                .ok_or("a worklist tier is the policy's")?;
            say!(
                "    {:<8} {:<9} {:<9} {}",
                e.id,
                tier_name(tier),
                match e.alert {
                    Alert::Escalation => "escalate",
                    Alert::Warning => "warning",
                    Alert::Reminder => "reminder",
                },
                alert_in_words(e, tier)
            );
        }
    }
    Ok(())
}

/// 工作量: how many visits fall due next month, per tier and per worker.
fn workload_report(m: &Morning) -> Result<(), Box<dyn std::error::Error>> {
    let next_month = m
        .today
        .with_day(1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .ok_or("no next month")?;
    let month_end = next_month
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .ok_or("no month end")?;
    let p = plan(&m.policy, next_month, month_end, &m.residents)?;
    let days = (month_end - next_month).num_days() + 1;
    say!(
        "\n工作量 · next month's visits ({next_month} .. {month_end}): {} visits fall due",
        p.total
    );
    for (code, count) in &p.by_tier {
        let tier = m.policy.tier(code).ok_or("a plan tier is the policy's")?;
        say!("  {:<10} {count:>9}", tier_name(tier));
    }
    let per_worker = p.total as f64 / f64::from(GRIDS);
    say!(
        "  per full-time grid worker: {per_worker:.0} visits, {:.1} a day",
        per_worker / days as f64
    );
    Ok(())
}

/// 事件分流: a handful of sample cases, one per path, said in words, then
/// a month of synthetic reports through the columnar batch.
fn triage_report(m: &Morning) -> Result<(), Box<dyn std::error::Error>> {
    use wangshi::triage::{Case, CaseRouter, Decision, DecisionOutput, Flag, Level, TriageRules};
    use wangshi_testkit::triage as synthetic;
    let router = CaseRouter::default_router();
    let today = m.today;
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
    let in_words = |d: &Decision| {
        let mut s = format!(
            "a {} case for the {} ({}), {}",
            d.class.as_str(),
            d.center.name_zh(),
            d.center.as_str(),
            match d.level {
                Level::Grid => "kept by the grid worker (小事不出网格)",
                Level::Community => "led by the community",
            }
        );
        if d.immediate_report {
            s.push_str("; report it at once");
        }
        if let Some(w) = &d.whistle {
            s.push_str(&format!(
                "; the community whistles: the {} department reports for duty within {}",
                w.department,
                minutes_in_words(w.report_within_minutes)
            ));
        }
        if let Some(me) = &d.mediation {
            s.push_str(&format!(
                "; pre-litigation mediation, judicial confirmation within {} days",
                me.judicial_confirmation_within_days
            ));
        }
        s
    };
    say!("\n事件分流 · case triage (sample cases reported {today})");
    for (case, what) in &samples {
        let d = router.classify(case)?;
        say!("  {} {} {what}: {}", d.id, case.item, in_words(&d));
        say!("     because: {}", d.matched_rules.join(", "));
    }
    // A locality whose talk centre sees property disputes first.
    let mut v = TriageRules::default().to_value();
    v["center_overrides"] = serde_json::json!([{"id": "center.property_dispute_talk_first",
        "classes": ["complex"], "flags": ["property_dispute"], "center": "talk"}]);
    let local = CaseRouter::new(&TriageRules::from_value(&v)?, router.catalog())?;
    let d = local.classify(&samples[3].0)?;
    say!(
        "  with local rules (property disputes to the talk centre first), e4 goes to the {} ({})",
        d.center.name_zh(),
        d.matched_rules.join(", ")
    );

    // A month of the county's reports through the columnar batch.
    let n = 30_000;
    let cases = synthetic::cases(router.catalog(), n, m.as_of - 29, m.as_of, SEED);
    let mut out = DecisionOutput::new(n);
    let t = Instant::now();
    let bad = router.classify_batch(cases.columns(), out.columns())?;
    let took = t.elapsed();
    let count = |col: &[u8], v: u8| col.iter().filter(|&&x| x == v).count();
    say!(
        "\n  a month of synthetic reports: {n} cases classified in {:.2} ms ({bad} rows with errors)",
        took.as_secs_f64() * 1e3
    );
    say!(
        "  说事中心 talk {}, 警格中心 police_grid {}, 矛调中心 mediation {}",
        count(&out.center, 1),
        count(&out.center, 2),
        count(&out.center, 3)
    );
    say!(
        "  kept by the grid worker (小事不出网格) {}, led by the community {}",
        count(&out.level, 1),
        count(&out.level, 2)
    );
    say!(
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

/// A tier as a clerk knows it: its first label and its code (`绿 green`).
fn tier_name(t: &Tier) -> String {
    match t.labels.first() {
        Some(l) if *l != t.code => format!("{l} {}", t.code),
        _ => t.code.clone(),
    }
}

/// A cadence in words: the kind of visit ("weekly") and the visit now due
/// ("this week's visit").
fn cadence_words(c: Cadence) -> (String, &'static str) {
    match c {
        Cadence::Monthly => ("monthly".into(), "this month's visit"),
        Cadence::SemiMonthly => ("half-monthly".into(), "this half-month's visit"),
        Cadence::Weekly => ("weekly".into(), "this week's visit"),
        Cadence::Daily => ("daily".into(), "today's visit"),
        Cadence::EveryDays(n) => (format!("every-{n}-days"), "the next visit"),
    }
}

/// When the visit now due is due, in words: "due by 2026-11-29, in 3
/// days".
fn when_due(due: NaiveDate, days_left: i32, tier: &Tier) -> String {
    match days_left {
        0 if tier.cadence == Cadence::Daily => "still to be made".to_owned(),
        0 => "due today".to_owned(),
        1 => format!("due tomorrow, {due}"),
        n if n > 1 => format!("due by {due}, in {n} days"),
        n => format!("overdue since {due}, {} days ago", -n),
    }
}

/// One resident's alert in words: what was missed and when the visit now
/// due is due.
fn alert_in_words(e: &WorklistEntry, tier: &Tier) -> String {
    let (kind, visit) = cadence_words(tier.cadence);
    let due = format!(
        "{visit} is {}",
        when_due(e.status.due, e.status.days_left, tier)
    );
    match e.status.missed_periods {
        0 => due,
        1 => format!("missed the last {kind} visit; {due}"),
        n => format!("missed the last {n} {kind} visits in a row; {due}"),
    }
}

/// Minutes in words: "30 minutes", "24 hours".
fn minutes_in_words(m: u32) -> String {
    if m >= 60 && m % 60 == 0 {
        let h = m / 60;
        format!("{h} hour{}", if h == 1 { "" } else { "s" })
    } else {
        format!("{m} minute{}", if m == 1 { "" } else { "s" })
    }
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
