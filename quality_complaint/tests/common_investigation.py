from datetime import date

from .common import ComplaintCase


class InvestigationCase(ComplaintCase):
    """Result-dispute cases, their investigations, re-tests and corrective actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.result_dispute = cls.env.ref("quality_complaint.category_result_dispute")
        cls.Investigation = cls.env["quality.complaint.investigation"]
        cls.Retest = cls.env["quality.complaint.retest"]
        cls.Capa = cls.env["quality.corrective.action"]
        cls.department = cls.env["quality.complaint.department"].create(
            {"name": "Chemistry", "member_ids": [(6, 0, cls.users["department"].ids)]}
        )

    def dispute_case(self, **values):
        return self.acknowledged_case(
            category_id=self.result_dispute.id,
            report_ref="SP-2026-04127",
            department_id=self.department.id,
            **values,
        )

    def investigation(self, case=None, role="technical", **values):
        case = case or self.dispute_case()
        return self.Investigation.with_user(self.users[role]).create(
            {"complaint_id": case.id, "lead_id": self.users[role].id, **values}
        )

    def complete(self, investigation, role="technical"):
        investigation.check_ids.write({"result": "pass"})
        investigation.findings = "Method, instruments and records are in order."
        investigation.with_user(self.users[role]).action_complete()
        return investigation

    def retest(self, case, original=0.25, retest=0.24, tolerance=0.03, **values):
        return self.Retest.with_user(self.users["technical"]).create(
            {
                "complaint_id": case.id,
                "retained_sample_ref": "LY-2026-0412-07",
                "original_value": original,
                "original_unit": "mg/kg",
                "retest_value": retest,
                "retest_unit": "mg/kg",
                "tolerance": tolerance,
                "witness_id": self.users["quality"].id,
                **values,
            }
        )

    def capa(self, role="quality", lines=1, **values):
        return self.Capa.with_user(self.users[role]).create(
            {
                "title": "Overdue reference standard used",
                "source": "audit",
                "source_document": "Internal audit IA-2026-02",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Action {index}",
                            "responsible_id": self.users["department"].id,
                            "due_date": date(2026, 4, 10),
                        },
                    )
                    for index in range(lines)
                ],
                **values,
            }
        )
