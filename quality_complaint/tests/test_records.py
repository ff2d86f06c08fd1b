from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestRecords(ComplaintCase):
    def _closed_case(self):
        case = self.acknowledged_case(no_investigation_reason="Clerical")
        case.write(
            {"validity": "valid", "resolution": "Apologise and re-issue.", "no_capa_reason": "Clerical slip."}
        )
        case.with_user(self.users["technical"]).action_submit_decision()
        case.with_user(self.users["quality"]).action_approve()
        case.with_user(self.users["customer_service"]).action_send_reply()
        case.with_user(self.users["customer_service"]).action_accept_outcome()
        case.with_user(self.users["customer_service"]).action_close()
        return case

    def test_no_one_deletes_a_case_not_even_the_superuser(self):
        case = self.make_case()
        with self.assertRaises(UserError):
            case.sudo().unlink()
        for role in ("quality", "top", "records"):
            # Refused by the access rights or, first, by the trail that keeps the case's messages.
            with self.subTest(role=role), self.assertRaises(UserError):
                case.with_user(self.users[role]).unlink()
        self.assertTrue(case.exists())

    def test_complainant_partner_cannot_be_deleted(self):
        self.make_case()
        with self.assertRaises(UserError):
            self.customer.unlink()

    def test_closed_case_is_read_only_but_stays_in_statistics(self):
        case = self._closed_case()
        with self.assertRaises(UserError):
            case.with_user(self.users["top"]).write({"summary": "changed"})
        with self.assertRaises(UserError):
            case.with_user(self.users["quality"]).action_mark_archived()
        case.with_user(self.users["records"]).action_mark_archived()
        self.assertTrue(case.records_archived)
        self.assertEqual(case.records_archived_by_id, self.users["records"])
        self.assertIn(case, self.Complaint.search([("state", "=", "closed")]))
        counts = dict(self.Complaint._read_group([("id", "=", case.id)], ["state"], ["__count"]))
        self.assertEqual(counts["closed"], 1)

    def test_archive_mark_only_on_closed_cases(self):
        case = self.make_case()
        with self.assertRaises(UserError):
            case.with_user(self.users["records"]).action_mark_archived()

    def test_retention_period_shown_on_the_case(self):
        case = self._closed_case()
        self.assertEqual(case.retention_until, case.close_date.date() + relativedelta(years=5))

    def test_closed_case_files_and_notes_cannot_change(self):
        case = self.acknowledged_case()
        attachment = self.env["ir.attachment"].create(
            {"name": "letter.pdf", "raw": b"%PDF-1.4", "res_model": case._name, "res_id": case.id}
        )
        note = case.message_post(
            body="Phoned the customer.", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        case.write(
            {
                "validity": "valid",
                "resolution": "Apologise.",
                "no_investigation_reason": "Clerical",
                "no_capa_reason": "Clerical slip.",
            }
        )
        case.with_user(self.users["technical"]).action_submit_decision()
        case.with_user(self.users["quality"]).action_approve()
        case.with_user(self.users["customer_service"]).action_send_reply()
        case.with_user(self.users["customer_service"]).action_accept_outcome()
        case.with_user(self.users["customer_service"]).action_close()
        with self.assertRaises(UserError):
            attachment.unlink()
        with self.assertRaises(UserError):
            attachment.write({"raw": b"tampered"})
        with self.assertRaises(UserError):
            case._message_update_content(note, body="Edited")
        self.assertTrue(attachment.exists())

    def test_auditor_and_records_read_everything_and_write_nothing(self):
        case = self.make_case(user_id=self.users["department"].id)
        for role in ("auditor", "records"):
            with self.subTest(role=role):
                self.assertIn(case, self.Complaint.with_user(self.users[role]).search([]))
                with self.assertRaises(AccessError):
                    case.with_user(self.users[role]).write({"summary": "x"})
                with self.assertRaises(AccessError):
                    self.Complaint.with_user(self.users[role]).create({"description": "x"})

    def test_department_sees_only_assigned_cases(self):
        department = self.users["department"]
        mine = self.make_case(user_id=department.id)
        investigating = self.make_case(investigator_ids=[(6, 0, department.ids)])
        other = self.make_case()
        visible = self.Complaint.with_user(department).search([])
        self.assertIn(mine, visible)
        self.assertIn(investigating, visible)
        self.assertNotIn(other, visible)
        with self.assertRaises(AccessError):
            other.with_user(department).read(["name"])
        mine.with_user(department).write({"validity_reasoning": "Checked the raw data."})

    def test_other_company_cases_are_invisible(self):
        other_company = self.env["res.company"].create({"name": "Branch lab"})
        case = self.Complaint.with_company(other_company).create(
            {"description": "x", "company_id": other_company.id}
        )
        self.assertNotIn(case, self.Complaint.with_user(self.users["top"]).search([]))

    def test_other_company_pauses_and_urging_notices_are_invisible(self):
        other_company = self.env["res.company"].create({"name": "Branch lab"})
        case = self.Complaint.with_company(other_company).create(
            {"description": "x", "company_id": other_company.id}
        )
        hold = self.env["quality.complaint.hold"]._qc_import_records(
            [{"complaint_id": case.id, "reason": "Waiting for the sample", "start": datetime(2026, 3, 3)}]
        )
        urging = self.env["quality.complaint.urging"].create(
            {
                "complaint_id": case.id,
                "company_id": other_company.id,
                "deadline_type": "ack_deadline",
                "deadline": datetime(2026, 3, 4),
            }
        )
        for login in ("top", "quality", "auditor", "records"):
            user = self.users[login]
            self.assertNotIn(hold, self.env["quality.complaint.hold"].with_user(user).search([]), login)
            self.assertNotIn(urging, self.env["quality.complaint.urging"].with_user(user).search([]), login)

    def test_tracked_changes_are_recorded(self):
        case = self.make_case()
        self.env.cr.flush()  # tracking skips records created in the same flush
        case.write({"validity": "valid", "resolution": "Plan A"})
        self.env.cr.flush()
        tracked = case.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("validity", tracked)
        self.assertIn("resolution", tracked)
