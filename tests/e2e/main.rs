//! End-to-end tests: the built kiosk in a real window under Xvfb, driven over WebDriver.
//!
//! Run with `make test` (or `cargo test --features e2e --test e2e` inside `dbus-run-session`).
//! Tests run one at a time: they share one display and one tauri-driver, which are stopped at the
//! end whatever the tests did.

use std::process::ExitCode;
use std::sync::OnceLock;

use kiosk_tests::Harness;
use libtest_mimic::{Arguments, Trial};

mod accessibility;
mod content;
mod patient;
mod pictures;
mod reliability;
mod review;
mod skeleton;
mod staff;
mod updates;

static HARNESS: OnceLock<Result<Harness, String>> = OnceLock::new();

/// The shared harness, started by the first test that needs it.
pub fn harness() -> &'static Harness {
    match HARNESS.get_or_init(Harness::start) {
        Ok(h) => h,
        Err(e) => panic!("the e2e harness could not start: {e}"),
    }
}

/// A test named `name` that runs `body` against the shared harness.
pub fn trial(name: &'static str, body: fn(&Harness)) -> Trial {
    Trial::test(name, move || {
        body(harness());
        Ok(())
    })
}

fn main() -> ExitCode {
    let mut args = Arguments::from_args();
    // One display, one driver, one app at a time.
    args.test_threads = Some(1);
    let trials: Vec<Trial> = [
        skeleton::tests(),
        patient::tests(),
        pictures::tests(),
        content::tests(),
        reliability::tests(),
        staff::tests(),
        updates::tests(),
        accessibility::tests(),
        review::tests(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if let Some(Ok(h)) = HARNESS.get() {
        h.shutdown();
    }
    conclusion.exit_code()
}
