# MOSLab: two commands.
#   make demo   installs what is missing, builds in release mode, runs every scenario in Scenarios/ into out/
#   make test   installs what is missing, builds and runs the whole test suite
# DSP is slow in debug builds, so tests run on a release build with testability enabled.

SWIFT ?= swift
OUT ?= out
TEST_FLAGS = -c release -Xswiftc -enable-testing

.PHONY: demo test deps build bench clean calibration

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

clean:
	rm -rf .build $(OUT)
