from datetime import timedelta

from odoo import api, fields, models

from ..const import PARAM_DEFAULTS
from ..public_tools import PublicFormRefused


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

    # === FIELDS === #

    ip = fields.Char(string="Client address", required=True, readonly=True)
    scope = fields.Selection(
        [("form", "Complaint form"), ("message", "Message on a case")],
        required=True,
        readonly=True,
    )
    timestamp = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

    _ip_scope_timestamp_idx = models.Index("(ip, scope, timestamp)")

    # === BUSINESS METHODS === #

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

    # === CRON METHODS === #

    @api.autovacuum
    def _gc_old_entries(self):
        self.sudo().search([("timestamp", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
