"""Who may do what on every model of the module: 8 roles, portal and public (X1, X3, P).

Each cell is checked on a real record, so record rules count as well as the
access lists: `has_access` for read, write and create, a real `unlink` (rolled
back) for delete, so that the never-delete guards count too. The department
role has two columns: the member the records are assigned to, and another
member of the same role to whom nothing is assigned.
"""

from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ROLES, ComplaintCase

SUBJECTS = (
    "department",
    "department_unassigned",
    "customer_service",
    "supervisor",
    "technical",
    "quality",
    "top",
    "auditor",
    "records",
    "portal",
    "public",
)
OPS = ("read", "write", "create", "unlink")
NONE = frozenset()
R = frozenset({"read"})
RW = frozenset({"read", "write"})
RWC = frozenset({"read", "write", "create"})
ALL = frozenset(OPS)


def row(**cells):
    """Allowed operations per subject; a subject left out may do nothing."""
    unknown = set(cells) - set(SUBJECTS)
    assert not unknown, unknown
    return {subject: cells.get(subject, NONE) for subject in SUBJECTS}


CHAIN_RWC = {"customer_service": RWC, "supervisor": RWC, "technical": RWC, "quality": RWC, "top": RWC}
RECORDS_READ = {"auditor": R, "records": R}
# Configuration: every employee reads it, the quality manager (and top management) maintain it.
CONFIGURATION = row(
    department=R,
    department_unassigned=R,
    customer_service=R,
    supervisor=R,
    technical=R,
    quality=ALL,
    top=ALL,
    auditor=R,
    records=R,
)
# Investigation evidence: departments read that of their cases, supervisors update what they
# are assigned to (the fixture makes the supervisor an assisting investigator), technical
# managers run it, auditors and records read it.
EVIDENCE = row(
    department=R,
    customer_service=R,
    supervisor=RWC,
    technical=RWC,
    quality=RWC,
    top=RWC,
    **RECORDS_READ,
)
MATRIX = {
    "quality.complaint": row(department=RW, **CHAIN_RWC, **RECORDS_READ),
    "quality.complaint.identity": row(department=R, **CHAIN_RWC, **RECORDS_READ),
    "quality.complaint.category": CONFIGURATION,
    "quality.complaint.department": CONFIGURATION,
    "quality.complaint.deadline.policy": CONFIGURATION,
    "quality.complaint.extra.workday": CONFIGURATION,
    "quality.complaint.checklist.template": CONFIGURATION,
    "quality.complaint.checklist.template.line": CONFIGURATION,
    "quality.satisfaction.question": CONFIGURATION,
    "quality.complaint.hold": row(department=R, **CHAIN_RWC, **RECORDS_READ),
    "quality.complaint.urging": row(
        department=R, customer_service=R, supervisor=R, technical=R, quality=R, top=R, **RECORDS_READ
    ),
    "quality.complaint.analysis": row(supervisor=R, technical=R, quality=R, top=R, **RECORDS_READ),
    "quality.complaint.investigation": row(
        department=R,
        customer_service=R,
        supervisor=RW,  # may update the investigation it assists, not open one
        technical=RWC,
        quality=RWC,
        top=RWC,
        **RECORDS_READ,
    ),
    "quality.complaint.investigation.check": EVIDENCE,
    "quality.complaint.investigation.contact": EVIDENCE,
    "quality.complaint.retest": row(
        department=R, customer_service=R, supervisor=R, technical=RWC, quality=RWC, top=RWC, **RECORDS_READ
    ),
    "quality.nonconforming.work": row(
        department=R, customer_service=R, supervisor=R, technical=RWC, quality=RWC, top=RWC, **RECORDS_READ
    ),
    "quality.corrective.action": row(
        department=R, customer_service=R, supervisor=RWC, technical=RWC, quality=RWC, top=RWC, **RECORDS_READ
    ),
    # The member responsible for an action records its progress.
    "quality.corrective.action.line": row(
        department=RW, customer_service=R, supervisor=RWC, technical=RWC, quality=RWC, top=RWC, **RECORDS_READ
    ),
    # A draft campaign nobody was invited to may be deleted by the quality manager.
    "quality.satisfaction.survey": row(
        customer_service=RWC, supervisor=RWC, technical=RWC, quality=ALL, top=ALL, **RECORDS_READ
    ),
    "quality.satisfaction.response": row(**CHAIN_RWC, **RECORDS_READ),
    "quality.satisfaction.response.line": row(**CHAIN_RWC, **RECORDS_READ),
    "quality.complaint.public.log": row(quality=R, top=R),
}
# Approving a decision (action_approve on a case in state "decision").
APPROVERS = {"minor": {"quality", "top"}, "major": {"top"}}
# The complainant of a confidential case: "shown", "hidden" (the case is readable, the
# identity empty) or "refused" (the case itself is not readable).
CONFIDENTIAL_IDENTITY = {
    "department": "hidden",
    "department_unassigned": "refused",
    "customer_service": "shown",
    "supervisor": "shown",
    "technical": "shown",
    "quality": "shown",
    "top": "shown",
    "auditor": "hidden",
    "records": "hidden",
    "portal": "refused",
    "public": "refused",
}
# Records of the case file nobody deletes, not even the superuser (X3, M5).
NEVER_DELETED = (
    "quality.complaint",
    "quality.complaint.identity",
    "quality.complaint.hold",
    "quality.complaint.urging",
    "quality.complaint.investigation",
    "quality.complaint.investigation.check",
    "quality.complaint.investigation.contact",
    "quality.complaint.retest",
    "quality.nonconforming.work",
    "quality.corrective.action",
    "quality.corrective.action.line",
    "quality.satisfaction.response",
    "quality.satisfaction.response.line",
)


class _Undo(Exception):
    """Raised inside a savepoint to roll back an operation that succeeded."""


@tagged("post_install", "-at_install")
class TestAccessMatrix(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = dict(cls.users)
        users["department_unassigned"] = new_test_user(
            cls.env, login="qc_department_other", groups=ROLES["department"], name="QC department, other"
        )
        users["portal"] = new_test_user(
            cls.env, login="qc_portal", groups="base.group_portal", name="QC portal"
        )
        users["portal"].partner_id.parent_id = cls.customer
        users["public"] = cls.env.ref("base.public_user")
        cls.subjects = users
        department, supervisor = users["department"], users["supervisor"]

        cls.case = cls._case(user_id=department.id)
        cls.case.concerns_lab = "yes"
        cls.case.with_user(users["customer_service"]).action_acknowledge()
        investigation = cls.env["quality.complaint.investigation"].create(
            {
                "complaint_id": cls.case.id,
                "lead_id": users["technical"].id,
                "investigator_ids": [(6, 0, (department | supervisor).ids)],
            }
        )
        capa = cls.env["quality.corrective.action"].create(
            {
                "title": "Late reports",
                "complaint_id": cls.case.id,
                "user_id": users["quality"].id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Add a reminder",
                            "responsible_id": department.id,
                            "due_date": date(2026, 4, 1),
                        },
                    )
                ],
            }
        )
        template = cls.env["quality.complaint.checklist.template"].create(
            {"name": "Matrix checklist", "line_ids": [(0, 0, {"name": "Raw data"})]}
        )
        question, rated = cls.env["quality.satisfaction.question"].create(
            [{"name": "Matrix item", "is_default": False}, {"name": "Rated item", "is_default": False}]
        )
        campaign = cls.env["quality.satisfaction.survey"].create(
            {"name": "Matrix campaign", "question_ids": [(6, 0, rated.ids)], "state": "open"}
        )
        response = cls.env["quality.satisfaction.response"].create(
            {"survey_id": campaign.id, "line_ids": [(0, 0, {"question_id": rated.id, "rating": 4})]}
        )
        cls.records = {
            "quality.complaint": cls.case,
            "quality.complaint.identity": cls.case.identity_id,
            "quality.complaint.category": cls.env["quality.complaint.category"].create({"name": "Matrix"}),
            "quality.complaint.department": cls.env["quality.complaint.department"].create(
                {"name": "Matrix"}
            ),
            "quality.complaint.deadline.policy": cls.env["quality.complaint.deadline.policy"].create(
                {"name": "Matrix", "company_id": cls.company.id}
            ),
            "quality.complaint.extra.workday": cls.env["quality.complaint.extra.workday"].create(
                {"name": "Make-up day", "date": date(2026, 2, 14)}
            ),
            "quality.complaint.checklist.template": template,
            "quality.complaint.checklist.template.line": template.line_ids,
            "quality.satisfaction.question": question,
            "quality.complaint.hold": cls.env["quality.complaint.hold"].create(
                {
                    "complaint_id": cls.case.id,
                    "reason": "Waiting for the sample",
                    "start": datetime(2026, 3, 3),
                }
            ),
            "quality.complaint.urging": cls.env["quality.complaint.urging"].create(
                {
                    "complaint_id": cls.case.id,
                    "company_id": cls.case.company_id.id,
                    "deadline_type": "reply_deadline",
                    "deadline": datetime(2026, 3, 20),
                    "user_id": department.id,
                }
            ),
            "quality.complaint.analysis": cls.env["quality.complaint.analysis"].browse(cls.case.id),
            "quality.complaint.investigation": investigation,
            "quality.complaint.investigation.check": cls.env["quality.complaint.investigation.check"].create(
                {"investigation_id": investigation.id, "name": "Calibration"}
            ),
            "quality.complaint.investigation.contact": cls.env[
                "quality.complaint.investigation.contact"
            ].create({"investigation_id": investigation.id, "summary": "Called the customer."}),
            "quality.complaint.retest": cls.env["quality.complaint.retest"].create(
                {"complaint_id": cls.case.id, "retained_sample_ref": "LY-1"}
            ),
            "quality.nonconforming.work": cls.env["quality.nonconforming.work"].create(
                {"complaint_id": cls.case.id, "description": "Report sent late."}
            ),
            "quality.corrective.action": capa,
            "quality.corrective.action.line": capa.line_ids,
            "quality.satisfaction.survey": cls.env["quality.satisfaction.survey"].create(
                {"name": "Draft campaign"}
            ),
            "quality.satisfaction.response": response,
            "quality.satisfaction.response.line": response.line_ids,
            "quality.complaint.public.log": cls.env["quality.complaint.public.log"].create(
                {"ip": "203.0.113.9", "scope": "form", "window_start": datetime(2026, 3, 2, 2, 0)}
            ),
        }
        cls.campaign = campaign

    @classmethod
    def _case(cls, **values):
        return cls.Complaint.create(
            {
                "description": "The report arrived late.",
                "partner_id": cls.customer.id,
                "complainant_name": "Ms. Li",
                "received_date": datetime(2026, 3, 2, 2, 0),
                "category_id": cls.env.ref("quality_complaint.category_turnaround").id,
                **values,
            }
        )

    def _can_unlink(self, record):
        try:
            with self.env.cr.savepoint():
                record.unlink()
                raise _Undo
        except _Undo:
            return True
        except UserError:  # AccessError included: the access lists, rules or a never-delete guard
            return False
        finally:
            self.env.invalidate_all()

    def _allowed(self, record, operation):
        if operation == "unlink":
            return self._can_unlink(record)
        return record.has_access(operation)

    def test_matrix_covers_every_model_of_the_module(self):
        defined = {
            name
            for name, model in self.env.registry.items()
            if model._original_module == "quality_complaint" and not model._abstract and not model._transient
        }
        access_ids = self.env["ir.model.data"].search(
            [("module", "=", "quality_complaint"), ("model", "=", "ir.model.access")]
        )
        with_access = {
            name
            for name in self.env["ir.model.access"]
            .browse(access_ids.mapped("res_id"))
            .model_id.mapped("model")
            if not self.env[name]._transient
        }
        self.assertEqual(set(MATRIX), defined, "a model of the module is missing from the matrix")
        self.assertEqual(set(MATRIX), with_access)
        self.assertEqual(set(self.records), set(MATRIX))

    def test_read_write_create_delete(self):
        cells = 0
        for model, expected in MATRIX.items():
            for subject in SUBJECTS:
                record = self.records[model].with_user(self.subjects[subject])
                for operation in OPS:
                    with self.subTest(model=model, subject=subject, operation=operation):
                        self.assertEqual(self._allowed(record, operation), operation in expected[subject])
                    cells += 1
        self.assertEqual(cells, len(MATRIX) * len(SUBJECTS) * len(OPS))

    def test_approve(self):
        cases = {
            severity: self._case(
                user_id=self.subjects["department"].id,
                severity=severity,
                state="decision",
                validity="valid",
                resolution="Corrected report issued.",
                decider_id=self.subjects["technical"].id,
            )
            for severity in APPROVERS
        }
        self.assertTrue(cases["major"].requires_top_approval)
        self.assertFalse(cases["minor"].requires_top_approval)
        cells = 0
        for severity, case in cases.items():
            for subject in SUBJECTS:
                with self.subTest(severity=severity, subject=subject):
                    try:
                        with self.env.cr.savepoint():
                            case.with_user(self.subjects[subject]).action_approve()
                            self.assertEqual(case.state, "approved")
                            raise _Undo
                    except _Undo:
                        approved = True
                    except UserError:
                        approved = False
                    self.env.invalidate_all()
                    self.assertEqual(approved, subject in APPROVERS[severity])
                cells += 1
        self.assertEqual(cells, len(APPROVERS) * len(SUBJECTS))

    def test_confidential_identity(self):
        case = self._case(user_id=self.subjects["department"].id, confidential=True)
        cells = 0
        for subject in SUBJECTS:
            with self.subTest(subject=subject):
                record = case.with_user(self.subjects[subject])
                if CONFIDENTIAL_IDENTITY[subject] == "refused":
                    with self.assertRaises(AccessError):
                        record.read(["partner_id", "complainant_name"])
                else:
                    values = record.read(["partner_id", "complainant_name"])[0]
                    seen = (values["partner_id"] and values["partner_id"][0], values["complainant_name"])
                    shown = CONFIDENTIAL_IDENTITY[subject] == "shown"
                    self.assertEqual(seen, (self.customer.id, "Ms. Li") if shown else (False, False))
            cells += 1
        self.assertEqual(cells, len(SUBJECTS))

    def test_involved_people_never_see_a_confidential_identity(self):
        case = self._case(confidential=True, involved_user_ids=[(6, 0, self.subjects["top"].ids)])
        values = case.with_user(self.subjects["top"]).read(["partner_id", "complainant_name"])[0]
        self.assertEqual((values["partner_id"], values["complainant_name"]), (False, False))

    def test_case_file_is_never_deleted_even_by_the_superuser(self):
        for model in NEVER_DELETED:
            with self.subTest(model=model), self.assertRaises(UserError):
                self.records[model].sudo().unlink()
        with self.assertRaises(UserError):
            self.campaign.sudo().unlink()
        self.assertTrue(self.campaign.response_ids.exists())
