"""Who may do what on every model of the module: 8 roles, portal and public (X1, X3, P).

Each cell is checked on a real record, so record rules count as well as the
access lists: `has_access` for read, write and create, a real `unlink` (rolled
back) for delete, so that the never-delete guards count too. The department
role has two columns: the member the records are assigned to, and another
member of the same role to whom nothing is assigned.
"""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_matrix import SUBJECTS, MatrixCase

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
    # Inquiries as cases: the member they are assigned to answers them, never creates one.
    "quality.complaint.inquiry": row(department=RW, **CHAIN_RWC, **RECORDS_READ),
    "quality.complaint.category": CONFIGURATION,
    "quality.complaint.major.criterion": CONFIGURATION,
    "quality.complaint.department": CONFIGURATION,
    "quality.complaint.deadline.policy": CONFIGURATION,
    "quality.complaint.extra.workday": CONFIGURATION,
    # The company's own complaint settings: its quality manager and top management alone.
    "quality.complaint.settings": row(quality=RWC, top=RWC),
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
    # Recurring complaints: the quality manager decides them; the job alone creates them.
    "quality.complaint.cluster": row(supervisor=R, technical=R, quality=RW, top=RW, **RECORDS_READ),
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
    # Signatures are written by the signed steps alone; the private key is no record at all.
    "quality.complaint.signature": row(
        customer_service=R, supervisor=R, technical=R, quality=R, top=R, **RECORDS_READ
    ),
    "quality.complaint.signing.key": row(),
    "quality.complaint.redaction": row(
        customer_service=R, supervisor=R, technical=R, quality=R, top=R, **RECORDS_READ
    ),
    # Issued evidence packs and the versions of the published process: read by those who issue packs.
    "quality.complaint.evidence.pack": row(quality=R, top=R, auditor=R),
    "quality.complaint.process.version": row(quality=R, top=R, auditor=R),
    # Analysis meetings and mediations: kept by the quality chain, read by customer service.
    "quality.complaint.meeting": row(
        customer_service=R, supervisor=RWC, technical=RWC, quality=RWC, top=RWC, **RECORDS_READ
    ),
    "quality.complaint.mediation": row(
        customer_service=R, supervisor=RWC, technical=RWC, quality=RWC, top=RWC, **RECORDS_READ
    ),
    "quality.complaint.amended.report": row(
        customer_service=R, supervisor=R, technical=RWC, quality=RWC, top=RWC, **RECORDS_READ
    ),
    # Published figures are counted by the publishing step alone.
    "quality.complaint.publication": row(supervisor=R, technical=R, quality=RWC, top=RWC, auditor=R),
    "quality.complaint.publication.line": row(supervisor=R, technical=R, quality=R, top=R, auditor=R),
    "quality.satisfaction.plan": row(
        customer_service=R, supervisor=R, technical=R, quality=RWC, top=RWC, auditor=R
    ),
    "quality.lab.visit": row(**CHAIN_RWC, **RECORDS_READ),
    "quality.department.score": row(supervisor=RWC, technical=RWC, quality=RWC, top=RWC, auditor=R),
    "quality.department.score.line": row(supervisor=RWC, technical=RWC, quality=RWC, top=RWC, auditor=R),
    # Device makers: departments read those of their cases, customer service and above keep them.
    "quality.complaint.adverse.event": row(department=R, **CHAIN_RWC, **RECORDS_READ),
    "quality.complaint.device.action": row(department=R, **CHAIN_RWC, **RECORDS_READ),
    "quality.complaint.cost.line": row(**dict.fromkeys(CHAIN_RWC, ALL), **RECORDS_READ),
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
    "quality.complaint.inquiry",
    "quality.complaint.hold",
    "quality.complaint.urging",
    "quality.complaint.investigation",
    "quality.complaint.investigation.check",
    "quality.complaint.investigation.contact",
    "quality.complaint.retest",
    "quality.nonconforming.work",
    "quality.corrective.action",
    "quality.corrective.action.line",
    "quality.complaint.cluster",
    "quality.satisfaction.response",
    "quality.satisfaction.response.line",
    "quality.complaint.redaction",
    "quality.complaint.evidence.pack",
    "quality.complaint.process.version",
    "quality.complaint.signature",
    "quality.complaint.adverse.event",
    "quality.complaint.device.action",
)


class _Undo(Exception):
    """Raised inside a savepoint to roll back an operation that succeeded."""


@tagged("post_install", "-at_install")
class TestAccessMatrix(MatrixCase):
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
