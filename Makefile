# Thin wrapper around CMake. `make demo` and `make test` are the whole set-up (README.md).
PREFIX   ?= /usr/local
BUILD    ?= build
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
DEBS     := cmake g++ make pkg-config libarchive-dev libarchive-tools libsqlite3-dev sqlite3 \
            libssl-dev libsimdjson-dev nlohmann-json3-dev libcli11-dev catch2 libgumbo-dev time \
            nodejs npm python3 libexiv2-dev libimage-exiftool-perl imagemagick chromium \
            python3-icalendar python3-dateutil python3-vobject tzdata dpkg-dev fakeroot file valgrind
# make fuzz: clang and its libFuzzer/sanitizer runtimes (fuzz/README.md).
DEBS     += clang-14 libclang-rt-14-dev
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all build deps test demo bench install deb clean sanitize fuzz

all: build

# Installs exactly the Debian packages the build and tests need; a quick no-op when present.
deps:
	@missing=$$(for p in $(DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || command -v $$p >/dev/null || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# The independent npm validators of the interop tests (pinned by package-lock.json; Node 20+).
	@if command -v npm >/dev/null && [ "$$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 20 ] && \
	  { [ ! -f tests/interop/node_modules/.package-lock.json ] || [ tests/interop/package-lock.json -nt tests/interop/node_modules/.package-lock.json ]; }; then \
	  echo "installing the npm validators of tests/interop"; \
	  cd tests/interop && npm ci --no-audit --no-fund --loglevel=error; \
	fi

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

test: deps
	$(MAKE) build
	cd $(BUILD) && ctest --output-on-failure -j 2

sanitize: deps
	cmake -S . -B build-asan -DDATAPORT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure

# libFuzzer targets (fuzz/) in their own clang build, each run FUZZ_SECONDS under ASan and UBSan;
# fails when any finds a crash, leak or timeout. `make fuzz FUZZ_SECONDS=600` for a long run.
FUZZ_SECONDS ?= 30
fuzz: deps
	cmake -S . -B build-fuzz -DDATAPORT_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=
	cmake --build build-fuzz -j $(JOBS)
	bash fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

demo: deps
	$(MAKE) build
	@bash tools/demo.sh $(BUILD)/dataport

bench: deps
	$(MAKE) build
	@bash bench/run.sh $(BUILD)/dataport

# A stripped binary, the man pages and the bash, zsh and fish completions.
install: build
	cmake --install $(BUILD) --prefix $(DESTDIR)$(PREFIX) --strip

# dataport_VERSION_amd64.deb in $(BUILD): stripped binary, man pages, completions, and Depends
# computed from the libraries the binary links (tools/mkdeb.sh; tested by tests/cli/deb.sh).
deb: build
	bash tools/mkdeb.sh $(BUILD)

clean:
	rm -rf $(BUILD) build-asan build-fuzz
