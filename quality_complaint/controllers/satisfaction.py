from odoo import http
from odoo.http import request

from ..public_tools import PublicFormRefused
from .complaint_form import refusal_page


class SatisfactionSurvey(http.Controller):
    """The personal answer page of a satisfaction survey (S3)."""

    def _response_or_404(self, token):
        response = request.env["quality.satisfaction.response"]._qc_from_token(token)
        if not response:
            raise request.not_found()
        return response

    @http.route(
        "/satisfaction/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def satisfaction_form(self, token, **kwargs):
        response = self._response_or_404(token)
        return request.render(
            "quality_complaint.satisfaction_form",
            {"response": response, "token": token, "errors": {}, "params": {}},
        )

    @http.route(
        "/satisfaction/<string:token>/submit",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        csrf=True,
        sitemap=False,
        qc_busy_refusal=True,
    )
    def satisfaction_submit(self, token, **params):
        response = self._response_or_404(token)
        try:
            response._qc_submit_answers(params)
        except PublicFormRefused as error:
            return refusal_page(
                error,
                "quality_complaint.satisfaction_form",
                {"response": response, "token": token, "params": params},
            )
        return request.redirect(f"/satisfaction/{token}")
