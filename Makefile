# The two commands of the README: `make demo` and `make test`. Both install missing Debian
# packages first (scripts/install-deps), then configure and build in ./build (Release).
BUILD_DIR ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)
STORYLINE := $(BUILD_DIR)/src/cli/storyline

.PHONY: all deps configure build test demo bench fuzz format clean

all: build

deps:
	@bash scripts/install-deps

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

demo: build
	$(STORYLINE) run examples/ -o out/demo
	@echo "stories written to out/demo/stories.json; open out/demo/report.html in a browser"

bench: build
	$(BUILD_DIR)/bench/storyline_bench

# Each libFuzzer target for FUZZ_SECONDS under ASan and UBSan (clang; build in build-fuzz).
# New inputs go to build-fuzz/corpus/<target>; examples/ seeds the extractors.
FUZZ_SECONDS ?= 60
fuzz:
	@bash scripts/install-deps fuzz
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTORYLINE_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS)
	mkdir -p build-fuzz/corpus/html build-fuzz/corpus/text build-fuzz/corpus/ingest
	build-fuzz/fuzz/extract_html_fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=200000 build-fuzz/corpus/html examples/pages
	build-fuzz/fuzz/extract_text_fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=200000 build-fuzz/corpus/text examples/pages
	build-fuzz/fuzz/ingest_fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=20000 build-fuzz/corpus/ingest
	mkdir -p build-fuzz/corpus/index
	build-fuzz/src/cli/storyline dedup examples --index build-fuzz/index-seed.sldx -q -o /dev/null
	{ printf '\000'; cat build-fuzz/index-seed.sldx; } > build-fuzz/corpus/index/seed-file
	{ printf '\001'; tail -c +29 build-fuzz/index-seed.sldx | zstd -dc; } > build-fuzz/corpus/index/seed-payload
	rm -f build-fuzz/index-seed.sldx
	build-fuzz/fuzz/dedup_index_fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=200000 build-fuzz/corpus/index

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf $(BUILD_DIR) out
