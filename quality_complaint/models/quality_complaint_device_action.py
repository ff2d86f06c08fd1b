from odoo import api, fields, models
from odoo.tools import LazyTranslate

from ..const import CUSTOMER_SERVICE, QUALITY_MANAGER
from .quality_workflow_mixin import FRAMEWORK_FIELDS, Lock, Step

_lt = LazyTranslate(__name__)

DEVICE_ACTION_TYPES = [
    ("return", "Return"),
    ("exchange", "Exchange"),
    ("recall", "Recall"),
    ("advisory_notice", "Advisory notice"),
]
# Field actions on units already in the market: decided and run by the
# quality manager (ISO 13485 8.3.3).
FIELD_ACTION_TYPES = ("recall", "advisory_notice")
# Documents of Odoo's inventory a return or exchange may point to, when that app is installed.
STOCK_DOCUMENT_MODELS = [("stock.picking", "Transfer")]
DEVICE_ACTION_STEPS = {
    "start": Step(
        ("planned",), ("in_progress",), CUSTOMER_SERVICE, label=_lt("start a return, exchange or recall")
    ),
    "complete": Step(
        ("in_progress",),
        ("done",),
        CUSTOMER_SERVICE,
        sets=frozenset({"done_date"}),
        label=_lt("complete a return, exchange or recall"),
    ),
    "cancel": Step(
        ("planned", "in_progress"),
        ("cancelled",),
        CUSTOMER_SERVICE,
        label=_lt("cancel a return, exchange or recall"),
    ),
}


class QualityComplaintDeviceAction(models.Model):
    """A return, exchange, recall or advisory notice (忠告性通知) following a case."""

    _name = "quality.complaint.device.action"
    _description = "Return, exchange, recall or advisory notice"
    _inherit = ["quality.workflow.mixin", "quality.complaint.device.mixin", "mail.thread"]
    _order = "planned_date desc, id desc"
    _qc_steps = DEVICE_ACTION_STEPS
    _qc_step_owned = frozenset({"name", "done_date"})
    _qc_locks = (
        Lock(
            states=("done", "cancelled"),
            message=_lt("%s is finished: its record can no longer be changed."),
        ),
    )
    _qc_sequence_code = "quality.complaint.device.action"

    # === FIELDS === #

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    action_type = fields.Selection(
        DEVICE_ACTION_TYPES, string="Type", required=True, default="return", tracking=True
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    planned_date = fields.Date(string="Date", required=True, default=fields.Date.context_today, tracking=True)
    done_date = fields.Date(string="Done on", readonly=True, copy=False, tracking=True)
    quantity = fields.Float(digits="Product Unit", help="Units returned, exchanged, recalled or concerned.")
    lot_ref = fields.Char(string="Lots / serial numbers concerned")
    description = fields.Text(
        help="What is done, for whom: the customers or markets a recall or notice reaches."
    )
    document_ref = fields.Char(
        string="Document reference",
        help="Return authorisation, recall or notice number, or the carrier's waybill.",
    )
    stock_document = fields.Reference(
        selection="_selection_stock_document",
        string="Inventory transfer",
        help="The return or delivery in Odoo's inventory, when that app is installed.",
    )
    stock_available = fields.Boolean(string="Inventory app installed", compute="_compute_stock_available")

    # === COMPUTE METHODS === #

    @api.model
    def _selection_stock_document(self):
        return [(model, label) for model, label in STOCK_DOCUMENT_MODELS if model in self.env]

    def _compute_stock_available(self):
        self.stock_available = bool(self._selection_stock_document())

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("action_type") in FIELD_ACTION_TYPES for vals in vals_list):
            self._qc_require_field_action_role()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("action_type") in FIELD_ACTION_TYPES:
            self._qc_require_field_action_role()
        elif set(vals) - FRAMEWORK_FIELDS:
            self._qc_field_actions_checked()
        return super().write(vals)

    # === ACTION METHODS === #

    def action_start(self):
        self._qc_field_actions_checked()._qc_step("start").write({"state": "in_progress"})
        return True

    def action_complete(self):
        self._qc_field_actions_checked()._qc_step("complete").write(
            {"state": "done", "done_date": fields.Date.context_today(self)}
        )
        return True

    def action_cancel(self):
        self._qc_field_actions_checked()._qc_step("cancel").write({"state": "cancelled"})
        return True

    # === BUSINESS METHODS === #

    def _qc_require_field_action_role(self):
        self._qc_require_group(QUALITY_MANAGER, self.env._("decide a recall or an advisory notice"))

    def _qc_field_actions_checked(self):
        if self.filtered(lambda action: action.action_type in FIELD_ACTION_TYPES):
            self._qc_require_field_action_role()
        return self
