import json
import logging

from lxml import html

from odoo import SUPERUSER_ID, api
from odoo.addons.quality_complaint.models.quality_complaint_settings import MINIMUMS, SETTINGS

_logger = logging.getLogger(__name__)

# Complaint settings used to be database-wide system parameters; they are per
# company now (quality.complaint.settings). Every company starts from the
# values the database had; the parameters themselves go, so that nobody
# edits one that no longer counts. The few kept database-wide stay.
PARAM_PREFIX = "quality_complaint."
# The mail templates are noupdate (a lab may have reworded them): their
# salutation and tracking link moved into the complainant's copy of the mail
# (mail_layout_complainant), so the copy kept on the case names nobody and
# holds no token. Those paragraphs are taken out of every language of the
# stored bodies; whatever else a lab wrote stays.
TEMPLATES = (
    "mail_template_acknowledgement",
    "mail_template_reply",
    "mail_template_late_notice",
    "mail_template_end_notice",
    "mail_template_web_receipt",
    "mail_template_survey_invitation",
    "mail_template_survey_reminder",
)
MOVED_PARAGRAPHS = (
    # The salutation, whatever the language of its fallback word ('customer', '客户').
    '//p[.//t[contains(@t-out, "partner_id.name or \'")]]',
    "//p[.//a[@t-att-href='object._qc_tracking_url()']]",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    copy_parameters_to_companies(env)
    _move_salutation_and_link_to_the_complainant_copy(cr)
    # A follow-up asks the case's complainant, found on the case's identity:
    # the copies on the survey were readable by the survey's readers.
    cr.execute(
        "UPDATE quality_satisfaction_response SET partner_id = NULL, email = NULL WHERE complaint_id IS NOT NULL"
    )


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


def _move_salutation_and_link_to_the_complainant_copy(cr):
    cr.execute(
        """
        SELECT t.id, t.body_html
          FROM mail_template t
          JOIN ir_model_data d ON d.model = 'mail.template' AND d.res_id = t.id
         WHERE d.module = 'quality_complaint' AND d.name IN %s
        """,
        [TEMPLATES],
    )
    for template_id, bodies in cr.fetchall():
        moved = {lang: _without_moved_paragraphs(body) for lang, body in (bodies or {}).items()}
        if moved != bodies:
            cr.execute(
                "UPDATE mail_template SET body_html = %s WHERE id = %s", [json.dumps(moved), template_id]
            )


def _without_moved_paragraphs(body):
    if not body:
        return body
    root = html.fragment_fromstring(body, create_parent="div")
    found = [paragraph for xpath in MOVED_PARAGRAPHS for paragraph in root.xpath(xpath)]
    if not found:
        return body
    for paragraph in found:
        paragraph.getparent().remove(paragraph)
    return "".join(html.tostring(child, encoding="unicode") for child in root)
