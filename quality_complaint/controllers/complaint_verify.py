from odoo import http
from odoo.http import request

from ..public_tools import PublicFormRefused
from .complaint_form import refusal_page


class ComplaintVerify(http.Controller):
    """The page a reply letter's or end notice's QR code opens, and the lab's public keys."""

    @http.route(
        "/complaint/verify/key", type="http", auth="public", methods=["GET"], sitemap=False, readonly=True
    )
    def verify_keys(self, **kwargs):
        keys = request.env["quality.complaint.signing.key"]._qc_published()
        return request.make_json_response({"keys": keys})

    @http.route(
        "/complaint/verify/<string:code>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def verify_document(self, code, sha256=None, **kwargs):
        Signature = request.env["quality.complaint.signature"]
        try:
            check = Signature._qc_public_verification(code, request.httprequest.remote_addr, sha256)
        except PublicFormRefused as error:
            return refusal_page(error)
        # Rendered, not raised: the count of the request is committed either way.
        if not check:
            return request.render("quality_complaint.verify_not_found", {}, status=404)
        return request.render("quality_complaint.verify_document", check)

    @http.route(
        "/complaint/verify/<string:code>/proof", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def verify_proof(self, code, **kwargs):
        """The signed statement and its signature, to check a document offline (README)."""
        Signature = request.env["quality.complaint.signature"]
        try:
            check = Signature._qc_public_verification(code, request.httprequest.remote_addr)
        except PublicFormRefused as error:
            return request.make_json_response({"error": error.args[0]}, status=error.http_status)
        if not check:
            return request.make_json_response({"error": "not found"}, status=404)
        return request.make_json_response(check["signature"]._qc_proof())
