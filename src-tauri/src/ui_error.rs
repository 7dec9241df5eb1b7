//! The one shape every command error takes on its way to the page: `{kind, message}`. `kind` is a
//! short, stable name ui/js branches on to choose what to tell the patient; `message` is the
//! error's own sentence, for staff and the log. Each module keeps its own error type and says
//! what its kinds are; this writes them all the same way.

use std::fmt::Display;

use serde::ser::{SerializeStruct, Serializer};

/// Serializes an error as `{kind, message}`.
pub fn serialize<S: Serializer>(kind: &str, message: &dyn Display, serializer: S) -> Result<S::Ok, S::Error> {
    let mut s = serializer.serialize_struct("Error", 2)?;
    s.serialize_field("kind", kind)?;
    s.serialize_field("message", &message.to_string())?;
    s.end()
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_error_becomes_kind_and_message() {
        let mut out = Vec::new();
        super::serialize(
            "queue-missing",
            &"No printer.",
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"kind":"queue-missing","message":"No printer."}"#
        );
    }
}
