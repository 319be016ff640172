# Entry points. Each target installs what is missing (scripts/setup.sh) and builds first.
.PHONY: demo test test-release test-sanitize fuzz build format clean

JOBS ?= 2
CTEST = ctest --output-on-failure -j$(JOBS) --timeout 600

demo: build
	./build/apps/cctv run --config config/demo.yaml --data data

build:
	CCTV_JOBS=$(JOBS) scripts/setup.sh build

test: test-release test-sanitize

test-release: build
	$(CTEST) --test-dir build

# ASan + UBSan build of the same tests (the minutes-long real-footage evaluation is skipped there).
test-sanitize:
	CCTV_JOBS=$(JOBS) scripts/setup.sh build-sanitize -DCCTV_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	CCTV_SKIP_SLOW_TESTS=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  $(CTEST) --test-dir build-sanitize

# libFuzzer harnesses (tests/fuzz) in a clang ASan+UBSan build of the libraries they use; each
# runs FUZZ_SECONDS from its seed corpus; fails when any crashes (scripts/fuzz.sh).
FUZZ_SECONDS ?= 60
FUZZERS = config_loader event_json replay_protocol user_time console_http

fuzz:
	CCTV_JOBS=$(JOBS) CCTV_TARGETS="$(FUZZERS:%=%_fuzz)" CCTV_EXTRA_PACKAGES="clang libclang-rt-14-dev" \
	  scripts/setup.sh build-fuzz -DCCTV_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh build-fuzz $(FUZZERS)

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build build-sanitize build-fuzz
