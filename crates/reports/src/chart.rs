//! The report's charts as SVG documents drawn with plotters: the volume per day (a bar for
//! the cases registered, a line for those closed) and the rates by service (three bars per
//! service). Every label comes from the caller, already translated; each document starts
//! with a `<title>` and `role="img"` for screen readers, and a chart without data says so
//! instead of drawing empty axes.

use crate::figures::DayVolume;
use crate::groups::GroupRates;
use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue};
use plotters::prelude::*;
use thiserror::Error;

/// The charts' size in pixels (the page scales the SVG to its width).
const SIZE: (u32, u32) = (900, 420);
/// The registered cases' colour, and the compliance bars' (Okabe–Ito palette, which stays
/// distinct for colour-blind readers).
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// The closed cases' line, and the automation bars.
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// The overturn bars.
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);

/// Slots of the rates chart's horizontal axis per service: three bars and a gap.
const SLOTS_PER_GROUP: u32 = 4;

/// How a rate is read from a group.
type RateOf = fn(&GroupRates) -> Option<f64>;

/// Why a chart could not be drawn (plotters' message; it holds no case data).
#[derive(Debug, Error)]
#[error("the chart could not be drawn: {0}")]
pub struct ChartError(String);

fn drawing<E: std::error::Error + Send + Sync>(error: DrawingAreaErrorKind<E>) -> ChartError {
    ChartError(error.to_string())
}

/// The texts of the volume chart.
#[derive(Debug, Clone, Copy)]
pub struct VolumeLabels<'a> {
    /// The chart's title (also its `<title>`).
    pub title: &'a str,
    /// The series of cases registered.
    pub registered: &'a str,
    /// The series of cases closed.
    pub closed: &'a str,
    /// The vertical axis (e.g. "cases").
    pub y_axis: &'a str,
    /// What an empty chart says.
    pub no_data: &'a str,
    /// How a day is written under the bars, as a chrono format (e.g. `%d.%m`).
    pub date_format: &'a str,
}

/// The texts of the rates chart.
#[derive(Debug, Clone, Copy)]
pub struct RatesLabels<'a> {
    /// The chart's title (also its `<title>`).
    pub title: &'a str,
    /// The deadline compliance bars.
    pub compliance: &'a str,
    /// The automation rate bars.
    pub automation: &'a str,
    /// The overturn rate bars.
    pub overturn: &'a str,
    /// The vertical axis (e.g. "%").
    pub y_axis: &'a str,
    /// The group of cases without a service.
    pub none: &'a str,
    /// What an empty chart says.
    pub no_data: &'a str,
}

/// The volume per day: a bar per day for the cases registered, a line for those closed.
pub fn volume_chart(volume: &[DayVolume], labels: &VolumeLabels<'_>) -> Result<String, ChartError> {
    let highest = volume
        .iter()
        .map(|v| v.registered.max(v.closed))
        .max()
        .unwrap_or(0);
    if highest == 0 {
        return no_data(labels.title, labels.no_data);
    }
    let days = u32::try_from(volume.len()).map_err(|_| ChartError("too many days".into()))?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(labels.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d(
                (0..days.saturating_sub(1)).into_segmented(),
                0..highest + highest / 10 + 1,
            )
            .map_err(drawing)?;
        let day_label = |value: &SegmentValue<u32>| match value {
            SegmentValue::CenterOf(index) => volume
                .get(*index as usize)
                .map(|v| v.day.format(labels.date_format).to_string())
                .unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(volume.len().min(15))
            .x_label_formatter(&day_label)
            .light_line_style(TRANSPARENT)
            .y_desc(labels.y_axis)
            .draw()
            .map_err(drawing)?;
        chart
            .draw_series(
                volume
                    .iter()
                    .zip(0u32..)
                    .filter(|(v, _)| v.registered > 0)
                    .map(|(v, index)| {
                        let mut bar = Rectangle::new(
                            [
                                (SegmentValue::Exact(index), 0),
                                (SegmentValue::Exact(index + 1), v.registered),
                            ],
                            BLUE.filled(),
                        );
                        bar.set_margin(0, 0, 2, 2);
                        bar
                    }),
            )
            .map_err(drawing)?
            .label(labels.registered)
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], BLUE.filled()));
        chart
            .draw_series(LineSeries::new(
                volume
                    .iter()
                    .zip(0u32..)
                    .map(|(v, index)| (SegmentValue::CenterOf(index), v.closed)),
                ORANGE.stroke_width(3),
            ))
            .map_err(drawing)?
            .label(labels.closed)
            .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], ORANGE.stroke_width(3)));
        legend(&mut chart)?;
        root.present().map_err(drawing)?;
    }
    Ok(titled(svg, labels.title))
}

/// Deadline compliance, automation and overturn rates by service: three bars per service,
/// in percent; a rate with nothing to divide by has no bar.
pub fn rates_chart(groups: &[GroupRates], labels: &RatesLabels<'_>) -> Result<String, ChartError> {
    let rated: Vec<&GroupRates> = groups
        .iter()
        .filter(|g| g.compliance().or(g.automation()).or(g.overturn()).is_some())
        .collect();
    if rated.is_empty() {
        return no_data(labels.title, labels.no_data);
    }
    // Each service takes four slots of the horizontal axis: its three bars and a gap. The
    // service's name is written under the second slot, whose centre is the bars' centre.
    let slots = u32::try_from(rated.len() * SLOTS_PER_GROUP as usize)
        .map_err(|_| ChartError("too many services".into()))?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(labels.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d((0..slots - 1).into_segmented(), 0.0..105.0)
            .map_err(drawing)?;
        let group_label = |value: &SegmentValue<u32>| match value {
            SegmentValue::CenterOf(slot) if slot % SLOTS_PER_GROUP == 1 => rated
                .get((slot / SLOTS_PER_GROUP) as usize)
                .map(|g| g.key.clone().unwrap_or_else(|| labels.none.to_owned()))
                .unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(slots as usize)
            .x_label_formatter(&group_label)
            .light_line_style(TRANSPARENT)
            .y_labels(11)
            .y_label_formatter(&|percent| format!("{percent:.0}"))
            .y_desc(labels.y_axis)
            .draw()
            .map_err(drawing)?;
        let series: [(&str, RGBColor, RateOf); 3] = [
            (labels.compliance, BLUE, GroupRates::compliance),
            (labels.automation, ORANGE, GroupRates::automation),
            (labels.overturn, GREEN, GroupRates::overturn),
        ];
        for ((name, colour, rate), offset) in series.into_iter().zip(0u32..) {
            chart
                .draw_series(rated.iter().zip(0u32..).filter_map(|(group, index)| {
                    let percent = rate(group)? * 100.0;
                    let slot = index * SLOTS_PER_GROUP + offset;
                    let mut bar = Rectangle::new(
                        [
                            (SegmentValue::Exact(slot), 0.0),
                            (SegmentValue::Exact(slot + 1), percent),
                        ],
                        colour.filled(),
                    );
                    bar.set_margin(0, 0, 1, 1);
                    Some(bar)
                }))
                .map_err(drawing)?
                .label(name)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.filled())
                });
        }
        legend(&mut chart)?;
        root.present().map_err(drawing)?;
    }
    Ok(titled(svg, labels.title))
}

/// Draws the series' legend in the upper right corner.
fn legend<'a, X, Y>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
) -> Result<(), ChartError>
where
    X: Ranged,
    Y: Ranged,
{
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(drawing)
}

/// A chart with its title and a sentence saying there is nothing to draw.
fn no_data(title: &str, message: &str) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        let root = root.titled(title, ("sans-serif", 20)).map_err(drawing)?;
        let (width, height) = root.dim_in_pixel();
        let style = ("sans-serif", 18).into_font().color(&BLACK).pos(
            plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Center,
            ),
        );
        let centre = (
            i32::try_from(width / 2).unwrap_or(0),
            i32::try_from(height / 2).unwrap_or(0),
        );
        root.draw(&Text::new(message, centre, style))
            .map_err(drawing)?;
        root.present().map_err(drawing)?;
    }
    Ok(titled(svg, title))
}

/// The document with `role="img"` on its root and `title` as its first child, so a screen
/// reader announces the chart by its title.
fn titled(svg: String, title: &str) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg;
    };
    let Some(end) = svg[start..].find('>').map(|offset| start + offset) else {
        return svg;
    };
    let escaped = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "{} role=\"img\">\n<title>{escaped}</title>{}",
        &svg[..end],
        &svg[end + 1..]
    )
}
