"""The records behind each clause of an evidence pack (quality.complaint._qc_evidence_sections)."""

import re
from datetime import datetime

from odoo import fields
from odoo.fields import Domain
from odoo.tools import format_date, html2plaintext

NONE = "—"
# The notes the steps post (models/quality_complaint.py), found again by
# their fixed words in each installed language.
CORRECTION_NOTE = "Corrected %(field)s: %(old)s → %(new)s. Reason: %(reason)s"
NOT_INVOLVED_NOTE = "%(person)s is no longer involved. Reason: %(reason)s"
REOPENED_NOTE = "Decision reopened: %s"


class EvidencePack:
    """The records behind each clause of one pack. Read as superuser within
    the company (or case) once the reader's role is checked: the pack quotes
    references, dates and staff, never a complainant."""

    def __init__(self, model, date_from, date_to, company, case):
        self.env = model.env
        self.sudo_env = model.sudo().env
        self.date_from, self.date_to = date_from, date_to
        self.company, self.case = company, case
        self.Dashboard = self.env["quality.complaint.dashboard"]
        self.start, self.end = self.Dashboard._qc_bounds(date_from, date_to)
        self.Complaint = self.sudo_env["quality.complaint"]
        self.scope = Domain("company_id", "=", company.id)
        if case:
            self.scope &= Domain("id", "=", case.id)

    # --- helpers --- #

    def _(self, text, *args, **kwargs):
        return self.env._(text, *args, **kwargs)

    def date(self, value):
        if not value:
            return NONE
        if isinstance(value, datetime):
            value = fields.Datetime.context_timestamp(self.Complaint.with_env(self.env), value)
        return format_date(self.env, value)

    @staticmethod
    def people(users):
        return ", ".join(users.mapped("name")) or NONE

    def label(self, model, field_name, value):
        if not value:
            return NONE
        return dict(self.sudo_env[model]._fields[field_name]._description_selection(self.env)).get(
            value, value
        )

    def in_period(self, field_name, is_date=False):
        if is_date:
            return Domain(field_name, ">=", self.date_from) & Domain(field_name, "<=", self.date_to)
        return Domain(field_name, ">=", self.start) & Domain(field_name, "<", self.end)

    def cases(self, domain, order="received_date, id"):
        return self.Complaint.search(self.scope & domain, order=order)

    def param(self, key):
        return self.Complaint._qc_param(key, self.company)

    @staticmethod
    def section(
        key, number, standard, title, requirement, *, found, figures=(), tables=(), notes=(), empty=""
    ):
        return {
            "key": key,
            "number": number,
            "standard": standard,
            "title": title,
            "requirement": requirement,
            "found": found,
            "figures": list(figures),
            "tables": [table for table in tables if table["rows"]],
            "notes": [note for note in notes if note],
            "empty": empty,
        }

    @staticmethod
    def table(title, columns, rows):
        return {"title": title, "columns": columns, "rows": rows}

    def notes(self, template):
        """The case notes in the period that a step posted from `template`,
        found by the template's longest fixed words in every installed language."""
        words = set()
        for code, _name in self.env["res.lang"].get_installed():
            translated = self.env["quality.complaint"].with_context(lang=code).env._(template)
            words.add(max(re.split(r"%(?:\(\w+\))?s", translated), key=len).strip())
        domain = Domain.OR(Domain("body", "ilike", word) for word in words if word)
        return self.sudo_env["mail.message"].search(
            domain
            & Domain("model", "=", "quality.complaint")
            & Domain("res_id", "in", self.Complaint._search(self.scope))
            & Domain("subtype_id", "=", self.env.ref("mail.mt_note").id)
            & self.in_period("date"),
            order="date, id",
        )

    def note_rows(self, messages):
        cases = self.Complaint.browse(messages.mapped("res_id"))
        names = dict(zip(cases.ids, cases.mapped("name"), strict=True))
        return [
            [
                names.get(message.res_id, NONE),
                self.date(message.date),
                message.author_id.name or NONE,
                html2plaintext(message.body or ""),
            ]
            for message in messages
        ]

    # --- sections, in the order of the clauses --- #

    def sections(self):
        regulatory = (
            self.env.ref("quality_complaint.group_regulatory_reporting")
            in self.env.ref("base.group_user").sudo().implied_ids
        )
        self.received = self.cases(self.in_period("received_date"))
        self.statistics = (
            None if self.case else self.Dashboard._qc_statistics(self.date_from, self.date_to, self.company)
        )
        sections = [
            self.impartiality_risks(),
            self.corrections(),
            self.published_process(),
            self.responsibility(),
            self.process(),
            self.information(),
            self.acknowledgement(),
            self.independent_outcome(),
            self.end_notice(),
            self.nonconforming(),
            self.records(),
            self.corrective_actions(),
            self.management_review(),
        ]
        if regulatory:
            sections += [self.iso13485_handling(), self.iso13485_reporting()]
        sections += [self.satisfaction(), self.authority(), self.process_versions()]
        return sections

    def impartiality_risks(self):
        cases = self.received.filtered("involved_user_ids")
        removed = self.notes(NOT_INVOLVED_NOTE)
        return self.section(
            "4.1.4",
            "4.1.4",
            "ISO/IEC 17025:2017",
            self._("Risks to impartiality"),
            self._(
                "Risks to impartiality are identified on an ongoing basis, including those from relationships."
            ),
            found=bool(cases or removed),
            figures=[(self._("Cases naming involved people"), len(cases))],
            tables=[
                self.table(
                    self._("Involved people recorded on the cases (kept off their handling)"),
                    [self._("Case"), self._("Received on"), self._("Involved people"), self._("Handler")],
                    [
                        [
                            case.name,
                            self.date(case.received_date),
                            self.people(case.involved_user_ids),
                            case.user_id.name or NONE,
                        ]
                        for case in cases
                    ],
                ),
                self.table(
                    self._("People taken off the involved list, with the reason"),
                    [self._("Case"), self._("Date"), self._("By"), self._("Note")],
                    self.note_rows(removed),
                ),
            ],
            empty=self._("No case in the period named a person whose impartiality was at risk."),
        )

    def corrections(self):
        messages = self.notes(CORRECTION_NOTE)
        return self.section(
            "7.5.2",
            "7.5.2",
            "ISO/IEC 17025:2017",
            self._("Amendments to technical records"),
            self._(
                "An amendment to a record can be traced to the previous value, with who made it, when and why."
            ),
            found=bool(messages),
            figures=[(self._("Corrections of recorded facts"), len(messages))],
            tables=[
                self.table(
                    self._("Corrections, with the old and the new value and the reason"),
                    [self._("Case"), self._("Date"), self._("By"), self._("Correction")],
                    self.note_rows(messages),
                )
            ],
            empty=self._("No recorded fact was corrected in the period."),
        )

    def _process_versions(self):
        return self.sudo_env["quality.complaint.process.version"].search(
            [("company_id", "=", self.company.id)], order="create_date, id"
        )

    def published_process(self):
        versions = self._process_versions()
        last = versions[-1:]
        if last:
            changed = self._(
                "Last changed on %(date)s by %(person)s.",
                date=self.date(last.create_date),
                person=last.create_uid.name,
            )
        else:
            standard = self.env.ref("quality_complaint.published_complaint_process")
            changed = self._(
                "The module's standard text, unchanged since %s.", self.date(standard.sudo().write_date)
            )
        by_channel = {}
        for case in self.received:
            label = self.label("quality.complaint", "channel", case.channel)
            by_channel[label] = by_channel.get(label, 0) + 1
        return self.section(
            "7.9.1",
            "7.9.1",
            "ISO/IEC 17025:2017",
            self._("Description of the complaint handling process"),
            self._(
                "A description of the handling process for complaints is available to any interested party on request."
            ),
            found=True,
            figures=[
                (self._("Published at"), "/complaint/process"),
                (self._("Cases received"), len(self.received)),
            ],
            notes=[changed],
            tables=[
                self.table(
                    self._("Cases received by channel, all handled by the published process"),
                    [self._("Channel"), self._("Cases")],
                    [[label, count] for label, count in sorted(by_channel.items())],
                )
            ],
        )

    def responsibility(self):
        cases = self.cases(self.in_period("ack_date"))
        counts = {
            value: len(cases.filtered(lambda case, value=value: case.concerns_lab == value))
            for value in ("yes", "no", False)
        }
        return self.section(
            "7.9.2",
            "7.9.2",
            "ISO/IEC 17025:2017",
            self._("Whether the complaint concerns the lab"),
            self._(
                "On receipt the lab confirms whether the complaint relates to its activities and, if so, deals with it."
            ),
            found=bool(cases),
            figures=[
                (self._("Cases acknowledged"), len(cases)),
                (self._("Concern the lab's activities"), counts["yes"]),
                (self._("Do not concern them"), counts["no"]),
                (self._("Not recorded"), counts[False]),
            ],
            tables=[
                self.table(
                    self._("Cases acknowledged in the period"),
                    [
                        self._("Case"),
                        self._("Received on"),
                        self._("Acknowledged on"),
                        self._("Concerns the lab's activities"),
                        self._("Validity"),
                        self._("Handler"),
                    ],
                    [
                        [
                            case.name,
                            self.date(case.received_date),
                            self.date(case.ack_date),
                            self.label("quality.complaint", "concerns_lab", case.concerns_lab),
                            self.label("quality.complaint", "validity", case.validity),
                            case.user_id.name or NONE,
                        ]
                        for case in cases
                    ],
                )
            ],
            empty=self._("No case was acknowledged in the period."),
        )

    def process(self):
        figures = [(self._("Cases received"), len(self.received))]
        if self.statistics:
            figures = [
                (row["label"], row["value"])
                for row in self.Dashboard._qc_figure_rows(self.statistics["figures"])
            ]
        return self.section(
            "7.9.3",
            "7.9.3",
            "ISO/IEC 17025:2017",
            self._("The handling process"),
            self._(
                "Complaints are received, validated, investigated and decided, tracked and recorded, and acted upon."
            ),
            found=bool(self.received),
            figures=figures,
            tables=[
                self.table(
                    self._("Cases received in the period"),
                    [
                        self._("Case"),
                        self._("Received on"),
                        self._("Kind"),
                        self._("Channel"),
                        self._("State"),
                        self._("Validity"),
                        self._("Handler"),
                    ],
                    [
                        [
                            case.name,
                            self.date(case.received_date),
                            self.label("quality.complaint", "kind", case.kind),
                            self.label("quality.complaint", "channel", case.channel),
                            self.label("quality.complaint", "state", case.state),
                            self.label("quality.complaint", "validity", case.validity),
                            case.user_id.name or NONE,
                        ]
                        for case in self.received
                    ],
                )
            ],
            empty=self._("No case was received in the period."),
        )

    def information(self):
        cases = self.cases(self.in_period("decision_date"))
        investigated = cases.filtered("investigation_ids")
        return self.section(
            "7.9.4",
            "7.9.4",
            "ISO/IEC 17025:2017",
            self._("Information to validate the complaint"),
            self._("The lab gathers and verifies all necessary information to validate the complaint."),
            found=bool(cases),
            figures=[
                (self._("Cases decided"), len(cases)),
                (self._("Investigated"), len(investigated)),
                (self._("Decided without investigation, with the reason"), len(cases - investigated)),
            ],
            tables=[
                self.table(
                    self._("Cases decided in the period"),
                    [
                        self._("Case"),
                        self._("Decided on"),
                        self._("Investigations"),
                        self._("Why not investigated"),
                        self._("Decided by"),
                    ],
                    [
                        [
                            case.name,
                            self.date(case.decision_date),
                            ", ".join(case.investigation_ids.mapped("name")) or NONE,
                            case.no_investigation_reason or NONE,
                            case.decider_id.name or NONE,
                        ]
                        for case in cases
                    ],
                )
            ],
            empty=self._("No case was decided in the period."),
        )

    def acknowledgement(self):
        domain = (
            self.in_period("ack_date")
            | self.in_period("reply_date", True)
            | self.in_period("late_notice_date", True)
        )
        cases = self.cases(domain)
        figures = [
            (
                self._("Acknowledged"),
                len(cases.filtered(lambda case: case.ack_date and self.start <= case.ack_date < self.end)),
            ),
            (
                self._("Late notices sent"),
                len(
                    cases.filtered(
                        lambda case: (
                            case.late_notice_date and self.date_from <= case.late_notice_date <= self.date_to
                        )
                    )
                ),
            ),
            (
                self._("Replies sent"),
                len(
                    cases.filtered(
                        lambda case: case.reply_date and self.date_from <= case.reply_date <= self.date_to
                    )
                ),
            ),
        ]
        if self.statistics:
            rows = {row["key"]: row for row in self.Dashboard._qc_figure_rows(self.statistics["figures"])}
            figures += [
                (rows[key]["label"], rows[key]["value"]) for key in ("ack_on_time_rate", "reply_on_time_rate")
            ]
        return self.section(
            "7.9.5",
            "7.9.5",
            "ISO/IEC 17025:2017",
            self._("Acknowledgement, progress and outcome"),
            self._("The complainant is acknowledged, given progress reports and told the outcome."),
            found=bool(cases),
            figures=figures,
            tables=[
                self.table(
                    self._("Acknowledgements, late notices and replies of the period"),
                    [
                        self._("Case"),
                        self._("Acknowledged on"),
                        self._("Late notice sent on"),
                        self._("Reply sent on"),
                        self._("Reply sent by"),
                    ],
                    [
                        [
                            case.name,
                            self.date(case.ack_date),
                            self.date(case.late_notice_date),
                            self.date(case.reply_date),
                            self.label("quality.complaint", "reply_method", case.reply_method)
                            if case.reply_date
                            else NONE,
                        ]
                        for case in cases
                    ],
                )
            ],
            empty=self._("No case was acknowledged or answered in the period."),
        )

    def decisions_from_trail(self):
        """The approvals of the period as the trail recorded them, each with the
        decider (author of the last move to "decision" before it), the approver
        and the involved people as they were at each of the two moments:
        [(case, decided, decider, approved, approver, involved at decision,
        involved at approval)], read in one search of the tracking values."""
        field_ids = self.sudo_env["ir.model.fields"]._get_ids("quality.complaint")
        watched = {
            field_ids["state"]: "state",
            field_ids["approver_id"]: "approver",
            field_ids["involved_user_ids"]: "involved",
        }
        values = self.sudo_env["mail.tracking.value"].search(
            Domain("field_id", "in", list(watched))
            & Domain("mail_message_id.model", "=", "quality.complaint")
            & Domain("mail_message_id.res_id", "in", self.Complaint._search(self.scope)),
        )
        decision_labels = {
            dict(
                self.Complaint.with_context(lang=code)
                ._fields["state"]
                ._description_selection(self.env(context={"lang": code}))
            )["decision"]
            for code, _name in self.env["res.lang"].get_installed()
        }
        by_case = {}
        for value in values:
            message = value.mail_message_id
            by_case.setdefault(message.res_id, []).append(
                (message.date, message.id, watched[value.field_id.id], value)
            )
        cases = self.Complaint.browse(by_case)
        events = []
        for case in cases:
            trail = sorted(by_case[case.id], key=lambda item: item[:2])

            def involved_at(moment, trail=trail, case=case):
                before = [value for date, _id, kind, value in trail if kind == "involved" and date <= moment]
                if before:
                    return before[-1].new_value_char or NONE
                after = [value for date, _id, kind, value in trail if kind == "involved" and date > moment]
                return (after[0].old_value_char if after else self.people(case.involved_user_ids)) or NONE

            decided = decider = None
            for date, _id, kind, value in trail:
                if kind == "state" and value.new_value_char in decision_labels:
                    decided, decider = date, value.mail_message_id.author_id.name or NONE
                elif kind == "approver" and value.new_value_integer and self.start <= date < self.end:
                    events.append(
                        (
                            case,
                            decided,
                            decider or NONE,
                            date,
                            value.new_value_char,
                            involved_at(decided) if decided else NONE,
                            involved_at(date),
                        )
                    )
        return sorted(events, key=lambda event: event[3])

    def independent_outcome(self):
        events = self.decisions_from_trail()
        reopened = self.notes(REOPENED_NOTE)
        rows, independent = [], 0
        for case, decided, decider, approved, approver, involved_decided, involved_approved in events:
            problems = []
            if decider in involved_decided.split(", "):
                problems.append(self._("the decider was involved"))
            if approver in involved_approved.split(", "):
                problems.append(self._("the approver was involved"))
            if approver == decider:
                problems.append(self._("decided and approved by the same person"))
            independent += not problems
            people = (
                involved_decided
                if involved_decided == involved_approved
                else self._(
                    "at the decision: %(decision)s; at the approval: %(approval)s",
                    decision=involved_decided,
                    approval=involved_approved,
                )
            )
            rows.append(
                [
                    case.name,
                    decider,
                    self.date(decided),
                    approver,
                    self.date(approved),
                    people,
                    self._("Independent: decider, approver and involved people differ")
                    if not problems
                    else "; ".join(problems),
                ]
            )
        return self.section(
            "7.9.6",
            "7.9.6",
            "ISO/IEC 17025:2017",
            self._("Outcome decided by people not involved"),
            self._(
                "The outcome is made, or reviewed and approved, by people not involved in the activities complained of."
            ),
            found=bool(events or reopened),
            figures=[
                (self._("Decisions approved"), len(events)),
                (self._("Independent decisions"), independent),
                (self._("Decisions reopened"), len(reopened)),
            ],
            notes=[
                self._(
                    "Read from the case trail: who moved the case to decision and who approved it, and the "
                    "involved people recorded on the case at those moments."
                )
            ],
            tables=[
                self.table(
                    self._("Impartiality check of each decision approved in the period"),
                    [
                        self._("Case"),
                        self._("Decided by"),
                        self._("Decided on"),
                        self._("Approved by"),
                        self._("Approved on"),
                        self._("Involved people at that moment"),
                        self._("Check"),
                    ],
                    rows,
                ),
                self.table(
                    self._("Decisions reopened, with the reason (decided again by people not involved)"),
                    [self._("Case"), self._("Date"), self._("By"), self._("Note")],
                    self.note_rows(reopened),
                ),
            ],
            empty=self._("No decision was approved in the period."),
        )

    def end_notice(self):
        cases = self.cases(self.in_period("close_date"))
        closed = cases.filtered(lambda case: case.state == "closed")
        return self.section(
            "7.9.7",
            "7.9.7",
            "ISO/IEC 17025:2017",
            self._("Formal notice of the end"),
            self._(
                "Whenever possible, the complainant is given formal notice of the end of the complaint handling."
            ),
            found=bool(cases),
            figures=[
                (self._("Cases closed"), len(closed)),
                (self._("End notices sent"), len(closed.filtered("end_notice_date"))),
                (self._("Cases cancelled"), len(cases - closed)),
            ],
            tables=[
                self.table(
                    self._("Cases ended in the period"),
                    [
                        self._("Case"),
                        self._("Ended on"),
                        self._("State"),
                        self._("End notice sent on"),
                        self._("Complainant's answer"),
                    ],
                    [
                        [
                            case.name,
                            self.date(case.close_date),
                            self.label("quality.complaint", "state", case.state),
                            self.date(case.end_notice_date),
                            self.label("quality.complaint", "acceptance", case.acceptance),
                        ]
                        for case in cases
                    ],
                )
            ],
            empty=self._("No case was closed or cancelled in the period."),
        )

    def nonconforming(self):
        records = self.sudo_env["quality.nonconforming.work"].search(
            Domain("complaint_id", "in", self.Complaint._search(self.scope)) & self.in_period("create_date"),
            order="create_date, id",
        )
        model = "quality.nonconforming.work"
        return self.section(
            "7.10",
            "7.10",
            "ISO/IEC 17025:2017",
            self._("Nonconforming work"),
            self._("Nonconforming work found through complaints is identified, evaluated and acted upon."),
            found=bool(records),
            figures=[(self._("Nonconforming work records from complaints"), len(records))],
            tables=[
                self.table(
                    self._("Nonconforming work recorded in the period"),
                    [
                        self._("Reference"),
                        self._("Case"),
                        self._("Recorded on"),
                        self._("Classification"),
                        self._("Disposition"),
                        self._("Confirmed by"),
                        self._("State"),
                    ],
                    [
                        [
                            record.name,
                            record.complaint_id.name,
                            self.date(record.create_date),
                            self.label(model, "classification", record.classification),
                            self.label(model, "disposition", record.disposition),
                            record.confirmed_by_id.name or NONE,
                            self.label(model, "state", record.state),
                        ]
                        for record in records
                    ],
                )
            ],
            empty=self._("No complaint led to nonconforming work in the period."),
        )

    def records(self):
        Redaction = self.sudo_env["quality.complaint.redaction"]
        redactions = Redaction.search(
            Domain("complaint_id", "in", self.Complaint._search(self.scope))
            & self.in_period("redaction_date"),
            order="redaction_date, id",
        )
        archived = self.cases(self.in_period("records_archived_date", True))
        due = self.cases(Domain("retention_until", "<=", self.date_to))
        tables = [
            self.table(
                self._("Redactions at the end of retention"),
                [self._("Case"), self._("Redacted on"), self._("Rule"), self._("Data removed")],
                [
                    [
                        record.complaint_id.name,
                        self.date(record.redaction_date),
                        record.rule,
                        record.data_kinds or NONE,
                    ]
                    for record in redactions
                ],
            ),
            self.table(
                self._("Cases marked as archived"),
                [self._("Case"), self._("Archived on"), self._("By"), self._("Keep until")],
                [
                    [
                        case.name,
                        self.date(case.records_archived_date),
                        case.records_archived_by_id.name or NONE,
                        self.date(case.retention_until),
                    ]
                    for case in archived
                ],
            ),
        ]
        notes = [
            self._(
                "The trail of a case (notes, tracked changes, files) cannot be deleted or rewritten: each "
                "attempt is refused as it happens, so no refused deletion is left to record."
            ),
        ]
        voided = self.voided_signatures()
        tables.append(
            self.table(
                self._("Signatures voided in the period"),
                [self._("Case"), self._("Meaning"), self._("Signed by"), self._("Voided on")],
                voided,
            )
        )
        return self.section(
            "8.4",
            "8.4",
            "ISO/IEC 17025:2017",
            self._("Control of records"),
            self._(
                "Records are kept for their retention time, protected, and disposed of as the lab decided."
            ),
            found=bool(redactions or archived or voided),
            figures=[
                (self._("Retention (years after closing)"), self.param("retention_years")),
                (self._("Cases past their retention date"), len(due)),
                (self._("Redactions"), len(redactions)),
                (self._("Cases archived"), len(archived)),
            ],
            tables=tables,
            notes=notes,
            empty=self._("No record was archived, redacted or voided in the period."),
        )

    def voided_signatures(self):
        """Rows of the signatures of the scope's cases voided in the period."""
        signatures = self.sudo_env["quality.complaint.signature"].search(
            Domain("res_model", "=", self.Complaint._name)
            & Domain("res_id", "in", self.Complaint._search(self.scope))
            & Domain("voided", "=", True)
            & self.in_period("voided_at"),
            order="voided_at, id",
        )
        return [
            [signature.reference, signature.meaning, signature.signer_name, self.date(signature.voided_at)]
            for signature in signatures
        ]

    def corrective_actions(self):
        Capa = self.sudo_env["quality.corrective.action"]
        actions = Capa.search(
            Domain("complaint_id", "in", self.Complaint._search(self.scope))
            & (self.in_period("opened_date", True) | self.in_period("effectiveness_check_date", True)),
            order="opened_date, id",
        )
        checked = actions.filtered("effectiveness_result")
        without = self.cases(
            self.in_period("close_date") & Domain("validity", "=", "valid") & Domain("capa_ids", "=", False)
        )
        model = "quality.corrective.action"
        return self.section(
            "8.7",
            "8.7",
            "ISO/IEC 17025:2017",
            self._("Corrective actions"),
            self._(
                "Nonconformities from complaints are corrected at their cause, and the effectiveness of the actions is reviewed."
            ),
            found=bool(actions or without),
            figures=[
                (self._("Corrective actions from complaints"), len(actions)),
                (self._("Effectiveness checked"), len(checked)),
                (
                    self._("Found effective"),
                    len(checked.filtered(lambda capa: capa.effectiveness_result == "effective")),
                ),
            ],
            tables=[
                self.table(
                    self._("Corrective actions and their effectiveness"),
                    [
                        self._("Reference"),
                        self._("Case"),
                        self._("Problem"),
                        self._("Opened on"),
                        self._("State"),
                        self._("Effectiveness"),
                        self._("Checked by"),
                        self._("Checked on"),
                    ],
                    [
                        [
                            capa.name,
                            capa.complaint_id.name,
                            capa.title,
                            self.date(capa.opened_date),
                            self.label(model, "state", capa.state),
                            self.label(model, "effectiveness_result", capa.effectiveness_result),
                            capa.effectiveness_checked_by_id.name or NONE,
                            self.date(capa.effectiveness_check_date),
                        ]
                        for capa in actions
                    ],
                ),
                self.table(
                    self._("Valid cases closed without a corrective action, and why"),
                    [self._("Case"), self._("Closed on"), self._("Why no corrective action")],
                    [
                        [case.name, self.date(case.close_date), case.no_capa_reason or NONE]
                        for case in without
                    ],
                ),
            ],
            empty=self._("No corrective action came from a complaint in the period."),
        )

    def management_review(self):
        cases = self.received.filtered("management_review_input")
        actions = self.sudo_env["quality.corrective.action"].search(
            Domain("complaint_id", "in", self.Complaint._search(self.scope))
            & Domain("management_review_input", "=", True)
            & Domain("state", "!=", "closed")
        )
        figures = [
            (self._("Cases received"), len(self.received)),
            (self._("Cases flagged for the review"), len(cases)),
            (self._("Open corrective actions flagged for the review"), len(actions)),
        ]
        return self.section(
            "8.9.2",
            "8.9.2",
            "ISO/IEC 17025:2017",
            self._("Input to the management review"),
            self._("Complaints and customer feedback are inputs to the management review."),
            found=bool(cases or actions or self.received),
            figures=figures,
            notes=[
                self._("The management-review PDF of the same period gives the figures and charts.")
                if not self.case
                else ""
            ],
            tables=[
                self.table(
                    self._("Cases flagged for the management review"),
                    [
                        self._("Case"),
                        self._("Received on"),
                        self._("Severity"),
                        self._("State"),
                        self._("Internal audit requested on"),
                    ],
                    [
                        [
                            case.name,
                            self.date(case.received_date),
                            self.label("quality.complaint", "severity", case.severity),
                            self.label("quality.complaint", "state", case.state),
                            self.date(case.audit_requested_date),
                        ]
                        for case in cases
                    ],
                ),
                self.table(
                    self._("Open corrective actions for the review"),
                    [self._("Reference"), self._("Case"), self._("Problem")],
                    [[capa.name, capa.complaint_id.name, capa.title] for capa in actions],
                ),
            ],
            empty=self._("No complaint or corrective action went to the management review in the period."),
        )

    def iso13485_handling(self):
        cases = self.received
        return self.section(
            "13485-8.2.2",
            "8.2.2",
            "ISO 13485:2016",
            self._("Complaint handling"),
            self._(
                "Complaints are handled in time by documented procedures; a decision not to investigate is justified."
            ),
            found=bool(cases),
            figures=[
                (self._("Cases received"), len(cases)),
                (
                    self._("Must be reported"),
                    len(cases.filtered(lambda case: case.regulatory_reportable == "yes")),
                ),
                (
                    self._("Reportability not decided"),
                    len(cases.filtered(lambda case: not case.regulatory_reportable)),
                ),
            ],
            tables=[
                self.table(
                    self._("Reportability and investigation of the cases received"),
                    [
                        self._("Case"),
                        self._("Received on"),
                        self._("Reportability"),
                        self._("Why not investigated"),
                        self._("Decided by"),
                    ],
                    [
                        [
                            case.name,
                            self.date(case.received_date),
                            self.label(
                                "quality.complaint", "regulatory_reportable", case.regulatory_reportable
                            ),
                            case.no_investigation_reason or NONE,
                            case.no_investigation_by_id.name or NONE,
                        ]
                        for case in cases
                    ],
                )
            ],
            empty=self._("No case was received in the period."),
        )

    def iso13485_reporting(self):
        cases = self.cases(
            Domain("regulatory_reportable", "=", "yes")
            & (self.in_period("received_date") | self.in_period("regulatory_report_date", True))
        )
        return self.section(
            "13485-8.2.3",
            "8.2.3",
            "ISO 13485:2016",
            self._("Reporting to regulatory authorities"),
            self._(
                "Complaints that meet the reporting criteria are reported to the regulatory authorities in time."
            ),
            found=bool(cases),
            figures=[
                (self._("Cases to report"), len(cases)),
                (self._("Reported"), len(cases.filtered("regulatory_report_date"))),
                (
                    self._("Reported by the deadline"),
                    len(
                        cases.filtered(
                            lambda case: (
                                case.regulatory_report_date
                                and case.regulatory_deadline
                                and case.regulatory_report_date <= case.regulatory_deadline
                            )
                        )
                    ),
                ),
            ],
            tables=[
                self.table(
                    self._("Cases to report to the regulatory authorities"),
                    [
                        self._("Case"),
                        self._("Received on"),
                        self._("Reporting deadline"),
                        self._("Reported on"),
                        self._("Reported by"),
                    ],
                    [
                        [
                            case.name,
                            self.date(case.received_date),
                            self.date(case.regulatory_deadline),
                            self.date(case.regulatory_report_date),
                            case.regulatory_report_by_id.name or NONE,
                        ]
                        for case in cases
                    ],
                )
            ],
            empty=self._("No case in the period had to be reported to a regulatory authority."),
        )

    def satisfaction(self):
        responses = self.sudo_env["quality.satisfaction.response"].search(
            Domain("complaint_id", "in", self.Complaint._search(self.scope)) & self.in_period("answer_date"),
            order="answer_date, id",
        )
        average = sum(responses.mapped("average_rating")) / len(responses) if responses else None
        figures = [
            (self._("Follow-up surveys answered"), len(responses)),
            (self._("Average rating"), self.Dashboard._qc_format(average, "number")),
            (self._("Dissatisfied answers"), len(responses.filtered("is_dissatisfied"))),
        ]
        if self.statistics:
            row = next(
                row
                for row in self.Dashboard._qc_figure_rows(self.statistics["figures"])
                if row["key"] == "satisfaction_rate"
            )
            figures.append((row["label"], row["value"]))
        return self.section(
            "10002-8.3",
            "8.3",
            "ISO 10002:2018",
            self._("Satisfaction with the complaint handling"),
            self._("The complainants' satisfaction with the complaint-handling process is measured."),
            found=bool(responses),
            figures=figures,
            tables=[
                self.table(
                    self._("Follow-up surveys answered in the period"),
                    [self._("Case"), self._("Answered on"), self._("Average rating"), self._("Dissatisfied")],
                    [
                        [
                            response.complaint_id.name,
                            self.date(response.answer_date),
                            self.Dashboard._qc_format(response.average_rating, "number"),
                            self._("Yes") if response.is_dissatisfied else self._("No"),
                        ]
                        for response in responses
                    ],
                )
            ],
            empty=self._("No follow-up survey about the complaint handling was answered in the period."),
        )

    def authority(self):
        cases = self.cases(
            Domain("channel", "=", "authority")
            & (self.in_period("received_date") | self.in_period("authority_letter_date", True))
        )
        months = self.param("authority_months")
        on_time = cases.filtered(
            lambda case: (
                case.authority_letter_date
                and case.authority_deadline
                and case.authority_letter_date <= case.authority_deadline
            )
        )
        return self.section(
            "cnas",
            "CNAS",
            self._("CNAS rules"),
            self._("Answer to a complaint referred by the authority"),
            self._(
                "A complaint referred by the accreditation body or a regulator is answered within %s months.",
                months,
            ),
            found=bool(cases),
            figures=[(self._("Referred cases"), len(cases)), (self._("Answered in time"), len(on_time))],
            tables=[
                self.table(
                    self._("Cases referred by the accreditation body or a regulator"),
                    [
                        self._("Case"),
                        self._("Referred by"),
                        self._("Received on"),
                        self._("Answer due"),
                        self._("Letter sent on"),
                        self._("Reference"),
                    ],
                    [
                        [
                            case.name,
                            case.source_detail or NONE,
                            self.date(case.received_date),
                            self.date(case.authority_deadline),
                            self.date(case.authority_letter_date),
                            case.authority_letter_ref or NONE,
                        ]
                        for case in cases
                    ],
                )
            ],
            empty=self._("No complaint was referred by the accreditation body or a regulator in the period."),
        )

    def process_versions(self):
        versions = self._process_versions()
        before = versions.filtered(lambda version: version.create_date < self.start)[-1:]
        during = versions.filtered(lambda version: self.start <= version.create_date < self.end)
        shown = before | during
        return {
            **self.section(
                "versions",
                "",
                self._("Published process"),
                self._("Versions of the published process"),
                self._("The process text in force at the start of the period and each change during it."),
                found=True,
                notes=[
                    self._(
                        "The lab never changed the module's standard text: it was in force "
                        "throughout the period."
                    )
                    if not shown
                    else ""
                ],
            ),
            "versions": [
                {
                    "title": self._(
                        "In force from %(date)s, written by %(person)s (%(lang)s)",
                        date=self.date(version.create_date),
                        person=version.create_uid.name,
                        lang=version.lang,
                    ),
                    "text": version.text,
                }
                for version in shown
            ],
            "current": self.company.with_env(self.env)._qc_published_text("qc_complaint_process"),
        }
