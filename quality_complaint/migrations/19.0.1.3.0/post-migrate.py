import json

from lxml import html

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
    _move_salutation_and_link_to_the_complainant_copy(cr)
    # A follow-up asks the case's complainant, found on the case's identity:
    # the copies on the survey were readable by the survey's readers.
    cr.execute(
        "UPDATE quality_satisfaction_response SET partner_id = NULL, email = NULL WHERE complaint_id IS NOT NULL"
    )


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
