from odoo import fields, models

from ..const import SEVERITIES


class QualityComplaintCategory(models.Model):
    _name = "quality.complaint.category"
    _description = "Complaint category"
    _order = "sequence, id"

    # === FIELDS === #

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code used in registers and statistics.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    is_result_dispute = fields.Boolean(
        string="Result dispute",
        help="Cases of this category dispute a test result or report: they follow "
        "the result-dispute checklist and the longer handling deadline.",
    )
    touches_management_system = fields.Boolean(
        help="Valid cases of this category call for an additional internal audit."
    )
    default_severity = fields.Selection(SEVERITIES, default="general", required=True)
    routing_group_id = fields.Many2one(
        "res.groups",
        string="Routed to role",
        help="Role notified when a case of this category is registered "
        "(ISO/IEC 17025 routing: result disputes to the technical manager, ...).",
    )
    routing_user_id = fields.Many2one(
        "res.users",
        string="Routed to person",
        domain=[("share", "=", False)],
        help="Proposed handler; notified instead of the role when set.",
    )
    routing_balanced = fields.Boolean(
        string="Give to the least busy member",
        help="A new case of this category goes to the member of the routed role with the fewest "
        "open cases, leaving out people on time off and people involved in the case; that "
        "handler gets a to-do instead of the role's notice. When nobody is free, the role is notified.",
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    _code_unique = models.Constraint("UNIQUE(code)", "Category codes must be unique.")

    # === COMPUTE METHODS === #

    def _compute_complaint_count(self):
        counts = dict(
            self.env["quality.complaint"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.complaint_count = counts.get(category, 0)
