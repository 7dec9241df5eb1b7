//! The content engine: everything between the clinic's Markdown files and the HTML the UI shows.
//!
//! Files on disk are split into front matter and body ([`front_matter`]), the front matter is parsed
//! ([`meta`]) and checked with the body ([`document`]), the body is rendered to safe HTML
//! ([`render`]) and scored for reading level ([`readability`]), and a whole folder becomes a
//! [`Library`] ([`library`]). A bad file never stops the rest: it becomes a [`Problem`](crate::problem::Problem) with
//! `file:line:col` and is left out.

pub mod document;
pub mod fingerprint;
pub mod for_state;
pub mod front_matter;
pub mod library;
pub mod meta;
pub mod readability;
pub mod render;

pub use crate::problem::{Problem, Severity};
pub use document::{Explainer, QuestionList};
pub use library::Library;
