//! Reads each argument as informal Kazakh Latin and prints the Cyrillic (a debugging aid).
fn main() {
    for arg in std::env::args().skip(1) {
        let d = sheshim_lang::detect(&arg).ok().and_then(|d| d.kazakh_latin);
        let n = sheshim_lang::normalize(
            &arg,
            Some(d.unwrap_or(sheshim_lang::LatinSpelling::Informal)),
        );
        println!("{arg} [{d:?}] → {}", n.as_str());
    }
}
