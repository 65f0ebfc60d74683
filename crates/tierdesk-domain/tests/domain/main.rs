//! Text normalisation and validation at the domain's boundary, as tables of
//! cases.

mod audit;
mod field_msgs;
mod followup;
mod limits;
mod phones;
mod privacy;
mod survey;
mod tier_words;
