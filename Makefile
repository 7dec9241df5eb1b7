# The README's two commands. Each installs what is missing first.
.PHONY: run test fast package
run:      ## Build the kiosk and run it fullscreen on the bundled content
	scripts/kiosk run
test:     ## Build everything and run every test, end-to-end included
	scripts/kiosk test
fast:     ## Only the tests that need no display (no set-up)
	cargo test --workspace
package:  ## Build the Debian package: target/clinic-kiosk_<version>_<arch>.deb
	scripts/kiosk package
