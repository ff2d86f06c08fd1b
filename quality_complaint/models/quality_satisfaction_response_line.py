from odoo import api, fields, models
from odoo.exceptions import UserError

from .quality_workflow_mixin import StepRequired


class QualitySatisfactionResponseLine(models.Model):
    """One item rated 1 to 5 by one customer; items left blank are not applicable."""

    _name = "quality.satisfaction.response.line"
    _description = "Satisfaction rating"
    _order = "response_id, sequence, id"

    # === FIELDS === #

    response_id = fields.Many2one(
        "quality.satisfaction.response", required=True, ondelete="cascade", index=True
    )
    survey_id = fields.Many2one(related="response_id.survey_id", store=True, index=True)
    survey_type = fields.Selection(related="response_id.survey_type")
    partner_id = fields.Many2one(related="response_id.partner_id", string="Customer")
    answer_date = fields.Datetime(related="response_id.answer_date")
    suggestion = fields.Text(related="response_id.suggestion")
    question_id = fields.Many2one(
        "quality.satisfaction.question", string="Item", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="question_id.sequence")
    rating = fields.Integer(required=True, aggregator="avg")

    _rating_range = models.Constraint("CHECK(rating BETWEEN 1 AND 5)", "A rating goes from 1 to 5.")
    _one_rating_per_item = models.Constraint(
        "UNIQUE(response_id, question_id)", "Each item is rated once per response."
    )

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        responses = self.env["quality.satisfaction.response"].browse(
            [vals.get("response_id") for vals in vals_list if vals.get("response_id")]
        )
        # The answer steps create the ratings as they mark the response answered.
        if not responses._qc_step_run():
            self._qc_check_unanswered(responses)
        return super().create(vals_list)

    def write(self, vals):
        self._qc_check_unanswered(self.response_id)
        if "response_id" in vals:
            self._qc_check_unanswered(self.env["quality.satisfaction.response"].browse(vals["response_id"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A customer's ratings are quality records and are never deleted."))

    # === BUSINESS METHODS === #

    def _qc_check_unanswered(self, responses):
        answered = responses.sudo().filtered(lambda response: response.state == "answered")
        if answered:
            raise StepRequired(
                self.env._(
                    "%s is answered: the customer's ratings and comments no longer change.",
                    answered[0].display_name,
                )
            )
