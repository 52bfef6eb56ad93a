# readmode: build, run and test. Every step is idempotent: it skips what is already done, so
# `make test` works on a fresh Debian 12 machine (root or sudo; rustup, cargo, node 20, npm, gcc)
# and costs little the second time.
#
#   make setup   toolchain: wasm32 target, wasm-bindgen-cli, wasm-pack, Chromium + chromedriver (and a
#                voice for reading aloud), npm deps
#   make build   native CLI (target/release/readmode) and the wasm package (pkg/, copied to extension/pkg/)
#   make package the npm package readmode (target/npm/readmode-VERSION.tgz): the browser wasm (pkg/)
#                and the html5ever wasm (target/wasm-html/) behind the wrappers in src/npm/; and the
#                extension as one zip for Chrome and one for Firefox (target/extension/), the Firefox
#                one checked with web-ext lint
#   make run     setup + build, then serve the demo (prints its URL)
#   make test    setup + build + package, then native tests, browser (wasm-bindgen-test) tests and node tests
#   make bench-latency  the extension from toolbar click to painted reader view, step by step, on
#                LATENCY_PAGES (40) pages of the WCXB dev corpus (READMODE_CORPUS, default beside the checkout)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build
.NOTPARALLEL:

WASM_BINDGEN_VERSION := 0.2.130
CHROMIUM := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
FIREFOX := /usr/bin/firefox-esr
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# cargo-installed tools live in ~/.cargo/bin; npm binaryen's wasm-opt must come before any
# system wasm-opt (Debian's is too old for what rustc emits).
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER

# Everything the wasm build depends on (src/npm/ holds the npm package's JavaScript, not the crate's).
WASM_SOURCES := Cargo.toml $(wildcard Cargo.lock) $(shell find src -path src/npm -prune -o -type f \( -name '*.rs' -o -name '*.js' \) -print 2>/dev/null)
EXT_PKG := extension/pkg
# The npm package: the html5ever build of the core (feature `html`), the assembled package folder
# and its tarball, all generated under target/.
VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -n1)
HTML_PKG := target/wasm-html
NPM_DIR := target/npm
NPM_PKG := $(NPM_DIR)/readmode
NPM_TGZ := $(NPM_DIR)/readmode-$(VERSION).tgz
NPM_SOURCES := $(wildcard src/npm/*)
# The extension's zips (see "package" below).
EXT_OUT := target/extension
EXT_FILES := $(shell find extension -type f -not -path 'extension/pkg/*' 2>/dev/null)
EXT_ZIPS := $(EXT_OUT)/readmode-chrome-$(VERSION).zip $(EXT_OUT)/readmode-firefox-$(VERSION).zip
GECKO_ID := readmode@readmode.extension

.PHONY: setup setup-rust setup-browser setup-firefox setup-npm build build-native build-wasm package run test \
        test-native test-wasm test-node bench-latency clean

# ---------------------------------------------------------------------------------------- setup

setup: setup-rust setup-browser setup-firefox setup-npm

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

# Chromium and its driver; speech-dispatcher with espeak-ng, the voice Chromium reads aloud with
# (tests/e2e/narrate.test.mjs, Chromium started with --enable-speech-dispatcher).
BROWSER_PACKAGES := chromium chromium-driver speech-dispatcher speech-dispatcher-espeak-ng espeak-ng zip

setup-browser:
	@if [ -x $(CHROMIUM) ] && [ -x $(CHROMEDRIVER) ] && command -v speech-dispatcher >/dev/null && command -v espeak-ng >/dev/null && command -v zip >/dev/null; then \
	  echo "setup: $$($(CHROMIUM) --version 2>/dev/null | head -n1), chromedriver, speech-dispatcher and espeak-ng present"; \
	else \
	  $(SUDO) apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(BROWSER_PACKAGES); \
	fi

# Firefox ESR (the extension end to end over WebDriver BiDi, tests/e2e/firefox.test.mjs) and
# geckodriver (wasm-pack test --firefox). The npm geckodriver package downloads a binary: not that.
setup-firefox:
	@if [ -x $(FIREFOX) ]; then \
	  echo "setup: $$($(FIREFOX) --version 2>/dev/null | head -n1) present"; \
	else \
	  $(SUDO) apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends firefox-esr; \
	fi
	@if command -v geckodriver >/dev/null; then \
	  echo "setup: $$(geckodriver --version 2>/dev/null | sed -n 1p) present"; \
	else \
	  cargo install geckodriver --locked \
	  || { echo "setup: --locked install failed; retrying without --locked"; cargo install geckodriver; }; \
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

# The wasm builds leave LLVM's loop unrolling off: the unrolled copies of the core's many short
# loops were 30 kB of the wasm (9 kB gzip) and made analyze no faster (Cargo.toml lists the
# trials). A cargo profile cannot carry LLVM options, hence RUSTFLAGS here. They build at
# opt-level 2, the native build at 3: in the wasm 2 is 16 kB smaller (6.8 kB gzip) and as fast.
WASM_RUSTFLAGS := -C llvm-args=-unroll-threshold=0 -C llvm-args=-unroll-full-max-count=1
WASM_ENV := RUSTFLAGS="$(WASM_RUSTFLAGS)" CARGO_PROFILE_RELEASE_OPT_LEVEL=2

pkg/readmode_bg.wasm pkg/readmode.js: $(WASM_SOURCES)
	@command -v wasm-opt >/dev/null || { echo "wasm-opt missing: run make setup (npm binaryen)"; exit 1; }
	$(WASM_ENV) wasm-pack build --target web --release --out-dir pkg -- --no-default-features
	@touch pkg/readmode_bg.wasm pkg/readmode.js

$(EXT_PKG)/readmode_bg.wasm: pkg/readmode_bg.wasm pkg/readmode.js src/dom/read_tree.js src/dom/builder.rs
	rm -rf $(EXT_PKG)
	mkdir -p $(EXT_PKG)
	cp -r pkg/readmode.js pkg/readmode_bg.wasm pkg/*.d.ts pkg/snippets $(EXT_PKG)/
	@# The content script's walk is the core's own (src/dom/read_tree.js), as a classic script:
	@# a content script cannot import. background.js injects it before content.js. Its element
	@# budget is the core's, MAX_ELEMENTS, read from the Rust source.
	max=$$(sed -n 's/^pub const MAX_ELEMENTS: usize = \([0-9_]*\);$$/\1/p' src/dom/builder.rs); \
	[ -n "$$max" ] || { echo "MAX_ELEMENTS not found in src/dom/builder.rs"; exit 1; }; \
	{ echo '// Generated by make from src/dom/read_tree.js (do not edit): the walk the wasm front end'; \
	  echo '// makes, as a classic content script; it defines globalThis.readmodeReadTree.'; \
	  echo '(() => {'; \
	  echo 'if (globalThis.readmodeReadTree) return;'; \
	  sed 's/^export //' src/dom/read_tree.js; \
	  echo "const MAX_ELEMENTS = $$max; // src/dom/builder.rs"; \
	  echo 'globalThis.readmodeReadTree = Object.freeze({ readTree, MAX_ELEMENTS, LOOK_IN, HIDDEN, LOOK_PAST, LEAVE_OUT });'; \
	  echo '})();'; } > $(EXT_PKG)/read-tree.js

# -------------------------------------------------------------------------------------- package

package: $(NPM_TGZ) $(EXT_ZIPS)
	@for f in pkg/readmode_bg.wasm $(HTML_PKG)/readmode_bg.wasm; do \
	  echo "wasm: $$f $$(wc -c < $$f) bytes raw, $$(gzip -9c $$f | wc -c) bytes gzip -9"; \
	done
	@node -e 'const [p] = require("./$(NPM_DIR)/pack.json"); console.log(`npm: $(NPM_TGZ) $${p.size} bytes packed, $${p.unpackedSize} bytes unpacked, $${p.entryCount} files`)'

# The core with the html5ever front end, for `readmode/html` (runtimes without a DOM).
$(HTML_PKG)/readmode_bg.wasm $(HTML_PKG)/readmode.js: $(WASM_SOURCES)
	@command -v wasm-opt >/dev/null || { echo "wasm-opt missing: run make setup (npm binaryen)"; exit 1; }
	$(WASM_ENV) wasm-pack build --target web --release --no-pack --out-dir $(HTML_PKG) -- --no-default-features --features html
	@touch $(HTML_PKG)/readmode_bg.wasm $(HTML_PKG)/readmode.js

# src/npm/ (package.json template, entry wrappers, types, README) + both wasm-pack outputs.
$(NPM_TGZ): pkg/readmode_bg.wasm pkg/readmode.js $(HTML_PKG)/readmode_bg.wasm $(HTML_PKG)/readmode.js $(NPM_SOURCES)
	rm -rf $(NPM_PKG) $(NPM_DIR)/readmode-*.tgz
	mkdir -p $(NPM_PKG)/web $(NPM_PKG)/html
	cp src/npm/*.js src/npm/*.d.ts src/npm/README.md $(NPM_PKG)/
	cp -r pkg/readmode.js pkg/readmode_bg.wasm pkg/snippets $(NPM_PKG)/web/
	cp -r $(HTML_PKG)/readmode.js $(HTML_PKG)/readmode_bg.wasm $(HTML_PKG)/snippets $(NPM_PKG)/html/
	node -e 'const p = require("./src/npm/package.json"); p.version = process.argv[1]; console.log(JSON.stringify(p, null, 2))' \
	  $(VERSION) > $(NPM_PKG)/package.json
	cd $(NPM_DIR) && npm pack --json ./readmode > pack.json

# The extension, zipped for each browser (target/extension/readmode-{chrome,firefox}-VERSION.zip,
# unpacked beside them): extension/ as it is for Chrome; for Firefox the manifest gets an event
# page in place of the service worker (Firefox runs no MV3 service worker), its add-on id, and no
# Chrome-only key. Nothing test-only is in either (the tests add their hooks to copies of their
# own). web-ext lint must find no error in the Firefox one.
define FIREFOX_MANIFEST
const fs = require("fs"); const f = process.argv[1]; const m = JSON.parse(fs.readFileSync(f, "utf8"));
m.background = { scripts: [m.background.service_worker], type: "module" };
delete m.minimum_chrome_version;
for (const w of m.web_accessible_resources) delete w.use_dynamic_url;
m.browser_specific_settings = { gecko: { id: "$(GECKO_ID)", strict_min_version: "142.0",
  data_collection_permissions: { required: ["none"] } } };
fs.writeFileSync(f, JSON.stringify(m, null, 2) + "\n");
endef
export FIREFOX_MANIFEST

$(EXT_ZIPS) &: $(EXT_PKG)/readmode_bg.wasm $(EXT_FILES)
	rm -rf $(EXT_OUT)
	mkdir -p $(EXT_OUT)
	cp -r extension $(EXT_OUT)/chrome
	cp -r extension $(EXT_OUT)/firefox
	node -e "$$FIREFOX_MANIFEST" $(EXT_OUT)/firefox/manifest.json
	cd $(EXT_OUT)/chrome && zip -qrX ../readmode-chrome-$(VERSION).zip .
	cd $(EXT_OUT)/firefox && zip -qrX ../readmode-firefox-$(VERSION).zip .
	web-ext lint --source-dir $(EXT_OUT)/firefox --self-hosted --no-input --output text
	@for z in $(EXT_ZIPS); do echo "extension: $$z $$(wc -c < $$z) bytes"; done

# ------------------------------------------------------------------------------------------ run

run: setup build
	node www/serve.mjs

# ----------------------------------------------------------------------------------------- test

test: setup build package
	$(MAKE) --no-print-directory test-native test-wasm test-node

# Unit tests and tests/*.rs, natively (html5ever front end).
test-native:
	@echo "== cargo test --release"
	cargo test --release

# tests/web.rs in headless Chromium and headless Firefox (web-sys front end against the front-end
# fixtures' golden files from the native one).
test-wasm:
	@echo "== wasm-pack test --headless --chrome"
	wasm-pack test --headless --chrome -- --test web
	@echo "== wasm-pack test --headless --firefox"
	GECKODRIVER=$$(command -v geckodriver) wasm-pack test --headless --firefox -- --test web

# node --test: extension end-to-end (tests/e2e/: Chromium, and the packaged Firefox build in Firefox);
# in tests/browser/ the golden pages in Chromium
# (the wasm build in pkg/) and the browser batch's agreement with the native one; the npm package
# installed from its tarball (tests/package/).
test-node:
	@echo "== node --test tests/e2e/ tests/browser/ tests/package/"
	@files=$$(for d in tests/e2e tests/browser tests/package; do [ ! -d $$d ] || find $$d -name '*.test.mjs'; done | sort); \
	if [ -z "$$files" ]; then echo "no *.test.mjs under tests/e2e, tests/browser or tests/package"; exit 1; fi; \
	node --test --test-reporter=spec $$files

# ---------------------------------------------------------------------------------------- bench

# tests/e2e/latency.mjs: the test copy of the extension in headless Chromium, each page opened
# twice from the toolbar button; prints the table, writes every open's timestamps to target/.
READMODE_CORPUS ?= ../shared/corpus/wcxb-dev
LATENCY_PAGES ?= 40

bench-latency: setup build-wasm
	@mkdir -p target
	node tests/e2e/latency.mjs $(READMODE_CORPUS)/html --limit $(LATENCY_PAGES) --out target/latency.json

clean:
	cargo clean
	rm -rf pkg $(EXT_PKG) tests/browser/out tests/e2e/artifacts
