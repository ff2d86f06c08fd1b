from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..public_tools import PublicFormRefused
from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestSatisfaction(ComplaintCase):
    """Campaigns, personal links and the survey maths on known answers (S1-S5)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Question = cls.env["quality.satisfaction.question"]
        cls.competence = Question.create({"name": "Competence", "is_default": False})
        cls.turnaround = Question.create({"name": "Turnaround", "is_default": False})
        cls.Survey = cls.env["quality.satisfaction.survey"]
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Customer {n}", "email": f"c{n}@example.com"} for n in range(4)]
        )

    def campaign(self, start, answers, invited=None, survey_type="periodic", suggestion=None):
        """A campaign whose responses carry `answers`: [{question: rating}] (None: not answered),
        each with `suggestion` (answered ratings and comments no longer change)."""
        survey = self.Survey._qc_import_records(
            [
                {
                    "name": f"Survey {start}",
                    "survey_type": survey_type,
                    "date_start": start,
                    "date_end": start + timedelta(days=80),
                    "question_ids": [(6, 0, (self.competence | self.turnaround).ids)],
                    "state": "open",
                }
            ]
        )
        for index, answer in enumerate(answers):
            response = self.env["quality.satisfaction.response"].create(
                {"survey_id": survey.id, "partner_id": self.customers[index].id}
            )
            if answer is not None:
                response._qc_submit_answers(
                    {
                        **{f"rating_{question.id}": str(rating) for question, rating in answer.items()},
                        "suggestion": suggestion,
                    }
                )
        return survey

    def test_rates_on_known_answers(self):
        previous = self.campaign(date(2026, 1, 1), [{self.competence: 5, self.turnaround: 5}])
        survey = self.campaign(
            date(2026, 4, 1),
            [
                {self.competence: 5, self.turnaround: 3},
                {self.competence: 4, self.turnaround: 2},
                {self.competence: 2},  # turnaround left blank: not applicable
                None,  # invited, never answered
            ],
        )
        self.assertEqual((survey.invited_count, survey.answered_count), (4, 3))
        self.assertEqual(survey.response_rate, 75.0)
        # 5 ratings, of which 2 are 4 or 5.
        self.assertEqual(survey.overall_rate, 40.0)
        self.assertEqual(survey.previous_survey_id, previous)
        self.assertEqual(survey.previous_overall_rate, 100.0)
        self.assertEqual(survey.trend, -60.0)
        self.assertEqual(survey.dissatisfied_count, 2)
        rows = {row["question"]: row for row in survey._qc_item_rows()[survey][0]}
        self.assertEqual((rows[self.competence]["rated"], rows[self.competence]["satisfied"]), (3, 2))
        self.assertEqual(rows[self.competence]["rate"], 66.7)
        self.assertEqual(rows[self.competence]["trend"], -33.3)
        self.assertEqual(rows[self.turnaround]["rate"], 0.0)
        self.assertEqual(rows[self.turnaround]["previous_rate"], 100.0)
        self.assertIn("66.7", survey.item_rates_html)

    def test_trend_compares_with_the_same_type_only(self):
        self.campaign(date(2026, 1, 1), [{self.competence: 1}], survey_type="annual")
        survey = self.campaign(date(2026, 4, 1), [{self.competence: 5}])
        self.assertFalse(survey.previous_survey_id)
        self.assertEqual(survey.trend, 0.0)

    def _queries(self, surveys):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        surveys.mapped("overall_rate")
        return self.cr.sql_log_count - before

    def test_rates_are_computed_set_based(self):
        surveys = self.Survey
        for month in range(1, 7):
            surveys |= self.campaign(date(2026, month, 1), [{self.competence: 4}, {self.competence: 2}, None])
        for_one, for_six = self._queries(surveys[-1]), self._queries(surveys)
        self.assertLessEqual(for_six - for_one, 2, "the rates must not query per campaign")

    def test_analysis_pdf(self):
        survey = self.campaign(
            date(2026, 4, 1),
            [{self.competence: 5, self.turnaround: 1}],
            suggestion="Answer the phone <faster>.",
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("quality_complaint.report_satisfaction_analysis", survey.ids)[0]
            .decode()
        )
        self.assertIn("Customer satisfaction analysis", html)
        self.assertIn("Competence", html)
        self.assertIn("&lt;faster&gt;", html)

    def test_invitations_send_personal_links(self):
        survey = self.Survey.with_user(self.users["customer_service"]).create(
            {"name": "Q3", "date_start": date(2026, 7, 1), "date_end": date(2026, 9, 30)}
        )
        self.assertIn(self.env.ref("quality_complaint.question_turnaround"), survey.question_ids)
        self.assertNotIn(self.env.ref("quality_complaint.question_followup_outcome"), survey.question_ids)
        survey.partner_ids = self.customers[:2]
        survey.action_open()
        self.assertEqual(len(survey.response_ids), 2)
        links = survey.response_ids.mapped("answer_url")
        self.assertEqual(len(set(links)), 2, "each customer has a personal link")
        mails = self.env["mail.mail"].search([("recipient_ids", "in", self.customers[:2].ids)])
        self.assertEqual(len(mails), 2)
        self.assertFalse(mails.filtered("model"), "sent apart from the survey")
        self.assertIn(survey.response_ids[0].access_token, " ".join(mails.mapped("body_html")))
        survey.partner_ids |= self.customers[2]
        survey.action_invite()
        self.assertEqual(len(survey.response_ids), 3, "invited customers are not invited twice")
        with self.assertRaises(UserError):
            survey.with_user(self.users["department"]).action_send_reminders()

    def test_reminders_after_n_days_at_most_m_times(self):
        survey = self.campaign(date(2026, 4, 1), [None, {self.competence: 4}])
        waiting, answered = survey.response_ids.sorted("id")
        waiting._qc_import_history({"last_mail_date": fields.Datetime.now() - timedelta(days=8)})
        self.assertIn(waiting, self.Survey._cron_send_reminders())
        self.assertEqual(waiting.reminder_count, 1)
        self.assertNotIn(waiting, self.Survey._cron_send_reminders(), "not again before N days")
        waiting._qc_import_history({"last_mail_date": fields.Datetime.now() - timedelta(days=8)})
        self.assertIn(waiting, self.Survey._cron_send_reminders())
        waiting._qc_import_history({"last_mail_date": fields.Datetime.now() - timedelta(days=8)})
        self.assertNotIn(waiting, self.Survey._cron_send_reminders(), "at most two reminders")
        self.assertEqual(waiting.reminder_count, 2)
        self.assertEqual(answered.reminder_count, 0)

    def test_answers_are_validated(self):
        survey = self.campaign(date(2026, 4, 1), [None])
        response = survey.response_ids
        for values in ({f"rating_{self.competence.id}": "9"}, {f"rating_{self.competence.id}": "<b>"}, {}):
            with self.assertRaises(PublicFormRefused):
                response._qc_submit_answers(values)
        self.assertEqual(response.state, "invited")
        response._qc_submit_answers({f"rating_{self.competence.id}": "4", "rating_999999": "1"})
        self.assertEqual(response.line_ids.mapped("rating"), [4])
        with self.assertRaises(PublicFormRefused):
            response._qc_submit_answers({f"rating_{self.competence.id}": "1"})
        self.assertEqual(response.line_ids.mapped("rating"), [4], "answered once")

    def test_tokens_are_exact(self):
        survey = self.campaign(date(2026, 4, 1), [None, None])
        first, second = survey.response_ids.sorted("id")
        Response = self.env["quality.satisfaction.response"]
        self.assertEqual(Response._qc_from_token(first.access_token), first)
        self.assertEqual(Response._qc_from_token(second.access_token), second)
        for wrong in (first.access_token[:-1] + "x", first.access_token.upper(), "", None, "1 OR 1=1"):
            self.assertFalse(Response._qc_from_token(wrong), wrong)

    def test_dissatisfied_answer_opens_a_complaint_in_one_click(self):
        survey = self.campaign(
            date(2026, 4, 1),
            [{self.competence: 2, self.turnaround: 4}],
            suggestion="The analyst did not explain the method.",
        )
        response = survey.response_ids
        self.assertTrue(response.is_dissatisfied)
        action = response.with_user(self.users["customer_service"]).action_open_complaint()
        case = self.Complaint.browse(action["res_id"])
        self.assertEqual(case.channel, "survey")
        self.assertEqual(case.partner_id, self.customers[0])
        self.assertIn("Competence: rated 2 of 5", case.description)
        self.assertIn("did not explain", case.description)
        self.assertEqual(response.opened_complaint_id, case)
        again = response.with_user(self.users["customer_service"]).action_open_complaint()
        self.assertEqual(again["res_id"], case.id, "one complaint per answer")
        with self.assertRaises(UserError):
            response.with_user(self.users["auditor"]).action_open_complaint()

    def replied_case(self, days_ago, **values):
        case = self.make_case(**values)
        case._qc_import_history(
            {
                "state": "replied",
                "acceptance": "pending",
                # The job's today, in the user's time zone (not the UTC date).
                "reply_date": fields.Date.context_today(self.Survey) - timedelta(days=days_ago),
            }
        )
        return case

    def _followup_of(self, case):
        return self.Survey._cron_followup_surveys().filtered(lambda response: response.complaint_id == case)

    def test_followup_survey_seven_days_after_the_reply(self):
        due = self.replied_case(7)
        early = self.replied_case(6)
        anonymous = self.replied_case(8, is_anonymous=True)
        # Demo cases replied long ago get theirs too: look at this test's cases.
        responses = self.Survey._cron_followup_surveys().filtered(
            lambda response: response.complaint_id in due | early | anonymous
        )
        self.assertEqual(responses.complaint_id, due)
        self.assertEqual(responses.survey_id.survey_type, "followup")
        self.assertIn(
            self.env.ref("quality_complaint.question_followup_outcome"), responses.survey_id.question_ids
        )
        self.assertFalse(self.Survey._cron_followup_surveys(), "one follow-up per case")
        self.assertFalse(early.satisfaction_response_ids | anonymous.satisfaction_response_ids)
        mail = self.env["mail.mail"].search([("body_html", "ilike", responses.sudo().access_token)])
        self.assertFalse(mail.model, "sent apart from the survey: its readers never open the personal link")
        self.assertIn(due.name, mail.body_html)
        self.assertNotIn(self.customer, due.message_partner_ids)

    def test_satisfied_followup_closes_the_case(self):
        case = self.replied_case(7)
        response = self._followup_of(case)
        ratings = {f"rating_{question.id}": "5" for question in response.survey_id.question_ids}
        response._qc_submit_answers(ratings)
        self.assertEqual(case.state, "closed")
        self.assertEqual(case.acceptance, "accepted")

    def test_dissatisfied_followup_reopens_as_a_linked_case(self):
        case = self.replied_case(7, is_real_name=True)
        response = self._followup_of(case)
        ratings = {f"rating_{question.id}": "1" for question in response.survey_id.question_ids}
        response._qc_submit_answers(ratings)
        self.assertEqual(case.state, "replied")
        follow_up = response.opened_complaint_id
        self.assertEqual(follow_up.parent_id, case)
        self.assertTrue(follow_up.is_real_name, "the protection follows the complainant")

    def test_onsite_forms_are_returned_within_working_days(self):
        survey = self.campaign(date(2026, 4, 1), [None], survey_type="onsite")
        response = survey.response_ids
        # Invited on Monday 2 March 2026 10:00 Shanghai; 15 working days later is Monday 23 March.
        response._qc_import_history({"invite_date": datetime(2026, 3, 2, 2, 0)})
        self.assertEqual(response.return_deadline, date(2026, 3, 23))
        response._qc_import_history({"answer_date": datetime(2026, 3, 24, 2, 0)})
        self.assertTrue(response.returned_late)
        self.env["quality.complaint.settings"]._qc_of(self.env.company).onsite_return_days = 20
        self.env.add_to_compute(response._fields["return_deadline"], response)
        response._recompute_recordset()
        self.assertEqual(response.return_deadline, date(2026, 3, 30))

    def test_retention_erases_followup_contacts(self):
        case = self.replied_case(7)
        response = self._followup_of(case)
        self.assertTrue(any(response._qc_recipient()), "asked through the case's identity until then")
        self.env.cr.execute(
            "UPDATE quality_complaint SET retention_until = %s WHERE id = %s",
            [date.today() - timedelta(days=1), case.id],
        )
        self.env.invalidate_all()
        self.Complaint._cron_anonymise_expired()
        self.assertFalse(any(response._qc_recipient()))
        self.assertFalse(response.partner_id or response.email)
