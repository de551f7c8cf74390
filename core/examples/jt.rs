use std::time::Instant;
use wangshi::date::parse_date;
use wangshi::visit::VisitPolicy;
use wangshi_testkit::visit as synthetic;
fn main() {
    let policy = VisitPolicy::default();
    let as_of = parse_date("2026-11-26").unwrap();
    let r = synthetic::residents(&policy, 200_000, 100, as_of, 7);
    let residents = synthetic::residents_json(&policy, &r);
    for op in ["visit.status", "visit.worklist"] {
        let request = format!(r#"{{"op": "{op}", "as_of": "2026-11-26", "residents": {residents}}}"#);
        let mut best = f64::MAX;
        for _ in 0..15 {
            let t = Instant::now();
            let out = wangshi::evaluate_json(&request);
            best = best.min(t.elapsed().as_secs_f64());
            std::hint::black_box(out);
        }
        let t = Instant::now();
        let _: serde::de::IgnoredAny = serde_json::from_str(&request).unwrap();
        let skip = t.elapsed().as_secs_f64();
        println!("{op}: best {:.1} ms ({:.2} M/s); skip pass {:.1} ms", best * 1e3, 0.2 / best, skip * 1e3);
    }
}
