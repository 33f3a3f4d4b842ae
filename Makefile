# clickstream: build, run, test, benchmark, install.
#
#   make run      set up, build, start clickstreamd on etc/clickstreamd.toml (no broker needed)
#   make test     set up, build, run the whole suite (starts its own Tansu broker)
#   make bench    release build, run the benchmarks
#   make lint     swift format lint --strict over Sources and Tests (.swift-format)
#   make fuzz     libFuzzer on the parsers of hostile input, FUZZ_SECONDS (60) per target
#   make install  PREFIX=/usr/local DESTDIR=  (see README)

SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
ROOT := $(CURDIR)

# Tests, benchmarks and `make run` use a librdkafka >= 2.2 when scripts/setup put one there.
RDKAFKA_LIB := $(ROOT)/.venv/rdkafka-lib
export LD_LIBRARY_PATH := $(RDKAFKA_LIB)$(if $(LD_LIBRARY_PATH),:$(LD_LIBRARY_PATH))
export PATH := $(ROOT)/.venv/bin:$(PATH)

DEBUG_BIN = $(shell $(SWIFT) build --show-bin-path)
RELEASE_FLAGS := -c release --static-swift-stdlib
RELEASE_BIN = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)

.PHONY: setup build release run test bench lint fuzz clean install uninstall man

setup:
	@scripts/setup

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build $(RELEASE_FLAGS)

run: build
	@mkdir -p var/data var/run var/state
	$(DEBUG_BIN)/clickstreamd --config etc/clickstreamd.toml

# Two runs: the suites that run an HTTP server inside the test process, or time a rate, run
# after the rest, on a machine no longer loaded by the parallel daemon/broker tests. (Swift Testing runs every
# test, blocking ones too, on the concurrency pool's two threads here; a server in the test
# process then answered /openapi.json only after schemathesis's 10 s timeout.)
TIMING_SUITES := HTTPSchemathesisTests|HTTPNDJSONTests|HTTPServerTests|HTTPAuthTests|HTTPMetricsTests|HTTPOpenAPITests|RateAccuracyTests|ShardedDaemonsTests
test: setup lint
	$(SWIFT) build --build-tests
	CLICKSTREAMD_BIN=$(DEBUG_BIN)/clickstreamd CLICKCTL_BIN=$(DEBUG_BIN)/clickctl \
	  $(SWIFT) test --skip-build --skip '$(TIMING_SUITES)'
	CLICKSTREAMD_BIN=$(DEBUG_BIN)/clickstreamd CLICKCTL_BIN=$(DEBUG_BIN)/clickctl \
	  $(SWIFT) test --skip-build --filter '$(TIMING_SUITES)'

bench: setup
	$(SWIFT) build $(RELEASE_FLAGS) --product clickbench
	$(RELEASE_BIN)/clickbench all

# The style of .swift-format (4 spaces, 120 columns); `swift format format --in-place
# --recursive Sources Tests` fixes what it reports, except a few rules it only reports.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests

# clickfuzz built with libFuzzer and ASan in its own scratch path (the sanitizers apply to
# every module; gold cannot link the result, lld can). The flags come from a toolset
# (scripts/fuzz-toolset.json), which applies to the target only: -Xswiftc would also build
# the build-time tool Embed with libFuzzer, whose main then lacks a fuzz target and
# does not link. Then each target runs on a copy of its corpus in Tests/FuzzCorpus. A crash
# stops the run and leaves crash-* in .build/fuzz/artifacts/<target>: copy it into the
# corpus, where FuzzCorpusTests replays it in every `make test`. Leak checks are off: TOMLKit
# leaks ~300 bytes per parse (see docs/security.md), which would stop the config target at once.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= config rpc http time-mode rate-schedule
FUZZ_FLAGS := --scratch-path .build/fuzz --toolset scripts/fuzz-toolset.json
fuzz: setup
	$(SWIFT) build $(FUZZ_FLAGS) --product clickfuzz
	@bin=$$($(SWIFT) build $(FUZZ_FLAGS) --show-bin-path)/clickfuzz; \
	for target in $(FUZZ_TARGETS); do \
	  work=.build/fuzz/corpus/$$target; artifacts=.build/fuzz/artifacts/$$target; \
	  mkdir -p $$work $$artifacts && cp -n Tests/FuzzCorpus/$$target/* $$work/; \
	  echo "fuzz: $$target for $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=0 $$bin $$target $$work -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
	    -artifact_prefix=$$artifacts/ -print_final_stats=1 2>.build/fuzz/$$target.log \
	    || { tail -n 40 .build/fuzz/$$target.log; echo "fuzz: $$target crashed: see $$artifacts"; exit 1; }; \
	  grep -E "stat::number_of_executed_units|cov:" .build/fuzz/$$target.log | tail -n 2; \
	done

# docs/man/clickctl.1 from clickctl's command definitions (swift-argument-parser's generate-manual).
man:
	scripts/make-man

clean:
	rm -rf .build var

# --- install / uninstall ------------------------------------------------------------------
# make release && make install [PREFIX=/usr/local] [DESTDIR=] [BUILD=release|debug]
#
# Installs what is built; builds nothing (run `make release` first, as your user). BUILD=debug
# installs .build/debug (the tests do); BINDIR_SRC=<dir> installs the binaries of <dir>.
# The config goes to $(SYSCONFDIR)/clickstream (/etc, whatever PREFIX), never over an
# existing one; the pristine example stays in $(DATAROOTDIR)/clickstream.
BUILD ?= release
# (Asks swift for the bin path once, and only when installing.)
BINDIR_SRC ?= $(eval BINDIR_SRC := $(if $(filter debug,$(BUILD)),$(DEBUG_BIN),$(RELEASE_BIN)))$(BINDIR_SRC)
BINDIR ?= $(PREFIX)/bin
SYSCONFDIR ?= /etc
DATAROOTDIR ?= $(PREFIX)/share
MANDIR ?= $(DATAROOTDIR)/man
UNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
BASHCOMPDIR ?= $(DATAROOTDIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATAROOTDIR)/zsh/site-functions
FISHCOMPDIR ?= $(DATAROOTDIR)/fish/vendor_completions.d
CONFIG_EXAMPLE := etc/clickstream/clickstreamd.toml


install:
	@src="$(BINDIR_SRC)"; \
	for b in clickstreamd clickctl; do \
	  [ -x "$$src/$$b" ] || { echo "make install: no $$src/$$b: run 'make release' first (or 'make build' and BUILD=debug)" >&2; exit 1; }; \
	done
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
	  $(DESTDIR)$(DATAROOTDIR)/clickstream $(DESTDIR)$(SYSCONFDIR)/clickstream
	install -m 0755 $(BINDIR_SRC)/clickstreamd $(BINDIR_SRC)/clickctl $(DESTDIR)$(BINDIR)/
	sed 's|^ExecStart=/usr/bin/clickstreamd |ExecStart=$(BINDIR)/clickstreamd |' systemd/clickstreamd.service \
	  > $(DESTDIR)$(UNITDIR)/clickstreamd.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/clickstreamd.service
	install -m 0644 systemd/clickstreamd.socket $(DESTDIR)$(UNITDIR)/clickstreamd.socket
	install -m 0644 systemd/clickstreamd.sysusers $(DESTDIR)$(SYSUSERSDIR)/clickstreamd.conf
	install -m 0644 $(CONFIG_EXAMPLE) $(DESTDIR)$(DATAROOTDIR)/clickstream/clickstreamd.toml
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/clickstream/clickstreamd.toml ]; then \
	  echo "make install: keeping $(DESTDIR)$(SYSCONFDIR)/clickstream/clickstreamd.toml (example: $(DATAROOTDIR)/clickstream/clickstreamd.toml)"; \
	else \
	  echo "install -m 0644 $(CONFIG_EXAMPLE) $(DESTDIR)$(SYSCONFDIR)/clickstream/clickstreamd.toml"; \
	  install -m 0644 $(CONFIG_EXAMPLE) $(DESTDIR)$(SYSCONFDIR)/clickstream/clickstreamd.toml; \
	fi
	@# Completions come from the built clickctl (ArgumentParser); skipped while it has none.
	@for shell in bash zsh fish; do \
	  case $$shell in \
	    bash) dir=$(BASHCOMPDIR); name=clickctl ;; \
	    zsh) dir=$(ZSHCOMPDIR); name=_clickctl ;; \
	    fish) dir=$(FISHCOMPDIR); name=clickctl.fish ;; \
	  esac; \
	  script=$$($(BINDIR_SRC)/clickctl --generate-completion-script $$shell 2>/dev/null) || script=; \
	  case "$$script" in \
	    '') echo "make install: clickctl made no $$shell completion script: skipped" ;; \
	    *) install -d $(DESTDIR)$$dir && printf '%s\n' "$$script" > $(DESTDIR)$$dir/$$name \
	          && chmod 0644 $(DESTDIR)$$dir/$$name && echo "installed $(DESTDIR)$$dir/$$name" ;; \
	  esac; \
	done
	@for page in docs/man/*.1; do \
	  [ -e "$$page" ] || { echo "make install: no docs/man/*.1 (make man): no man page installed"; break; }; \
	  install -d $(DESTDIR)$(MANDIR)/man1 && install -m 0644 "$$page" $(DESTDIR)$(MANDIR)/man1/ \
	    && echo "installed $(DESTDIR)$(MANDIR)/man1/$$(basename "$$page")"; \
	done
	@if [ -z "$(DESTDIR)" ] && command -v systemd-sysusers >/dev/null; then \
	  echo "systemd-sysusers $(SYSUSERSDIR)/clickstreamd.conf"; systemd-sysusers $(SYSUSERSDIR)/clickstreamd.conf; \
	fi
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
	  echo "systemctl daemon-reload"; systemctl daemon-reload; \
	fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/clickstreamd $(DESTDIR)$(BINDIR)/clickctl
	rm -f $(DESTDIR)$(UNITDIR)/clickstreamd.service $(DESTDIR)$(UNITDIR)/clickstreamd.socket
	rm -f $(DESTDIR)$(SYSUSERSDIR)/clickstreamd.conf
	rm -f $(DESTDIR)$(BASHCOMPDIR)/clickctl $(DESTDIR)$(ZSHCOMPDIR)/_clickctl $(DESTDIR)$(FISHCOMPDIR)/clickctl.fish
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(sort clickctl.1 clickstreamd.1 $(notdir $(wildcard docs/man/*.1))))
	@# The config is yours: removed only when it is still the example, as installed.
	@config=$(DESTDIR)$(SYSCONFDIR)/clickstream/clickstreamd.toml; \
	if [ -e "$$config" ] && cmp -s "$$config" $(DESTDIR)$(DATAROOTDIR)/clickstream/clickstreamd.toml; then \
	  echo "rm -f $$config"; rm -f "$$config"; rmdir $(DESTDIR)$(SYSCONFDIR)/clickstream 2>/dev/null || true; \
	elif [ -e "$$config" ]; then \
	  echo "make uninstall: keeping $$config (changed from the example)"; \
	fi
	rm -f $(DESTDIR)$(DATAROOTDIR)/clickstream/clickstreamd.toml
	@rmdir $(DESTDIR)$(DATAROOTDIR)/clickstream 2>/dev/null || true
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
	  echo "systemctl daemon-reload"; systemctl daemon-reload; \
	fi
	@echo "make uninstall: the user 'clickstream' and /var/lib/clickstream are left in place"
