from odoo import fields, models


class QualitySatisfactionSurvey(models.Model):
    _inherit = "quality.satisfaction.survey"

    plan_id = fields.Many2one(
        "quality.satisfaction.plan",
        string="Survey plan",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
    )

    _plan_quarter_unique = models.UniqueIndex(
        "(plan_id, date_start) WHERE plan_id IS NOT NULL", "A plan has one campaign per quarter."
    )
