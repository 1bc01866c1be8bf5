//! The what-if's picture: one horizontal bar per region for the reform's cost difference,
//! with the region's gainers and losers written beside it.
//!
//! A plain SVG document written directly: a bar chart needs rectangles and text only, and
//! the plotting crates would bring font loading (system font libraries) for the labels.

use crate::simulate::Comparison;
use std::fmt::Write as _;

/// Escapes text for SVG.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The chart for `lines` (one per region), titled `title`.
pub fn cost_by_region(title: &str, lines: &[Comparison]) -> String {
    let differences: Vec<f64> = lines.iter().map(|c| c.difference.to_f64()).collect();
    let widest = differences
        .iter()
        .fold(0f64, |m, d| m.max(d.abs()))
        .max(1.0);
    let (label_width, bar_width, row) = (230.0, 420.0, 22.0);
    let zero = label_width + bar_width / 2.0;
    let height = 70.0 + row * lines.len() as f64;
    let width = label_width + bar_width + 330.0;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        svg,
        r#"<text x="10" y="22" font-size="15">{}</text>"#,
        escape(title)
    );
    let _ = writeln!(
        svg,
        r##"<text x="10" y="42" fill="#555">Cost difference per region, tenge (reform minus rules in force); bars scaled to ±{widest:.0}</text>"##
    );
    let _ = writeln!(
        svg,
        r##"<line x1="{zero}" y1="52" x2="{zero}" y2="{}" stroke="#333"/>"##,
        height - 8.0
    );
    for (i, (line, difference)) in lines.iter().zip(&differences).enumerate() {
        let y = 56.0 + row * i as f64;
        let length = difference.abs() / widest * (bar_width / 2.0);
        let (x, colour) = if *difference >= 0.0 {
            (zero, "#c0392b")
        } else {
            (zero - length, "#2e86c1")
        };
        let _ = writeln!(
            svg,
            r#"<text x="10" y="{}">{}</text>"#,
            y + 14.0,
            escape(&line.name)
        );
        let _ = writeln!(
            svg,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{length:.1}" height="{:.1}" fill="{colour}"/>"#,
            row - 6.0
        );
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{}">{} · gainers {} · losers {}</text>"#,
            label_width + bar_width + 10.0,
            y + 14.0,
            escape(&line.difference.to_string()),
            line.gainers,
            line.losers
        );
    }
    svg.push_str("</svg>\n");
    svg
}
