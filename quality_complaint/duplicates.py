"""Scoring of likely duplicate cases, in one SQL query per new case.

The text of a case is kept normalised (`duplicate_text`) for PostgreSQL's
pg_trgm: lower case, words of Latin script as they are, and every Chinese
character a word of its own. Raw character trigrams hardly match a reworded
Chinese complaint (检测报告中铅含量数据错误 and 报告里铅含量结果有误 share
almost no three-character run), while its characters (报, 告, 铅, 含, 量 ...)
survive the rewording; bench/duplicates.py measured raw text, two-character
words and single characters (bench/README.md, "Duplicate warning").

The score (0-100): the text's trigram similarity times its weight, plus the
best of the same report, the same sample / lot and the same customer (one
of them is enough to say it is the same matter; their sum would flag every
other problem of a regular customer), plus the same product and category.
The same wording alone (another customer's sample) stays under the default
threshold: the weights are the ones the bench chose.
"""

import re
from dataclasses import dataclass

from odoo.tools import SQL

# CJK unified ideographs (and extension A), the compatibility block.
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+")


def cjk_bigrams(run):
    """Overlapping two-character words of a run of Chinese characters."""
    if len(run) == 1:
        return [run]
    return [run[index : index + 2] for index in range(len(run) - 1)]


def normalise_text(*texts, mode="unigram"):
    """The text pg_trgm compares: `unigram` (each Chinese character a word,
    the one stored), `bigram` (overlapping two-character words) or `raw`,
    the last two for the bench."""
    text = " ".join(part for part in texts if part).lower()
    if mode == "raw":
        return " ".join(text.split())
    words = []
    for word in _WORD.findall(text):
        position = 0
        for match in _CJK_RUN.finditer(word):
            if match.start() > position:
                words.append(word[position : match.start()])
            run = match.group()
            words.extend(cjk_bigrams(run) if mode == "bigram" else list(run))
            position = match.end()
        if position < len(word):
            words.append(word[position:])
    return " ".join(words)


def case_text(summary, description):
    """The normalised text a case is compared by: its summary and its
    description. A summary that is the description's opening words (the
    public form makes it so) is left out: counted twice, the opening would
    weigh double, and the comparison would cost twice as much."""
    if summary and description and description.startswith(summary):
        summary = None
    return normalise_text(summary, description)


def normalise_ref(value):
    """A report or lot number as typed: case and spaces do not count."""
    return re.sub(r"\s+", "", value or "").upper() or None


@dataclass(frozen=True)
class Weights:
    """Points of each match (the text: at similarity 1); the score is capped at 100."""

    report: float = 30
    customer: float = 20
    product: float = 0
    lot: float = 30
    category: float = 5
    text: float = 50
    # similarity (pg_trgm.similarity) or word_similarity
    function: str = "similarity"
    # max: the best of report, lot and customer counts; sum: all of them
    identity: str = "max"


CHOSEN_WEIGHTS = Weights()
# Without pg_trgm (a database created without the extension): the fields
# alone, less precise (bench: recall 0.78 instead of 0.90).
FIELDS_ONLY_WEIGHTS = Weights(report=40, lot=40, customer=20, product=5, category=10, text=0)
# Candidates by text alone: a pg_trgm similarity of this at least...
TEXT_CANDIDATE_LIMIT = 0.1
# ...among the company's latest cases: a complaint sent again without its
# report, lot or contact comes soon after the first. Comparing the text with
# these costs the same at any size (4 ms at 100,000 cases), where the trigram
# index costs 45-70 ms there: domain words ("report", "检测") are in every case.
RECENT_CASES_BY_TEXT = 300


def text_candidate_limit(min_score, weights=CHOSEN_WEIGHTS):
    """The text similarity below which a case that shares no report, lot or
    customer cannot reach `min_score` (the category and product add their
    points at most): the text comparison then keeps only cases that can."""
    if not weights.text:
        return None
    reachable = (min_score - weights.category - weights.product) / weights.text
    return min(1.0, max(TEXT_CANDIDATE_LIMIT, reachable))


def scored_candidates_query(
    values,
    since,
    until,
    exclude_ids,
    *,
    weights=CHOSEN_WEIGHTS,
    trigram=True,
    limit=5,
    text_limit=TEXT_CANDIDATE_LIMIT,
):
    """The SQL that scores the cases of `values['company_id']` received from
    `since` to `until` (earlier cases only) against `values` (report_ref, customer_id: the commercial partner,
    product_id, sample_ref, category_id, text: normalised), best first.

    Candidates are those sharing the report, lot or customer (the product
    too when it weighs), each read from its index, or (with pg_trgm) one of
    the company's latest cases whose text has a similarity of `text_limit`
    at least. Cancelled cases are left out, duplicates
    already linked with them.
    Rows: (id, score, same_report, same_customer, same_product, same_lot,
    same_category, text_similarity).
    """
    report = normalise_ref(values.get("report_ref"))
    lot = normalise_ref(values.get("sample_ref"))
    customer = values.get("customer_id") or None
    text = values.get("text") or ""
    same_report = SQL("(c.duplicate_report_key = %s)", report)
    same_lot = SQL("(c.duplicate_lot_key = %s)", lot)
    # Never said of a case whose complainant's identity is protected.
    same_customer = SQL("(NOT c.identity_restricted AND p.commercial_partner_id = %s)", customer)
    same_product = SQL("(c.product_id = %s)", values.get("product_id") or None)
    same_category = SQL("(c.category_id = %s)", values.get("category_id") or None)
    # Each kind of candidate from its own index, not a scan of the period.
    candidates = [
        SQL("SELECT id FROM quality_complaint WHERE duplicate_report_key = %s", report),
        SQL("SELECT id FROM quality_complaint WHERE duplicate_lot_key = %s", lot),
        SQL(
            """SELECT i.complaint_id FROM quality_complaint_identity i
                JOIN res_partner ip ON ip.id = i.partner_id
               WHERE ip.commercial_partner_id = %s""",
            customer,
        ),
    ]
    if weights.product:
        candidates.append(
            SQL("SELECT id FROM quality_complaint WHERE product_id = %s", values.get("product_id") or None)
        )
    identity_terms = [
        SQL("%s * %s::int", weight, SQL.identifier(column))
        for weight, column in (
            (weights.report, "same_report"),
            (weights.lot, "same_lot"),
            (weights.customer, "same_customer"),
        )
    ]
    if weights.identity == "max":
        identity = SQL("greatest(%s)", SQL(", ").join(identity_terms))
    else:
        identity = SQL("(%s)", SQL(" + ").join(identity_terms))
    if trigram and text:
        function = SQL.identifier(weights.function)
        text_similarity = SQL("coalesce(%s(%s, c.duplicate_text), 0)", function, text)
        candidates.append(
            SQL(
                """SELECT id FROM (
                       SELECT id, duplicate_text FROM quality_complaint
                        WHERE company_id = %s AND received_date <= %s
                        ORDER BY received_date DESC, id DESC
                        LIMIT %s) recent
                    WHERE similarity(duplicate_text, %s) >= %s""",
                values["company_id"],
                until,
                RECENT_CASES_BY_TEXT,
                text,
                text_limit,
            )
        )
    else:
        text_similarity = SQL("0::real")
    return SQL(
        """
        WITH candidates AS (%(candidates)s),
        matches AS (
            SELECT c.id, c.received_date,
                   coalesce(%(same_report)s, FALSE) AS same_report,
                   coalesce(%(same_customer)s, FALSE) AS same_customer,
                   coalesce(%(same_product)s, FALSE) AS same_product,
                   coalesce(%(same_lot)s, FALSE) AS same_lot,
                   coalesce(%(same_category)s, FALSE) AS same_category,
                   %(text_similarity)s AS text_similarity
              FROM candidates
              JOIN quality_complaint c ON c.id = candidates.id
              LEFT JOIN quality_complaint_identity i ON i.id = c.identity_id
              LEFT JOIN res_partner p ON p.id = i.partner_id
             WHERE c.company_id = %(company)s
               AND c.received_date >= %(since)s
               AND c.received_date <= %(until)s
               AND c.state != 'cancelled'
               AND c.id != ALL(%(exclude)s)
        )
        SELECT id,
               least(100, round(
                   %(identity)s + %(w_product)s * same_product::int
                   + %(w_category)s * same_category::int + %(w_text)s * text_similarity
               ))::int AS score,
               same_report, same_customer, same_product, same_lot, same_category, text_similarity
          FROM matches
         ORDER BY score DESC, received_date DESC, id DESC
         LIMIT %(limit)s
        """,
        candidates=SQL(" UNION ").join(candidates),
        same_report=same_report,
        same_customer=same_customer,
        same_product=same_product,
        same_lot=same_lot,
        same_category=same_category,
        text_similarity=text_similarity,
        company=values["company_id"],
        since=since,
        until=until,
        exclude=list(exclude_ids),
        identity=identity,
        w_product=weights.product,
        w_category=weights.category,
        w_text=weights.text,
        limit=limit,
    )
