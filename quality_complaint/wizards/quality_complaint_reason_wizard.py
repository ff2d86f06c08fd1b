from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import CHANNELS, KINDS
from ..models.quality_complaint import PROTECTION_FLAGS, RECORDED_FACTS

# Steps that read their reason on the case: step -> (field of the case that keeps the reason, workflow method)
REASON_ON_CASE_STEPS = {
    "hold": ("hold_reason", "action_put_on_hold"),
    "cancel": ("cancel_reason", "action_cancel"),
    "late_notice": ("late_notice_reason", "action_send_late_notice"),
    "out_of_time": ("out_of_time_override_reason", "action_override_out_of_time"),
}
# Steps that take the reason and their other input as keyword arguments: step -> workflow method
KEYWORD_STEPS = {
    "reopen_decision": "action_reopen_decision",
    "withdraw_reply": "action_withdraw_reply",
    "correct_fact": "action_correct_fact",
    "remove_involved": "action_remove_involved",
    "remove_involved_partner": "action_remove_involved_partner",
    "lower_protection": "action_lower_protection",
    "link_duplicate": "action_link_duplicate",
    "unlink_duplicate": "action_unlink_duplicate",
}
# Recorded facts whose new value has an input of their own: the others share one per field type.
OWN_INPUT_TYPES = ("many2one", "selection")


class QualityComplaintReasonWizard(models.TransientModel):
    """Asks for the reason and the input a step needs, then runs the step.

    Every check is the step's own: the wizard only collects the input.
    """

    _name = "quality.complaint.reason.wizard"
    _description = "Reason for a case step"

    # === FIELDS === #

    complaint_ids = fields.Many2many("quality.complaint", required=True)
    urging_id = fields.Many2one("quality.complaint.urging")
    step = fields.Selection(
        [
            ("hold", "Put on hold"),
            ("cancel", "Cancel"),
            ("late_notice", "Announce a late reply"),
            ("out_of_time", "Accept a late objection"),
            ("delay", "Reason for the delay"),
            ("reopen_decision", "Reopen the decision"),
            ("withdraw_reply", "Withdraw the reply letter"),
            ("correct_fact", "Correct a recorded fact"),
            ("remove_involved", "Remove an involved person"),
            ("remove_involved_partner", "Remove an outside party"),
            ("lower_protection", "Lower a protection"),
            ("link_duplicate", "Link as a duplicate"),
            ("unlink_duplicate", "Not a duplicate"),
        ],
        required=True,
    )
    reason = fields.Text(required=True)
    fact_field = fields.Selection(selection="_selection_fact_field", string="Recorded fact")
    fact_input = fields.Char(
        string="Input of the new value",
        compute="_compute_fact_input",
        help="The field of this dialog that takes the new value.",
    )
    # One input per type of fact; the dialog labels the one it shows "New value".
    new_char = fields.Char(string="New value (text)")
    new_text = fields.Text(string="New value (long text)")
    new_boolean = fields.Boolean(string="New value (yes or no)")
    new_date = fields.Date(string="New value (date)")
    new_datetime = fields.Datetime(string="New value (date and time)")
    new_product_id = fields.Many2one("product.product", string="New value (product)")
    new_kind = fields.Selection(KINDS, string="New value (kind)")
    new_channel = fields.Selection(CHANNELS, string="New value (channel)")
    case_involved_user_ids = fields.Many2many(
        "res.users", string="People involved in the case", compute="_compute_case_involved_user_ids"
    )
    involved_user_id = fields.Many2one(
        "res.users", string="Person no longer involved", domain="[('id', 'in', case_involved_user_ids)]"
    )
    case_involved_partner_ids = fields.Many2many(
        "res.partner", string="Outside parties involved", compute="_compute_case_involved_partner_ids"
    )
    involved_partner_id = fields.Many2one(
        "res.partner",
        string="Outside party no longer involved",
        domain="[('id', 'in', case_involved_partner_ids)]",
    )
    protection_flag = fields.Selection(selection="_selection_protection_flag", string="Protection")
    duplicate_original_id = fields.Many2one(
        "quality.complaint",
        string="Original case",
        compute="_compute_duplicate_original_id",
        store=True,
        readonly=False,
        help="The earlier case this one repeats; it starts from the likely original the lab was shown.",
    )

    # === COMPUTE METHODS === #

    @api.model
    def _case_field_choices(self, field_names):
        """The case's fields among `field_names`, in the order of the case, with their labels."""
        return [
            (name, field._description_string(self.env))
            for name, field in self.env["quality.complaint"]._fields.items()
            if name in field_names
        ]

    @api.model
    def _selection_fact_field(self):
        return self._case_field_choices(RECORDED_FACTS)

    @api.model
    def _selection_protection_flag(self):
        return self._case_field_choices(PROTECTION_FLAGS)

    @api.depends("fact_field")
    def _compute_fact_input(self):
        case_fields = self.env["quality.complaint"]._fields
        for wizard in self:
            fact = case_fields.get(wizard.fact_field)
            if not fact:
                wizard.fact_input = False
            elif fact.type in OWN_INPUT_TYPES:
                wizard.fact_input = f"new_{fact.name}"
            else:
                wizard.fact_input = f"new_{fact.type}"

    @api.depends("complaint_ids")
    def _compute_case_involved_user_ids(self):
        for wizard in self:
            wizard.case_involved_user_ids = wizard.complaint_ids.involved_user_ids

    @api.depends("complaint_ids")
    def _compute_case_involved_partner_ids(self):
        for wizard in self:
            wizard.case_involved_partner_ids = wizard.complaint_ids.involved_partner_ids

    @api.depends("complaint_ids", "step")
    def _compute_duplicate_original_id(self):
        for wizard in self:
            case = wizard.complaint_ids[:1]
            wizard.duplicate_original_id = (
                (case.suspected_duplicate_id or case.duplicate_top_id)
                if wizard.step == "link_duplicate"
                else False
            )

    # === ONCHANGE METHODS === #

    @api.onchange("fact_field")
    def _onchange_fact_field(self):
        # Start from the value on record: a typo is fixed without typing the rest again.
        if self.fact_input:
            self[self.fact_input] = self.complaint_ids[:1][self.fact_field]

    # === ACTION METHODS === #

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Write the reason."))
        if self.step == "delay":
            urging = (
                self.urging_id or self.complaint_ids.urging_ids.filtered(lambda u: not u.delay_reason)[:1]
            )
            if not urging:
                raise UserError(self.env._("There is no urging notice waiting for a reason."))
            return urging.action_record_reason(self.reason)
        if self.step in KEYWORD_STEPS:
            result = getattr(self.complaint_ids, KEYWORD_STEPS[self.step])(**self._step_arguments())
        else:
            field_name, method = REASON_ON_CASE_STEPS[self.step]
            self.complaint_ids.write({field_name: self.reason})
            result = getattr(self.complaint_ids, method)()
        return result if isinstance(result, dict) else {"type": "ir.actions.act_window_close"}

    # === BUSINESS METHODS === #

    def _step_arguments(self):
        """The keyword arguments of the step, as its method takes them over RPC."""
        arguments = {"reason": self.reason}
        if self.step == "correct_fact":
            value_input = self._fields.get(self.fact_input)
            new_value = value_input.convert_to_write(self[value_input.name], self) if value_input else False
            arguments.update(field_name=self.fact_field, value=new_value)
        elif self.step == "remove_involved":
            arguments["user_id"] = self.involved_user_id.id
        elif self.step == "remove_involved_partner":
            arguments["partner_id"] = self.involved_partner_id.id
        elif self.step == "lower_protection":
            arguments["field_name"] = self.protection_flag
        elif self.step == "link_duplicate":
            arguments["original_id"] = self.duplicate_original_id.id
        return arguments
