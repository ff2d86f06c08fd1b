from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    # Registers used to be stored as attachments of the export wizard, which
    # any user allowed to export could download: they name complainants.
    # They are streamed now; the stored ones go.
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["ir.attachment"].search([("res_model", "=", "quality.complaint.register.wizard")]).unlink()
