# Entry points. Each target installs what is missing (scripts/setup.sh) and builds first.
.PHONY: demo test test-release test-sanitize build format clean

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
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  $(CTEST) --test-dir build-sanitize

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build build-sanitize
