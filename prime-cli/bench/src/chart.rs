//! The chart of docs/gas.md (plotters, SVG backend): per step, our gas relative to the
//! reference's (1.0 = the Solidity reference) uncached and cached, and the whole flow with the
//! issue's 0.7 × target.

use anyhow::{anyhow, Result};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{
    flow::FlowRun,
    report::{self, Provenance},
};

const UNCACHED: RGBColor = RGBColor(214, 96, 77);
const CACHED: RGBColor = RGBColor(67, 147, 195);
const TARGET: RGBColor = RGBColor(27, 120, 55);
const ROW_PX: u32 = 34;
/// Empty rows above the steps, where the legend goes (it would cover bars anywhere else).
const LEGEND_ROWS: f64 = 2.6;

/// One row of the chart: label, uncached ratio, cached ratio.
type Bars = (String, f64, f64);

fn bars(uncached: &FlowRun, cached: &FlowRun) -> Vec<Bars> {
    report::rows(uncached, cached, "")
        .into_iter()
        .map(|r| {
            let reference = r.reference as f64;
            (
                r.label,
                r.uncached as f64 / reference,
                r.cached as f64 / reference,
            )
        })
        .collect()
}

/// The SVG document.
pub fn svg(uncached: &FlowRun, cached: &FlowRun, p: &Provenance) -> Result<String> {
    let rows = bars(uncached, cached);
    let n = rows.len();
    let widest = rows.iter().map(|(_, u, c)| u.max(*c)).fold(1.0, f64::max);
    // Room for the value labels right of the longest bar, in quarter steps.
    let x_max = ((widest * 1.12) * 4.0).ceil() / 4.0;
    let size = (960, 150 + (ROW_PX as f64 * (n as f64 + LEGEND_ROWS)) as u32);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let err = |e: &dyn std::fmt::Display| anyhow!("drawing the chart: {e}");
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Gas per step relative to the Solidity reference (1.0 = reference)",
                ("sans-serif", 20),
            )
            .margin(12)
            .set_label_area_size(LabelAreaPosition::Left, 210)
            .set_label_area_size(LabelAreaPosition::Bottom, 50)
            .build_cartesian_2d(0f64..x_max, 0f64..n as f64 + LEGEND_ROWS)
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(((x_max / 0.25) as usize + 1).min(24))
            .x_label_formatter(&|x| format!("{x:.2}"))
            .x_desc(format!("our gas / reference gas ({})", p.metering))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(|e| err(&e))?;

        // Row i from the top spans y in [n - i - 1, n - i): uncached above cached.
        let top = |i: usize| (n - i) as f64;
        let bar = |i: usize, v: f64, upper: bool, color: RGBColor| {
            let (y0, y1) = if upper {
                (top(i) - 0.48, top(i) - 0.12)
            } else {
                (top(i) - 0.88, top(i) - 0.52)
            };
            Rectangle::new([(0.0, y0), (v, y1)], color.filled())
        };
        chart
            .draw_series(
                rows.iter()
                    .enumerate()
                    .map(|(i, (_, u, _))| bar(i, *u, true, UNCACHED)),
            )
            .map_err(|e| err(&e))?
            .label("uncached")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], UNCACHED.filled()));
        chart
            .draw_series(
                rows.iter()
                    .enumerate()
                    .map(|(i, (_, _, c))| bar(i, *c, false, CACHED)),
            )
            .map_err(|e| err(&e))?
            .label("cached (ArbWasmCache)")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], CACHED.filled()));
        let value_style = TextStyle::from(("sans-serif", 11))
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        chart
            .draw_series(rows.iter().enumerate().flat_map(|(i, (_, u, c))| {
                let pad = x_max / 200.0;
                [
                    Text::new(
                        format!("{u:.2}"),
                        (u + pad, top(i) - 0.30),
                        value_style.clone(),
                    ),
                    Text::new(
                        format!("{c:.2}"),
                        (c + pad, top(i) - 0.70),
                        value_style.clone(),
                    ),
                ]
            }))
            .map_err(|e| err(&e))?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(1.0, 0.0), (1.0, n as f64)],
                BLACK.stroke_width(2),
            )))
            .map_err(|e| err(&e))?
            .label("reference (Solidity on the EVM)")
            .legend(|(x, y)| {
                PathElement::new(vec![(x + 7, y - 7), (x + 7, y + 7)], BLACK.stroke_width(2))
            });
        // The target for the whole flow (cached): 0.7 × the reference.
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.7, 0.0), (0.7, 1.0)],
                TARGET.stroke_width(3),
            )))
            .map_err(|e| err(&e))?
            .label("target for the whole flow, cached: 0.7")
            .legend(|(x, y)| {
                PathElement::new(vec![(x + 7, y - 7), (x + 7, y + 7)], TARGET.stroke_width(3))
            });
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.4))
            .label_font(("sans-serif", 12))
            .draw()
            .map_err(|e| err(&e))?;

        // Step names left of the plot, centred on their rows.
        let label_style = TextStyle::from(("sans-serif", 13))
            .color(&BLACK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        for (i, (label, _, _)) in rows.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(0.0, top(i) - 0.5));
            root.draw(&Text::new(label.clone(), (x - 8, y), label_style.clone()))
                .map_err(|e| err(&e))?;
        }
        root.draw(&Text::new(
            format!(
                "measured {} at commit {}; scripts/bench-gas.sh",
                p.date, p.commit
            ),
            (12, size.1 as i32 - 14),
            TextStyle::from(("sans-serif", 11)).color(&BLACK.mix(0.6)),
        ))
        .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(out)
}
