from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.quality_workflow_mixin import StepRequired
from .common import ComplaintCase
from .common_public import PublicCase


def closed_cases(env, company, rows):
    """Cases closed on the given days, as a register kept before this database would have them."""
    return env["quality.complaint"]._qc_import_records(
        [
            {
                "company_id": company.id,
                "description": "Handled.",
                "complainant_name": name,
                "kind": kind,
                "validity": validity,
                "state": "closed",
                "received_date": datetime(2026, 1, 5, 2, 0),
                "close_date": closed,
            }
            for name, kind, validity, closed in rows
        ]
    )


ROWS = [
    ("Ms. Wang", "complaint", "valid", datetime(2026, 2, 10, 8, 0)),
    ("Mr. Qian", "complaint", "valid", datetime(2026, 2, 11, 8, 0)),
    ("Ms. Sun", "complaint", "invalid", datetime(2026, 2, 12, 8, 0)),
    ("Mr. Zhou", "appeal", "invalid", datetime(2026, 3, 1, 8, 0)),
    ("Ms. Wu", "retaliation", "valid", datetime(2026, 3, 2, 8, 0)),
    # Closed after the period: not counted.
    ("Mr. Zheng", "complaint", "valid", datetime(2026, 4, 1, 8, 0)),
]


@tagged("post_install", "-at_install")
class TestPublication(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        closed_cases(cls.env, cls.company, ROWS)
        cls.publication = (
            cls.env["quality.complaint.publication"]
            .with_user(cls.users["quality"])
            .create({"name": "First quarter", "date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)})
        )

    def test_counts_by_kind_and_outcome_including_cases_the_publisher_cannot_open(self):
        self.publication.action_publish()
        figures = {(line.kind, line.outcome): line.count for line in self.publication.line_ids}
        self.assertEqual(
            figures,
            {
                ("complaint", "valid"): 2,
                ("complaint", "invalid"): 1,
                ("appeal", "invalid"): 1,
                ("retaliation", "valid"): 1,
            },
        )
        self.assertEqual(self.publication.total_count, 5)

    def test_figures_take_one_query_whatever_the_cases(self):
        self.env.flush_all()
        self.publication.fetch(["company_id", "date_from", "date_to"])
        with self.assertQueryCount(1):
            self.publication._qc_figures()

    def test_only_a_quality_manager_publishes(self):
        with self.assertRaises(UserError):
            self.publication.with_user(self.users["supervisor"]).action_publish()
        self.assertEqual(self.publication.state, "draft")

    def test_published_figures_are_kept(self):
        self.publication.action_publish()
        with self.assertRaises(StepRequired):
            self.publication.write({"date_to": date(2026, 4, 30)})
        line = self.publication.line_ids[:1]
        with self.assertRaises(UserError):
            line.with_user(self.users["quality"]).write({"count": 99})


@tagged("post_install", "-at_install")
class TestPublicationPage(PublicCase):
    def test_page_shows_published_figures_and_no_personal_data(self):
        company = self.env.company
        closed_cases(self.env, company, ROWS)
        Publication = self.env["quality.complaint.publication"].with_user(self.users["quality"])
        published = Publication.create(
            {
                "name": "Handled in the first quarter",
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 3, 31),
            }
        )
        published.action_publish()
        Publication.create(
            {"name": "Draft of April", "date_from": date(2026, 4, 1), "date_to": date(2026, 4, 30)}
        )
        response = self.url_open("/complaint/results")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Handled in the first quarter", response.text)
        self.assertNotIn("Draft of April", response.text)
        for name, *_rest in ROWS:
            self.assertNotIn(name, response.text)
        self.assertNotIn("CMP/", response.text)
