//! Import planning: which stored customer a sheet row is, and what the
//! row changes on it. Pure: no IO; the API crate feeds it rows and the
//! customers already stored, and writes what it decides.
