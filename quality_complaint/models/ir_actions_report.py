import io
import subprocess

import lxml.html
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from ..const import FORM_NUMBERS
from .quality_complaint_evidence_pack import EVIDENCE_PACK_REPORTS

MODULE_PREFIX = "quality_complaint."
FORM_NUMBER_PARAM = "quality_complaint.form_number.%s"
# The name under which reportlab knows the header and footer font.
STAMP_FONT = "QualityComplaintCJK"
# Where the header and footer sit, inside the top and bottom margins of
# paperformat_lab_form; their sides line up with the body's, which its 7 mm
# margins and the page container's padding put 15 mm from the edges.
STAMP_SIDE = 15 * mm
STAMP_HEADER_BASELINE = 13 * mm  # from the top edge
STAMP_FOOTER_BASELINE = 9 * mm  # from the bottom edge
STAMP_RULE_GAP = 2.5 * mm
STAMP_FONT_SIZE = 8.5
STAMP_MIN_FONT_SIZE = 6


def _cjk_truetype_fonts():
    """(file, face index) of the installed TrueType fonts with Chinese glyphs, as
    fontconfig lists them; reportlab cannot embed CFF fonts such as Noto CJK."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}\t%{index}\n", ":lang=zh-cn:fontformat=TrueType"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = (line.split("\t") for line in listing.splitlines() if "\t" in line)
    return sorted((path, int(index or 0)) for path, index in faces)


def _draw_pair(sheet, font, width, baseline, *, left, right):
    """`left` flush left and `right` flush right on one line of the page, smaller
    when both would not fit (a long lab name beside a long form title)."""
    room = width - 2 * STAMP_SIDE - 6 * mm
    size = STAMP_FONT_SIZE
    while size > STAMP_MIN_FONT_SIZE and pdfmetrics.stringWidth(left + right, font, size) > room:
        size -= 0.5
    sheet.setFont(font, size)
    sheet.drawString(STAMP_SIDE, baseline, left)
    sheet.drawRightString(width - STAMP_SIDE, baseline, right)


def _running_texts(body):
    """The header and footer texts that report_form_layout renders, hidden, in
    the document's language: {'lab', 'title', 'number', 'page'}."""
    nodes = lxml.html.fromstring(body).xpath("//*[@data-qc-running]")
    return {node.get("data-qc-running"): node.text_content().strip() for node in nodes}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    # === FIELDS === #

    qc_is_lab_form = fields.Boolean(
        string="Laboratory form",
        compute="_compute_qc_is_lab_form",
        help="A PDF of the complaints module: a header and a footer are printed on each of its pages.",
    )
    qc_form_number = fields.Char(
        string="Form number",
        compute="_compute_qc_form_number",
        inverse="_inverse_qc_form_number",
        help="Control number of the form, printed in the footer of every page. "
        "Left empty, the module's default number is printed.",
    )

    # === COMPUTE METHODS === #

    @api.depends("report_name")
    def _compute_qc_is_lab_form(self):
        for report in self:
            report.qc_is_lab_form = (report.report_name or "").startswith(MODULE_PREFIX)

    @api.depends("report_name")
    def _compute_qc_form_number(self):
        params = self.env["ir.config_parameter"].sudo()
        for report in self:
            key = report._qc_form_key()
            report.qc_form_number = key and (
                params.get_param(FORM_NUMBER_PARAM % key) or FORM_NUMBERS.get(key, "")
            )

    def _inverse_qc_form_number(self):
        params = self.env["ir.config_parameter"].sudo()
        for report in self.filtered("qc_is_lab_form"):
            key = report._qc_form_key()
            number = (report.qc_form_number or "").strip()
            # The default is not stored: a later version of the module may renumber it.
            params.set_param(FORM_NUMBER_PARAM % key, number if number != FORM_NUMBERS.get(key) else False)

    # === BUSINESS METHODS === #

    def _qc_form_key(self):
        self.ensure_one()
        return self.qc_is_lab_form and self.report_name.removeprefix(MODULE_PREFIX)

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        report = self._get_report(report_ref)
        if report.report_name not in EVIDENCE_PACK_REPORTS:
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        # Every evidence pack printed is kept, with its digest.
        # The pack being issued reaches the template as a record, which no
        # client can put into `data`.
        return self.env["quality.complaint.evidence.pack"]._qc_render(
            report,
            res_ids,
            lambda pack: super(IrActionsReport, self)._render_qweb_pdf(
                report_ref, res_ids, dict(data or {}, evidence_pack=pack)
            ),
        )

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        report = self._get_report(report_ref)
        distinct = set(res_ids or ())
        if not report.qc_is_lab_form or len(distinct) < 2 or len(distinct) != len(res_ids):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        # One document per wkhtmltopdf run: each numbers its own pages, and
        # Debian's wkhtmltopdf (unpatched Qt) refuses several in one run.
        streams = {}
        for res_id in res_ids:
            streams.update(super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=[res_id]))
        return streams

    @api.model
    def _run_wkhtmltopdf(self, bodies, report_ref=False, **kwargs):
        pdf = super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **kwargs)
        report = report_ref and self._get_report(report_ref)
        if report and report.qc_is_lab_form:
            # The header and footer of web.external_layout are lost on this
            # wkhtmltopdf, which has no page counters either: draw them on
            # each page of the finished PDF instead.
            pdf = report._qc_stamp_pages(pdf, _running_texts(bodies[0]))
        return pdf

    def _qc_stamp_pages(self, pdf, texts):
        """The PDF with the lab, the form title, the form number and "Page x of
        y" drawn, as text, in the header and footer of each page."""
        self.ensure_one()
        if not {"lab", "title", "number", "page"} <= texts.keys():
            raise UserError(
                self.env._(
                    "The report %s does not call quality_complaint.report_form_layout: "
                    "its header and footer cannot be printed.",
                    self.report_name,
                )
            )
        font = self._qc_stamp_font()
        reader = PdfFileReader(io.BytesIO(pdf))
        pages = len(reader.pages)
        number = texts["number"].replace("{number}", self.qc_form_number or "")
        overlay = io.BytesIO()
        sheet = canvas.Canvas(overlay, initialFontName=font)
        for index, page in enumerate(reader.pages, start=1):
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            page_label = texts["page"].replace("{page}", str(index)).replace("{pages}", str(pages))
            sheet.setPageSize((width, height))
            sheet.setStrokeGray(0.45)
            sheet.setFillGray(0.2)
            sheet.setLineWidth(0.5)
            header = height - STAMP_HEADER_BASELINE
            _draw_pair(sheet, font, width, header, left=texts["lab"], right=texts["title"])
            sheet.line(STAMP_SIDE, header - STAMP_RULE_GAP, width - STAMP_SIDE, header - STAMP_RULE_GAP)
            footer = STAMP_FOOTER_BASELINE
            rule = footer + STAMP_FONT_SIZE + STAMP_RULE_GAP
            sheet.line(STAMP_SIDE, rule, width - STAMP_SIDE, rule)
            _draw_pair(sheet, font, width, footer, left=number, right=page_label)
            sheet.showPage()
        sheet.save()
        stamps = PdfFileReader(overlay)
        writer = PdfFileWriter()
        for page, stamp in zip(reader.pages, stamps.pages, strict=True):
            page.merge_page(stamp)
            writer.add_page(page)
        stamped = io.BytesIO()
        writer.write(stamped)
        return stamped.getvalue()

    @api.model
    def _qc_stamp_font(self):
        """Registers the header and footer font with reportlab, once per process."""
        if STAMP_FONT not in pdfmetrics.getRegisteredFontNames():
            fonts = _cjk_truetype_fonts()
            if not fonts:
                raise UserError(
                    self.env._(
                        "No TrueType font with Chinese characters is installed, so the header "
                        "and footer of the PDF cannot be printed. Install one on the server "
                        "(Debian: apt-get install fonts-wqy-zenhei; scripts/bootstrap.sh does)."
                    )
                )
            path, index = fonts[0]
            pdfmetrics.registerFont(TTFont(STAMP_FONT, path, subfontIndex=index))
        return STAMP_FONT
