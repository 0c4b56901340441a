//! How generation time and peak memory grow with schema size: synthetic schemas of 10, 100,
//! 1,000 and 10,000 types of 20 fields each. Prints a table (median of several runs), writes
//! `target/schemagen-bench/scaling.csv` and a log-log plot `target/schemagen-bench/scaling.svg`.

use schemagen_benches::{Counting, generate_from_text, peak, reset_peak, synthetic_schema};
use std::time::Instant;

#[global_allocator]
static ALLOC: Counting = Counting;

struct Row {
    types: usize,
    median_s: f64,
    per_type_us: f64,
    peak_mb: f64,
    output_mb: f64,
}

fn measure(types: usize, runs: usize) -> Row {
    let text = synthetic_schema(types, 20);
    let mut times = Vec::with_capacity(runs);
    let mut peak_bytes = 0usize;
    let mut out = 0usize;
    for _ in 0..runs {
        let base = reset_peak();
        let start = Instant::now();
        out = std::hint::black_box(generate_from_text("synthetic.yaml", &text));
        times.push(start.elapsed().as_secs_f64());
        peak_bytes = peak_bytes.max(peak() - base);
    }
    times.sort_by(f64::total_cmp);
    let median_s = times[times.len() / 2];
    Row {
        types,
        median_s,
        per_type_us: median_s * 1e6 / types as f64,
        peak_mb: peak_bytes as f64 / 1e6,
        output_mb: out as f64 / 1e6,
    }
}

fn svg(rows: &[Row]) -> String {
    let (w, h, m) = (640.0, 420.0, 60.0);
    let lx = |v: f64| v.log10();
    let (x0, x1) = (
        lx(rows[0].types as f64),
        lx(rows[rows.len() - 1].types as f64),
    );
    let ys: Vec<f64> = rows.iter().map(|r| lx(r.median_s)).collect();
    let (y0, y1) = (
        ys.iter().cloned().fold(f64::INFINITY, f64::min).floor(),
        ys.iter().cloned().fold(f64::NEG_INFINITY, f64::max).ceil(),
    );
    let px = |x: f64| m + (x - x0) / (x1 - x0) * (w - 2.0 * m);
    let py = |y: f64| h - m - (y - y0) / (y1 - y0).max(1e-9) * (h - 2.0 * m);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">\n"
    );
    s.push_str(&format!(
        "<rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n"
    ));
    s.push_str(&format!("<text x=\"{}\" y=\"24\" text-anchor=\"middle\" font-size=\"14\">schemagen generation time vs. schema size (log-log)</text>\n", w / 2.0));
    s.push_str(&format!(
        "<line x1=\"{m}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/>\n",
        h - m,
        w - m,
        h - m
    ));
    s.push_str(&format!(
        "<line x1=\"{m}\" y1=\"{m}\" x2=\"{m}\" y2=\"{}\" stroke=\"black\"/>\n",
        h - m
    ));
    for r in rows {
        let x = px(lx(r.types as f64));
        s.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
            h - m + 18.0,
            r.types
        ));
    }
    let mut e = y0;
    while e <= y1 + 1e-9 {
        let y = py(e);
        let label = if e >= 0.0 {
            format!("{} s", 10f64.powf(e))
        } else {
            format!("{} ms", 10f64.powf(e + 3.0))
        };
        s.push_str(&format!("<line x1=\"{}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#ddd\"/>\n<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{label}</text>\n", m, w - m, m - 6.0, y + 4.0));
        e += 1.0;
    }
    let points: Vec<String> = rows
        .iter()
        .map(|r| format!("{:.1},{:.1}", px(lx(r.types as f64)), py(lx(r.median_s))))
        .collect();
    s.push_str(&format!(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n",
        points.join(" ")
    ));
    for p in &points {
        let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
        s.push_str(&format!(
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"4\" fill=\"#1f77b4\"/>\n"
        ));
    }
    // A slope-1 guide through the first point: linear growth.
    let (gx0, gy0) = (lx(rows[0].types as f64), lx(rows[0].median_s));
    let gy1 = gy0 + (x1 - gx0);
    s.push_str(&format!(
        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#999\" stroke-dasharray=\"5,4\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#666\">linear</text>\n",
        px(gx0), py(gy0), px(x1), py(gy1), px(x1) - 40.0, py(gy1) - 6.0
    ));
    s.push_str(&format!("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">object types (20 fields each)</text>\n</svg>\n", w / 2.0, h - 16.0));
    s
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and must stay quick.
    let full = std::env::args().any(|a| a == "--bench");
    let sizes: &[(usize, usize)] = if full {
        &[(10, 21), (100, 11), (1_000, 5), (10_000, 3)]
    } else {
        &[(10, 1), (100, 1)]
    };
    let rows: Vec<Row> = sizes.iter().map(|&(n, runs)| measure(n, runs)).collect();
    println!(
        "{:>7} {:>12} {:>14} {:>12} {:>12}",
        "types", "median", "per type", "peak heap", "output"
    );
    for r in &rows {
        println!(
            "{:>7} {:>10.2}ms {:>12.1}us {:>10.1}MB {:>10.1}MB",
            r.types,
            r.median_s * 1e3,
            r.per_type_us,
            r.peak_mb,
            r.output_mb
        );
    }
    if let (Some(a), Some(b)) = (
        rows.iter().find(|r| r.types == 100),
        rows.iter().find(|r| r.types == 10_000),
    ) {
        println!(
            "per-type time ratio 10,000 vs 100 types: {:.2}x",
            b.per_type_us / a.per_type_us
        );
    }
    let dir = schemagen_benches::repo_root().join("target/schemagen-bench");
    if std::fs::create_dir_all(&dir).is_ok() {
        let csv: String =
            std::iter::once("types,median_s,per_type_us,peak_mb,output_mb\n".to_string())
                .chain(rows.iter().map(|r| {
                    format!(
                        "{},{},{},{},{}\n",
                        r.types, r.median_s, r.per_type_us, r.peak_mb, r.output_mb
                    )
                }))
                .collect();
        let _ = std::fs::write(dir.join("scaling.csv"), csv);
        let _ = std::fs::write(dir.join("scaling.svg"), svg(&rows));
        println!("wrote {}", dir.join("scaling.svg").display());
    }
}
