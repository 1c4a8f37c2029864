# One command to set up and start the app, one to set up and run the tests.
#   make app    -> venv + dependencies, then the Streamlit app on the bundled demo (http://localhost:8501)
#   make test   -> venv + dependencies, then every test (tiny-model and browser tests included)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup app test eval bench screenshots clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

app: setup
	$(VENV)/bin/streamlit run app.py

test: setup
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q

eval: setup
	$(PY) eval/uner_pud.py
	$(PY) eval/align_gold.py

bench: setup
	$(PY) bench/bench_projection.py
	$(PY) bench/bench_aligners.py
	$(PY) bench/bench_store.py
	$(PY) bench/bench_inspect.py
	$(PY) bench/bench_pages.py

screenshots: setup
	$(PY) docs/make_screenshots.py

clean:
	rm -rf $(VENV) workspace .pytest_cache
