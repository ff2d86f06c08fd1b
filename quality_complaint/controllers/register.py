from odoo import http
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RegisterDownload(http.Controller):
    """The XLSX registers, streamed to whoever asked for them and never stored."""

    @http.route("/quality_complaint/register/<int:wizard_id>", type="http", auth="user", methods=["GET"])
    def register_download(self, wizard_id):
        # The wizard's record rule lets only its creator read it; the register
        # is read with the user's own rights.
        wizard = request.env["quality.complaint.register.wizard"].browse(wizard_id).exists()
        if not wizard:
            raise request.not_found()
        file_name, content = wizard._qc_export_file()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(file_name)),
                ("Cache-Control", "no-store"),
            ],
        )
