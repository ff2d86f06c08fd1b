from odoo import SUPERUSER_ID, api

# Mail templates are noupdate (a lab may have reworded them): the update does
# not rewrite them. Those still answering in the contact's language switch to
# the case's language; a lab's own expression is left alone.
OLD_TEMPLATE_LANG = "{{ object.partner_id.lang }}"
NEW_TEMPLATE_LANGS = {
    "quality.complaint": "{{ object.lang }}",
    "quality.satisfaction.response": "{{ object.complaint_id.lang or object.partner_id.lang }}",
}
# The published texts used to be field defaults, written once in the
# installer's language (English or Chinese). Where the lab kept them, the field
# is emptied so that the pages show the module's text in the visitor's language.
OLD_DEFAULT_STARTS = {
    "qc_complaint_process": (
        "<p>We register every complaint, appeal and suggestion, confirm its receipt",
        "<p>我们对每一项投诉、申诉和意见建议都予以登记",
    ),
    "qc_privacy_notice": (
        "<p>We use your name and contact details only to handle your case",
        "<p>我们仅将您的姓名和联系方式用于处理您的案件",
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    _answer_in_the_case_language(cr, env)
    # Registers used to be stored as attachments of the export wizard, which
    # any user allowed to export could download: they name complainants.
    # They are streamed now; the stored ones go.
    env["ir.attachment"].search([("res_model", "=", "quality.complaint.register.wizard")]).unlink()


def _answer_in_the_case_language(cr, env):
    # Cases are answered in the language of their contact, else in the lab's:
    # set-based, and without a tracking message on every case.
    cr.execute(
        """
        UPDATE quality_complaint c
           SET lang = p.lang
          FROM quality_complaint_identity i
          JOIN res_partner p ON p.id = i.partner_id
         WHERE i.id = c.identity_id AND c.lang IS NULL AND p.lang IS NOT NULL
        """
    )
    for company in env["res.company"].search([]):
        cr.execute(
            "UPDATE quality_complaint SET lang = %s WHERE lang IS NULL AND company_id = %s",
            [company._qc_lang(), company.id],
        )
    env["quality.complaint"].invalidate_model(["lang"])

    template_ids = (
        env["ir.model.data"]
        .search([("module", "=", "quality_complaint"), ("model", "=", "mail.template")])
        .mapped("res_id")
    )
    for template in env["mail.template"].browse(template_ids).exists():
        if template.lang == OLD_TEMPLATE_LANG and template.model in NEW_TEMPLATE_LANGS:
            template.lang = NEW_TEMPLATE_LANGS[template.model]

    for company in env["res.company"].search([]):
        for field_name, starts in OLD_DEFAULT_STARTS.items():
            if (company.with_context(lang="en_US")[field_name] or "").startswith(starts):
                company[field_name] = False
