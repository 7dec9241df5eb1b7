//! The one shape every command error takes on its way to the page: `{kind, message}`. `kind` is a
//! short, stable name ui/js branches on to choose what to tell the patient; `message` is the
//! error's own sentence, for staff and the log. Each module keeps its own error type and says
//! what its kinds are ([`Kind`]); a command returns [`UiError`], made from any of them with `?`.

use std::fmt::Display;

use serde::Serialize;

/// An error a module can hand to the page: its own sentence, and a kind the UI branches on.
pub trait Kind: Display {
    fn kind(&self) -> &'static str;
}

/// What the page gets when a command fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UiError {
    pub kind: &'static str,
    pub message: String,
}

impl<E: Kind> From<E> for UiError {
    fn from(e: E) -> Self {
        UiError {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

impl Display for UiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoPrinter;
    impl Display for NoPrinter {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("No printer.")
        }
    }
    impl Kind for NoPrinter {
        fn kind(&self) -> &'static str {
            "queue-missing"
        }
    }

    #[test]
    fn an_error_becomes_kind_and_message() {
        let json = serde_json::to_string(&UiError::from(NoPrinter)).unwrap();
        assert_eq!(json, r#"{"kind":"queue-missing","message":"No printer."}"#);
    }
}
