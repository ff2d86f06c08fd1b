from odoo import http
from odoo.http import request


class ComplaintResults(http.Controller):
    """The published results of complaint handling, linked from the lab's website."""

    @http.route("/complaint/results", type="http", auth="public", methods=["GET"], website=True, sitemap=True)
    def complaint_results(self):
        company = request.env.company
        return request.render(
            "quality_complaint.complaint_results",
            {
                "company": company,
                "summaries": request.env["quality.complaint.publication"]._qc_public_summaries(company),
            },
        )
