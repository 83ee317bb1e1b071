# The two commands of the README's quick start, and the tools around them.
.PHONY: test run deps ui ui-deps e2e fuzz bench bench-core bench-eval bench-interchange bench-store bench-render bench-frames screenshot deb

deps:
	@scripts/deps.sh

# Installs the page's packages when package-lock.json has changed since the last time.
# npm install, not npm ci: npm 11 leaves the other platforms' optional @tauri-apps/cli
# binaries out of the lock file, and npm ci then refuses the lock it wrote itself.
# The lock still pins every version installed.
ui/node_modules/.installed: ui/package.json ui/package-lock.json
	cd ui && npm install --no-audit --no-fund
	touch $@

ui-deps: ui/node_modules/.installed

# The page the app shows (ui/dist), type-checked. The app embeds it when it is built.
ui: ui-deps
	npm --prefix ui run build

# Opens the app with the sample map (or the map open when it last closed).
run: deps ui
	cargo run --locked -p argmap-app

# Everything CI checks: formatting, lints, every test (Rust, the page's own tests, and
# the app end to end under Xvfb), and a short fuzzing run.
test: deps ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo test --workspace --locked
	npm --prefix ui test
	$(MAKE) e2e
	$(MAKE) fuzz FUZZ_SECONDS=20

# The real app, driven through tauri-driver and WebKitWebDriver on a virtual display.
e2e: ui
	cargo build --locked -p argmap-app -p argmap-cli
	xvfb-run -a --server-args="-screen 0 1280x800x24 -noreset" npm --prefix ui run e2e

# docs/screenshot.png, taken from the running app.
screenshot: ui
	cargo build --locked -p argmap-app
	xvfb-run -a --server-args="-screen 0 1280x800x24 -noreset" npm --prefix ui run screenshot

# The Debian package, with the .map file association.
deb: deps ui
	ui/node_modules/.bin/tauri build --bundles deb

# cargo-fuzz wants nightly for its sanitizer flags; RUSTC_BOOTSTRAP lets the stable
# toolchain (the only one this project's machines have) accept them. New inputs go to
# corpus/ (ignored by git); seeds/ is the committed starting corpus.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := load import_argdown import_aif import_kialo import_outline
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd crates/argmap-core/fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t && \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run $$t corpus/$$t $$(test -d seeds-$$t && echo seeds-$$t || echo seeds) -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=200000 || exit 1; \
	done

# Benchmarks print figures; docs/benchmarks.md records them.
bench: bench-core bench-eval bench-interchange bench-store bench-render bench-frames

bench-render:
	scripts/bench-render.sh

# Frame times of the real app panning and zooming a generated map (NODES, default 5000).
bench-frames: ui
	cargo build --locked -p argmap-app -p argmap-cli
	xvfb-run -a --server-args="-screen 0 1280x800x24 -noreset" npm --prefix ui run bench:frames

bench-store:
	cargo bench -p argmap-store --bench store 2>/dev/null

bench-interchange:
	cargo bench -p argmap-core --bench interchange -- --noplot >/dev/null 2>&1
	scripts/criterion-table.py import export

bench-eval:
	cargo bench -p argmap-core --bench eval -- --noplot >/dev/null 2>&1
	scripts/criterion-table.py eval

bench-core:
	scripts/bench-core.sh
