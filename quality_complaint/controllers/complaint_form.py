from odoo import http
from odoo.http import request

from ..public_tools import HONEYPOT_FIELD, PublicFormRefused


def uploaded_files(field_name="attachments"):
    """[(file name, content)] of a multipart field."""
    return [
        (upload.filename, upload.read())
        for upload in request.httprequest.files.getlist(field_name)
        if upload.filename
    ]


def refusal_page(error, form_template=None, form_values=None):
    """Why a public request was refused, with its HTTP status: the form again,
    showing its field errors, when the refusal names fields; else the refusal page."""
    if error.errors and form_template:
        template, values = form_template, form_values or {}
    else:
        template, values = "quality_complaint.public_refusal", {}
    return request.render(
        template, dict(values, error=error.args[0], errors=error.errors), status=error.http_status
    )


class ComplaintForm(http.Controller):
    """The public complaint form (/complaint), reached from QR codes on test reports."""

    def _form_values(self, params, **extra):
        Complaint = request.env["quality.complaint"]
        Inquiry = request.env["quality.complaint.inquiry"]
        report = Complaint._qc_clean_report_ref(params.get("report"))
        signature = params.get("sig") or ""
        return {
            "params": params,
            "report": report,
            "sig": signature if isinstance(signature, str) else "",
            "report_verified": Complaint._qc_check_report_signature(report, signature),
            "kinds": Complaint._fields["kind"]._description_selection(request.env),
            "inquiry_topics": Inquiry._fields["topic"]._description_selection(request.env),
            "categories": request.env["quality.complaint.category"].sudo().search([]),
            "limits": Complaint._qc_upload_limits(),
            "honeypot": HONEYPOT_FIELD,
            "company": request.env.company,
            "errors": {},
            **extra,
        }

    @http.route("/complaint", type="http", auth="public", methods=["GET"], website=True, sitemap=False)
    def complaint_form(self, **params):
        return request.render("quality_complaint.complaint_form", self._form_values(params))

    @http.route(
        "/complaint/submit",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        csrf=True,
        sitemap=False,
        qc_busy_refusal=True,
    )
    def complaint_submit(self, **params):
        if params.get("kind") == "inquiry":
            return self._inquiry_submit(params)
        try:
            case = request.env["quality.complaint"]._create_from_public_form(
                params, uploaded_files(), request.httprequest.remote_addr
            )
        except PublicFormRefused as error:
            return refusal_page(error, "quality_complaint.complaint_form", self._form_values(params))
        # Odoo keeps no session for a visitor, so each of their requests lists
        # the server's databases over a new connection to PostgreSQL. Keeping
        # the session of one who submitted a case (it holds the database and
        # the language, nothing about them) spares the tracking page they are
        # sent to, and the messages they post on it, that connection.
        request.session.touch()
        return request.redirect(f"/complaint/status/{case.access_token}?submitted=1")

    def _inquiry_submit(self, params):
        Inquiry = request.env["quality.complaint.inquiry"]
        try:
            inquiry = Inquiry._create_from_public_form(params, request.httprequest.remote_addr)
        except PublicFormRefused as error:
            return refusal_page(error, "quality_complaint.complaint_form", self._form_values(params))
        return request.render(
            "quality_complaint.inquiry_received",
            {"inquiry": inquiry, "answer_by": inquiry._qc_public_answer_by()},
        )

    @http.route(
        "/complaint/process", type="http", auth="public", methods=["GET"], website=True, sitemap=False
    )
    def complaint_process(self):
        company = request.env.company
        return request.render(
            "quality_complaint.public_text_page",
            {
                "title": request.env._("How we handle complaints"),
                "body": company._qc_published_text("qc_complaint_process"),
            },
        )

    @http.route(
        "/complaint/privacy", type="http", auth="public", methods=["GET"], website=True, sitemap=False
    )
    def complaint_privacy(self):
        company = request.env.company
        return request.render(
            "quality_complaint.public_text_page",
            {
                "title": request.env._("Privacy notice"),
                "body": company._qc_published_text("qc_privacy_notice"),
            },
        )
