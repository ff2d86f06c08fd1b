from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common_investigation import InvestigationCase

# Roles that may write an open case, besides the administrator.
CASE_WRITERS = ("customer_service", "department", "supervisor", "technical", "quality")


@tagged("post_install", "-at_install")
class TestAuditTrail(InvestigationCase, MockEmail):
    """Messages, tracking values and files of quality records are append-only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")

    def _settled(self, records):
        """`records` as a later request sees them: the whole test runs in one
        transaction, in which Odoo may still complete what it just posted."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET create_date = create_date - interval '1 hour' WHERE id IN %s",
                SQL.identifier(records._table),
                tuple(records.ids),
            )
        )
        records.invalidate_recordset(["create_date"])
        return records

    def _note(self, record, author="customer_service"):
        message = record.with_user(self.users[author]).message_post(
            body="Phoned the customer.", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        return self._settled(message.sudo())

    def _tracked(self, case):
        self.env.cr.flush()  # tracking skips records created in the same flush
        case.with_user(self.users["customer_service"]).write({"summary": "Lead content disputed"})
        self.env.cr.flush()
        message = case.message_ids.filtered("tracking_value_ids")[:1]
        self.assertTrue(message, "the change of summary is tracked")
        return self._settled(message.sudo())

    def test_nobody_deletes_a_note_or_the_state_history_of_an_open_case(self):
        case = self.acknowledged_case()
        note = self._note(case)
        tracked = self._tracked(case)
        tracking_values = tracked.tracking_value_ids
        for user in [self.users[role] for role in CASE_WRITERS] + [self.admin]:
            for message in (note, tracked):
                with self.subTest(user=user.login, message=message.id), self.assertRaises(UserError):
                    message.with_user(user).unlink()
        for message in (note, tracked):
            with self.assertRaises(UserError):
                message.sudo().unlink()
        with self.assertRaises(UserError):
            tracking_values.sudo().unlink()
        with self.assertRaises(UserError):
            tracking_values.sudo().write({"new_value_char": "Nothing happened"})
        self.assertTrue(note.exists() and tracked.exists() and tracking_values.exists())

    def test_nobody_rewrites_a_note_not_even_its_author_or_the_administrator(self):
        case = self.acknowledged_case()
        note = self._note(case)
        other = self.env["ir.attachment"].create(
            {"name": "other.txt", "raw": b"x", "res_model": case._name, "res_id": case.id}
        )
        rewrites = (
            {"body": "Never phoned."},
            {"is_internal": True},
            {"subtype_id": self.env.ref("mail.mt_comment").id},
            {"message_type": "notification"},
            {"attachment_ids": [(6, 0, other.ids)]},
            {"res_id": self.make_case().id},
        )
        for values in rewrites:
            with self.subTest(values=values), self.assertRaises(UserError):
                note.sudo().write(values)
        for user in (self.users["customer_service"], self.admin):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                # What /mail/message/update_content does, an empty body being its "delete".
                case.with_user(user)._message_update_content(note.with_user(user), body="")
        self.assertIn("Phoned the customer.", note.body)

    def test_a_message_cannot_be_moved_onto_a_case(self):
        partner_note = self._settled(
            self.customer.message_post(body="Unrelated", subtype_xmlid="mail.mt_note")
        )
        case = self.make_case()
        with self.assertRaises(UserError):
            partner_note.sudo().write({"model": case._name, "res_id": case.id})

    def test_investigation_messages_are_kept_too(self):
        investigation = self.investigation()
        note = self._note(investigation, author="technical")
        with self.assertRaises(UserError):
            note.sudo().unlink()
        with self.assertRaises(UserError):
            investigation._message_update_content(note, body="Edited")

    def test_complainant_files_are_kept_from_the_moment_they_arrive(self):
        case = self.make_case(department_id=self.department.id)
        letter = self.env["ir.attachment"].create(
            {"name": "letter.pdf", "raw": b"%PDF-1.4 original", "res_model": case._name, "res_id": case.id}
        )
        other_case = self.make_case()
        with self.assertRaises(UserError):
            letter.with_user(self.users["department"]).unlink()
        with self.assertRaises(UserError):
            letter.sudo().unlink()
        for values in (
            {"raw": b"tampered"},
            {"datas": "dGFtcGVyZWQ="},
            {"res_id": other_case.id},
            {"res_model": "res.partner"},
        ):
            with self.subTest(values=list(values)), self.assertRaises(UserError):
                letter.sudo().write(values)
        self.assertEqual(letter.raw, b"%PDF-1.4 original")
        # Moving the filestore (ir.attachment.force_storage) writes the same content back.
        letter.sudo()._migrate()
        self.assertEqual(letter.raw, b"%PDF-1.4 original")

    def test_posting_files_and_marking_activities_done_still_work(self):
        case = self.acknowledged_case()
        upload = self.env["ir.attachment"].create(
            {"name": "photo.png", "raw": b"png", "res_model": case._name, "res_id": case.id}
        )
        message = case.with_user(self.users["customer_service"]).message_post(
            body="Photo from the customer", attachment_ids=upload.ids, subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(message.attachment_ids, upload)
        activity = case.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.users["customer_service"].id
        )
        done_file = self.env["ir.attachment"].create(
            {"name": "minutes.txt", "raw": b"minutes", "res_model": "mail.activity", "res_id": activity.id}
        )
        activity.with_user(self.users["customer_service"]).action_feedback(
            feedback="Called back", attachment_ids=done_file.ids
        )
        self.assertEqual(done_file.res_model, "mail.message")

    def test_sent_mail_leaves_the_queue_and_its_message_stays(self):
        case = self.acknowledged_case()
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "model": case._name,
                    "res_id": case.id,
                    "subject": "Your case",
                    "body_html": "<p>We are on it.</p>",
                    "email_to": "li@huaxin.example",
                    "auto_delete": True,
                }
            )
        )
        message = mail.mail_message_id
        self._settled(message)
        with self.mock_mail_gateway(mail_unlink_sent=True):
            mail.send()
            self.env["mail.mail"].sudo().process_email_queue()
        sent = [email for email in self._mails if email["subject"] == "Your case"]
        self.assertEqual(len(sent), 1, "sent once")
        self.assertFalse(mail.exists(), "a sent auto-delete mail leaves the queue, so it is never sent again")
        self.assertTrue(message.exists())
        self.assertIn(message, case.message_ids)

    def test_mail_of_other_records_is_still_deleted_with_its_message(self):
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": "Newsletter",
                    "body_html": "<p>Hi</p>",
                    "email_to": "a@example.com",
                    "auto_delete": True,
                }
            )
        )
        message = mail.mail_message_id
        with self.mock_mail_gateway(mail_unlink_sent=True):
            mail.send()
        self.assertFalse(mail.exists() or message.exists())
