//! The way back from a normalised text to the citizen's own text.
//!
//! Normalising replaces a Latin letter or digraph with one Cyrillic letter (or, rarely,
//! two, or none), so byte offsets shift. The map keeps one entry per stretch that was
//! copied unchanged and one per replaced letter; a span found in the normalised text is
//! widened to whole replaced letters, so it always lands on `char` boundaries of the original
//! and covers every letter the finding was made from.

/// One stretch of the normalised text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// Where the stretch starts in the normalised text.
    normalized: usize,
    /// Where its source starts in the original text.
    original: usize,
    /// Copied byte for byte, so offsets inside it move together.
    verbatim: bool,
}

/// Offsets in a normalised text mapped back to the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OffsetMap {
    /// Pieces in order; the last is a sentinel at both texts' ends.
    pieces: Vec<Piece>,
}

impl OffsetMap {
    /// An empty map with room for `pieces` pieces, so that it is not moved as it grows.
    pub(crate) fn with_capacity(pieces: usize) -> OffsetMap {
        OffsetMap {
            pieces: Vec::with_capacity(pieces),
        }
    }

    /// How many pieces the map has, for [`OffsetMap::truncate`].
    pub(crate) fn pieces(&self) -> usize {
        self.pieces.len()
    }

    /// Forgets the pieces after the first `pieces`, as if they had not been recorded.
    pub(crate) fn truncate(&mut self, pieces: usize) {
        self.pieces.truncate(pieces);
    }

    /// Records that `original` bytes of the source were copied unchanged.
    pub(crate) fn copied(&mut self, normalized_at: usize, original_at: usize) {
        if let Some(last) = self.pieces.last()
            && last.verbatim
            && normalized_at - last.normalized == original_at - last.original
        {
            return;
        }
        self.pieces.push(Piece {
            normalized: normalized_at,
            original: original_at,
            verbatim: true,
        });
    }

    /// Records that the source starting at `original_at` was replaced by text starting at
    /// `normalized_at`.
    pub(crate) fn replaced(&mut self, normalized_at: usize, original_at: usize) {
        self.pieces.push(Piece {
            normalized: normalized_at,
            original: original_at,
            verbatim: false,
        });
    }

    /// Closes the map at both texts' ends.
    pub(crate) fn finish(&mut self, normalized_len: usize, original_len: usize) {
        self.pieces.push(Piece {
            normalized: normalized_len,
            original: original_len,
            verbatim: false,
        });
    }

    /// The original offset of a span's start: the start of the piece it falls in.
    pub(crate) fn start(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.normalized <= at);
        let Some(piece) = i.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return 0;
        };
        if piece.verbatim {
            piece.original + (at - piece.normalized)
        } else {
            piece.original
        }
    }

    /// The original offset of a span's end: the end of the piece its last byte falls in.
    pub(crate) fn end(&self, at: usize) -> usize {
        if at == 0 {
            return 0;
        }
        let i = self.pieces.partition_point(|p| p.normalized < at);
        let Some(piece) = i.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return 0;
        };
        if piece.verbatim {
            piece.original + (at - piece.normalized)
        } else {
            // The next piece with a later original start closes this one (an empty
            // replacement shares its start with the next piece).
            self.pieces
                .get(i..)
                .and_then(|rest| rest.iter().find(|p| p.original > piece.original))
                .or(self.pieces.last())
                .map_or(0, |p| p.original)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_copied_and_replaced_stretches() {
        // "zhok 5" → "жоқ 5": zh (2 bytes) → ж (2), o (1) → о (2), k (1) → қ (2), " 5" copied.
        let mut map = OffsetMap::default();
        map.replaced(0, 0); // zh → ж
        map.replaced(2, 2); // o → о
        map.replaced(4, 3); // k → қ
        map.copied(6, 4); // " 5"
        map.finish(8, 6);
        assert_eq!((map.start(0), map.end(6)), (0, 4));
        assert_eq!((map.start(2), map.end(4)), (2, 3));
        assert_eq!((map.start(6), map.end(8)), (4, 6));
        assert_eq!((map.start(7), map.end(7)), (5, 5));
        // A span starting inside a replaced letter widens to the whole letter.
        assert_eq!((map.start(1), map.end(1)), (0, 2));
    }
}
