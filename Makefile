# The two commands: `make run` and `make test` (plus `make build`, `make bench`).
# Each first installs the Debian packages it needs (skipped when present).
SHELL := /bin/bash
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= 2
LISTEN ?= 127.0.0.1:8080
DATA_DIR ?= ./data
ONLY ?=
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
export CCACHE_DIR ?= $(CURDIR)/.cache/ccache
export CCACHE_SLOPPINESS := pch_defines,time_macros,include_file_mtime,include_file_ctime
# Relative paths in the cache key, so clones and worktrees at other paths share hits.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1
export CCACHE_MAXSIZE ?= 5G

.PHONY: deps build run test unit asan bench fuzz format clean

deps:
	@./scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j$(JOBS)

run: build
	$(BUILD)/bin/colors --listen $(LISTEN) --data-dir $(DATA_DIR) --kling=sim --demo-data

# Unit + functional tests, then the same tests in the ASan+UBSan build, then every fuzzer.
test: build
	@date +'# %T release build done; release tests'
	./scripts/run-tests.sh $(BUILD)
	@date +'# %T ASan+UBSan build'
	$(MAKE) asan
	@date +'# %T ASan+UBSan tests'
	./scripts/run-tests.sh $(ASAN_BUILD)
	@date +'# %T fuzz build and runs'
	$(MAKE) fuzz
	@date +'# %T all tests passed'

asan: deps
	@[ -f $(ASAN_BUILD)/build.ninja ] || cmake -S . -B $(ASAN_BUILD) -G Ninja \
	  -DCMAKE_BUILD_TYPE=Sanitize -DSANITIZE=address,undefined -DCOL_BENCH=OFF
	ninja -C $(ASAN_BUILD) -j$(JOBS)

# libFuzzer targets (clang 14), each run for FUZZ_SECONDS from the seed corpus in fuzz/corpus.
fuzz: deps
	@[ -f $(FUZZ_BUILD)/build.ninja ] || cmake -S . -B $(FUZZ_BUILD) -G Ninja \
	  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Sanitize -DCOL_FUZZ=ON \
	  -DCOL_BENCH=OFF -DSANITIZE=address,undefined,fuzzer-no-link
	ninja -C $(FUZZ_BUILD) -j$(JOBS) $$(ninja -C $(FUZZ_BUILD) -t targets all | grep -o '^bin/fuzz_[a-z_]*' | sort -u)
	./scripts/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: build
	./scripts/run-bench.sh $(BUILD) $(ONLY)

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
