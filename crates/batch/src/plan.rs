//! [`BatchPlan`]: a decision compiled for evaluation over columns.
//!
//! The decision is either a decision table over input data that the rule engine compiles
//! ([`sheshim_dmn::DecisionPlan`], hit policy FIRST or UNIQUE, at most 63 rules), or a
//! decision that reads exactly one such table and otherwise only constants (the dated
//! parameters in force): its result is then a function of which rule the table selected.
//! Each person is reduced to a small *key* — the rule selected, no rule, several rules (an
//! error under UNIQUE), or an input outside its allowed values — and the decision's
//! result for each key is computed once, by the row evaluator, on the first person who has
//! that key. So every person's outcome is exactly what row-at-a-time evaluation gives.

use crate::columns::{Column, ColumnKind};
use crate::error::BatchError;
use crate::masks::{ALLOWED, ColumnMasks, ColumnTests};
use crate::run::Groups;
use sheshim_dmn::{ModelSet, Selection, SlotKind};
use sheshim_feel::{Context, Value};

/// Most rules a batch table may have: one bit each, and one bit for allowed values.
pub const MAX_RULES: usize = 63;

/// Where a table column's value comes from.
#[derive(Clone, Debug)]
enum Source {
    /// The i-th column given to [`BatchPlan::compile`].
    Column(usize),
    /// A constant, folded into the base mask.
    Constant,
}

/// A decision compiled for columns.
pub struct BatchPlan {
    models: ModelSet,
    model: Option<String>,
    decision: String,
    /// The input columns, as given to `compile`, by name and kind.
    columns: Vec<(String, ColumnKind)>,
    /// The values of the constant inputs.
    constants: Context,
    /// For each table column read from a column: the column index and its masks.
    masked: Vec<(usize, ColumnMasks)>,
    /// The AND of the constant columns' masks, and of every rule's bit.
    base: u64,
    rules: usize,
    selection: Selection,
}

impl BatchPlan {
    /// Compiles `decision` for the given columns and constant inputs.
    ///
    /// # Errors
    ///
    /// [`BatchError::Unsupported`] when the decision is not of a batch shape,
    /// [`BatchError::MissingInput`] and [`BatchError::WrongKind`] when the columns do not fit.
    pub fn compile(
        models: &ModelSet,
        model: Option<&str>,
        decision: &str,
        columns: &[(&str, ColumnKind)],
        constants: &Context,
    ) -> Result<BatchPlan, BatchError> {
        let unsupported = |reason: String| BatchError::Unsupported {
            decision: decision.to_owned(),
            reason,
        };
        let requirements = models.direct_requirements(model, decision)?;
        let (table_name, plan) = match models.plan(model, decision)? {
            Some(plan) => (decision.to_owned(), plan),
            None => {
                let [table] = requirements.decisions.as_slice() else {
                    return Err(unsupported(format!(
                        "it is not a compilable decision table and reads {} decisions, not one",
                        requirements.decisions.len()
                    )));
                };
                if let Some(input) = requirements
                    .inputs
                    .iter()
                    .find(|i| constants.get(i.as_str()).is_none())
                {
                    return Err(unsupported(format!(
                        "it reads input {input:?} directly, which is not a constant"
                    )));
                }
                let plan = models.plan(model, table)?.ok_or_else(|| {
                    unsupported(format!("the table it reads, {table:?}, does not compile"))
                })?;
                (table.clone(), plan)
            }
        };
        let selection = plan.selection();
        if selection == Selection::Many {
            return Err(unsupported(format!(
                "table {table_name:?} selects several rules (RULE ORDER or COLLECT)"
            )));
        }
        let rules = plan.rule_count();
        if rules > MAX_RULES {
            return Err(unsupported(format!(
                "table {table_name:?} has {rules} rules; at most {MAX_RULES} are supported"
            )));
        }
        let slots = plan.slot_kinds();
        let mut sources = Vec::with_capacity(slots.len());
        for (name, slot_kind) in &slots {
            let source = match columns.iter().position(|(c, _)| *c == &**name) {
                Some(i) => {
                    check_kind(columns[i].0, &columns[i].1, *slot_kind)?;
                    Source::Column(i)
                }
                None if constants.get(name).is_some() => Source::Constant,
                None => return Err(BatchError::MissingInput(name.to_string())),
            };
            sources.push(source);
        }
        let all_rules = if rules == 0 {
            0
        } else {
            u64::MAX >> (64 - rules)
        };
        let mut base = all_rules | ALLOWED;
        let mut masked = Vec::new();
        for (table_column, &slot) in plan.column_slots().iter().enumerate() {
            let tests = ColumnTests {
                rules: (0..rules)
                    .flat_map(|r| {
                        plan.rule_tests(r)
                            .iter()
                            .filter(move |(c, _)| *c == table_column)
                            .map(move |(_, t)| (r, t))
                    })
                    .collect(),
                all_rules,
                allowed: plan.allowed_values(table_column),
            };
            match &sources[slot] {
                Source::Column(i) => {
                    masked.push((*i, ColumnMasks::build(&columns[*i].1, &tests)));
                }
                Source::Constant => {
                    let value = constants
                        .get(&slots[slot].0)
                        .cloned()
                        .unwrap_or(Value::Null);
                    base &= tests.mask(&value);
                }
            }
        }
        Ok(BatchPlan {
            models: models.clone(),
            model: model.map(str::to_owned),
            decision: decision.to_owned(),
            columns: columns
                .iter()
                .map(|(n, k)| ((*n).to_owned(), k.clone()))
                .collect(),
            constants: constants.clone(),
            masked,
            base,
            rules,
            selection,
        })
    }

    /// How many distinct keys a person can have: one per rule, then no rule, several
    /// rules, and an input outside its allowed values.
    pub fn key_count(&self) -> usize {
        self.rules + 3
    }

    /// What a key means, for reports.
    pub fn key_name(&self, key: u8) -> String {
        let key = usize::from(key);
        match key.checked_sub(self.rules) {
            None => format!("rule {}", key + 1),
            Some(0) => "no rule".to_owned(),
            Some(1) => "several rules".to_owned(),
            _ => "input not allowed".to_owned(),
        }
    }

    /// The key of one person from their mask. Written without branches: masks of a
    /// population vary from person to person, and mispredicted branches would cost more
    /// than the look-ups.
    #[inline(always)]
    fn key(&self, mask: u64, unique: bool) -> u8 {
        let rules = self.rules as u32;
        let hits = mask & !ALLOWED;
        // With no hit, the sentinel bit at `rules` makes the count `rules`: "no rule". (At
        // 63 rules the sentinel is the ALLOWED bit, which `hits` never holds.)
        let first = (hits | (1u64 << rules)).trailing_zeros();
        let several = unique & (hits & hits.wrapping_sub(1) != 0);
        let key = if several { rules + 1 } else { first };
        let key = if mask & ALLOWED == 0 { rules + 2 } else { key };
        key as u8
    }

    /// The keys of rows `start..start + out.len()` of `cells` (one slice per compiled
    /// column, in compile order), counted into `counts[group * key_count + key]` with the
    /// group of each row from `groups` (all in group 0 without).
    pub(crate) fn keys(
        &self,
        cells: &[&[i64]],
        start: usize,
        out: &mut [u8],
        groups: Option<(&[i64], usize)>,
        counts: &mut [u64],
    ) {
        // Column at a time over a block: one column's masks stay in cache, and each inner
        // loop is a plain table look-up.
        let mut masks = [0u64; 1024];
        let mut cells_of_block = [0u32; 1024];
        let key_count = self.key_count();
        // Four histograms, one per lane, filled in turn: runs of one key (the usual case)
        // would otherwise make every increment wait for the previous one to its counter.
        let mut lanes = vec![0u32; 4 * counts.len()];
        for (block, keys) in out.chunks_mut(masks.len()).enumerate() {
            let from = start + block * masks.len();
            let masks = &mut masks[..keys.len()];
            masks.fill(self.base);
            for (column, lookup) in &self.masked {
                lookup.apply(&cells[*column][from..from + keys.len()], masks);
            }
            let unique = self.selection == Selection::Unique;
            for (key, &mask) in keys.iter_mut().zip(masks.iter()) {
                *key = self.key(mask, unique);
            }
            let slots = &mut cells_of_block[..keys.len()];
            match groups {
                Some((codes, count)) => {
                    let codes = &codes[from..from + keys.len()];
                    for ((slot, &key), &code) in slots.iter_mut().zip(keys.iter()).zip(codes) {
                        let group = Groups::group_of(code, count);
                        *slot = (group * key_count + usize::from(key)) as u32;
                    }
                }
                None => {
                    for (slot, &key) in slots.iter_mut().zip(keys.iter()) {
                        *slot = u32::from(key);
                    }
                }
            }
            let mut quads = slots.chunks_exact(4);
            for quad in &mut quads {
                for (lane, &slot) in quad.iter().enumerate() {
                    lanes[4 * slot as usize + lane] += 1;
                }
            }
            for &slot in quads.remainder() {
                lanes[4 * slot as usize] += 1;
            }
        }
        for (count, lane) in counts.iter_mut().zip(lanes.chunks_exact(4)) {
            *count += lane.iter().map(|&n| u64::from(n)).sum::<u64>();
        }
    }

    /// The row evaluator's result for row `row`: the decision evaluated on the row's
    /// values and the constants, with its trace when `traced`.
    ///
    /// # Errors
    ///
    /// [`BatchError::BadCell`] for a cell that is not a valid code; rule engine errors.
    pub fn evaluate_row(
        &self,
        cells: &[&[i64]],
        row: usize,
    ) -> Result<(Value, sheshim_dmn::Trace), BatchError> {
        let mut inputs = self.constants.clone();
        for ((name, kind), column) in self.columns.iter().zip(cells) {
            let cell = column
                .get(row)
                .copied()
                .ok_or_else(|| BatchError::Shape(format!("row {row} is beyond column {name:?}")))?;
            let value = kind.value(cell).ok_or_else(|| BatchError::BadCell {
                column: name.clone(),
                row,
            })?;
            inputs.insert(std::sync::Arc::from(name.as_str()), value);
        }
        Ok(self.models.evaluate_decision_traced(
            self.model.as_deref(),
            &self.decision,
            &inputs,
            &sheshim_dmn::Env::default(),
        )?)
    }

    /// Checks that `cells` has one slice per compiled column, all of one length.
    pub(crate) fn rows(&self, cells: &[&[i64]]) -> Result<usize, BatchError> {
        if cells.len() != self.columns.len() {
            return Err(BatchError::Shape(format!(
                "{} columns given, {} compiled",
                cells.len(),
                self.columns.len()
            )));
        }
        let rows = cells.first().map_or(0, |c| c.len());
        match self
            .columns
            .iter()
            .zip(cells)
            .find(|(_, c)| c.len() != rows)
        {
            Some(((name, _), c)) => Err(BatchError::Shape(format!(
                "column {name:?} has {} rows, the first column {rows}",
                c.len()
            ))),
            None => Ok(rows),
        }
    }

    /// The columns as given to `compile`.
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|(n, _)| n.as_str())
    }
}

/// Refuses a column whose kind does not fit the input's type.
fn check_kind(column: &str, kind: &ColumnKind, slot: SlotKind) -> Result<(), BatchError> {
    let fits = matches!(
        (slot, kind),
        (SlotKind::Any, _)
            | (SlotKind::Number, ColumnKind::Integer)
            | (SlotKind::Boolean, ColumnKind::Boolean)
            | (SlotKind::String, ColumnKind::Text(_))
    );
    if fits {
        return Ok(());
    }
    Err(BatchError::WrongKind {
        column: column.to_owned(),
        kind: kind.name(),
        expected: match slot {
            SlotKind::Number => "number",
            SlotKind::Boolean => "boolean",
            SlotKind::String => "string",
            SlotKind::Any => "Any",
            SlotKind::Other => "another type (dates, structures)",
        },
    })
}

/// Columns as `(name, kind)` pairs, for [`BatchPlan::compile`].
pub fn signature<'a>(columns: &'a [Column<'a>]) -> Vec<(&'a str, ColumnKind)> {
    columns.iter().map(|c| (c.name, c.kind.clone())).collect()
}
