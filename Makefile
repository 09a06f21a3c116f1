# The two commands of the README: `make demo` and `make test`. Both install missing Debian
# packages first (scripts/install-deps), then configure and build in ./build (Release).
BUILD_DIR ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)
STORYLINE := $(BUILD_DIR)/src/cli/storyline

.PHONY: all deps configure build test demo bench format clean

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
	@echo "stories written to out/demo/stories.json"

bench: build
	$(BUILD_DIR)/bench/storyline_bench

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf $(BUILD_DIR) out
