"""Seed a benchmark database: a lab group's cases and the same number of
helpdesk tickets for the peer, OCA helpdesk_mgmt (+ helpdesk_mgmt_sla).

The bulk goes in with `INSERT ... SELECT generate_series` (seconds for 100k
rows); the stored computed fields the module derives from them (deadlines,
current deadline, identity protection, approval level, retention) are then
recomputed through the ORM in chunks, so they hold exactly what the module
would have stored. `setseed` makes every run seed the same data.

Every seeder for a model another issue adds (CAPA, satisfaction survey) is
skipped while that model is not installed.
"""

import logging
import time

_logger = logging.getLogger("bench.seed")

OPEN_SHARE = 0.2
CUSTOMERS = 500
HANDLERS = 20
DEPARTMENTS = 4  # testing departments, each with a leader and 4 handlers; customer service has none
YEARS = 3
CHUNK = 5000

# Open cases spread over the states a lab works on; cumulative thresholds.
OPEN_STATES = [
    ("new", 0.15),
    ("acknowledged", 0.35),
    ("investigation", 0.60),
    ("on_hold", 0.65),
    ("decision", 0.80),
    ("approved", 0.85),
    ("replied", 1.0),
]
KINDS = [("complaint", 0.70), ("appeal", 0.85), ("grievance", 0.90), ("suggestion", 1.0)]
CHANNELS = [
    ("phone", 0.25),
    ("email", 0.50),
    ("web", 0.70),
    ("portal", 0.80),
    ("letter", 0.85),
    ("walk_in", 0.90),
    ("survey", 0.94),
    ("consumer_org", 0.96),
    ("authority", 0.98),
    ("internal", 1.0),
]
# Stored computed fields of quality.complaint that the bulk insert leaves empty.
COMPUTED = (
    "ack_deadline",
    "plan_deadline",
    "reply_deadline",
    "current_deadline",
    "identity_restricted",
    "requires_top_approval",
    "authority_deadline",
    "retention_until",
    "explanation_deadline",
)


def _case(expression, thresholds):
    """SQL CASE picking a value by a uniform random `expression` in [0, 1)."""
    whens = " ".join(f"WHEN {expression} < {bound} THEN '{value}'" for value, bound in thresholds[:-1])
    return f"CASE {whens} ELSE '{thresholds[-1][0]}' END"


def seed(env, size):
    """Seed `size` cases and `size` tickets; return what was created, per model."""
    started = time.perf_counter()
    people = seed_people(env)
    counts = {
        "quality.complaint": seed_cases(env, size, people),
        "helpdesk.ticket": seed_tickets(env, size, people),
    }
    for model, seeder in (
        ("quality.corrective.action", seed_capas),
        ("quality.satisfaction.response", seed_survey_answers),
    ):
        counts[model] = seeder(env, people) if model in env else None
    env.cr.execute("ANALYZE")
    _logger.info("seeded %s in %.0f s", counts, time.perf_counter() - started)
    return counts


def _staff(env, people):
    """Lab users from (name, login, groups)."""
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": name,
                    "login": login,
                    "email": f"{login}@lab.example",
                    "group_ids": [(6, 0, groups.ids)],
                }
                for name, login, groups in people
            ]
        )
    )


def seed_people(env):
    """500 customer companies and the lab's staff: handlers and customer service."""
    env.company.resource_calendar_id.tz = "Asia/Shanghai"
    env.ref("base.user_admin").tz = "Asia/Shanghai"
    customers = env["res.partner"].create(
        [
            {
                "name": f"Customer {i:03d} Co., Ltd.",
                "is_company": True,
                "email": f"qa{i:03d}@customer.example",
                "phone": f"+86 21 5555 {i:04d}",
            }
            for i in range(CUSTOMERS)
        ]
    )
    handler_group = env.ref("quality_complaint.group_department")
    service_group = env.ref("quality_complaint.group_customer_service")
    helpdesk_group = env.ref("helpdesk_mgmt.group_helpdesk_user")
    users = _staff(
        env,
        [
            (
                f"Handler {i:02d}",
                f"handler{i:02d}",
                (service_group if i < 4 else handler_group) | helpdesk_group,
            )
            for i in range(HANDLERS)
        ],
    )
    supervisor_group = env.ref("quality_complaint.group_quality_supervisor")
    leaders = _staff(
        env, [(f"Department leader {i}", f"leader{i}", supervisor_group) for i in range(DEPARTMENTS)]
    )
    handlers = users[4:]
    per_department = len(handlers) // DEPARTMENTS
    env["quality.complaint.department"].create(
        [
            {
                "name": f"Testing department {i}",
                "leader_id": leader.id,
                "member_ids": [(6, 0, handlers[i * per_department : (i + 1) * per_department].ids)],
            }
            for i, leader in enumerate(leaders)
        ]
    )
    return {"customers": customers, "users": users}


def seed_cases(env, size, people):
    cr = env.cr
    categories = env["quality.complaint.category"].search([], order="id")
    severities = {category.id: category.default_severity for category in categories}
    cr.execute("SELECT setseed(0.17)")
    cr.execute(
        """
        CREATE TEMP TABLE bench_case AS
        SELECT i, random() < %(open)s AS is_open,
               random() AS r_state, random() AS r_age, random() AS r_kind, random() AS r_channel,
               random() AS r_category, random() AS r_severity, random() AS r_user, random() AS r_partner,
               random() AS r_flags, random() AS r_validity, random() AS r_lead
          FROM generate_series(1, %(size)s) i
        """,
        {"open": OPEN_SHARE, "size": size},
    )
    open_state = _case("r_state", OPEN_STATES)
    closed_state = _case("r_state", [("cancelled", 0.05), ("closed", 1.0)])
    category_ids = categories.ids
    cr.execute(
        f"""
        CREATE TEMP TABLE bench_case2 AS
        SELECT i, is_open, r_kind, r_channel, r_flags, r_validity, r_user, r_partner, r_lead,
               CASE WHEN is_open THEN {open_state} ELSE {closed_state} END AS state,
               -- Open cases are recent; closed ones span the whole period.
               CASE WHEN is_open THEN now() AT TIME ZONE 'UTC' - r_age * r_age * interval '120 days'
                    ELSE now() AT TIME ZONE 'UTC' - interval '20 days' - r_age * interval '{YEARS * 365 - 20} days'
               END AS received,
               (%(categories)s::int[])[1 + floor(r_category * %(ncat)s)::int] AS category_id,
               r_severity
          FROM bench_case
        """,
        {"categories": category_ids, "ncat": len(category_ids)},
    )
    user_ids = people["users"].ids
    service_ids = user_ids[:4]
    partner_ids = people["customers"].ids
    severity_case = " ".join(f"WHEN {cid} THEN '{sev}'" for cid, sev in severities.items())
    past_new = "state <> 'new'"
    decided = "state IN ('decision', 'approved', 'replied', 'closed')"
    cr.execute(
        f"""
        INSERT INTO quality_complaint (
            name, company_id, kind, channel, received_date, description, summary, complainant_request,
            report_ref, report_received_date, category_id, severity, state, validity, invalid_reason,
            user_id, first_contact_user_id, concerns_lab, ack_date, decision_date, approved_date,
            reply_date, reply_method, acceptance, close_date, end_notice_date, resolution,
            compensation_amount, is_anonymous, confidential, is_real_name, paused_days, is_overdue,
            records_archived, major_reputation, major_claim, major_senior_management,
            major_regulator_media, major_injury, major_repeated, major_key_customer,
            create_uid, write_uid, create_date, write_date)
        SELECT 'CMP/' || extract(year FROM received) || '/' || lpad(i::text, 6, '0'),
               %(company)s,
               {_case("r_kind", KINDS)},
               {_case("r_channel", CHANNELS)},
               received,
               'Seeded case ' || i || ': the customer disputes the result of report R-' || i
                   || ' and the time it took to receive it; details as told on the phone.',
               'Report R-' || i || ' disputed',
               'Re-test the retained sample and correct the report.',
               'R-' || i,
               (received - interval '5 days')::date,
               category_id,
               CASE WHEN r_severity < 0.02 THEN 'critical' WHEN r_severity < 0.10 THEN 'major'
                    ELSE CASE category_id {severity_case} ELSE 'general' END END,
               state,
               CASE WHEN NOT ({decided}) THEN 'pending' WHEN r_validity < 0.6 THEN 'valid' ELSE 'invalid' END,
               CASE WHEN ({decided}) AND r_validity >= 0.6 THEN 'misunderstanding' END,
               (%(users)s::int[])[1 + floor(r_user * %(nusers)s)::int],
               (%(service)s::int[])[1 + floor(r_lead * %(nservice)s)::int],
               CASE WHEN {past_new} THEN 'yes' END,
               CASE WHEN {past_new} THEN received + (2 + r_lead * 30) * interval '1 hour' END,
               CASE WHEN {decided} THEN received + interval '8 days' END,
               CASE WHEN state IN ('approved', 'replied', 'closed') THEN received + interval '10 days' END,
               CASE WHEN state IN ('replied', 'closed') THEN (received + interval '12 days')::date END,
               'email',
               CASE WHEN state = 'replied' THEN 'pending' WHEN state = 'closed' THEN 'accepted' END,
               CASE WHEN state IN ('closed', 'cancelled') THEN received + interval '19 days' END,
               CASE WHEN state = 'closed' THEN (received + interval '19 days')::date END,
               CASE WHEN {decided} THEN 'Re-tested; the report stands. Explained to the customer.' END,
               CASE WHEN r_flags < 0.02 THEN round((500 + r_validity * 4500)::numeric, 2) ELSE 0 END,
               r_flags BETWEEN 0.90 AND 0.95,
               r_flags > 0.97,
               r_flags BETWEEN 0.96 AND 0.97,
               0, false, false, false, false, false, false, false, false, false,
               %(uid)s, %(uid)s, received, received
          FROM bench_case2
         ORDER BY received, i
        """,
        {
            "company": env.company.id,
            "users": user_ids,
            "nusers": len(user_ids),
            "service": service_ids,
            "nservice": len(service_ids),
            "uid": env.uid,
        },
    )
    # Severity must be major or critical where a major criterion is set.
    cr.execute("UPDATE quality_complaint SET major_repeated = true WHERE severity = 'major' AND id % 3 = 0")
    cr.execute(
        """
        INSERT INTO quality_complaint_identity (
            complaint_id, company_id, partner_id, name, organisation, email, phone,
            create_uid, write_uid, create_date, write_date)
        SELECT c.id, c.company_id, p.id, 'Contact ' || c.id, p.name, 'contact' || c.id || '@customer.example',
               p.phone, c.create_uid, c.create_uid, c.create_date, c.create_date
          FROM quality_complaint c
          JOIN res_partner p ON p.id = (%(partners)s::int[])[1 + c.id %% %(npartners)s]
        """,
        {"partners": partner_ids, "npartners": len(partner_ids)},
    )
    cr.execute(
        """
        UPDATE quality_complaint c SET identity_id = i.id
          FROM quality_complaint_identity i WHERE i.complaint_id = c.id
        """
    )
    _seed_messages(env, "quality.complaint", "quality_complaint", "received_date")
    # Assigning a handler makes them a follower (user_id is tracked), as the
    # ORM does on a real case.
    cr.execute(
        """
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT 'quality.complaint', c.id, u.partner_id
          FROM quality_complaint c JOIN res_users u ON u.id = c.user_id
        """
    )
    cr.execute("DROP TABLE bench_case, bench_case2")
    env["ir.sequence"].search([("code", "=", "quality.complaint")]).number_next = size + 1
    _recompute(env, "quality.complaint", COMPUTED)
    seed_urging_history(env, people)
    return size


def seed_urging_history(env, people):
    """Urging notices the overdue job issued over the years: one in eight closed
    cases was once late with its reply and has its answered notice."""
    cr = env.cr
    cr.execute(
        """
        INSERT INTO quality_complaint_urging (
            complaint_id, company_id, deadline_type, deadline, level, user_id, escalated,
            delay_reason, reason_user_id, reason_date, notified,
            create_uid, write_uid, create_date, write_date)
        SELECT c.id, c.company_id, 'reply_deadline', c.reply_deadline, 1, c.user_id,
               c.severity IN ('major', 'critical'),
               'Waiting for the re-test of the retained sample.', c.user_id,
               c.reply_deadline + interval '1 day', true,
               1, 1, c.reply_deadline + interval '1 hour', c.reply_deadline + interval '1 day'
          FROM quality_complaint c
         WHERE c.state = 'closed' AND c.id % 8 = 0 AND c.reply_deadline IS NOT NULL
        """
    )
    supervisors = env["quality.complaint.department"]._supervisors_of(people["users"])
    cr.execute(
        """
        INSERT INTO quality_complaint_urging_res_users_rel (quality_complaint_urging_id, res_users_id)
        SELECT u.id, s.supervisor_id
          FROM quality_complaint_urging u
          JOIN (SELECT unnest(%s::int[]) AS user_id, unnest(%s::int[]) AS supervisor_id) s
            ON s.user_id = u.user_id
        """,
        (
            [handler.id for handler, leads in supervisors.items() for _lead in leads],
            [lead.id for leads in supervisors.values() for lead in leads],
        ),
    )


def _recompute(env, model, field_names):
    """Recompute stored computed fields over the whole table, chunk by chunk."""
    Model = env[model]
    env.cr.execute(f"SELECT id FROM {Model._table} ORDER BY id")
    ids = [row[0] for row in env.cr.fetchall()]
    for start in range(0, len(ids), CHUNK):
        records = Model.browse(ids[start : start + CHUNK])
        for name in field_names:
            env.add_to_compute(Model._fields[name], records)
        env.flush_all()
        env.invalidate_all()


def _seed_messages(env, model, table, date_column):
    """The creation note every record carries in its chatter."""
    subtype = env.ref("mail.mt_note")
    env.cr.execute(
        f"""
        INSERT INTO mail_message (model, res_id, record_company_id, message_type, subtype_id, author_id,
                                  body, is_internal, date, create_uid, write_uid, create_date, write_date)
        SELECT %(model)s, id, company_id, 'notification', %(subtype)s, %(author)s,
               '<p>Record created</p>', true, {date_column}, create_uid, create_uid, {date_column}, {date_column}
          FROM {table}
        """,
        {"model": model, "subtype": subtype.id, "author": env.user.partner_id.id},
    )


def seed_tickets(env, size, people):
    """As many tickets, in one SLA team with the lab's categories, 20% open."""
    cr = env.cr
    calendar = env.company.resource_calendar_id
    team = env["helpdesk.ticket.team"].create(
        {
            "name": "Lab customer service",
            "use_sla": True,
            "resource_calendar_id": calendar.id,
            "user_ids": [(6, 0, people["users"].ids)],
        }
    )
    categories = env["helpdesk.ticket.category"].create(
        [{"name": name} for name in env["quality.complaint.category"].search([]).mapped("name")]
    )
    stages = env["helpdesk.ticket.stage"].search([], order="sequence")
    open_stages = stages.filtered(lambda stage: not stage.closed)
    done = stages.filtered("closed")[:1]
    sla = env["helpdesk.sla"].create(
        {
            "name": "Answer within 2 working days",
            "team_ids": [(6, 0, team.ids)],
            "stage_id": done.id,
            "days": 2,
            "hours": 0,
            "ignore_stage_ids": [(6, 0, open_stages[-1:].ids)],
        }
    )
    closed_ids = stages.filtered("closed").ids
    cr.execute("SELECT setseed(0.29)")
    cr.execute(
        f"""
        INSERT INTO helpdesk_ticket (
            number, name, description, stage_id, team_id, company_id, partner_id, commercial_partner_id,
            partner_name, partner_email, category_id, channel_id, priority, user_id, unattended, active,
            sequence, color, kanban_state, last_stage_update, assigned_date, closed_date,
            create_uid, write_uid, create_date, write_date)
        SELECT 'HT' || lpad(i::text, 6, '0'),
               'Report R-' || i || ' disputed',
               '<p>Seeded ticket ' || i || ': the customer disputes the result of report R-' || i
                   || ' and the time it took to receive it; details as told on the phone.</p>',
               stage, %(team)s, %(company)s, partner, partner, p.name, p.email, category,
               %(channel)s, (floor(r_priority * 4))::int::text, handler, stage = %(first_stage)s, true,
               10, 0, 'normal', created + interval '2 days', created + interval '1 hour',
               CASE WHEN stage = ANY(%(closed)s) THEN created + interval '19 days' END,
               %(uid)s, %(uid)s, created, created
          FROM (
            SELECT i, random() AS r_priority,
                   CASE WHEN random() < %(open)s
                        THEN (%(open_stages)s::int[])[1 + floor(random() * %(nopen)s)::int]
                        ELSE (%(closed)s::int[])[1 + floor(random() * random() * %(nclosed)s)::int]
                   END AS stage,
                   (%(partners)s::int[])[1 + i %% %(npartners)s] AS partner,
                   (%(categories)s::int[])[1 + floor(random() * %(ncat)s)::int] AS category,
                   (%(users)s::int[])[1 + floor(random() * %(nusers)s)::int] AS handler,
                   now() AT TIME ZONE 'UTC' - random() * interval '{YEARS * 365} days' AS created
              FROM generate_series(1, %(size)s) i
          ) seed
          JOIN res_partner p ON p.id = seed.partner
         ORDER BY created, i
        """,
        {
            "team": team.id,
            "company": env.company.id,
            "channel": env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
            "first_stage": stages[0].id,
            "closed": closed_ids,
            "nclosed": len(closed_ids),
            "open": OPEN_SHARE,
            "open_stages": open_stages.ids,
            "nopen": len(open_stages),
            "partners": people["customers"].ids,
            "npartners": CUSTOMERS,
            "categories": categories.ids,
            "ncat": len(categories),
            "users": people["users"].ids,
            "nusers": HANDLERS,
            "uid": env.uid,
            "size": size,
        },
    )
    # One SLA line per ticket, as set_sla() leaves it: 16 working hours from creation.
    cr.execute(
        """
        INSERT INTO helpdesk_ticket_sla (ticket_id, sla_id, expected_stage_id, state, deadline, hours,
                                         consumed_time, last_state_date, create_uid, write_uid,
                                         create_date, write_date)
        SELECT t.id, %(sla)s, %(done)s,
               CASE WHEN t.stage_id = ANY(%(closed)s) THEN 'accomplished'
                    WHEN t.stage_id = %(ignored)s THEN 'on_hold' ELSE 'in_progress' END,
               t.create_date + interval '2 days', 16, 0, t.create_date, t.create_uid, t.create_uid,
               t.create_date, t.create_date
          FROM helpdesk_ticket t
        """,
        {"sla": sla.id, "done": done.id, "closed": closed_ids, "ignored": open_stages[-1].id},
    )
    _seed_messages(env, "helpdesk.ticket", "helpdesk_ticket", "create_date")
    env["ir.sequence"].search([("code", "=", "helpdesk.ticket.sequence")]).number_next = size + 1
    return size


def seed_capas(env, people):
    """A CAPA for one valid case in ten (issue 4's quality.corrective.action)."""
    cases = env["quality.complaint"].search([("validity", "=", "valid")], order="id")
    capas = cases.filtered(lambda case: case.id % 10 == 0)
    env["quality.corrective.action"].with_context(tracking_disable=True, mail_create_nolog=True).create(
        [
            {
                "title": f"Recurring dispute on {case.name}",
                "source": "complaint",
                "complaint_id": case.id,
                "user_id": people["users"][case.id % HANDLERS].id,
            }
            for case in capas
        ]
    )
    return len(capas)


def seed_survey_answers(env, people):
    """One survey a year, answered by 40% of the customers (issue 5's satisfaction survey)."""
    questions = env["quality.satisfaction.question"].search([])
    context = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
    year = time.localtime().tm_year
    responses = 0
    for offset in range(YEARS):
        survey = (
            env["quality.satisfaction.survey"]
            .with_context(**context)
            .create(
                {
                    "name": f"Customer satisfaction {year - offset}",
                    "date_start": f"{year - offset}-01-01",
                    "date_end": f"{year - offset}-12-31",
                    "question_ids": [(6, 0, questions.ids)],
                }
            )
        )
        answering = people["customers"].filtered(lambda partner, o=offset: (partner.id + o) % 5 < 2)
        # Answered before the bench: history, recorded as the step engine imports it.
        env["quality.satisfaction.response"].with_context(**context)._qc_import_records(
            [
                {
                    "survey_id": survey.id,
                    "partner_id": partner.id,
                    "state": "answered",
                    "line_ids": [
                        (0, 0, {"question_id": question.id, "rating": 3 + (partner.id + question.id) % 3})
                        for question in questions
                    ],
                }
                for partner in answering
            ]
        )
        responses += len(answering)
    return responses
