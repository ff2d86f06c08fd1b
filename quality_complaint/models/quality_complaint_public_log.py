from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import PARAM_DEFAULTS


def public_text(value):
    """A text field of a public request: stripped, and "" unless it is a string.

    NUL characters are removed: PostgreSQL cannot store them, and a request
    carrying one must be answered, not end in a server error.
    """
    return value.replace("\x00", "").strip() if isinstance(value, str) else ""


class PublicFormRefused(UserError):
    """A request from the public pages that is refused.

    `http_status` is the status of the page that says why (400, 429 ...);
    `errors` maps form fields to messages when the sender can correct them.
    """

    def __init__(self, message, status=400, errors=None):
        super().__init__(message)
        self.http_status = status
        self.errors = errors or {}


class QualityComplaintPublicLog(models.Model):
    """One row per request of the public pages that writes something (X2).

    The rate limit counts the rows of one client address in a sliding
    window. Rows are removed after a day: they hold IP addresses, which are
    personal data under PIPL.
    """

    _name = "quality.complaint.public.log"
    _description = "Public form submission log"
    _order = "timestamp desc, id desc"
    _log_access = False

    ip = fields.Char(string="Client address", required=True, readonly=True)
    scope = fields.Selection(
        [("form", "Complaint form"), ("message", "Message on a case")],
        required=True,
        readonly=True,
    )
    timestamp = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

    _ip_scope_timestamp_idx = models.Index("(ip, scope, timestamp)")

    @api.model
    def _qc_rate_limit(self):
        """(submissions, minutes) allowed per client address: settings, default 5 per 10."""
        param = self.env["quality.complaint"]._qc_param
        return (
            max(int(param("public_rate_count") or PARAM_DEFAULTS["public_rate_count"]), 1),
            max(int(param("public_rate_minutes") or PARAM_DEFAULTS["public_rate_minutes"]), 1),
        )

    @api.model
    def _qc_check_and_log(self, client_ip, scope):
        """Refuse with 429 when `client_ip` used up its submissions, else log this one."""
        count, minutes = self._qc_rate_limit()
        ip = (client_ip or "unknown")[:64]
        since = fields.Datetime.now() - timedelta(minutes=minutes)
        used = self.sudo().search_count(
            [("ip", "=", ip), ("scope", "=", scope), ("timestamp", ">=", since)], limit=count
        )
        if used >= count:
            raise PublicFormRefused(
                self.env._(
                    "Too many submissions from your network: at most %(count)s in %(minutes)s minutes. "
                    "Please try again later, or call us.",
                    count=count,
                    minutes=minutes,
                ),
                status=429,
            )
        self.sudo().create({"ip": ip, "scope": scope})

    @api.autovacuum
    def _gc_old_entries(self):
        self.sudo().search([("timestamp", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
