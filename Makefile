# readmode: build, run and test. Every step is idempotent: it skips what is already done, so
# `make test` works on a fresh Debian 12 machine (root or sudo; rustup, cargo, node 20, npm, gcc)
# and costs little the second time.
#
#   make setup   toolchain: wasm32 target, wasm-bindgen-cli, wasm-pack, Chromium + chromedriver, npm deps
#   make build   native CLI (target/release/readmode) and the wasm package (pkg/, copied to extension/pkg/)
#   make run     setup + build, then serve the demo (prints its URL)
#   make test    setup + build, then native tests, browser (wasm-bindgen-test) tests and node tests

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build
.NOTPARALLEL:

WASM_BINDGEN_VERSION := 0.2.130
CHROMIUM := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# cargo-installed tools live in ~/.cargo/bin; npm binaryen's wasm-opt must come before any
# system wasm-opt (Debian's is too old for what rustc emits).
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER

# Everything the wasm build depends on.
WASM_SOURCES := Cargo.toml $(wildcard Cargo.lock) $(shell find src -type f \( -name '*.rs' -o -name '*.js' \) 2>/dev/null)
EXT_PKG := extension/pkg

.PHONY: setup setup-rust setup-browser setup-npm build build-native build-wasm run test \
        test-native test-wasm test-node clean

# ---------------------------------------------------------------------------------------- setup

setup: setup-rust setup-browser setup-npm

setup-rust:
	@if rustup target list --installed | grep -x wasm32-unknown-unknown >/dev/null; then \
	  echo "setup: wasm32-unknown-unknown target present"; \
	else \
	  rustup target add wasm32-unknown-unknown; \
	fi
	@# --locked first (reproducible); if the registry lacks a locked version, resolve afresh.
	@if wasm-bindgen --version 2>/dev/null | grep ' $(WASM_BINDGEN_VERSION)$$' >/dev/null; then \
	  echo "setup: $$(wasm-bindgen --version) present"; \
	else \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --locked --force \
	  || { echo "setup: --locked install failed; retrying without --locked"; \
	       cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; }; \
	fi
	@if command -v wasm-pack >/dev/null; then \
	  echo "setup: $$(wasm-pack --version) present"; \
	else \
	  cargo install wasm-pack --locked \
	  || { echo "setup: --locked install failed; retrying without --locked"; cargo install wasm-pack; }; \
	fi

setup-browser:
	@if [ -x $(CHROMIUM) ] && [ -x $(CHROMEDRIVER) ]; then \
	  echo "setup: $$($(CHROMIUM) --version 2>/dev/null | head -n1) and chromedriver present"; \
	else \
	  $(SUDO) apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi

setup-npm:
	@if [ ! -f package-lock.json ]; then \
	  npm install; \
	elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci; \
	else \
	  echo "setup: node_modules up to date"; \
	fi

# ---------------------------------------------------------------------------------------- build

build: build-native build-wasm

build-native:
	cargo build --release

build-wasm: pkg/readmode_bg.wasm $(EXT_PKG)/readmode_bg.wasm
	@raw=$$(wc -c < pkg/readmode_bg.wasm); gz=$$(gzip -9c pkg/readmode_bg.wasm | wc -c); \
	echo "wasm: pkg/readmode_bg.wasm $$raw bytes raw, $$gz bytes gzip -9"

pkg/readmode_bg.wasm pkg/readmode.js: $(WASM_SOURCES)
	@command -v wasm-opt >/dev/null || { echo "wasm-opt missing: run make setup (npm binaryen)"; exit 1; }
	wasm-pack build --target web --release --out-dir pkg -- --no-default-features
	@touch pkg/readmode_bg.wasm pkg/readmode.js

$(EXT_PKG)/readmode_bg.wasm: pkg/readmode_bg.wasm pkg/readmode.js
	rm -rf $(EXT_PKG)
	mkdir -p $(EXT_PKG)
	cp -r pkg/readmode.js pkg/readmode_bg.wasm pkg/*.d.ts pkg/snippets $(EXT_PKG)/

# ------------------------------------------------------------------------------------------ run

run: setup build
	node www/serve.mjs

# ----------------------------------------------------------------------------------------- test

test: setup build
	$(MAKE) --no-print-directory test-native test-wasm test-node

# Unit tests and tests/*.rs, natively (html5ever front end).
test-native:
	@echo "== cargo test --release"
	cargo test --release

# tests/web.rs in headless Chromium (web-sys front end against the front-end fixtures' golden files
# from the native one).
test-wasm:
	@echo "== wasm-pack test --headless --chrome"
	wasm-pack test --headless --chrome -- --test web

# node --test: extension end-to-end (tests/e2e/), and in tests/browser/ the golden pages in Chromium
# (the wasm build in pkg/) and the browser batch's agreement with the native one.
test-node:
	@echo "== node --test tests/e2e/ tests/browser/"
	@files=$$(for d in tests/e2e tests/browser; do [ ! -d $$d ] || find $$d -name '*.test.mjs'; done | sort); \
	if [ -z "$$files" ]; then echo "no *.test.mjs under tests/e2e or tests/browser"; exit 1; fi; \
	node --test --test-reporter=spec $$files

clean:
	cargo clean
	rm -rf pkg $(EXT_PKG) tests/browser/out tests/e2e/artifacts
