# The two commands of the README's quick start, and the tools around them.
.PHONY: test run deps fuzz bench bench-core

deps:
	@scripts/deps.sh

# Everything CI checks: formatting, lints, every test, and a short fuzzing run.
test: deps
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo test --workspace --locked
	$(MAKE) fuzz FUZZ_SECONDS=20

# cargo-fuzz wants nightly for its sanitizer flags; RUSTC_BOOTSTRAP lets the stable
# toolchain (the only one this project's machines have) accept them. New inputs go to
# corpus/ (ignored by git); seeds/ is the committed starting corpus.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := load
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd crates/argmap-core/fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t && \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run $$t corpus/$$t seeds -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=200000 || exit 1; \
	done

# Benchmarks print figures; docs/benchmarks.md records them.
bench: bench-core

bench-core:
	scripts/bench-core.sh
