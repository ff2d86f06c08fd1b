from odoo import http
from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.http import request

from .complaint_status import status_page_values


class ComplaintPortal(portal.CustomerPortal):
    """/my/complaints: the cases of the portal user's company, nobody else's."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            values["complaint_count"] = request.env["quality.complaint"]._qc_portal_count(
                request.env.user.partner_id
            )
        if "inquiry_count" in counters:
            values["inquiry_count"] = request.env["quality.complaint.inquiry"]._qc_portal_count(
                request.env.user.partner_id
            )
        return values

    @http.route(["/my/inquiries", "/my/inquiries/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_inquiries(self, page=1, **kwargs):
        Inquiry = request.env["quality.complaint.inquiry"]
        partner = request.env.user.partner_id
        pager = portal_pager(
            url="/my/inquiries", total=Inquiry._qc_portal_count(partner), page=page, step=self._items_per_page
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "inquiries": Inquiry._qc_portal_inquiries(
                    partner, limit=self._items_per_page, offset=pager["offset"]
                ),
                "pager": pager,
                "page_name": "inquiries",
                "default_url": "/my/inquiries",
            }
        )
        return request.render("quality_complaint.portal_my_inquiries", values)

    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, **kwargs):
        Complaint = request.env["quality.complaint"]
        partner = request.env.user.partner_id
        total = Complaint._qc_portal_count(partner)
        pager = portal_pager(url="/my/complaints", total=total, page=page, step=self._items_per_page)
        cases = Complaint._qc_portal_cases(partner, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "cases": cases,
                "pager": pager,
                "page_name": "complaints",
                "default_url": "/my/complaints",
                "states": {case: case._qc_public_state()[0] for case in cases},
            }
        )
        return request.render("quality_complaint.portal_my_complaints", values)

    @http.route("/my/complaints/<int:case_id>", type="http", auth="public", website=True)
    def portal_my_complaint(self, case_id, access_token=None, **kwargs):
        """The case's tracking page, for its company's portal users or with its token."""
        Complaint = request.env["quality.complaint"]
        case = Complaint.browse()
        if access_token:
            case = Complaint._qc_from_token(access_token)
            case = case if case.id == case_id else Complaint.browse()
        elif not request.env.user._is_public():
            case = Complaint._qc_portal_case(request.env.user.partner_id, case_id)
        if not case:
            raise request.not_found()
        case._portal_ensure_token()
        values = status_page_values(case, page_name="complaint")
        return request.render("quality_complaint.complaint_status", values)
