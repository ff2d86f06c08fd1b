"""Precision and recall of the duplicate warning on a generated, labelled set.

`make bench-duplicates` installs quality_complaint into a throwaway database
(bench/duplicates.sh), stores the original cases, then scores labelled pairs
(a case being registered, an original) with the module's own SQL
(quality_complaint/duplicates.py), for the chosen scoring and the
alternatives compared; everything is rolled back.

Pairs, Chinese and English, half each:
- near-duplicates (label 1): the same complaint reworded by the same
  customer, resubmitted with a greeting, with or without the report number,
  or sent anonymously through the public form (no customer);
- look-alikes (label 0): the same customer and report about another
  problem, or the same wording about another customer's sample and report.

Printed: one line per scoring, with precision, recall and F1 at its
threshold, and how often the top warning names the right original.
"""

import argparse
import logging
import os
import random
import sys
from datetime import datetime, timedelta

sys.path.insert(0, os.environ["ODOO_ROOT"])

import odoo
from odoo import api
from odoo.modules.registry import Registry

_logger = logging.getLogger("bench.duplicates")

# Each problem: Chinese wordings, English wordings. Every wording of a problem says the same thing.
PROBLEMS = (
    (
        (
            "检测报告中铅含量数据错误，要求复测",
            "报告里铅含量结果有误，申请重新检测",
            "我们对报告中的铅含量检测结果有异议，请求复检",
            "铅含量的检测数据不对，希望重新检测一次",
        ),
        (
            "The lead content in the test report is wrong, we request a retest",
            "Lead result in the report is incorrect, please test the sample again",
            "We dispute the lead value in your report and ask for a re-test",
            "The reported lead content is not right; we want the sample retested",
        ),
    ),
    (
        (
            "报告超过约定日期还没有出具，影响我们发货",
            "检测报告迟迟未出，已经超过承诺的时间，耽误了发货",
            "说好五个工作日出报告，现在还没收到，货物无法出运",
            "报告延期未交付，我们的产品不能按时发货",
        ),
        (
            "The report is overdue and we cannot ship our goods",
            "We still have not received the test report, it is late and delays our shipment",
            "You promised the report in five working days; it has not arrived and the goods are stuck",
            "Late report: our products cannot be shipped on time",
        ),
    ),
    (
        (
            "报告上的样品名称写错了，请更正后重新出具",
            "样品名称在报告中有误，需要修改并重新发报告",
            "报告中样品名称不正确，麻烦更正",
            "检测报告样品名称填写错误，要求换发报告",
        ),
        (
            "The sample name on the report is misspelled, please correct and reissue",
            "Wrong sample name printed in the report; we need an amended report",
            "Please fix the incorrect sample name in the test report",
            "The report shows the wrong sample name and must be reissued",
        ),
    ),
    (
        (
            "客服人员电话里态度恶劣，不耐烦地挂断电话",
            "打电话咨询时，接线员态度很差，还直接挂了电话",
            "你们客服说话很不礼貌，没说完就挂断了",
            "电话沟通中工作人员服务态度差，对我们很不耐烦",
        ),
        (
            "Your customer service agent was rude on the phone and hung up on us",
            "The person answering the phone was impolite and ended the call",
            "Staff on the hotline were unfriendly and cut the call short",
            "We were treated rudely by your phone staff, who hung up",
        ),
    ),
    (
        (
            "送检的样品在实验室丢失了，至今没有找到",
            "我们送来的样品被你们弄丢了，没办法检测",
            "样品送到实验室后找不到了，请给个说法",
            "实验室把我们的送检样品遗失了",
        ),
        (
            "The sample we sent was lost in the laboratory and has not been found",
            "You lost our submitted sample, so it could not be tested",
            "Our sample went missing after it reached the lab",
            "The lab misplaced the sample we delivered for testing",
        ),
    ),
    (
        (
            "发票金额与报价单不一致，多收了检测费",
            "开具的发票比报价高，检测费用收多了",
            "检测费收费与合同报价不符，要求退还多收部分",
            "账单金额高于报价，多收取了费用",
        ),
        (
            "The invoice amount does not match the quotation, we were overcharged",
            "The testing fee on the invoice is higher than quoted",
            "You billed more than the contract price; please refund the difference",
            "Overcharged: the bill is above the quotation for the tests",
        ),
    ),
    (
        (
            "菌落总数检测结果与我们自检结果相差很大",
            "你们测的菌落总数和我们自己实验室的数据差别太大",
            "菌落总数结果明显偏高，与企业自检不一致",
            "对菌落总数的检测结论有疑问，和内部检测结果不符",
        ),
        (
            "The total plate count differs widely from our own laboratory's result",
            "Your aerobic plate count is far from what our in-house lab measured",
            "Total bacterial count is much higher than our internal test",
            "We question the plate count result, it does not agree with our own testing",
        ),
    ),
    (
        (
            "报告缺少授权签字人签名和检验检测专用章",
            "检测报告上没有签字，也没有盖专用章",
            "收到的报告没有授权签字人签字和盖章，无法使用",
            "报告未加盖检测专用章且无签名",
        ),
        (
            "The report lacks the authorised signatory's signature and the lab's stamp",
            "There is no signature and no official seal on the test report",
            "The report we received is not signed or stamped and cannot be used",
            "Missing stamp and signature on the report",
        ),
    ),
    (
        (
            "农药残留检测结果与第三方机构结论矛盾",
            "同一批样品，农残结果和另一家检测机构完全不同",
            "农药残留超标的结论与其他实验室检测结果不一致",
            "对农残检测结果有异议，别的机构测出来是合格的",
        ),
        (
            "The pesticide residue result contradicts another accredited laboratory",
            "Another lab found the same batch compliant for pesticide residues, unlike you",
            "Your pesticide residue finding disagrees with a third-party lab",
            "We dispute the pesticide residue result; a different lab passed the sample",
        ),
    ),
    (
        (
            "采样时没有通知我方人员到场见证",
            "你们采样的时候我们没有人在场，也没有提前告知",
            "现场抽样未通知企业陪同，程序不合规",
            "抽样过程没有我方见证，事先也没通知",
        ),
        (
            "Sampling took place without notifying us to witness it",
            "Nobody from our side was present at sampling and we were not told in advance",
            "The on-site sampling was done without our representative",
            "We were not informed of the sampling and could not witness it",
        ),
    ),
    (
        (
            "水分含量测定值偏高，怀疑仪器没有校准",
            "水分检测结果太高，可能是设备未校准造成的",
            "我们认为水分含量数据偏大，仪器校准有问题",
            "水分测定结果异常偏高，请核查仪器校准情况",
        ),
        (
            "The moisture content is too high, we suspect the instrument was not calibrated",
            "Moisture result looks high, maybe the equipment was out of calibration",
            "We believe the moisture value is inflated by a calibration problem",
            "Abnormally high moisture reading; please check the instrument calibration",
        ),
    ),
    (
        (
            "报告上的委托单位地址写错了",
            "委托方地址在报告中填写有误，请修改",
            "检测报告里我们公司的地址不对",
            "报告中客户地址信息错误，需要更正",
        ),
        (
            "The client address on the report is wrong",
            "Our company address is printed incorrectly in the report, please amend it",
            "The report shows the wrong address for our company",
            "Incorrect customer address in the test report needs correcting",
        ),
    ),
)
GREETINGS = {
    "zh": ("你好，", "再次反映：", "上周已经提交过，", "补充说明："),
    "en": ("Hello, ", "Following up: ", "Second time we write about this: ", "Reminder - "),
}
SAMPLE_NOTES = {"zh": "样品编号{lot}。", "en": " Sample {lot}."}


def wording(problem, lang, variant, lot, greeting=""):
    texts = PROBLEMS[problem][0 if lang == "zh" else 1]
    note = SAMPLE_NOTES[lang].format(lot=lot)
    return f"{greeting}{texts[variant % len(texts)]}{'，' if lang == 'zh' else ''}{note}"


def build_originals(rng, env, count):
    """`count` stored cases, half Chinese, over the last months, with their own customers, reports and lots."""
    partners = env["res.partner"].create(
        [{"name": f"Bench customer {index}", "is_company": True} for index in range(count)]
    )
    products = env["product.product"].create([{"name": f"Bench product {index}"} for index in range(8)])
    categories = env["quality.complaint.category"].search([])
    now = datetime.now()
    originals = []
    for index in range(count):
        lang = "zh" if index % 2 == 0 else "en"
        problem = rng.randrange(len(PROBLEMS))
        lot = f"S{2026}-{index:04d}"
        originals.append(
            {
                "lang": lang,
                "problem": problem,
                "variant": rng.randrange(4),
                "partner": partners[index],
                "product": products[rng.randrange(len(products))],
                "category": categories[problem % len(categories)],
                "report_ref": f"BR{26000 + index}",
                "lot": lot,
                "received_date": now - timedelta(days=rng.randrange(1, 200)),
            }
        )
    cases = (
        env["quality.complaint"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            [
                {
                    "summary": False,
                    "description": wording(item["problem"], item["lang"], item["variant"], item["lot"]),
                    "partner_id": item["partner"].id,
                    "product_id": item["product"].id,
                    "category_id": item["category"].id,
                    "report_ref": item["report_ref"],
                    "sample_ref": item["lot"],
                    "received_date": item["received_date"],
                }
                for item in originals
            ]
        )
    )
    for item, case in zip(originals, cases, strict=True):
        item["case"] = case
    return originals, partners, categories


def build_pairs(rng, originals, partners, categories):
    """(probe values, original case, label, kind) - two near-duplicates and two look-alikes per original."""
    pairs = []
    for index, item in enumerate(originals):
        lang = item["lang"]
        # The clerk files one case in five under another category than the original's.
        category = item["category"] if rng.random() < 0.8 else categories[rng.randrange(len(categories))]
        base = {"product_id": item["product"].id, "category_id": category.id, "sample_ref": item["lot"]}
        # Near-duplicates.
        reworded = dict(
            base,
            customer_id=item["partner"].id,
            report_ref=item["report_ref"] if rng.random() < 0.5 else False,
            text=(wording(item["problem"], lang, item["variant"] + 1 + rng.randrange(3), item["lot"])),
        )
        pairs.append((reworded, item, 1, "reworded"))
        greeting = rng.choice(GREETINGS[lang])
        if index % 3 == 0:
            # Anonymous, through the public form: no customer, no product or lot picked, maybe the report.
            resubmitted = {
                "customer_id": False,
                "report_ref": item["report_ref"] if rng.random() < 0.5 else False,
                "category_id": category.id,
                "text": (wording(item["problem"], lang, item["variant"], item["lot"], greeting)),
            }
            kind = "anonymous"
        else:
            resubmitted = dict(
                base,
                customer_id=item["partner"].id,
                report_ref=item["report_ref"] if rng.random() < 0.5 else False,
                text=(wording(item["problem"], lang, item["variant"], item["lot"], greeting)),
            )
            kind = "resubmitted"
        pairs.append((resubmitted, item, 1, kind))
        # Look-alikes.
        other_problem = (item["problem"] + 1 + rng.randrange(len(PROBLEMS) - 1)) % len(PROBLEMS)
        same_customer = dict(
            base,
            customer_id=item["partner"].id,
            report_ref=item["report_ref"],
            category_id=categories[other_problem % len(categories)].id,
            text=(wording(other_problem, lang, rng.randrange(4), item["lot"])),
        )
        pairs.append((same_customer, item, 0, "same customer, other problem"))
        other_lot = f"S{2025}-{rng.randrange(10000):04d}"
        same_words = {
            "customer_id": partners[(index + 1 + rng.randrange(len(partners) - 1)) % len(partners)].id,
            "report_ref": f"BR{36000 + index}",
            "product_id": item["product"].id,
            "category_id": item["category"].id,
            "sample_ref": other_lot,
            "text": (wording(item["problem"], lang, item["variant"], other_lot)),
        }
        pairs.append((same_words, item, 0, "same wording, other sample"))
    return pairs


def score_pairs(env, pairs, originals, weights, mode, *, trigram=True):
    """{pair index: (score of the pair's original, the top original's id)}."""
    from odoo.addons.quality_complaint import duplicates  # noqa: PLC0415

    cases = env["quality.complaint"].browse([item["case"].id for item in originals])
    # The stored text as this mode normalises it.
    for case in cases:
        env.cr.execute(
            "UPDATE quality_complaint SET duplicate_text = %s WHERE id = %s",
            (duplicates.normalise_text(case.summary, case.description, mode=mode), case.id),
        )
    company_id = env.company.id
    since = datetime.now() - timedelta(days=365)
    results = {}
    for index, (values, _item, _label, _kind) in enumerate(pairs):
        probe = dict(values, company_id=company_id, text=duplicates.normalise_text(values["text"], mode=mode))
        env.cr.execute(
            duplicates.scored_candidates_query(
                probe, since, datetime.now(), [], weights=weights, trigram=trigram, limit=1000
            )
        )
        rows = env.cr.fetchall()
        results[index] = ({row[0]: row[1] for row in rows}, rows[0][0] if rows else None)
    return results


def measure(pairs, results, threshold):
    tp = fp = fn = tn = top_right = near = 0
    for index, (_values, item, label, _kind) in enumerate(pairs):
        scores, top = results[index]
        predicted = scores.get(item["case"].id, 0) >= threshold
        tp += predicted and label
        fp += predicted and not label
        fn += (not predicted) and label
        tn += (not predicted) and not label
        if label:
            near += 1
            top_right += top == item["case"].id and scores[top] >= threshold
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "top1": top_right / near, "fp": fp, "fn": fn}


def by_kind(pairs, results, threshold):
    counts = {}
    for index, (_values, item, label, kind) in enumerate(pairs):
        flagged = results[index][0].get(item["case"].id, 0) >= threshold
        total, hit = counts.get((kind, label), (0, 0))
        counts[kind, label] = (total + 1, hit + flagged)
    return counts


def run_seed(env, seed, count, threshold):
    from odoo.addons.quality_complaint.duplicates import (  # noqa: PLC0415
        CHOSEN_WEIGHTS,
        FIELDS_ONLY_WEIGHTS,
        Weights,
    )

    rng = random.Random(seed)
    originals, partners, categories = build_originals(rng, env, count)
    pairs = build_pairs(rng, originals, partners, categories)
    zh = sum(1 for _values, item, _label, _kind in pairs if item["lang"] == "zh")
    near = sum(pair[2] for pair in pairs)
    print(
        f"\nseed {seed}: {len(pairs)} labelled pairs ({zh} Chinese, {len(pairs) - zh} English), "
        f"{near} near-duplicates, {len(pairs) - near} look-alikes, {len(originals)} stored originals"
    )
    text_only = Weights(report=0, customer=0, product=0, lot=0, category=0, text=100)
    first_guess = Weights(report=30, customer=15, product=5, lot=20, category=5, text=70, identity="sum")
    scorings = (
        ("chosen: characters, max of ids", CHOSEN_WEIGHTS, "unigram", threshold),
        ("bigrams, max of ids", CHOSEN_WEIGHTS, "bigram", threshold),
        ("raw text, max of ids", CHOSEN_WEIGHTS, "raw", threshold),
        ("characters, word_similarity", Weights(function="word_similarity"), "unigram", threshold),
        ("characters, sum of ids", Weights(identity="sum"), "unigram", threshold),
        ("first guess: bigrams, sum, text 70", first_guess, "bigram", 45),
        ("characters, text only", text_only, "unigram", 30),
        ("characters, text only", text_only, "unigram", 50),
        ("raw text only", text_only, "raw", 30),
        ("fields only (without pg_trgm)", FIELDS_ONLY_WEIGHTS, "unigram", threshold),
    )
    print(f"{'scoring':36} {'threshold':>9} {'precision':>9} {'recall':>7} {'F1':>6} {'top-1':>6}")
    chosen = None
    for label, weights, mode, limit in scorings:
        results = score_pairs(env, pairs, originals, weights, mode, trigram=weights.text > 0)
        numbers = measure(pairs, results, limit)
        print(
            f"{label:36} {limit:>9} {numbers['precision']:>9.3f} {numbers['recall']:>7.3f} "
            f"{numbers['f1']:>6.3f} {numbers['top1']:>6.3f}"
        )
        chosen = chosen or results
    print("chosen scoring, flagged per kind of pair:")
    for (kind, label), (total, hit) in sorted(by_kind(pairs, chosen, threshold).items()):
        print(f"  {'near-duplicate' if label else 'look-alike':14} {kind:30} {hit:>4} of {total}")
    for lower in (35, 40, 45, 50, 55, 60, 65):
        numbers = measure(pairs, chosen, lower)
        print(f"  threshold {lower}: precision {numbers['precision']:.3f} recall {numbers['recall']:.3f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--originals", type=int, default=120)
    # The weights were chosen on the first seed; the second is held out.
    parser.add_argument("--seeds", default="17025,2026")
    args = parser.parse_args()
    odoo.tools.config.parse_config([f"--addons-path={args.addons_path}", "--db_host=", "--log-level=error"])
    odoo.netsvc.init_logger()
    from odoo.addons.quality_complaint.const import PARAM_DEFAULTS  # noqa: PLC0415

    threshold = PARAM_DEFAULTS["duplicate_threshold"]
    with Registry(args.db).cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        for seed in args.seeds.split(","):
            run_seed(env, int(seed), args.originals, threshold)
            cr.rollback()


if __name__ == "__main__":
    main()
