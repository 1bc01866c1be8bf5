//! Temperature scaling: one scalar `T` fitted on held-out logits.

use crate::model::softmax;

/// Result of a temperature fit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TemperatureFit {
    pub temperature: f64,
    pub accuracy: f64,
    pub nll_before: f64,
    pub nll_after: f64,
}

/// Mean negative log-likelihood of the gold classes under `softmax(z / t)`.
fn nll(logits: &[(Vec<f64>, usize)], t: f64) -> f64 {
    let mut total = 0.0;
    let mut p = Vec::new();
    for (z, y) in logits {
        p.clear();
        p.extend_from_slice(z);
        softmax(&mut p, t);
        total -= p[*y].max(1e-300).ln();
    }
    total / logits.len().max(1) as f64
}

/// Finds `T` in `[0.05, 20]` minimising the held-out NLL, by golden-section
/// search over `ln T` (the NLL is unimodal in practice along this line).
pub(crate) fn fit_temperature(logits: &[(Vec<f64>, usize)]) -> TemperatureFit {
    let correct = logits
        .iter()
        .filter(|(z, y)| {
            let best = z
                .iter()
                .enumerate()
                .fold(0, |b, (i, v)| if *v > z[b] { i } else { b });
            best == *y
        })
        .count();
    let f = |lt: f64| nll(logits, lt.exp());
    let (mut a, mut b) = ((0.05f64).ln(), (20.0f64).ln());
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let mut c = b - r * (b - a);
    let mut d = a + r * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..60 {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - r * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + r * (b - a);
            fd = f(d);
        }
    }
    let temperature = ((a + b) / 2.0).exp();
    TemperatureFit {
        temperature,
        accuracy: correct as f64 / logits.len().max(1) as f64,
        nll_before: nll(logits, 1.0),
        nll_after: nll(logits, temperature),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overconfident_logits_get_t_above_one() {
        // Half right with huge margins: the best T flattens them.
        let logits: Vec<(Vec<f64>, usize)> = (0..40)
            .map(|i| (vec![10.0, 0.0], if i % 4 == 0 { 1 } else { 0 }))
            .collect();
        let fit = fit_temperature(&logits);
        assert!(fit.temperature > 1.0);
        assert!(fit.nll_after <= fit.nll_before);
    }
}
