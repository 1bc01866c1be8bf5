//! `tck_results.csv`, in the TCK's format: one line per test case, every field quoted —
//! `"folder","test file","case id","SUCCESS"|"ERROR","detail"`.

use crate::run::FolderReport;
use std::io::Write;

/// Writes folder reports as the TCK's results CSV.
pub struct ResultsCsv<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> ResultsCsv<W> {
    /// A results file written to `out`.
    pub fn new(out: W) -> Self {
        let writer = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Always)
            .from_writer(out);
        ResultsCsv { writer }
    }

    /// Writes one line per case of the folder. Line breaks inside a detail become spaces,
    /// so that every case stays on one line for tools that read the file line by line.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write(&mut self, report: &FolderReport) -> csv::Result<()> {
        for outcome in &report.outcomes {
            self.writer.write_record([
                report.label.as_str(),
                outcome.file.as_str(),
                outcome.id.as_str(),
                outcome.status.as_str(),
                &outcome.detail.replace(['\n', '\r'], " "),
            ])?;
        }
        Ok(())
    }

    /// Flushes what is buffered.
    ///
    /// # Errors
    /// When writing fails.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::{CaseOutcome, Status};

    #[test]
    fn every_field_is_quoted_and_each_case_is_one_line() {
        let report = FolderReport {
            label: "compliance-level-2/0001-x".to_owned(),
            outcomes: vec![
                CaseOutcome {
                    file: "0001-x-test-01".to_owned(),
                    id: "001".to_owned(),
                    status: Status::Success,
                    detail: String::new(),
                },
                CaseOutcome {
                    file: "0001-x-test-01".to_owned(),
                    id: "002".to_owned(),
                    status: Status::Error,
                    detail: "expected \"a\",\ngot b".to_owned(),
                },
            ],
        };
        let mut csv = ResultsCsv::new(Vec::new());
        csv.write(&report).unwrap();
        csv.flush().unwrap();
        let written = String::from_utf8(csv.writer.into_inner().unwrap()).unwrap();
        assert_eq!(
            written,
            "\"compliance-level-2/0001-x\",\"0001-x-test-01\",\"001\",\"SUCCESS\",\"\"\n\
             \"compliance-level-2/0001-x\",\"0001-x-test-01\",\"002\",\"ERROR\",\"expected \"\"a\"\", got b\"\n"
        );
    }
}
