from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase

CATEGORY_XMLIDS = [
    "category_result_dispute",
    "category_turnaround",
    "category_fees",
    "category_attitude",
    "category_confidentiality",
    "category_sampling",
    "category_management_system",
    "category_product_quality",
    "category_other",
]


@tagged("post_install", "-at_install")
class TestIntake(ComplaintCase):
    def test_reference_from_sequence(self):
        first, second = self.make_case(), self.make_case()
        self.assertTrue(first.name.startswith("CMP/"))
        self.assertNotEqual(first.name, second.name)

    def test_mail_opens_a_case_with_the_subject_as_summary(self):
        case = self.Complaint.message_new(
            {
                "email_from": "Ms. Li <qa@huaxin.example>",
                "subject": "Wrong lead value in report R-77",
                "body": "<p>The lead value is ten times too high.</p>",
            }
        )
        self.assertEqual(case.channel, "email")
        self.assertTrue(case.name.startswith("CMP/"), "the subject must not replace the reference")
        self.assertEqual(case.summary, "Wrong lead value in report R-77")
        self.assertIn("ten times too high", case.description)
        self.assertEqual(case.complainant_email, "qa@huaxin.example")
        # Nothing authenticated this sender (see test_mail_intake): no customer yet.
        self.assertFalse(case.partner_id)
        self.assertTrue(case.sender_unverified)

    def test_mail_from_an_unknown_sender_keeps_the_address(self):
        case = self.Complaint.message_new(
            {"email_from": "zhang@new.example", "subject": "Fees", "body": "Too high"}
        )
        self.assertFalse(case.partner_id)
        self.assertEqual(case.complainant_email, "zhang@new.example")

    def test_writing_one_complainant_detail_keeps_the_others(self):
        case = self.make_case(complainant_phone="021 5555 0101")
        self.env.invalidate_all()  # as when the form saves, in a request of its own
        case.with_user(self.users["customer_service"]).write({"complainant_phone": "021 5555 0199"})
        self.assertEqual(
            case.identity_id.read(["partner_id", "name", "email", "phone"])[0],
            {
                "id": case.identity_id.id,
                "partner_id": (self.customer.id, self.customer.display_name),
                "name": "Ms. Li",
                "email": "li@huaxin.example",
                "phone": "021 5555 0199",
            },
        )

    def test_anonymous_case_needs_no_complainant(self):
        case = self.Complaint.create({"description": "Staff were rude at the counter.", "is_anonymous": True})
        self.assertFalse(case.partner_id)
        case.concerns_lab = "yes"
        case.with_user(self.users["customer_service"]).action_acknowledge()
        self.assertEqual(case.state, "acknowledged")

    def test_categories_ship_with_routing_and_severity(self):
        for xmlid in CATEGORY_XMLIDS:
            category = self.env.ref(f"quality_complaint.{xmlid}")
            self.assertTrue(category.routing_group_id or category.routing_user_id, xmlid)
            self.assertTrue(category.default_severity, xmlid)
        self.assertEqual(
            self.env.ref("quality_complaint.category_result_dispute").routing_group_id,
            self.env.ref("quality_complaint.group_technical_manager"),
        )
        case = self.make_case(category_id=self.env.ref("quality_complaint.category_confidentiality").id)
        self.assertEqual(case.severity, "major")

    def test_relevance_is_decided_at_acknowledgement(self):
        case = self.make_case()
        with self.assertRaisesRegex(UserError, "activities"):
            case.with_user(self.users["customer_service"]).action_acknowledge()
        self.assertEqual(case.state, "new")
        case.concerns_lab = "no"
        case.with_user(self.users["customer_service"]).action_acknowledge()
        self.assertEqual((case.validity, case.invalid_reason), ("invalid", "not_lab_activity"))
        self.assertTrue(case.explanation_deadline, "it is still answered in writing")

    def test_late_objection_is_recorded_then_marked_out_of_time(self):
        case = self.make_case(kind="appeal", concerns_lab="yes", report_received_date=date(2026, 2, 1))
        case.with_user(self.users["customer_service"]).action_acknowledge()
        self.assertEqual(case.state, "acknowledged")
        self.assertEqual((case.validity, case.invalid_reason), ("invalid", "out_of_time"))
        self.assertIn("29 days", case.validity_reasoning)
        self.assertTrue(case.resolution, "the out-of-time notice is prepared")

    def test_objection_within_the_window_is_examined(self):
        case = self.make_case(kind="appeal", concerns_lab="yes", report_received_date=date(2026, 2, 20))
        case.with_user(self.users["customer_service"]).action_acknowledge()
        self.assertEqual(case.validity, "pending")
        self.env["quality.complaint.settings"]._qc_of(self.env.company).objection_window_days = 5
        late = self.make_case(kind="appeal", concerns_lab="yes", report_received_date=date(2026, 2, 20))
        late.with_user(self.users["customer_service"]).action_acknowledge()
        self.assertEqual(late.invalid_reason, "out_of_time")

    def test_quality_manager_overrides_out_of_time_with_a_reason(self):
        case = self.make_case(kind="appeal", concerns_lab="yes", report_received_date=date(2026, 1, 5))
        case.with_user(self.users["customer_service"]).action_acknowledge()
        with self.assertRaises(UserError):
            case.with_user(self.users["quality"]).action_override_out_of_time()
        case.out_of_time_override_reason = "The report was posted to a wrong address."
        with self.assertRaises(UserError):
            case.with_user(self.users["technical"]).action_override_out_of_time()
        case.with_user(self.users["quality"]).action_override_out_of_time()
        self.assertEqual((case.validity, case.invalid_reason), ("pending", False))

    def test_acknowledgement_mail_tells_the_deadline(self):
        case = self.acknowledged_case()
        message = self.env["mail.message"].search(
            [("model", "=", case._name), ("res_id", "=", case.id), ("subject", "ilike", "we received")]
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.customer, message.partner_ids)
        self.assertIn("answer by", message.body)

    def test_report_cannot_be_received_after_the_complaint(self):
        with self.assertRaises(ValidationError):
            self.make_case(report_received_date=date(2026, 3, 9), received_date=datetime(2026, 3, 2))
