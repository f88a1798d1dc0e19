# khabar — top-level entry points. Every target installs what it needs first.
#   make demo    build (release) and run the main job on the shipped examples
#   make test    build with ASan+UBSan and run every test, then a short fuzz pass
#   make bench   benchmarks (Google Benchmark + side-by-side scripts)
#   make soak    10 minutes of load on khabar serve (SOAK_SECONDS), zero errors, flat memory
#   make fuzz    run every fuzz target for FUZZ_SECONDS each (default 300)
#   make format  clang-format the sources
JOBS        ?= 2
BUILD_TYPE  ?= Release
FUZZ_SECONDS ?= 300
SMOKE_SECONDS ?= 10
CMAKE_FLAGS ?=

REL   := build/release
ASAN  := build/asan
FUZZB := build/fuzz

.PHONY: all deps demo test bench soak fuzz fuzz-smoke format release asan clean

all: release

deps:
	@scripts/install-deps

release: deps
	@cmake -S . -B $(REL) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(REL) -j$(JOBS)

asan: deps
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DKHABAR_SANITIZE=ON -DKHABAR_BENCHMARKS=OFF \
	  $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(ASAN) -j$(JOBS)

demo: release
	@scripts/demo $(REL)

test: asan
	@cd $(ASAN) && ctest --output-on-failure -j$(JOBS)
	@$(MAKE) --no-print-directory fuzz-smoke

fuzz-build: deps
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZB) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKHABAR_FUZZ=ON \
	  -DKHABAR_TESTS=OFF -DKHABAR_CLI=OFF $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(FUZZB) -j$(JOBS)

fuzz-smoke: fuzz-build
	@scripts/run-fuzz $(FUZZB) $(SMOKE_SECONDS)

fuzz: fuzz-build
	@scripts/run-fuzz $(FUZZB) $(FUZZ_SECONDS)

bench: release
	@scripts/bench $(REL)
	@scripts/bench-serve $(REL)

SOAK_SECONDS ?= 600
soak: release
	@scripts/bench-serve $(REL) --soak $(SOAK_SECONDS)

format:
	@find include src tools benchmarks fuzz python -name '*.h' -o -name '*.cc' 2>/dev/null | \
	  xargs -r clang-format -i

clean:
	rm -rf build
