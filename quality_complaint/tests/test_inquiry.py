from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..models.quality_workflow_mixin import StepRequired
from ..public_tools import PublicFormRefused
from .common_hours import FRIDAY, MONDAY, NEXT_MONDAY, HoursCase, shanghai


@tagged("post_install", "-at_install")
class TestInquiry(HoursCase):
    """Customer inquiries (需求咨询): answered within hours, turned into a case or a CAPA (seed 003)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Inquiry = cls.env["quality.complaint.inquiry"]

    def make_inquiry(self, role="customer_service", **values):
        return self.Inquiry.with_user(self.users[role]).create(
            {
                "partner_id": self.customer.id,
                "contact_name": "Ms. Li",
                "description": "Can you test phthalates in 20 batches of drinks, and at what price?",
                "topic": "price",
                "received_date": shanghai(MONDAY, 10),
                **values,
            }
        )

    def answer(self, inquiry, role="customer_service"):
        inquiry = inquiry.with_user(self.users[role])
        inquiry.write({"answer": "Yes: 5 working days, quotation attached.", "answer_method": "email"})
        inquiry.action_answer()
        return inquiry

    # --- the answer deadline --- #

    def test_answered_within_24_clock_hours_urgent_within_4(self):
        self.assertEqual(self.make_inquiry().answer_deadline, shanghai(MONDAY + timedelta(days=1), 10))
        friday_night = self.make_inquiry(urgent=True, received_date=shanghai(FRIDAY, 22))
        self.assertEqual(
            friday_night.answer_deadline, shanghai(FRIDAY + timedelta(days=1), 2), "through midnight"
        )

    def test_a_policy_counts_inquiries_in_working_hours(self):
        self.holiday(NEXT_MONDAY)
        self.Policy.create(
            {"name": "Office hours", "inquiry_urgent_hours": 4, "inquiry_unit": "working_hours"}
        )
        inquiry = self.make_inquiry(urgent=True, received_date=shanghai(FRIDAY, 15))
        # Friday 15:00-17:00, then Tuesday (Monday is a holiday) 08:00-10:00.
        self.assertEqual(inquiry.answer_deadline, shanghai(NEXT_MONDAY + timedelta(days=1), 10))

    def test_a_holiday_declared_later_moves_the_open_inquiries(self):
        self.Policy.create({"name": "Office hours", "inquiry_hours": 4, "inquiry_unit": "working_hours"})
        inquiry = self.make_inquiry(received_date=shanghai(FRIDAY, 15))
        self.assertEqual(inquiry.answer_deadline, shanghai(NEXT_MONDAY, 10))
        self.holiday(NEXT_MONDAY)
        self.env.flush_all()
        self.assertEqual(inquiry.answer_deadline, shanghai(NEXT_MONDAY + timedelta(days=1), 10))

    def test_a_case_policy_does_not_apply_to_inquiries(self):
        self.Policy.create({"name": "Major", "severity": "major", "inquiry_hours": 1})
        self.assertEqual(self.make_inquiry().answer_deadline, shanghai(MONDAY + timedelta(days=1), 10))

    # --- its steps --- #

    def test_answer_records_who_when_and_how(self):
        inquiry = self.make_inquiry()
        with self.assertRaisesRegex(UserError, "Record the answer"):
            inquiry.with_user(self.users["customer_service"]).action_answer()
        self.answer(inquiry)
        self.assertEqual(inquiry.state, "answered")
        self.assertEqual(inquiry.answered_by_id, self.users["customer_service"])
        self.assertTrue(inquiry.answered_date)
        self.assertFalse(inquiry.answered_on_time, "answered today, long after its deadline in 2026")

    def test_answered_inquiry_is_locked(self):
        inquiry = self.answer(self.make_inquiry())
        with self.assertRaises(StepRequired):
            inquiry.write({"answer": "Something else"})

    def test_refused_roles_and_plain_writes(self):
        inquiry = self.make_inquiry()
        auditor = inquiry.with_user(self.users["auditor"])
        with self.assertRaises(AccessError):
            auditor.write({"answer": "Never"})
        with self.assertRaises(UserError):
            auditor.action_answer()
        with self.assertRaises(AccessError):
            self.Inquiry.with_user(self.users["department"]).create({"description": "Hi"})
        with self.assertRaisesRegex(UserError, "Quality supervisor"):
            inquiry.with_user(self.users["customer_service"]).action_convert_to_capa()
        clerk = inquiry.with_user(self.users["customer_service"])
        for values in (
            {"state": "answered"},
            {"answered_date": shanghai(MONDAY, 11)},
            {"answered_by_id": self.users["top"].id},
            {"answer_deadline": shanghai(MONDAY, 23)},
            {"is_overdue": True},
            {"complaint_id": self.make_case().id},
        ):
            with self.assertRaises(StepRequired, msg=values):
                clerk.write(values)
        with self.assertRaises(StepRequired):
            self.Inquiry.with_user(self.users["customer_service"]).create(
                {"description": "Hi", "answered_date": shanghai(MONDAY, 11)}
            )
        with self.assertRaises(StepRequired):
            clerk.with_context(tracking_disable=True, default_state="converted").create({"description": "Hi"})
        with self.assertRaises(UserError):
            inquiry.unlink()

    def test_the_department_answers_only_what_it_is_assigned(self):
        member = self.users["department"]
        assigned = self.make_inquiry(user_id=member.id)
        other = self.make_inquiry()
        assigned.with_user(member).write({"answer": "We can.", "answer_method": "phone"})
        with self.assertRaises(AccessError):
            other.with_user(member).read(["description"])
        with self.assertRaisesRegex(UserError, "Customer service"):
            assigned.with_user(member).action_answer()

    def test_turned_into_a_case_in_one_step(self):
        inquiry = self.make_inquiry(description="The sampling site on our last report is wrong.")
        action = inquiry.with_user(self.users["customer_service"]).action_convert_to_complaint()
        case = inquiry.complaint_id
        self.assertEqual((action["res_model"], action["res_id"]), ("quality.complaint", case.id))
        self.assertEqual(inquiry.state, "converted")
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.description, inquiry.description)
        self.assertEqual(case.state, "new")
        with self.assertRaises(UserError):
            inquiry.with_user(self.users["customer_service"]).action_convert_to_complaint()

    def test_turned_into_a_capa_by_a_supervisor(self):
        inquiry = self.answer(self.make_inquiry(topic="potential_project"))
        inquiry.with_user(self.users["supervisor"]).action_convert_to_capa()
        capa = inquiry.capa_id
        self.assertEqual((capa.source, capa.source_record), ("inquiry", inquiry))
        self.assertEqual(inquiry.converted_by_id, self.users["supervisor"])

    # --- chased by the overdue job --- #

    def test_overdue_inquiries_are_chased_once(self):
        late, answered = self.make_inquiry(), self.make_inquiry()
        self.answer(answered)
        not_yet = self.make_inquiry(received_date=shanghai(MONDAY + timedelta(days=30), 10))
        now = shanghai(MONDAY + timedelta(days=2), 10)
        chased = self.Inquiry._cron_process_overdue(now)
        self.assertEqual(chased, late)
        self.assertTrue(late.is_overdue)
        self.assertFalse(not_yet.is_overdue or answered.is_overdue)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", self.Inquiry._name), ("res_id", "in", (late | answered | not_yet).ids)]
        )
        self.assertEqual((activities.res_id, activities.user_id), (late.id, self.users["customer_service"]))
        self.assertFalse(self.Inquiry._cron_process_overdue(now), "chased once")

    def test_the_job_chases_any_number_of_inquiries_in_the_same_queries(self):
        now = shanghai(MONDAY + timedelta(days=2), 10)

        def queries(count):
            for _i in range(count):
                self.make_inquiry()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.Inquiry._cron_process_overdue(now)
            self.env.flush_all()
            return self.cr.sql_log_count - before

        queries(1)  # warms the caches of the registry
        self.assertEqual(queries(1), queries(10))

    def test_the_case_overdue_job_chases_inquiries_too(self):
        inquiry = self.make_inquiry(received_date=shanghai(MONDAY, 10) - timedelta(days=400))
        cron = self.env.ref("quality_complaint.ir_cron_process_overdue")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertTrue(inquiry.is_overdue)

    # --- statistics --- #

    def test_counted_with_their_on_time_rate(self):
        on_time = self.make_inquiry(received_date=shanghai(MONDAY, 10))
        on_time._qc_import_history({"state": "answered", "answered_date": shanghai(MONDAY, 15)})
        late = self.make_inquiry(received_date=shanghai(MONDAY, 11))
        late._qc_import_history(
            {"state": "answered", "answered_date": shanghai(MONDAY + timedelta(days=3), 9)}
        )
        self.make_inquiry(received_date=shanghai(MONDAY, 12))  # open, not late yet: not counted in the rate
        figures = self.Inquiry._qc_period_figures(shanghai(MONDAY, 0), shanghai(MONDAY, 23), self.company)
        self.assertEqual(figures, {"inquiry_count": 3, "inquiry_on_time_rate": 50.0})
        dashboard = self.env["quality.complaint.dashboard"]
        statistics = dashboard._qc_statistics(MONDAY.date(), MONDAY.date(), self.company)
        rows = {row["key"]: row["value"] for row in dashboard._qc_figure_rows(statistics["figures"])}
        self.assertEqual(rows["inquiry_count"], "3")
        self.assertIn("50", rows["inquiry_on_time_rate"])

    # --- public form and portal --- #

    def test_public_form_registers_an_inquiry(self):
        Public = self.Inquiry.with_user(self.env.ref("base.public_user"))
        values = {
            "kind": "inquiry",
            "topic": "capability",
            "description": "Do you test preservatives in cosmetics?",
            "complainant_name": "Zheng Jie",
            "complainant_email": "zheng.jie@example.com",
            "privacy_consent": "1",
        }
        with self.assertRaises(PublicFormRefused) as refusal:
            Public._create_from_public_form(dict(values, description="", topic="lunch"), "203.0.113.9")
        self.assertEqual(set(refusal.exception.errors), {"description", "topic"})
        inquiry = Public._create_from_public_form(dict(values, state="answered"), "203.0.113.9")
        self.assertEqual((inquiry.state, inquiry.channel, inquiry.topic), ("new", "web", "capability"))
        self.assertTrue(inquiry.name.startswith("INQ/"))
        self.assertTrue(inquiry.sudo().answer_deadline)

    def test_portal_customers_see_their_own_inquiries_only(self):
        mine = self.make_inquiry()
        other = self.make_inquiry(partner_id=self.env["res.partner"].create({"name": "Other Co."}).id)
        portal = new_test_user(self.env, login="qc_portal_inquiry", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        self.assertEqual(self.Inquiry._qc_portal_inquiries(portal.partner_id), mine)
        self.assertNotIn(other, self.Inquiry._qc_portal_inquiries(portal.partner_id))
        with self.assertRaises(AccessError):
            mine.with_user(portal).read(["description"])
