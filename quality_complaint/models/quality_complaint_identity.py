from odoo import api, fields, models
from odoo.exceptions import UserError

from ..audit_trail import TrailRecordRefused, is_trail_rewrite

# Written only by the module's sealing and redaction, never by a user.
VAULT_FIELDS = frozenset({"sealed_headers", "apart_message_ids"})


class QualityComplaintIdentity(models.Model):
    """Who complained, kept apart from the case behind its own record rules.

    Field-level groups hide a field on every record; a confidential or
    real-name case must hide its complainant only on that case, and from
    everyone the case is about whatever their role. As hr.employee.public
    does for employees, the case reads these values through a compute that
    returns nothing where the rules refuse the identity.
    """

    _name = "quality.complaint.identity"
    _description = "Complainant identity"
    _rec_name = "complaint_id"

    # === FIELDS === #

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, readonly=True, ondelete="restrict", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True, precompute=True)
    partner_id = fields.Many2one("res.partner", string="Complainant", index="btree_not_null")
    name = fields.Char(string="Contact person")
    organisation = fields.Char()
    phone = fields.Char()
    email = fields.Char()
    address = fields.Char()
    sender_unverified = fields.Boolean(
        string="Unverified sender",
        help="Came by mail from a sender the lab's mail server did not authenticate.",
    )
    # The complainant's side of the case's mail, behind these rules.
    sealed_headers = fields.Json(
        string="Sealed mail headers",
        readonly=True,
        copy=False,
        help="Once the identity is protected, the author, sender address and recipients that "
        "named the complainant on the case's messages, by message, moved here from the chatter.",
    )
    apart_message_ids = fields.Many2many(
        "mail.message",
        string="Mails sent apart",
        readonly=True,
        copy=False,
        help="Mails sent to the complainant alone, linked to no record (receipts, letters on a "
        "protected identity): kept here so the retention job finds them.",
    )

    _complaint_unique = models.Constraint("UNIQUE(complaint_id)", "A case has one complainant identity.")

    # === CRUD METHODS === #

    def write(self, vals):
        vault = VAULT_FIELDS & set(vals)
        if vault and not is_trail_rewrite(self.env, vault):
            raise TrailRecordRefused(
                self.env._(
                    "The sealed mail headers of a case are kept by the module itself and never edited."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A complainant identity is part of the case record and is never deleted."))
