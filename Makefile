# MOSLab: two commands.
#   make demo   installs what is missing, builds in release mode, runs every scenario in Scenarios/ into out/
#   make test   installs what is missing, builds and runs the whole test suite
# DSP is slow in debug builds, so tests run on a release build with testability enabled.

SWIFT ?= swift
OUT ?= out
TEST_FLAGS = -c release -Xswiftc -enable-testing

.PHONY: demo test deps build bench fuzz clean calibration

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

# Regenerates MOSLab's calibrated Ie/Bpl table (ITU-T P.834 / P.834.1 on the corpus) and its CSV with residuals.
calibration: build
	.build/release/moslab calibrate --all --jobs 2 \
		--write-swift Sources/EModel/CalibratedImpairments+Table.swift --write-csv docs/emodel-calibration.csv
# libFuzzer + AddressSanitizer build of moslab-fuzz in its own folder, then each target (one at a time) on a copy of
# Fuzz/corpus (docs/fuzzing.md): for FUZZ_SECONDS each, or, with FUZZ_RUNS=1000000, for exactly that many executions.
# FUZZ_TARGETS picks some of spec wav csv protocol.
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?=
FUZZ_TARGETS ?= spec wav csv protocol
fuzz:
	$(SWIFT) build -c release --product moslab-fuzz --build-path .build/fuzz -Xswiftc -sanitize=fuzzer,address \
		-Xswiftc -parse-as-library -Xswiftc -enable-testing -Xswiftc -DFUZZING
	scripts/fuzz.sh $(if $(FUZZ_RUNS),--runs $(FUZZ_RUNS),--seconds $(FUZZ_SECONDS)) $(FUZZ_TARGETS)

clean:
	rm -rf .build $(OUT)

# make install PREFIX=/opt/moslab (default /usr/local): the binary in PREFIX/bin, and the corpus, the scenarios
# and the docs in PREFIX/share/moslab, where the binary finds its corpus (ReferenceResolver). DESTDIR stages it.
PREFIX ?= /usr/local
SHARE = $(DESTDIR)$(PREFIX)/share/moslab

.PHONY: install uninstall
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)/Corpus/nb $(SHARE)/Corpus/wb $(SHARE)/docs
	install -m 755 .build/release/moslab $(DESTDIR)$(PREFIX)/bin/moslab
	install -m 644 Corpus/README.md Corpus/SHA256SUMS Corpus/levels.csv $(SHARE)/Corpus/
	install -m 644 Corpus/nb/*.wav $(SHARE)/Corpus/nb/
	install -m 644 Corpus/wb/*.wav $(SHARE)/Corpus/wb/
	rm -rf $(SHARE)/Scenarios && cp -R Scenarios $(SHARE)/Scenarios
	cp -R docs/. $(SHARE)/docs/
	install -m 644 README.md $(SHARE)/README.md
	@echo "Installed moslab $$($(DESTDIR)$(PREFIX)/bin/moslab --version) in $(DESTDIR)$(PREFIX)/bin; corpus, scenarios and docs in $(SHARE)"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/moslab
	rm -rf $(SHARE)
