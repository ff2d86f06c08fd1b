# The two commands of the README, plus the checks CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help run test lint pot bootstrap

help:
	@echo "make run   - Odoo with quality_complaint and demo data at http://127.0.0.1:$${ODOO_PORT:-8069}"
	@echo "make test  - the module's tests in a throwaway database"
	@echo "make lint  - ruff and pylint-odoo"
	@echo "make pot   - regenerate quality_complaint/i18n/quality_complaint.pot"

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
