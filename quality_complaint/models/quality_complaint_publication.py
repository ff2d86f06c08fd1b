from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import LazyTranslate

from ..const import KINDS, QUALITY_MANAGER
from .quality_workflow_mixin import Lock, Step

_lt = LazyTranslate(__name__)

PUBLICATION_OUTCOMES = [
    ("valid", "Upheld"),
    ("invalid", "Not upheld"),
]
PUBLICATION_STEPS = {
    "publish": Step(
        ("draft",),
        ("published",),
        QUALITY_MANAGER,
        sets=frozenset({"published_date", "published_by_id", "total_count"}),
        advances=True,
        label=_lt("publish a summary of handled complaints"),
    ),
    "withdraw": Step(
        ("published",),
        ("withdrawn",),
        QUALITY_MANAGER,
        label=_lt("withdraw a published summary"),
    ),
}


class QualityComplaintPublication(models.Model):
    """The published results of complaint handling for a period (将公开处理结果):
    how many cases of each kind were closed, and how many were upheld. Counts
    only, frozen when published: no name, reference or text of a case."""

    _name = "quality.complaint.publication"
    _description = "Published summary of handled complaints"
    _inherit = ["quality.workflow.mixin", "mail.thread"]
    _order = "date_to desc, id desc"
    _check_company_auto = True
    _qc_steps = PUBLICATION_STEPS
    _qc_step_owned = frozenset({"published_date", "published_by_id", "total_count"})
    _qc_locks = (
        Lock(
            states=("published", "withdrawn"),
            message=_lt("%s is published: its figures are kept as published."),
        ),
    )

    name = fields.Char(string="Title", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date_from = fields.Date(string="Closed from", required=True)
    date_to = fields.Date(string="Closed until", required=True)
    note = fields.Text(string="Introduction", help="Shown above the figures on the public page.")
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("withdrawn", "Withdrawn")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many(
        "quality.complaint.publication.line", "publication_id", string="Figures", readonly=True
    )
    total_count = fields.Integer(string="Cases handled", readonly=True, copy=False)
    published_date = fields.Datetime(string="Published on", readonly=True, copy=False)
    published_by_id = fields.Many2one("res.users", string="Published by", readonly=True, copy=False)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for publication in self:
            if publication.date_from > publication.date_to:
                raise ValidationError(self.env._("%s: the period ends before it starts.", publication.name))

    def _qc_figures(self):
        """The closed cases of each publication's period, counted by kind and
        validity: one grouped query per publication, whatever the number of
        cases. Read as superuser: counts name nobody, and every case counts,
        those the publisher may not open too."""
        figures = {}
        Complaint = self.env["quality.complaint"].sudo()
        for publication in self:
            groups = Complaint._read_group(
                [
                    ("company_id", "=", publication.company_id.id),
                    ("state", "=", "closed"),
                    ("close_date", ">=", fields.Datetime.to_datetime(publication.date_from)),
                    ("close_date", "<", fields.Datetime.to_datetime(publication.date_to + timedelta(days=1))),
                ],
                ["kind", "validity"],
                ["__count"],
            )
            figures[publication] = [
                {"kind": kind, "outcome": validity, "count": count}
                for kind, validity, count in groups
                if validity in dict(PUBLICATION_OUTCOMES)
            ]
        return figures

    def action_publish(self):
        publications = self._qc_step("publish")
        figures = publications._qc_figures()
        # Figures are written only here, never by a client (no access rights to create them).
        self.env["quality.complaint.publication.line"].sudo().create(
            [
                dict(line, publication_id=publication.id)
                for publication, lines in figures.items()
                for line in lines
            ]
        )
        for publication, lines in figures.items():
            publication.write(
                {
                    "state": "published",
                    "published_date": fields.Datetime.now(),
                    "published_by_id": self.env.uid,
                    "total_count": sum(line["count"] for line in lines),
                }
            )
        return True

    def action_withdraw(self):
        self._qc_step("withdraw").write({"state": "withdrawn"})
        return True

    @api.model
    def _qc_public_summaries(self, company):
        """What the public results page shows for `company`: each published
        summary with its figures as a table of kinds by outcome."""
        publications = self.sudo().search([("company_id", "=", company.id), ("state", "=", "published")])
        kind_labels = dict(self._qc_kind_labels())
        outcome_labels = dict(
            self.env["quality.complaint.publication.line"]._fields["outcome"]._description_selection(self.env)
        )
        summaries = []
        for publication in publications:
            table = {}
            for line in publication.line_ids:
                table.setdefault(line.kind, dict.fromkeys(outcome_labels, 0))[line.outcome] += line.count
            summaries.append(
                {
                    "title": publication.name,
                    "date_from": publication.date_from,
                    "date_to": publication.date_to,
                    "note": publication.note,
                    "total": publication.total_count,
                    "outcomes": list(outcome_labels.items()),
                    "rows": [
                        {"label": kind_labels[kind], "counts": counts, "total": sum(counts.values())}
                        for kind, counts in sorted(
                            table.items(), key=lambda item: list(kind_labels).index(item[0])
                        )
                    ],
                }
            )
        return summaries

    def _qc_kind_labels(self):
        return self.env["quality.complaint"]._fields["kind"]._description_selection(self.env)


class QualityComplaintPublicationLine(models.Model):
    _name = "quality.complaint.publication.line"
    _description = "Figure of a published summary"
    _order = "publication_id, kind, outcome"

    publication_id = fields.Many2one(
        "quality.complaint.publication", required=True, index=True, ondelete="cascade", readonly=True
    )
    kind = fields.Selection(KINDS, required=True, readonly=True)
    outcome = fields.Selection(PUBLICATION_OUTCOMES, required=True, readonly=True)
    count = fields.Integer(readonly=True)
