from odoo import SUPERUSER_ID, api

# The end-of-handling template is noupdate (a lab may have reworded it), so an
# upgrade does not give it the notice as a PDF: the signed notice, with its
# verification code, is what the complainant receives and can check. It is
# added to the attachments the lab chose; nothing else of the template changes.
END_NOTICE_TEMPLATE = "quality_complaint.mail_template_end_notice"
END_NOTICE_REPORT = "quality_complaint.action_report_end_notice"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(END_NOTICE_TEMPLATE, raise_if_not_found=False)
    report = env.ref(END_NOTICE_REPORT, raise_if_not_found=False)
    if template and report and report not in template.report_template_ids:
        template.report_template_ids = [(4, report.id)]
