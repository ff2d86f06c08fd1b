import logging

from odoo import SUPERUSER_ID, api
from odoo.addons.quality_complaint.models.quality_complaint_settings import MINIMUMS, SETTINGS

_logger = logging.getLogger(__name__)

# Complaint settings used to be database-wide system parameters; they are per
# company now (quality.complaint.settings). Every company starts from the
# values the database had; the parameters themselves go, so that nobody
# edits one that no longer counts. The few kept database-wide stay.
PARAM_PREFIX = "quality_complaint."


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    copy_parameters_to_companies(env)


def copy_parameters_to_companies(env):
    """Give each company without complaint settings the database's parameter values."""
    Settings = env["quality.complaint.settings"]
    Params = env["ir.config_parameter"]
    stored = Params.search([("key", "in", [PARAM_PREFIX + key for key in SETTINGS])])
    values = {}
    for param in stored:
        key = param.key.removeprefix(PARAM_PREFIX)
        value = _converted(Settings._fields[key], param.value)
        if value is None or (isinstance(value, (int, float)) and value < MINIMUMS.get(key, 0)):
            _logger.warning(
                "Complaint setting %s: %r is not a valid value; the default is kept.", key, param.value
            )
        else:
            values[key] = value
    done = Settings.search([]).company_id
    for company in env["res.company"].search([]) - done:
        Settings.create(dict(values, company_id=company.id))
    stored.unlink()


def _converted(field, raw):
    try:
        if field.type == "integer":
            return int(float(raw))
        if field.type == "float":
            return float(raw)
        if field.type == "boolean":
            return raw.strip().lower() in ("1", "true", "yes")
        return raw.strip() or None
    except ValueError:
        return None
