//! The charts parse as SVG, carry their title for screen readers, draw one bar per value,
//! and say so when there is nothing to draw.
#![allow(clippy::unwrap_used)]

mod common;

use common::{cases, period, today};
use sheshim_reports::{Dimension, Figures, RatesLabels, VolumeLabels, rates_chart, volume_chart};

const VOLUME: VolumeLabels<'static> = VolumeLabels {
    title: "Обращения по дням",
    registered: "Зарегистрировано",
    closed: "Закрыто",
    y_axis: "обращений",
    no_data: "Нет данных за период",
    date_format: "%d.%m",
};

const RATES: RatesLabels<'static> = RatesLabels {
    title: "Показатели по услугам & <темам>",
    compliance: "В срок",
    automation: "Автоматически",
    overturn: "Отменено",
    y_axis: "%",
    none: "Без услуги",
    no_data: "Нет данных за период",
};

/// The `<rect>`s filled with `colour`, as plotters writes it.
fn rects_of(document: &roxmltree::Document<'_>, colour: &str) -> usize {
    document
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(colour))
        .count()
}

fn title_of(document: &roxmltree::Document<'_>) -> String {
    let root = document.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let title = root.first_element_child().unwrap();
    assert!(title.has_tag_name("title"));
    title.text().unwrap().to_owned()
}

fn texts(document: &roxmltree::Document<'_>) -> Vec<String> {
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_owned())
        .collect()
}

#[test]
fn the_volume_chart_has_a_bar_per_day_with_registrations_and_the_closed_line() {
    let figures = Figures::compute(&cases(), &period(), today());
    let svg = volume_chart(&figures.volume, &VOLUME).unwrap();
    let document = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(title_of(&document), VOLUME.title);
    // 2, 3 and 4 March had registrations; one more rectangle is the legend's swatch.
    assert_eq!(rects_of(&document, "#0072B2"), 3 + 1);
    assert!(
        document
            .descendants()
            .any(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some("#E69F00"))
    );
    let texts = texts(&document);
    for label in [VOLUME.registered, VOLUME.closed, "02.03", "04.03"] {
        assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
    }
    assert!(!svg.contains("NaN"));
}

#[test]
fn the_rates_chart_has_three_bars_per_service_where_there_is_a_rate() {
    let figures = Figures::compute(&cases(), &period(), today());
    let svg = rates_chart(figures.groups(Dimension::Service), &RATES).unwrap();
    let document = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(title_of(&document), RATES.title, "escaped and read back");
    // The allowance has all three rates; cases without a service only compliance (0 %).
    assert_eq!(rects_of(&document, "#0072B2"), 2 + 1);
    assert_eq!(rects_of(&document, "#E69F00"), 1 + 1);
    assert_eq!(rects_of(&document, "#009E73"), 1 + 1);
    let texts = texts(&document);
    for label in [
        "childbirth-allowance",
        RATES.none,
        RATES.compliance,
        RATES.overturn,
    ] {
        assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
    }
    assert!(!svg.contains("NaN"));
}

#[test]
fn charts_of_an_empty_period_say_there_is_no_data() {
    let figures = Figures::compute(&[], &period(), today());
    let volume = volume_chart(&figures.volume, &VOLUME).unwrap();
    let rates = rates_chart(figures.groups(Dimension::Service), &RATES).unwrap();
    for svg in [volume, rates] {
        let document = roxmltree::Document::parse(&svg).unwrap();
        assert!(
            texts(&document).iter().any(|t| t == VOLUME.no_data),
            "{svg}"
        );
        assert_eq!(rects_of(&document, "#0072B2"), 0);
        assert!(!svg.contains("NaN"));
    }
}

#[test]
fn a_single_day_and_the_longest_period_draw_without_trouble() {
    use sheshim_reports::{MAX_DAYS, Period};
    let one_day = Period::new(common::day(3, 2), common::day(3, 2)).unwrap();
    let figures = Figures::compute(&cases(), &one_day, today());
    assert_eq!(figures.volume.len(), 1);
    let svg = volume_chart(&figures.volume, &VOLUME).unwrap();
    let document = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(rects_of(&document, "#0072B2"), 1 + 1);
    let start = common::day(1, 1);
    let longest = Period::new(start, start + chrono::Duration::days(MAX_DAYS - 1)).unwrap();
    let figures = Figures::compute(&cases(), &longest, today());
    assert_eq!(figures.volume.len(), MAX_DAYS as usize);
    let svg = volume_chart(&figures.volume, &VOLUME).unwrap();
    roxmltree::Document::parse(&svg).unwrap();
}
