from email import message_from_string, policy

from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, new_test_user, tagged

from ..mail_authentication import authenticated_sender, parse_authentication_results
from .common_public import PublicCase

LAB_SERVER = "mx.lab.example"
ALIAS = "complaints@lab.example"


def raw_mail(
    sender, *authentication_results, subject="Wrong lead value in report R-77", message_id="<r77@x>"
):
    """A mail as the lab's server delivers it: its Authentication-Results on top, then the sender's headers."""
    headers = "".join(f"Authentication-Results: {value}\r\n" for value in authentication_results)
    return (
        f"Return-Path: <bounce@{sender.rpartition('@')[2].rstrip('>')}>\r\n"
        f"{headers}"
        "Received: from mail.sender.example (mail.sender.example [192.0.2.10])\r\n"
        f"\tby {LAB_SERVER} with ESMTPS id 4A1B2C3D for <{ALIAS}>; Mon, 2 Mar 2026 10:00:00 +0800\r\n"
        f"From: {sender}\r\n"
        f"To: {ALIAS}\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: {message_id}\r\n"
        "Date: Mon, 2 Mar 2026 10:00:00 +0800\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: text/plain; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        "The lead value in report R-77 is ten times too high.\r\n"
    )


def passed(domain, server=LAB_SERVER):
    return (
        f"{server};\r\n\tdkim=pass header.d={domain} header.s=s1 header.b=Zm9v;\r\n"
        f"\tspf=pass (sender IP is 192.0.2.10) smtp.mailfrom={domain};\r\n"
        f"\tdmarc=pass (p=QUARANTINE sp=NONE dis=NONE) header.from={domain}"
    )


@tagged("post_install", "-at_install")
class TestMailIntake(PublicCase):
    """Raw mails through the gateway: a case is filed under a customer only
    when the lab's mail server authenticated its sender."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Domain = cls.env["mail.alias.domain"]
        domain = Domain.search([("name", "=", "lab.example")]) or Domain.create({"name": "lab.example"})
        cls.env.ref("quality_complaint.mail_alias_complaints").alias_domain_id = domain
        cls.params.set_param("quality_complaint.mail_authserv_id", LAB_SERVER)
        cls.huaxin = cls.env["res.partner"].create({"name": "Huaxin Foods", "is_company": True})
        cls.portal_li = new_test_user(
            cls.env, login="qc_portal_li", groups="base.group_portal", name="Li Na", email="li@huaxin.example"
        )
        cls.portal_li.partner_id.parent_id = cls.huaxin

    def receive(self, raw):
        case_id = self.env["mail.thread"].message_process(False, raw)
        return self.Complaint.browse(case_id)

    def portal_listing(self):
        self.authenticate(self.portal_li.login, self.portal_li.login)
        return self.url_open("/my/complaints").text

    def test_authenticated_sender_is_filed_under_their_customer(self):
        case = self.receive(raw_mail("Li Na <li@huaxin.example>", passed("huaxin.example")))
        self.assertEqual(case.channel, "email")
        self.assertEqual(case.partner_id, self.portal_li.partner_id)
        self.assertEqual(case.complainant_organisation, "Huaxin Foods")
        self.assertFalse(case.sender_unverified)
        self.assertEqual(
            case.message_ids.filtered(lambda m: m.message_type == "email").author_id, case.partner_id
        )
        self.assertIn(case.name, self.portal_listing())

    def test_forged_sender_is_not_filed_under_the_customer(self):
        forgeries = {
            "no authentication at all": raw_mail("Li Na <li@huaxin.example>"),
            "the lab's server says dmarc failed": raw_mail(
                "li@huaxin.example",
                f"{LAB_SERVER}; dkim=none; spf=softfail smtp.mailfrom=attacker.example;"
                " dmarc=fail (p=NONE) header.from=huaxin.example",
            ),
            # The sender wrote a header in the lab's name; the lab's server put its own on top.
            "a forged header below the lab's": raw_mail(
                "li@huaxin.example", f"{LAB_SERVER}; none", passed("huaxin.example")
            ),
            "another server's verdict": raw_mail(
                "li@huaxin.example", passed("huaxin.example", "mx.attacker.example")
            ),
            "signed by another domain": raw_mail(
                "li@huaxin.example",
                f"{LAB_SERVER}; dkim=pass header.d=attacker.example; spf=pass smtp.mailfrom=attacker.example",
            ),
            "a comment that looks like a pass": raw_mail(
                "li@huaxin.example", f"{LAB_SERVER}; dmarc=fail (dmarc=pass header.from=huaxin.example)"
            ),
        }
        for index, (label, raw) in enumerate(forgeries.items()):
            with self.subTest(label):
                case = self.receive(raw.replace("<r77@x>", f"<forged-{index}@x>"))
                self.assertTrue(case.sender_unverified)
                self.assertFalse(case.partner_id)
                self.assertEqual(case.complainant_email, "li@huaxin.example")
                self.assertFalse(case.message_ids.author_id & self.portal_li.partner_id)
                self.assertNotIn(case, self.Complaint._qc_portal_cases(self.portal_li.partner_id))
                self.assertNotIn(case.name, self.portal_listing())
                self.assertEqual(self.url_open(f"/my/complaints/{case.id}").status_code, 404)

    def test_aligned_dkim_or_spf_pass_without_dmarc_policy(self):
        for index, verdict in enumerate(
            (
                f"{LAB_SERVER} 1; dkim=pass header.d=huaxin.example; dmarc=none header.from=huaxin.example",
                f"{LAB_SERVER}; spf=pass smtp.mailfrom=bounce@huaxin.example",
            )
        ):
            with self.subTest(verdict=verdict):
                case = self.receive(raw_mail("li@huaxin.example", verdict, message_id=f"<aligned-{index}@x>"))
                self.assertEqual(case.partner_id, self.portal_li.partner_id)

    def test_without_a_trusted_server_every_mail_is_unverified(self):
        self.params.set_param("quality_complaint.mail_authserv_id", "")
        case = self.receive(raw_mail("li@huaxin.example", passed("huaxin.example")))
        self.assertTrue(case.sender_unverified)
        self.assertFalse(case.partner_id)

    def test_unverified_reply_is_not_written_in_the_customer_name(self):
        case = self.receive(raw_mail("li@huaxin.example", passed("huaxin.example")))
        original = case.message_ids.filtered(lambda m: m.message_type == "email")
        reply = raw_mail("li@huaxin.example", subject="Re: R-77", message_id="<reply@x>").replace(
            "MIME-Version", f"In-Reply-To: {original.message_id}\r\nMIME-Version"
        )
        self.assertEqual(self.env["mail.thread"].message_process(False, reply), case.id)
        answer = case.message_ids.filtered(lambda m: m.message_id == "<reply@x>")
        self.assertTrue(answer)
        self.assertFalse(answer.author_id)
        self.assertEqual(case.partner_id, self.portal_li.partner_id, "the case stays where it was")

    def test_customer_service_confirms_the_sender(self):
        case = self.receive(raw_mail("li@huaxin.example"))
        for role in ("department", "auditor"):
            with self.subTest(role=role), self.assertRaises(UserError):
                case.with_user(self.users[role]).action_confirm_sender()
        case.user_id = self.users["department"]  # the handler may edit the case, not who wrote it
        with self.assertRaises(AccessError):
            case.with_user(self.users["department"]).write({"sender_unverified": False})
        with self.assertRaises(AccessError):
            case.with_user(self.users["department"]).write({"partner_id": self.portal_li.partner_id.id})
        self.assertTrue(case.sender_unverified)
        self.assertNotIn(case.name, self.portal_listing())
        case.with_user(self.users["customer_service"]).action_confirm_sender()
        self.assertFalse(case.sender_unverified)
        self.assertEqual(case.partner_id, self.portal_li.partner_id)
        self.assertEqual(case.complainant_email, "li@huaxin.example")
        self.assertIn("Sender confirmed by QC customer_service", case.message_ids[0].body)
        self.assertIn(case.name, self.portal_listing())

    def test_a_customer_chosen_by_hand_waits_for_the_confirmation(self):
        case = self.receive(raw_mail("li@huaxin.example"))
        case.with_user(self.users["customer_service"]).partner_id = self.portal_li.partner_id
        self.assertNotIn(case.name, self.portal_listing())
        case.with_user(self.users["customer_service"]).action_confirm_sender()
        self.assertIn(case.name, self.portal_listing())


@tagged("post_install", "-at_install")
class TestMailAliasSettings(PublicCase):
    def test_settings_give_the_alias_its_domain(self):
        alias = self.env.ref("quality_complaint.mail_alias_complaints")
        alias.alias_domain_id = False  # as on a database created before any alias domain
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(
            (settings.qc_alias_name, settings.qc_alias_domain_id), ("complaints", alias.alias_domain_id)
        )
        with self.assertRaisesRegex(ValueError, "No possible route found"):
            self.env["mail.thread"].message_process(False, raw_mail("li@huaxin.example"))
        Domain = self.env["mail.alias.domain"]
        settings.qc_alias_domain_id = Domain.search([("name", "=", "lab.example")]) or Domain.create(
            {"name": "lab.example"}
        )
        settings.execute()
        self.assertEqual(alias.alias_full_name, ALIAS)
        self.assertTrue(self.env["mail.thread"].message_process(False, raw_mail("li@huaxin.example")))
        view = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertRegex(view, r'<div class="alert alert-warning[^"]*"[^>]*invisible="qc_alias_domain_id"')


@tagged("post_install", "-at_install")
class TestAuthenticationResults(BaseCase):
    def test_parser_reads_comments_quotes_and_versions(self):
        server, results = parse_authentication_results(
            'MX.Lab.Example 1 (the lab; "quoted");\r\n\tdkim=pass (good signature) header.d=Huaxin.Example'
            ' reason="a; quoted header.d=attacker.example";\r\n\tspf/1=fail smtp.mailfrom=a@b.example'
        )
        self.assertEqual(server, "mx.lab.example")
        self.assertEqual(
            results,
            [
                (
                    "dkim",
                    "pass",
                    {"header.d": "huaxin.example", "reason": "a; quoted header.d=attacker.example"},
                ),
                ("spf", "fail", {"smtp.mailfrom": "a@b.example"}),
            ],
        )

    def test_only_one_from_address_is_authenticated(self):
        raw = raw_mail("li@huaxin.example", passed("huaxin.example"))
        self.assertEqual(
            authenticated_sender(message_from_string(raw, policy=policy.SMTP), LAB_SERVER).email,
            "li@huaxin.example",
        )
        for sender in (
            "li@huaxin.example, boss@huaxin.example",
            "li@huaxin.example\r\nFrom: x@huaxin.example",
        ):
            with self.subTest(sender=sender):
                message = message_from_string(raw_mail(sender, passed("huaxin.example")), policy=policy.SMTP)
                self.assertIsNone(authenticated_sender(message, LAB_SERVER))
