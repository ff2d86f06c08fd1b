from odoo import http
from odoo.http import request

from ..public_tools import PublicFormRefused
from .complaint_form import refusal_page, uploaded_files


def status_page_values(case, **extra):
    """What the tracking page shows: the state in plain words, deadlines, public messages."""
    title, explanation = case._qc_public_state()
    return {
        "case": case,
        "state_title": title,
        "state_text": explanation,
        "messages": case._qc_public_messages(),
        "limits": case._qc_upload_limits(),
        "kind_label": dict(case._fields["kind"]._description_selection(request.env))[case.kind],
        "follow_ups": case._qc_public_follow_ups(),
        "parent": case._qc_public_parent(),
        "errors": {},
        **extra,
    }


class ComplaintStatus(http.Controller):
    """A complainant's tracking page, reached with the case's secret token."""

    def _case_or_404(self, access_token):
        case = request.env["quality.complaint"]._qc_from_token(access_token)
        if not case:
            raise request.not_found()
        return case

    @http.route(
        "/complaint/status/<string:access_token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def complaint_status(self, access_token, submitted=None, sent=None, answered=None, **kwargs):
        case = self._case_or_404(access_token)
        return request.render(
            "quality_complaint.complaint_status",
            status_page_values(case, submitted=submitted, sent=sent, answered=answered),
        )

    @http.route(
        "/complaint/status/<string:access_token>/message",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        csrf=True,
        sitemap=False,
        qc_busy_refusal=True,
    )
    def complaint_message(self, access_token, body=None, **kwargs):
        case = self._case_or_404(access_token)
        try:
            case._qc_post_public_message(body, uploaded_files(), request.httprequest.remote_addr)
        except PublicFormRefused as error:
            return refusal_page(
                error, "quality_complaint.complaint_status", status_page_values(case, body=body)
            )
        return request.redirect(f"/complaint/status/{access_token}?sent=1")

    @http.route(
        "/complaint/status/<string:access_token>/answer",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        csrf=True,
        sitemap=False,
        qc_busy_refusal=True,
    )
    def complaint_answer(self, access_token, decision=None, note=None, **kwargs):
        case = self._case_or_404(access_token)
        if decision not in ("accept", "reject"):
            return refusal_page(PublicFormRefused(request.env._("Tell us whether you accept the outcome.")))
        try:
            follow_up = case._qc_public_answer_outcome(
                decision == "accept", note, request.httprequest.remote_addr
            )
        except PublicFormRefused as error:
            return refusal_page(error)
        if follow_up:
            return request.redirect(f"/complaint/status/{follow_up.access_token}?submitted=1")
        return request.redirect(f"/complaint/status/{access_token}?answered=1")

    @http.route(
        "/complaint/status/<string:access_token>/attachment/<int:attachment_id>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def complaint_attachment(self, access_token, attachment_id, **kwargs):
        """Files of the messages the complainant may read, and nothing else."""
        case = self._case_or_404(access_token)
        attachment = case._qc_public_messages().attachment_ids.filtered(lambda a: a.id == attachment_id)
        if not attachment:
            raise request.not_found()
        return request.env["ir.binary"]._get_stream_from(attachment).get_response(as_attachment=True)
