from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from ..const import CUSTOMER_SERVICE, TECHNICAL_MANAGER
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

VISIT_STEPS = {
    "approve": Step(
        ("requested",),
        ("approved",),
        TECHNICAL_MANAGER,
        sets=frozenset({"approved_by_id", "approved_date"}),
        advances=True,
        label=_lt("approve a lab visit"),
    ),
    "refuse": Step(("requested",), ("refused",), TECHNICAL_MANAGER, label=_lt("refuse a lab visit")),
    "record": Step(
        ("approved",),
        ("done",),
        CUSTOMER_SERVICE,
        sets=frozenset({"recorded_by_id"}),
        advances=True,
        label=_lt("record a lab visit"),
    ),
}
# What the approver checked before the visit; frozen once approved.
APPROVAL_FIELDS = frozenset(
    {
        "partner_id",
        "visitor_names",
        "purpose",
        "planned_date",
        "areas",
        "confidentiality_measures",
        "confidentiality_checked",
    }
)


class QualityLabVisit(models.Model):
    """A customer's visit to the lab (S2, ISO/IEC 17025 7.1.1 b): requested,
    approved by a technical manager who checked that no other customer's
    samples, data or reports can be seen on the way (4.2), then recorded."""

    _name = "quality.lab.visit"
    _description = "Lab visit"
    _inherit = ["quality.workflow.mixin", "mail.thread"]
    _order = "planned_date desc, id desc"
    _check_company_auto = True
    _rec_name = "partner_id"
    _qc_steps = VISIT_STEPS
    _qc_step_owned = frozenset({"approved_by_id", "approved_date", "recorded_by_id"})
    _qc_locks = (
        Lock(
            states=("approved", "done", "refused"),
            frozen=APPROVAL_FIELDS,
            message=_lt("The visit of %s is decided: what was approved no longer changes."),
        ),
        Lock(
            states=("done",), message=_lt("The visit of %s is recorded: its record can no longer be changed.")
        ),
    )

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [("requested", "Requested"), ("approved", "Approved"), ("done", "Visited"), ("refused", "Refused")],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, tracking=True)
    visitor_names = fields.Char(string="Visitors", required=True)
    purpose = fields.Text(required=True)
    planned_date = fields.Datetime(string="Planned for", required=True, tracking=True)
    areas = fields.Char(
        string="Areas to visit", required=True, help="Laboratories and rooms the visitors enter."
    )
    confidentiality_checked = fields.Boolean(
        string="Other customers' work protected",
        tracking=True,
        help="The areas were checked: no other customer's samples, records or reports can be seen.",
    )
    confidentiality_measures = fields.Text(
        string="Confidentiality measures",
        help="How other customers' work stays confidential: samples covered, screens locked, escort.",
    )
    approved_by_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False)
    approved_date = fields.Datetime(string="Approved on", readonly=True, copy=False)
    refusal_reason = fields.Text(tracking=True)
    visit_date = fields.Datetime(string="Visited on")
    escort_id = fields.Many2one("res.users", string="Escorted by", domain=[("share", "=", False)])
    minutes = fields.Text(string="Visit minutes")
    recorded_by_id = fields.Many2one("res.users", string="Recorded by", readonly=True, copy=False)

    @api.constrains("planned_date", "visit_date")
    def _check_visit_date(self):
        for visit in self:
            if visit.visit_date and visit.approved_date and visit.visit_date < visit.approved_date:
                raise ValidationError(
                    self.env._("The visit of %s took place before it was approved.", visit.display_name)
                )

    def action_approve(self):
        visits = self._qc_step("approve")
        unchecked = visits.filtered(
            lambda visit: (
                not (visit.confidentiality_checked and (visit.confidentiality_measures or "").strip())
            )
        )
        if unchecked:
            raise UserError(
                self.env._(
                    "Check that the visitors of %s cannot see other customers' work, and record the "
                    "measures taken, before approving the visit.",
                    unchecked[0].display_name,
                )
            )
        visits.write(
            {"state": "approved", "approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()}
        )
        return True

    def action_refuse(self):
        visits = self._qc_step("refuse")
        if visits.filtered(lambda visit: not (visit.refusal_reason or "").strip()):
            raise UserError(self.env._("Say why the visit is refused."))
        visits.write({"state": "refused"})
        return True

    def action_record(self):
        visits = self._qc_step("record")
        incomplete = visits.filtered(lambda visit: not (visit.visit_date and (visit.minutes or "").strip()))
        if incomplete:
            raise UserError(
                self.env._(
                    "Record when the visit of %s took place and its minutes first.",
                    incomplete[0].display_name,
                )
            )
        visits.write({"state": "done", "recorded_by_id": self.env.uid})
        return True
