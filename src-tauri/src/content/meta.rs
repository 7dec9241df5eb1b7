//! The front matter of an explainer: what the tile and the Key facts panel show.
//!
//! Unknown keys are rejected (unlike Zola's `extra`) so a misspelt field is an error staff see,
//! not a fact that silently disappears.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Meta {
    /// The explainer's name, as on its tile and at the top of its page.
    pub title: String,
    /// One line for the tile on the home screen.
    pub summary: String,
}
