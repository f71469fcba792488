//! Unicode facts the rest relies on, from Unicode's own tables: which characters are invisible
//! formatting, and whether a name is in composed form.

/// Unicode format characters (category Cf: zero-width spaces and joiners, bidirectional
/// controls, the byte-order mark, soft hyphens): invisible, they make one name look like another.
pub fn is_invisible(c: char) -> bool {
    use icu_properties::CodePointMapData;
    use icu_properties::props::GeneralCategory;
    CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Format
}

/// Whether `name` is in Unicode's composed form (NFC), as names typed on a keyboard are.
pub fn is_nfc(name: &str) -> bool {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().is_normalized(name)
}
