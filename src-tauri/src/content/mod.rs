//! The content engine: everything between the clinic's Markdown files and the HTML the UI shows.
//!
//! Files on disk are split into front matter and body ([`front_matter`]), the front matter is parsed
//! and checked ([`meta`]), the body is rendered to safe HTML ([`render`]), and a whole folder becomes
//! a [`Library`] ([`library`]). A bad file never stops the rest: it becomes a [`Problem`] with
//! `file:line:col` and is left out.

pub mod front_matter;
pub mod library;
pub mod meta;
pub mod problem;
pub mod render;

pub use library::{load, Explainer, Library};
pub use problem::{Problem, Severity};
