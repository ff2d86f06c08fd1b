from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.quality_workflow_mixin import StepRequired
from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestDepartmentScore(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["quality.complaint.department"]
        cls.chemistry = Department.create({"name": "Chemistry (test)"})
        cls.biology = Department.create({"name": "Biology (test)"})
        cls.Complaint._qc_import_records(
            [
                {
                    "description": "Wrong result.",
                    "department_id": cls.chemistry.id,
                    "validity": "valid",
                    "state": "closed",
                    "received_date": datetime(2026, 3, day, 2, 0),
                }
                for day in (3, 17)
            ]
        )
        cls.score = (
            cls.env["quality.department.score"]
            .with_user(cls.users["supervisor"])
            .create({"month": date(2026, 3, 15)})
        )

    def _line(self, department):
        return self.score.line_ids.filtered(lambda line: line.department_id == department)

    def test_counted_from_the_months_cases(self):
        self.score.action_count()
        self.assertEqual(self.score.month, date(2026, 3, 1))
        self.assertEqual(self._line(self.chemistry).valid_count, 2)
        self.assertEqual(self._line(self.chemistry).score, 96.0)
        self.assertEqual(self._line(self.biology).score, 100.0)
        self._line(self.biology).adjustment = 5.0
        self.assertEqual(self._line(self.biology).score, 100.0, "never above the full score")

    def test_counts_are_not_typed_in(self):
        self.score.action_count()
        with self.assertRaises(StepRequired):
            self._line(self.chemistry).write({"valid_count": 0})

    def test_adjusted_with_a_reason_then_final(self):
        self.score.action_count()
        line = self._line(self.chemistry)
        line.adjustment = 2.0
        self.assertEqual(line.score, 98.0)
        manager_view = self.score.with_user(self.users["quality"])
        with self.assertRaises(UserError):
            manager_view.action_finalize()
        line.adjustment_reason = "One case came from a supplier's mislabelled sample."
        with self.assertRaises(UserError):
            self.score.action_finalize()
        manager_view.action_finalize()
        with self.assertRaises(UserError):
            line.with_user(self.users["quality"]).write({"adjustment": 10.0})
