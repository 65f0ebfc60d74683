//! Text normalisation and validation at the domain's boundary, as tables of
//! cases.

mod phones;
mod privacy;
mod tier_words;
