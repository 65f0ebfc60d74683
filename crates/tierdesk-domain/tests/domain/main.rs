//! Text normalisation and validation at the domain's boundary, as tables of
//! cases.

mod phones;
mod tier_words;
