//! Property tests: identical texts give identical signatures, and nothing
//! panics on arbitrary Unicode, empty or very short texts.

use proptest::prelude::*;
use sheshim_dedup::{
    DuplicateIndex, MinHashConfig, MinHasher, Scheme, group_mass_appeals, normalize,
};

proptest! {
    #[test]
    fn identical_texts_identical_signatures(text in "\\PC{0,300}") {
        let h = MinHasher::default();
        let (a, b) = (h.signature(&text), h.signature(&text.clone()));
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.num_hashes(), 128);
        if !a.is_blank() {
            prop_assert_eq!(a.jaccard(&b), 1.0);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), k in 1usize..8, n in 1usize..64, classic in any::<bool>()) {
        let scheme = if classic { Scheme::Classic } else { Scheme::OnePermutation };
        let h = MinHasher::new(MinHashConfig { shingle_len: k, num_hashes: n, scheme, ..MinHashConfig::default() })
            .expect("valid config");
        let sig = h.signature(&text);
        let normalised = normalize(&text);
        prop_assert_eq!(sig.is_blank(), normalised.is_empty());
        prop_assert!(!normalised.starts_with(' ') && !normalised.ends_with(' ') && !normalised.contains("  "));
        let mut index = DuplicateIndex::new();
        index.insert(1, sig.clone());
        let _ = index.candidates(&sig);
        let sim = index.near_duplicates(&sig, 0.5);
        prop_assert!(sim.iter().all(|&(_, s)| (0.0..=1.0).contains(&s)));
        let _ = group_mass_appeals(&[(1, sig.clone()), (2, sig)], 0.8);
    }

    #[test]
    fn very_short_texts(text in "[а-яәғқңөұүһі a-z0-9.,!]{0,6}") {
        let h = MinHasher::default();
        let sig = h.signature(&text);
        prop_assert_eq!(sig.is_blank(), normalize(&text).is_empty());
        if !sig.is_blank() {
            prop_assert_eq!(sig.jaccard(&h.signature(&format!("  {}!", text.to_uppercase()))), 1.0);
        }
    }
}
