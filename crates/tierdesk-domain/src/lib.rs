//! The customer archive's domain: customers, custom fields, validation and
//! text normalisation. This crate does no IO.

pub mod cell;
pub mod text;

pub use cell::Cell;
