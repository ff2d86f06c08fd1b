from odoo import SUPERUSER_ID, api

# The summary mails are sent by quality.complaint, no longer by the transient
# dashboard. The crons are noupdate (a lab may have changed their schedule),
# so the update does not rewrite them: only their model moves, under the
# same XML ids.
SUMMARY_CRONS = ("quality_complaint.ir_cron_weekly_summary", "quality_complaint.ir_cron_monthly_summary")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    model_id = env["ir.model"]._get_id("quality.complaint")
    for xmlid in SUMMARY_CRONS:
        cron = env.ref(xmlid, raise_if_not_found=False)
        if cron and cron.model_id.id != model_id:
            cron.write({"model_id": model_id})
