//! Use cases through the API crate, against real SQLite files.

mod audit;
mod backup;
mod benefits;
mod bindings;
mod cases;
mod copy_facts;
mod customers;
mod database;
mod demo_care;
mod differential;
mod export;
mod fields;
mod followups;
mod import;
mod overrides;
mod password;
mod privacy;
mod profiles;
mod rating;
mod reader_problems;
mod record;
mod report;
mod service;
mod surveys;
mod todos;
mod whatif;
