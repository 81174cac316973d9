# The two commands: `make run` and `make test` (plus `make build`, `make bench`).
# Each first installs the Debian packages it needs (skipped when present).
SHELL := /bin/bash
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= 2
LISTEN ?= 127.0.0.1:8080
DATA_DIR ?= ./data
ONLY ?=
export CCACHE_DIR ?= $(CURDIR)/.cache/ccache
export CCACHE_SLOPPINESS := pch_defines,time_macros,include_file_mtime,include_file_ctime
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

# Unit + functional tests, then the same tests in the ASan+UBSan build.
test: build
	./scripts/run-tests.sh $(BUILD)
	$(MAKE) asan
	./scripts/run-tests.sh $(ASAN_BUILD)

asan: deps
	@[ -f $(ASAN_BUILD)/build.ninja ] || cmake -S . -B $(ASAN_BUILD) -G Ninja \
	  -DCMAKE_BUILD_TYPE=Debug -DSANITIZE=address,undefined -DCOL_BENCH=OFF
	ninja -C $(ASAN_BUILD) -j$(JOBS)

bench: build
	./scripts/run-bench.sh $(BUILD) $(ONLY)

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
