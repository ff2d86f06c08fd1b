import importlib.util
from datetime import datetime
from pathlib import Path

from odoo.tests import TransactionCase, new_test_user

from ..signing import signing_context

ROLES = {
    "department": "quality_complaint.group_department",
    "customer_service": "quality_complaint.group_customer_service",
    "supervisor": "quality_complaint.group_quality_supervisor",
    "technical": "quality_complaint.group_technical_manager",
    "quality": "quality_complaint.group_quality_manager",
    "top": "quality_complaint.group_top_management",
    "auditor": "quality_complaint.group_internal_auditor",
    "records": "quality_complaint.group_records_admin",
}


def load_migration(version, step="post-migrate"):
    """The module of migrations/<version>/<step>.py, to run its functions."""
    path = Path(__file__).parents[1] / "migrations" / version / f"{step}.py"
    spec = importlib.util.spec_from_file_location(
        f"qc_{step}_{version}".replace(".", "_").replace("-", "_"), path
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def mails_apart(case):
    """The mails sent to the case's complainant apart from the chatter (receipts, protected letters)."""
    return case.env["mail.mail"].search(
        [("mail_message_id", "in", case.sudo().identity_id.apart_message_ids.ids)]
    )


def finish_intake(env):
    """Do what the new cases have still to do (duplicate check, routing
    notices, public-form receipts), as the intake job does with its own
    user, without its commits."""
    env["quality.complaint"].with_user(env.ref("base.user_root"))._qc_finish_pending_intake()
    env.flush_all()


class ComplaintCase(TransactionCase):
    """A company calendar in Asia/Shanghai (Mon-Fri), one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Signed steps are signed on the module's Python path, which records
        # them as such; tests/test_signatures.py types the passwords.
        cls.env = cls.env(
            context=signing_context(dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        )
        cls.company = cls.env.company
        # The tests read the module's English texts: their lab writes English,
        # whatever the demo lab speaks (Chinese).
        cls.company.partner_id.lang = "en_US"
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Asia/Shanghai"
        cls.users = {
            role: new_test_user(cls.env, login=f"qc_{role}", groups=group, name=f"QC {role}")
            for role, group in ROLES.items()
        }
        cls.customer = cls.env["res.partner"].create(
            {"name": "Huaxin Foods Co., Ltd.", "email": "qa@huaxin.example", "is_company": True}
        )
        cls.Complaint = cls.env["quality.complaint"]

    def as_role(self, role):
        return self.Complaint.with_user(self.users[role])

    def make_case(self, **values):
        defaults = {
            "description": "The lead content in report R-1 is wrong.",
            "partner_id": self.customer.id,
            "complainant_name": "Ms. Li",
            "complainant_email": "li@huaxin.example",
            "received_date": datetime(2026, 3, 2, 2, 0),  # Monday 10:00 in Shanghai
            "category_id": self.env.ref("quality_complaint.category_turnaround").id,
        }
        defaults.update(values)
        return self.Complaint.create(defaults)

    def acknowledged_case(self, **values):
        case = self.make_case(concerns_lab="yes", **values)
        case.with_user(self.users["customer_service"]).action_acknowledge()
        return case

    def decide(self, case):
        """Decide `case` valid without investigation and submit the decision, as the technical manager."""
        case.write(
            {
                "validity": "valid",
                "validity_reasoning": "A dilution factor was applied twice.",
                "resolution": "Report withdrawn, corrected report R-1-A issued.",
                "no_investigation_reason": "Clerical error",
                "no_capa_reason": "One-off transcription slip, already corrected.",
            }
        )
        case.with_user(self.users["technical"]).action_submit_decision()
        return case

    def approve(self, case):
        """Decide `case` valid without investigation and approve it, as the roles that may."""
        self.decide(case)
        approver = "top" if case.requires_top_approval else "quality"
        case.with_user(self.users[approver]).action_approve()
        return case
