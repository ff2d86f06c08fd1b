import logging

from odoo import models
from odoo.exceptions import ConcurrencyError
from odoo.http import Response, request
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

# Routes of the public pages that write: `@http.route(..., qc_busy_refusal=True)`.
BUSY_REFUSAL_ROUTING_KEY = "qc_busy_refusal"


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
        request.qc_busy_refusal = bool(rule.endpoint.routing.get(BUSY_REFUSAL_ROUTING_KEY))
        return result

    @classmethod
    def _handle_error(cls, exception):
        """A public write that still conflicted with concurrent requests after
        Odoo served it again as often as it does (a burst from one address
        races for its rate-limit counter) is refused as too many requests,
        with the refusal page: the sender may try again, nothing was saved."""
        concurrency_errors = (*PG_CONCURRENCY_EXCEPTIONS_TO_RETRY, ConcurrencyError)
        if not (isinstance(exception, concurrency_errors) and getattr(request, "qc_busy_refusal", False)):
            return super()._handle_error(exception)
        # A busy refusal, not a server error: logged as a warning, without traceback.
        exception.loglevel = logging.WARNING
        request.env.cr.rollback()
        html = request.env["ir.ui.view"]._render_template(
            "quality_complaint.public_refusal",
            {
                "error": request.env._(
                    "We are receiving many requests from your network at once. "
                    "Nothing was saved: please try again in a minute."
                ),
                "errors": {},
            },
        )
        response = Response(html, status=429, content_type="text/html;charset=utf-8")
        cls._post_dispatch(response)
        return response
