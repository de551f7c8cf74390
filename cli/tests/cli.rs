//! The `wangshi` command, run as a program: `eval` over the whole
//! conformance suite as NDJSON, the CSV commands on a clerk's files (a byte
//! order mark, CRLF, quoted cells, Chinese tier labels, bad rows), help and
//! argument errors.

use rstest::rstest;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a run of the command gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `wangshi args…` with `stdin`, in `dir` (the test's own folder).
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wangshi"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the wangshi binary runs");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // Written from a thread, so a large input cannot dead-lock against a
    // full output pipe.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the command in a folder of its own (tests run in parallel).
fn run(args: &[&str], stdin: &[u8]) -> Run {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    run_in(&folder(&format!("run{n}")), args, stdin)
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Parses CSV text (as the command wrote it) into header → cell maps.
fn csv_rows(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

fn response(request: &Value) -> Value {
    serde_json::from_str(&wangshi::evaluate_json(&request.to_string())).unwrap()
}

// ------------------------------------------------------------------ eval

#[test]
fn eval_passes_every_conformance_vector_driven_line_by_line() {
    let suite = wangshi_testkit::vectors::suite(&repo_root());
    for message in &suite.skipped {
        eprintln!("{message}");
    }
    assert!(!suite.project.is_empty(), "no project vectors found");
    let mut total = 0;
    let mut failures = Vec::new();
    for path in suite.project.iter().chain(&suite.shared) {
        let text = std::fs::read_to_string(path).unwrap();
        // The requests, as the harness sends them, one per line.
        let mut ndjson = String::new();
        wangshi_testkit::vectors::run(&text, |request| {
            assert!(!request.contains('\n'));
            ndjson.push_str(request);
            ndjson.push('\n');
            Ok(Value::Null)
        })
        .unwrap();
        let out = run(&["eval"], ndjson.as_bytes());
        assert_eq!(out.code, 0, "{}: {}", path.display(), out.stderr);
        assert_eq!(out.stderr, "");
        let mut lines = out.stdout.lines();
        let (n, f) = wangshi_testkit::vectors::run(&text, |_| {
            let line = lines.next().ok_or("no response line")?;
            serde_json::from_str(line).map_err(|e| format!("{e}: {line}"))
        })
        .unwrap();
        assert_eq!(
            lines.next(),
            None,
            "{}: more responses than requests",
            path.display()
        );
        total += n;
        failures.extend(f.into_iter().map(|f| format!("{}: {f}", path.display())));
    }
    assert!(
        failures.is_empty(),
        "{} of {total} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "wangshi eval: {total} vectors passed as NDJSON ({} shared files)",
        suite.shared.len()
    );
}

#[test]
fn a_bad_line_in_the_middle_of_ndjson_gets_its_envelope_and_the_stream_goes_on() {
    let input = b"{\"op\": \"tier.suggest\", \"tags\": [\"key_petitioner\"]}\r\n\
        \n\
        {\"op\": \"tier.suggest\", \"tags\": [\n\
        \xff\xfe\n\
        {\"op\": \"no.such\"}\n\
        {\"op\": \"tier.suggest\", \"tags\": [], \"tags\": []}\n\
        {\"op\": \"tier.suggest\", \"tags\": [\"disabled\"]}";
    let out = run(&["eval", "-"], input);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let codes: Vec<&str> = lines
        .iter()
        .map(|r| r["error"]["code"].as_str().unwrap_or("ok"))
        .collect();
    assert_eq!(
        codes,
        [
            "ok",
            "invalid_json",
            "invalid_json",
            "unknown_op",
            "invalid_json",
            "ok"
        ]
    );
    assert_eq!(lines[0]["result"]["tier"], "red");
    assert_eq!(lines[5]["result"]["tier"], "blue");
    assert!(
        lines[2]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not valid UTF-8")
    );
    // Each response is exactly what evaluate_json gives.
    assert_eq!(
        out.stdout.lines().next().unwrap(),
        wangshi::evaluate_json(r#"{"op": "tier.suggest", "tags": ["key_petitioner"]}"#)
    );
}

#[test]
fn a_pretty_printed_request_is_one_request() {
    let pretty = serde_json::to_string_pretty(&json!({"op": "visit.status", "as_of": "2026-11-26",
        "residents": [{"id": "r3", "tier": "orange", "tier_since": "2026-09-01", "last_visit": "2026-11-08"}]}))
    .unwrap();
    let input = format!("\u{feff}\n{pretty}\n");
    for args in [&["eval"][..], &["eval", "--whole"]] {
        let out = run(args, input.as_bytes());
        assert_eq!(out.code, 0);
        assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
        let r: Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(r["result"]["results"][0]["state"], "overdue", "{r}");
    }
    // Forced to NDJSON, each line is a request of its own.
    let out = run(&["eval", "--lines"], pretty.as_bytes());
    assert_eq!(out.stdout.lines().count(), pretty.lines().count());
    assert!(out.stdout.lines().all(|l| l.contains("invalid_json")));
    // A one-line request forced whole, and a file.
    let dir = folder("eval_file");
    std::fs::write(dir.join("req.json"), pretty.as_bytes()).unwrap();
    let out = run_in(&dir, &["eval", "req.json"], b"");
    assert!(
        out.stdout.contains(r#""state":"overdue""#),
        "{}",
        out.stdout
    );
    let out = run(
        &["eval", "--whole"],
        b"{\"op\": \"tier.suggest\", \"tags\": []}\n{}\n",
    );
    assert!(out.stdout.contains("trailing characters"), "{}", out.stdout);
    // Nothing in, nothing out.
    let out = run(&["eval"], b"\n\n");
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
}

// ------------------------------------------------------------------ visits

/// A clerk's residents file: a byte order mark, CRLF line ends, a quoted
/// cell with commas and quotes, tiers as Chinese and English labels, and
/// bad rows of every kind among good ones.
const RESIDENTS: &str = "\u{feff}id,tier,tier_since,last_visit,grid,worker\r\n\
    r1,绿,2026-01-05,,g1,w1\r\n\
    r2,红色,2026-11-20,2026-11-24,g1,w1\r\n\
    \"r3, the \"\"third\"\"\",Orange,2026-09-01,2026-11-08,\"g2, east\",w2\r\n\
    r4,紫,2026-09-01,,g2,w2\r\n\
    r5,蓝,2026-13-01,,g2,w2\r\n\
    r6,蓝色,2026-06-01,2026-11-01,g3,w3\r\n\
    r7,green,2026-01-05\r\n\
    r8,GREEN,2026-01-05,2026-11-02,g3,\r\n\
    r9,橙色,2026-11-20,2026-11-27,g3,w3\r\n\
    ,红,2026-11-20,,g3,w3\r\n\
    r11,blue,2026-06-01,2026-11-20,g3,w3\r\n";

/// The same residents, as a program would send them to `visit.worklist`
/// (codes, not labels), without the rows the CSV itself breaks.
fn residents_json() -> Value {
    json!([
        {"id": "r1", "tier": "green", "tier_since": "2026-01-05", "grid": "g1", "worker": "w1"},
        {"id": "r2", "tier": "red", "tier_since": "2026-11-20", "last_visit": "2026-11-24", "grid": "g1", "worker": "w1"},
        {"id": "r3, the \"third\"", "tier": "orange", "tier_since": "2026-09-01", "last_visit": "2026-11-08", "grid": "g2, east", "worker": "w2"},
        {"id": "r4", "tier": "紫", "tier_since": "2026-09-01", "grid": "g2", "worker": "w2"},
        {"id": "r5", "tier": "blue", "tier_since": "2026-13-01", "grid": "g2", "worker": "w2"},
        {"id": "r6", "tier": "blue", "tier_since": "2026-06-01", "last_visit": "2026-11-01", "grid": "g3", "worker": "w3"},
        {"id": "r8", "tier": "green", "tier_since": "2026-01-05", "last_visit": "2026-11-02", "grid": "g3"},
        {"id": "r9", "tier": "orange", "tier_since": "2026-11-20", "last_visit": "2026-11-27", "grid": "g3", "worker": "w3"},
        {"tier": "red", "tier_since": "2026-11-20", "grid": "g3", "worker": "w3"},
        {"id": "r11", "tier": "blue", "tier_since": "2026-06-01", "last_visit": "2026-11-20", "grid": "g3", "worker": "w3"}
    ])
}

#[test]
fn visits_gives_the_worklist_of_the_core_and_keeps_every_bad_row_with_its_line() {
    let dir = folder("visits");
    std::fs::write(dir.join("residents.csv"), RESIDENTS).unwrap();
    let out = run_in(
        &dir,
        &["visits", "residents.csv", "--as-of", "2026-11-26"],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = csv_rows(&out.stdout);

    // The alerts are visit.worklist's, in its order, with the rows' lines.
    let expected = response(&json!({"op": "visit.worklist", "as_of": "2026-11-26",
                                     "residents": residents_json()}));
    let alerts = expected["result"]["alerts"].as_array().unwrap();
    assert!(alerts.len() >= 3, "{expected}");
    let fields = [
        "id",
        "tier",
        "grid",
        "worker",
        "state",
        "period_start",
        "period_end",
        "due",
        "days_left",
        "missed_periods",
        "alert",
    ];
    for (row, alert) in rows.iter().zip(alerts) {
        for f in fields {
            let want = match &alert[f] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            assert_eq!(row[f], want, "{f} of {row:?}");
        }
        assert_eq!(row["error"], "");
    }
    let line_of = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .map(|r| r["line"].clone())
    };
    assert_eq!(line_of("r1").as_deref(), Some("2"));
    assert_eq!(line_of("r3, the \"third\"").as_deref(), Some("4"));
    assert_eq!(
        rows.iter()
            .find(|r| r["id"] == "r3, the \"third\"")
            .unwrap()["grid"],
        "g2, east"
    );

    // Then every bad row, in line order, with its error: none is dropped.
    let bad: Vec<(&str, &str, &str, &str)> = rows[alerts.len()..]
        .iter()
        .map(|r| {
            (
                r["line"].as_str(),
                r["id"].as_str(),
                r["error"].as_str(),
                r["error_column"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        bad,
        [
            ("5", "r4", "unknown_tier", "tier"),
            ("6", "r5", "invalid_date", "tier_since"),
            ("8", "r7", "invalid_value", ""),
            ("9", "r8", "missing_field", "worker"),
            ("10", "r9", "visit_after_as_of", "last_visit"),
            ("11", "", "missing_field", "id"),
        ]
    );
    let r7 = &rows[alerts.len() + 2];
    assert!(
        r7["error_message"].contains("3 cells where the header has 6"),
        "{r7:?}"
    );
    assert!(rows[alerts.len()]["error_message"].contains("the policy's tiers are green"));
    // The core's own errors, word for word.
    let errors = expected["result"]["errors"].as_array().unwrap();
    assert_eq!(
        errors[0]["error"]["message"],
        rows[alerts.len()]["error_message"].as_str()
    );

    // Standard error: each bad row with its line, what happened, the
    // counts per worker.
    for line in [
        "line 5, column tier: unknown_tier",
        "line 6, column tier_since: invalid_date",
        "line 8: invalid_value",
        "line 9, column worker: missing_field",
        "line 10, column last_visit: visit_after_as_of",
        "line 11, column id",
    ] {
        assert!(out.stderr.contains(line), "{line}:\n{}", out.stderr);
    }
    assert!(
        out.stderr.contains("6 bad rows, kept in the output"),
        "{}",
        out.stderr
    );
    let by_worker = expected["result"]["by_worker"].as_object().unwrap();
    for (w, c) in by_worker {
        let cells = [
            w.clone(),
            c["escalation"].to_string(),
            c["warning"].to_string(),
            c["reminder"].to_string(),
        ];
        assert!(
            out.stderr
                .lines()
                .any(|l| l.split_whitespace().eq(cells.iter().map(String::as_str))),
            "{w}:\n{}",
            out.stderr
        );
    }
}

#[test]
fn visits_writes_its_files_when_asked_and_a_bom_for_excel() {
    let dir = folder("visits_files");
    std::fs::write(dir.join("r.csv"), RESIDENTS).unwrap();
    let out = run_in(
        &dir,
        &[
            "visits",
            "r.csv",
            "--as-of=2026-11-26",
            "-o",
            "worklist.csv",
            "--summary",
            "workers.csv",
            "--bom",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    let worklist = std::fs::read_to_string(dir.join("worklist.csv")).unwrap();
    assert!(worklist.starts_with("\u{feff}line,id,tier,"), "{worklist}");
    assert!(!worklist.contains('\r'));
    let summary = std::fs::read_to_string(dir.join("workers.csv")).unwrap();
    let summary = summary.trim_start_matches('\u{feff}');
    assert_eq!(
        summary.lines().next(),
        Some("worker,escalation,warning,reminder")
    );
    assert_eq!(summary.lines().count(), 4, "{summary}"); // w1, w2, w3
    // The same worklist as on standard output.
    let plain = run_in(&dir, &["visits", "r.csv", "--as-of", "2026-11-26"], b"");
    assert_eq!(worklist.trim_start_matches('\u{feff}'), plain.stdout);
    // From standard input, LF line ends, no mark: the same rows.
    let lf = RESIDENTS
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n");
    let piped = run_in(
        &dir,
        &["visits", "-", "--as-of", "2026-11-26"],
        lf.as_bytes(),
    );
    assert_eq!(piped.stdout, plain.stdout);
}

#[test]
fn visits_reads_a_localitys_policy_with_its_own_labels() {
    let dir = folder("visits_policy");
    let policy = json!({"version": "yifeng-1", "tiers": [
        {"code": "ordinary", "cadence": "monthly", "reminder_days": 5, "escalate_after_missed": 3,
         "labels": ["普通", "绿"]},
        {"code": "watch", "cadence": {"every_days": 10}, "reminder_days": 2, "escalate_after_missed": 1,
         "labels": ["关注", "黄"]}]});
    std::fs::write(dir.join("policy.json"), policy.to_string()).unwrap();
    let csv = "id,tier,tier_since,last_visit,worker\na,黄,2026-10-01,2026-11-10,w1\nb,普通,2026-01-05,,w1\nc,红,2026-01-05,,w1\n";
    std::fs::write(dir.join("r.csv"), csv).unwrap();
    let out = run_in(
        &dir,
        &[
            "visits",
            "r.csv",
            "--as-of",
            "2026-11-26",
            "--policy",
            "policy.json",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = csv_rows(&out.stdout);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r["id"].as_str(), r["tier"].as_str(), r["error"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("a", "watch", ""),
            ("b", "ordinary", ""),
            ("c", "红", "unknown_tier")
        ]
    );
    assert_eq!(rows[0]["days_left"], "-6");

    // A policy whose label names two tiers is refused, in one line.
    let bad = json!({"tiers": [
        {"code": "a", "cadence": "weekly", "reminder_days": 0, "escalate_after_missed": 1, "labels": ["绿"]},
        {"code": "b", "cadence": "daily", "reminder_days": 0, "escalate_after_missed": 1, "labels": ["绿"]}]});
    std::fs::write(dir.join("bad.json"), bad.to_string()).unwrap();
    let out = run_in(
        &dir,
        &[
            "visits",
            "r.csv",
            "--as-of",
            "2026-11-26",
            "--policy",
            "bad.json",
        ],
        b"",
    );
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("invalid_policy at tiers[1].labels[0]"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
}

#[rstest]
#[case::chinese_character("绿", "green")]
#[case::chinese_word("绿色", "green")]
#[case::english("Green", "green")]
#[case::english_upper("BLUE", "blue")]
#[case::code("orange", "orange")]
#[case::orange_word("橙色", "orange")]
#[case::red_character("红", "red")]
#[case::red_word(" 红色 ", "red")]
fn visits_reads_tier_labels(#[case] label: &str, #[case] code: &str) {
    let csv = format!("id,tier,tier_since,last_visit,worker\nx,\"{label}\",2020-01-06,,w\n");
    let out = run(&["visits", "-", "--as-of", "2026-11-26"], csv.as_bytes());
    let rows = csv_rows(&out.stdout);
    assert_eq!(
        (rows[0]["tier"].as_str(), rows[0]["error"].as_str()),
        (code, "")
    );
}

#[test]
fn visits_reports_a_row_that_is_not_utf8_and_reads_the_others() {
    // 绿 in GBK, as Excel saves "CSV" on a Chinese Windows.
    let mut csv = b"id,tier,tier_since,last_visit,worker\na,".to_vec();
    csv.extend_from_slice(&[0xC2, 0xCC]);
    csv.extend_from_slice(b",2026-01-05,,w\nb,green,2026-01-05,,w\n");
    let out = run(&["visits", "-", "--as-of", "2026-11-26"], &csv);
    assert_eq!(out.code, 0);
    let rows = csv_rows(&out.stdout);
    assert_eq!(rows[0]["id"], "b");
    assert_eq!(
        (rows[1]["line"].as_str(), rows[1]["error"].as_str()),
        ("2", "invalid_value")
    );
    assert!(rows[1]["error_message"].contains("CSV UTF-8"));
}

#[rstest]
#[case::unknown_column(
    "id,tier,tier_since,last_vist,worker\n",
    r#"unknown column "last_vist""#
)]
#[case::missing_column("id,tier,tier_since,worker\n", r#"no column "last_visit""#)]
#[case::repeated_column(
    "id,tier,tier_since,last_visit,worker,tier\n",
    r#"column "tier" is named twice"#
)]
#[case::empty("", "is empty")]
fn visits_refuses_a_header_that_is_not_the_residents_in_one_line(
    #[case] csv: &str,
    #[case] says: &str,
) {
    let out = run(&["visits", "-", "--as-of", "2026-11-26"], csv.as_bytes());
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("wangshi: standard input"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains(says), "{}", out.stderr);
}

// ------------------------------------------------------------------ triage

#[test]
fn triage_gives_the_decisions_of_the_core_in_row_order_with_bad_rows_in_place() {
    let csv = "\u{feff}id,item,reported_on,parties,repeat_count,amount,flags\r\n\
        c1,CS-01,2026-11-20,,,,\r\n\
        c2,MD-03,2026-11-20,12,0,180000,needs_department\r\n\
        \"c3, gas\",AQ-04,2026-11-20,1,,,\"emergency; needs_department\"\r\n\
        c4,XX-99,2026-11-20,,,,\r\n\
        c5,MD-02,2026-11-20,2.5,,,\r\n\
        c6,MD-02,2026-11-20,2.0,,\"50,000\",\r\n\
        c7,MD-02,2026-11-20,2,,,property_dispute|bogus\r\n\
        c8,MD-02,2026-11-20\r\n\
        c9,MS-04,2026-11-20,,1,,court_entrusted|\r\n\
        c10,DJ-01,2022-06-01,,,,\r\n";
    let dir = folder("triage");
    std::fs::write(dir.join("cases.csv"), csv).unwrap();
    let out = run_in(&dir, &["triage", "cases.csv"], b"");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = csv_rows(&out.stdout);
    assert_eq!(rows.len(), 10);
    let lines: Vec<&str> = rows.iter().map(|r| r["line"].as_str()).collect();
    assert_eq!(lines, ["2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]);

    let cases = json!([
        {"id": "c1", "item": "CS-01", "reported_on": "2026-11-20"},
        {"id": "c2", "item": "MD-03", "reported_on": "2026-11-20", "parties": 12, "repeat_count": 0, "amount": 180000, "flags": ["needs_department"]},
        {"id": "c3, gas", "item": "AQ-04", "reported_on": "2026-11-20", "parties": 1, "flags": ["emergency", "needs_department"]},
        {"id": "c4", "item": "XX-99", "reported_on": "2026-11-20"},
        {"id": "c5", "item": "MD-02", "reported_on": "2026-11-20", "parties": 2.5},
        {"id": "c6", "item": "MD-02", "reported_on": "2026-11-20", "parties": 2.0, "amount": "50,000"},
        {"id": "c7", "item": "MD-02", "reported_on": "2026-11-20", "parties": 2, "flags": ["property_dispute", "bogus"]},
        {"id": "c9", "item": "MS-04", "reported_on": "2026-11-20", "repeat_count": 1, "flags": ["court_entrusted"]},
        {"id": "c10", "item": "DJ-01", "reported_on": "2022-06-01"}
    ]);
    let expected = response(&json!({"op": "case.classify", "cases": cases}));
    let results = expected["result"]["results"].as_array().unwrap();
    let csv_rows_sent: Vec<_> = rows.iter().filter(|r| r["id"] != "c8").collect();
    let text = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    for (row, r) in csv_rows_sent.iter().zip(results) {
        assert_eq!(row["id"], text(&r["id"]));
        if let Some(e) = r.get("error") {
            assert_eq!(row["error"], text(&e["code"]), "{row:?}");
            assert_eq!(row["error_message"], text(&e["message"]));
            assert_eq!(row["class"], "");
            continue;
        }
        assert_eq!(row["error"], "");
        for (col, v) in [
            ("class", &r["class"]),
            ("center", &r["center"]),
            ("level", &r["level"]),
            ("whistle_department", &r["whistle"]["department"]),
            ("whistle_minutes", &r["whistle"]["report_within_minutes"]),
            (
                "judicial_confirmation_within_days",
                &r["mediation"]["judicial_confirmation_within_days"],
            ),
            ("immediate_report", &r["immediate_report"]),
        ] {
            assert_eq!(row[col], text(v), "{col} of {row:?}");
        }
        assert_eq!(row["mediation"], (!r["mediation"].is_null()).to_string());
        let rules: Vec<String> = r["matched_rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(text)
            .collect();
        assert_eq!(row["matched_rules"], rules.join(";"));
    }
    let errors: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| !r["error"].is_empty())
        .map(|r| {
            (
                r["id"].as_str(),
                r["error"].as_str(),
                r["error_column"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("c4", "unknown_item", "item"),
            ("c5", "invalid_value", "parties"),
            ("c6", "invalid_value", "amount"),
            ("c7", "invalid_value", "flags"),
            ("c8", "invalid_value", ""),
            ("c10", "item_not_in_force", "item"),
        ]
    );
    assert_eq!(rows[2]["class"], "safety");
    assert_eq!(rows[8]["mediation"], "true");
    assert!(
        out.stderr
            .contains("cases.csv line 5, column item: unknown_item"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("cases.csv line 9: invalid_value"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("4 of 10 cases classified"),
        "{}",
        out.stderr
    );
}

#[test]
fn triage_takes_a_localitys_rules_and_catalogue() {
    let dir = folder("triage_local");
    let mut rules = wangshi::TriageRules::default().to_value();
    rules["center_overrides"] = json!([{"id": "center.property_dispute_talk_first",
        "classes": ["complex"], "flags": ["property_dispute"], "center": "talk"}]);
    std::fs::write(dir.join("rules.json"), rules.to_string()).unwrap();
    std::fs::write(
        dir.join("catalog.json"),
        serde_json::to_string(&wangshi::Catalog::default_catalog().to_value()).unwrap(),
    )
    .unwrap();
    let csv = "id,item,reported_on,flags\ne4,MD-02,2026-11-20,property_dispute\n";
    std::fs::write(dir.join("cases.csv"), csv).unwrap();
    let out = run_in(
        &dir,
        &[
            "triage",
            "cases.csv",
            "--rules",
            "rules.json",
            "--catalog",
            "catalog.json",
            "-o",
            "out.csv",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = csv_rows(&std::fs::read_to_string(dir.join("out.csv")).unwrap());
    assert_eq!(rows[0]["center"], "talk");
    assert!(rows[0]["matched_rules"].contains("center.property_dispute_talk_first"));

    std::fs::write(dir.join("bad.json"), r#"{"complex": {"flags": ["nope"]}}"#).unwrap();
    let out = run_in(&dir, &["triage", "cases.csv", "--rules", "bad.json"], b"");
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("wangshi: --rules bad.json: "),
        "{}",
        out.stderr
    );
}

// ------------------------------------------------------------ arguments

#[rstest]
#[case::top(&["--help"], "Usage: wangshi <COMMAND>")]
#[case::top_short(&["-h"], "Usage: wangshi <COMMAND>")]
#[case::eval(&["eval", "--help"], "Usage: wangshi eval")]
#[case::visits(&["visits", "--help"], "Usage: wangshi visits")]
#[case::triage(&["triage", "--help"], "Usage: wangshi triage")]
#[case::help_command(&["help", "visits"], "Usage: wangshi visits")]
fn every_command_has_help(#[case] args: &[&str], #[case] usage: &str) {
    let out = run(args, b"");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(usage), "{}", out.stdout);
    assert_eq!(out.stderr, "");
}

#[test]
fn visits_help_names_the_labels_of_the_built_in_policy() {
    let out = run(&["visits", "--help"], b"");
    for t in wangshi::visit::default_policy().tiers() {
        assert!(
            out.stdout
                .contains(&format!("{}: {}", t.code, t.labels.join(", "))),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn version() {
    let out = run(&["--version"], b"");
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout.trim(),
        format!("wangshi {}", env!("CARGO_PKG_VERSION"))
    );
}

#[rstest]
#[case::unknown_argument(&["visits", "r.csv", "--as-of", "2026-11-26", "--bogus"], "unexpected argument '--bogus'")]
#[case::misspelt_option(&["visits", "r.csv", "--as_of", "2026-11-26"], "a similar argument exists: '--as-of'")]
#[case::unknown_command(&["visit", "r.csv"], "unrecognized subcommand 'visit'")]
#[case::eval_unknown_argument(&["eval", "--pretty"], "unexpected argument '--pretty'")]
#[case::triage_unknown_argument(&["triage", "c.csv", "--as-of", "2026-11-26"], "unexpected argument '--as-of'")]
#[case::no_date(&["visits", "r.csv"], "--as-of <YYYY-MM-DD>")]
#[case::impossible_date(&["visits", "r.csv", "--as-of", "2026-02-30"], "\"2026-02-30\" is not a date")]
#[case::short_date(&["visits", "r.csv", "--as-of=2026-1-5"], "\"2026-1-5\" is not a date")]
#[case::year_out_of_range(&["visits", "r.csv", "--as-of=2200-01-01"], "between 1900-01-01 and 2199-12-31")]
#[case::not_a_date(&["visits", "r.csv", "--as-of", "today"], "\"today\" is not a date")]
#[case::missing_value(&["triage", "c.csv", "--rules"], "a value is required for '--rules")]
#[case::both_modes(&["eval", "--lines", "--whole"], "cannot be used with")]
#[case::missing_residents(&["visits", "nope.csv", "--as-of", "2026-11-26"], "cannot open nope.csv: no such file")]
#[case::missing_cases(&["triage", "nope.csv"], "cannot open nope.csv: no such file")]
#[case::missing_requests(&["eval", "nope.json"], "cannot open nope.json: no such file")]
#[case::missing_policy(&["visits", "r.csv", "--as-of", "2026-11-26", "--policy", "nope.json"], "cannot open nope.json")]
#[case::missing_catalog(&["triage", "c.csv", "--catalog", "nope.json"], "cannot open nope.json")]
#[case::a_folder(&["eval", "."], "it is a directory")]
fn bad_arguments_exit_2_with_one_line(#[case] args: &[&str], #[case] says: &str) {
    let dir = folder(&format!(
        "bad_arguments_{}",
        args.join("_").replace(['/', '.'], "_")
    ));
    std::fs::write(dir.join("r.csv"), RESIDENTS).unwrap();
    std::fs::write(dir.join("c.csv"), "id,item,reported_on\n").unwrap();
    let out = run_in(&dir, args, b"");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    let line = out.stderr.trim_end();
    assert!(line.starts_with("wangshi: "), "{line}");
    assert!(line.contains(says), "{line}");
    for debug in ["panicked", "Error {", "Os {", "kind:", "RUST_BACKTRACE"] {
        assert!(!line.contains(debug), "{line}");
    }
}

#[test]
fn no_command_prints_the_help_and_exits_2() {
    let out = run(&[], b"");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("Usage: wangshi <COMMAND>"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_closed_output_stops_eval_quietly() {
    // `wangshi eval | head -1`: the reader goes away; no message, status 1.
    let mut child = Command::new(env!("CARGO_BIN_EXE_wangshi"))
        .args(["eval"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut input = child.stdin.take().unwrap();
    let line = b"{\"op\": \"tier.suggest\", \"tags\": []}\n".repeat(10_000);
    let _ = input.write_all(&line);
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
