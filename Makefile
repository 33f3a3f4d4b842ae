# clickstream: build, run, test, benchmark, install.
#
#   make run      set up, build, start clickstreamd on etc/clickstreamd.toml (no broker needed)
#   make test     set up, build, run the whole suite (starts its own Tansu broker)
#   make bench    release build, run the benchmarks
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
RELEASE_FLAGS := -c release
RELEASE_BIN = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)

.PHONY: setup build release run test bench man clean

setup:
	@scripts/setup

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build $(RELEASE_FLAGS)

run: build
	@mkdir -p var/data var/run var/state
	$(DEBUG_BIN)/clickstreamd --config etc/clickstreamd.toml

test: setup
	$(SWIFT) build --build-tests
	CLICKSTREAMD_BIN=$(DEBUG_BIN)/clickstreamd CLICKCTL_BIN=$(DEBUG_BIN)/clickctl \
	  $(SWIFT) test --skip-build

bench: setup
	$(SWIFT) build $(RELEASE_FLAGS) --product clickbench
	$(RELEASE_BIN)/clickbench all

# docs/man/clickctl.1 from clickctl's command definitions (swift-argument-parser's generate-manual).
man:
	scripts/make-man

clean:
	rm -rf .build var
