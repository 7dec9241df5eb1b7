//! Logging to stderr. What may be logged: content problems, printer job ids, crashes and reloads.
//! What may never be logged: anything a patient picked or typed.

/// Starts the logger once; `RUST_LOG` overrides the default level of `info`.
pub fn init() {
    let _ = env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"))
        .format_timestamp_secs()
        .try_init();
}
