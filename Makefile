# MOSLab: two commands.
#   make demo   installs what is missing, builds in release mode, runs every scenario in Scenarios/ into out/
#   make test   installs what is missing, builds and runs the whole test suite
# DSP is slow in debug builds, so tests run on a release build with testability enabled.

SWIFT ?= swift
OUT ?= out
TEST_FLAGS = -c release -Xswiftc -enable-testing

.PHONY: demo test deps build bench fuzz clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release

demo: build
	.build/release/moslab run Scenarios/ --out $(OUT) --jobs 2

test: deps
	scripts/run-tests.sh

bench: build
	$(SWIFT) build -c release --product moslab-bench
	.build/release/moslab-bench

# libFuzzer + AddressSanitizer build of moslab-fuzz in its own folder, then each target for FUZZ_SECONDS on a copy
# of Fuzz/corpus (docs/fuzzing.md).
FUZZ_SECONDS ?= 60
fuzz:
	$(SWIFT) build -c release --product moslab-fuzz --build-path .build/fuzz -Xswiftc -sanitize=fuzzer,address \
		-Xswiftc -parse-as-library -Xswiftc -enable-testing -Xswiftc -DFUZZING
	scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build $(OUT)
