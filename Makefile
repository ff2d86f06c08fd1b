# The two commands of the README, plus the checks CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help run test lint pot bootstrap bench bench-load bench-duplicates screenshots workflow-picture

help:
	@echo "make run   - Odoo with quality_complaint and demo data at http://127.0.0.1:$${ODOO_PORT:-8069}"
	@echo "make test  - the module's tests in a throwaway database"
	@echo "make lint  - ruff and pylint-odoo"
	@echo "make pot   - regenerate quality_complaint/i18n/quality_complaint.pot"
	@echo "make bench - seed 10k/100k cases and helpdesk tickets, measure both (bench/results/latest.md)"
	@echo "make bench-duplicates - precision and recall of the duplicate warning on a labelled set (bench/README.md)"
	@echo "make bench-load - 8 clients submit 500 public forms to a multi-worker Odoo (bench/results/load.md)"
	@echo "make screenshots - the README's pictures, from a new demo database (static/description/screenshots)"
	@echo "make workflow-picture - the workflow picture, from the step declarations (static/description/workflow_*.svg)"

bootstrap:
	@bash scripts/bootstrap.sh >/dev/null

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

lint:
	@bash scripts/lint.sh

pot:
	@bash scripts/pot.sh

bench:
	@bash bench/run.sh

bench-duplicates:
	@bash bench/duplicates.sh

bench-load:
	@bash bench/load.sh

workflow-picture:
	@eval "$$(bash scripts/bootstrap.sh)" && ODOO_ROOT="$$ODOO_ROOT" ODOO_ADDONS="$$ODOO_ADDONS" "$$VENV/bin/python" scripts/workflow_picture.py

screenshots: workflow-picture
	@bash scripts/screenshots.sh
