"""Device makers (ISO 13485, IATF 16949): what a case records about the product,
its adverse-event assessment, returns and recalls, the cost of handling it and
the customer's 8D reply. All of it behind the regulatory-reporting setting."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .quality_complaint import OVERDUE_BATCH
from .quality_complaint_device_mixin import REGULATORY_GROUP

# The product data of the complaint register, for device makers.
DEVICE_REGISTER_COLUMNS = (
    "device_model",
    "device_product_code",
    "device_lot",
    "device_shipping_date",
    "serious_injury",
    "regulatory_reportable",
    "regulatory_deadline",
    "regulatory_report_date",
    "handling_cost",
)


# Kept apart from the case's own file, as the public form's part is: the
# device makers' part is switched on by a setting of its own.
class QualityComplaint(models.Model):
    _inherit = "quality.complaint"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS === #

    # The product as the device maker identifies it (ISO 13485 8.2.2).
    device_model = fields.Char(string="Model", groups=REGULATORY_GROUP, index="trigram", copy=False)
    # Not copied: a copy read by a user of a lab without the setting could not read them.
    device_lot = fields.Char(
        string="Lot / serial number",
        groups=REGULATORY_GROUP,
        copy=False,
        index="trigram",
        help="Lot or serial number of the units complained about, for traceability and recalls.",
    )
    device_product_code = fields.Char(
        string="Product code",
        compute="_compute_device_product_code",
        store=True,
        readonly=False,
        groups=REGULATORY_GROUP,
        copy=False,
        index="trigram",
        help="The product's internal reference, unless the complainant quoted another code.",
    )
    device_shipping_date = fields.Date(string="Shipping date", groups=REGULATORY_GROUP, copy=False)
    serious_injury = fields.Selection(
        [("yes", "Yes"), ("no", "No")],
        string="Serious injury or death occurred",
        groups=REGULATORY_GROUP,
        copy=False,
        tracking=True,
        help="Answered at triage. Yes starts an adverse-event assessment, whose outcome decides "
        "whether the case is reported to the regulator, and by when.",
    )
    adverse_event_ids = fields.One2many(
        "quality.complaint.adverse.event",
        "complaint_id",
        string="Adverse-event assessments",
        groups=REGULATORY_GROUP,
    )
    device_action_ids = fields.One2many(
        "quality.complaint.device.action",
        "complaint_id",
        string="Returns, exchanges and recalls",
        groups=REGULATORY_GROUP,
    )
    cost_line_ids = fields.One2many(
        "quality.complaint.cost.line", "complaint_id", string="Cost lines", groups=REGULATORY_GROUP
    )
    handling_cost = fields.Monetary(
        string="Cost of handling",
        compute="_compute_handling_cost",
        groups=REGULATORY_GROUP,
        help="The internal cost lines of the case: freight, replacement units, repair, labour, tests.",
    )
    customer_8d_format = fields.Selection(
        [("ours", "Our 8D report"), ("customer", "The customer's own format")],
        string="8D reply format",
        groups=REGULATORY_GROUP,
        copy=False,
        help="Some customers ask for the 8D reply in their own form: attach it filled in, and it is "
        "what the case is answered with instead of the printed 8D report.",
    )
    customer_8d_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Customer's 8D form",
        groups=REGULATORY_GROUP,
        copy=False,
        domain="[('res_model', '=', 'quality.complaint'), ('res_id', '=', id)]",
        help="The customer's own 8D form, filled in, attached to the case.",
    )

    # === COMPUTE METHODS === #

    @api.depends("product_id")
    def _compute_device_product_code(self):
        for case in self:
            case.device_product_code = case.product_id.default_code or case.device_product_code

    @api.depends("cost_line_ids.amount")
    def _compute_handling_cost(self):
        totals = dict(
            self.env["quality.complaint.cost.line"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["amount:sum"]
            )
        )
        for case in self:
            case.handling_cost = totals.get(case._origin, 0.0)

    # === CONSTRAINT METHODS === #

    @api.constrains("regulatory_reportable", "serious_injury")
    def _check_reportability_follows_assessment(self):
        """A serious injury or death is reported or not as its assessment concludes."""
        for case in self.sudo():
            events = case.adverse_event_ids
            if not events:
                continue
            if case.serious_injury != "yes":
                raise ValidationError(
                    self.env._(
                        "%s has an adverse-event assessment: the serious injury or death stays recorded.",
                        case.name,
                    )
                )
            if events.filtered(lambda event: event.state == "open") and case.regulatory_reportable == "no":
                raise ValidationError(
                    self.env._(
                        "The adverse-event assessment of %s is not concluded: it decides whether the case "
                        "is reported.",
                        case.name,
                    )
                )
            if events.filtered(lambda event: event.outcome == "reportable" and event.state != "open") and (
                case.regulatory_reportable != "yes"
            ):
                raise ValidationError(
                    self.env._(
                        "The adverse-event assessment of %s found it reportable: it must be reported.",
                        case.name,
                    )
                )

    @api.constrains("customer_8d_attachment_id")
    def _check_customer_8d_attachment_is_the_cases(self):
        """The customer's form is a file of the case, never one of another record."""
        for case in self.sudo().filtered("customer_8d_attachment_id"):
            form = case.customer_8d_attachment_id
            if (form.res_model, form.res_id) != (case._name, case.id):
                raise ValidationError(
                    self.env._("Attach the customer's 8D form to %s itself before choosing it.", case.name)
                )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        cases = super().create(vals_list)
        if any(vals.get("serious_injury") == "yes" for vals in vals_list):
            cases._qc_start_adverse_events()
        return cases

    def write(self, vals):
        result = super().write(vals)
        if vals.get("serious_injury") == "yes":
            self._qc_start_adverse_events()
        return result

    # === ACTION METHODS === #

    def action_open_adverse_events(self):
        """The case's adverse-event assessment (the list, when there are several)."""
        self.ensure_one()
        events = self.adverse_event_ids
        title = self.env._("Adverse-event assessments")
        action = {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "quality.complaint.adverse.event",
            "domain": [("complaint_id", "=", self.id)],
            "views": [(False, "list"), (False, "form")],
        }
        if len(events) == 1:
            action.update(res_id=events.id, views=[(False, "form")])
        return action

    def action_send_reply(self, reply_date=None):
        waiting = self.sudo().filtered(
            lambda case: case.customer_8d_format == "customer" and not case.customer_8d_attachment_id
        )
        if waiting:
            raise UserError(
                self.env._(
                    "The customer of %s asked for the 8D reply in their own format: attach their form, "
                    "filled in, before sending the reply.",
                    waiting[0].name,
                )
            )
        return super().action_send_reply(reply_date=reply_date)

    # === BUSINESS METHODS === #

    def _qc_start_adverse_events(self):
        """A serious injury or death answered yes: its assessment starts at once."""
        started = self.sudo().filtered(
            lambda case: case.serious_injury == "yes" and not case.adverse_event_ids
        )
        if started:
            self.env["quality.complaint.adverse.event"].sudo().create(
                [
                    {
                        "complaint_id": case.id,
                        "user_id": (case.user_id or self.env.user).id,
                        "started_by_id": self.env.uid,
                    }
                    for case in started
                ]
            )

    # === CRON METHODS === #

    @api.model
    def _cron_process_overdue(self, batch_size=OVERDUE_BATCH):
        # Before the cases' batches, which may stop at the time limit: one statement for all assessments.
        self.env["quality.complaint.adverse.event"]._qc_chase_overdue_reports()
        return super()._cron_process_overdue(batch_size=batch_size)
