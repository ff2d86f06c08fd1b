from odoo.tests import new_test_user, tagged

from .common_public import PublicCase


@tagged("post_install", "-at_install")
class TestInquiryPages(PublicCase):
    """The public form's inquiry entry (咨询/需求) and /my/inquiries through HTTP."""

    def count_inquiries(self):
        self.env.invalidate_all()
        return self.env["quality.complaint.inquiry"].search_count([])

    def test_the_form_offers_the_inquiry_entry(self):
        page = self.url_open("/complaint").text
        self.assertIn('value="inquiry"', page)
        self.assertIn('name="topic"', page)

    def test_an_inquiry_from_the_form_is_no_case(self):
        cases, inquiries = self.count_cases(), self.count_inquiries()
        response = self.submit(kind="inquiry", topic="price", description="How much is a lead test?")
        self.assertEqual(response.status_code, 200)
        inquiry = self.env["quality.complaint.inquiry"].search([], order="id desc", limit=1)
        self.assertIn(inquiry.name, response.text)
        self.assertEqual((self.count_cases(), self.count_inquiries()), (cases, inquiries + 1))
        self.assertEqual((inquiry.topic, inquiry.channel, inquiry.state), ("price", "web", "new"))

    def test_a_refused_inquiry_shows_the_form_again(self):
        inquiries = self.count_inquiries()
        response = self.submit(kind="inquiry", description="", complainant_name="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Tell us what you would like to know.", response.text)
        self.assertEqual(self.count_inquiries(), inquiries)

    def test_portal_lists_the_customers_own_inquiries(self):
        customer = self.env["res.partner"].create({"name": "Huaxin Foods", "is_company": True})
        other = self.env["res.partner"].create({"name": "Minmetals", "is_company": True})
        portal = new_test_user(self.env, login="qc_inquiry_portal", groups="base.group_portal", name="Wang")
        portal.partner_id.parent_id = customer
        Inquiry = self.env["quality.complaint.inquiry"]
        mine = Inquiry.create({"partner_id": customer.id, "description": "Do you test dioxins?"})
        theirs = Inquiry.create({"partner_id": other.id, "description": "Do you calibrate scales?"})
        self.authenticate("qc_inquiry_portal", "qc_inquiry_portal")
        page = self.url_open("/my/inquiries").text
        self.assertIn(mine.name, page)
        self.assertNotIn(theirs.name, page)
