#!/usr/bin/env python3
"""Regenerate schema/measures.tsv, the closed measure dictionary, from the corpus.

Usage (a build whose dictionary is open, see below, writes the candidates):

    YUSUAN_OPEN_MEASURES=1 target/release/yusuan extract ../shared/corpus samples \
        tests/fixtures --csv /tmp/rel --quiet
    python3 scripts/gen_measures.py /tmp/rel/tables.csv > schema/measures.tsv

With YUSUAN_OPEN_MEASURES=1 every candidate measure (a header path whose every label is in
the vocabulary of src/records/measures.rs) is taken as a measure; this script reads each
table's columns and their measures (the `tables` relation) and lists each (kind, measure)
seen, its meaning (the vocabulary's words in Chinese) and the header paths seen for it,
plus `other` for every kind. Read the diff before committing it.
"""
import csv
import json
import sys
from collections import defaultdict

WORDS = {
    "total": "合计", "subtotal": "小计", "income": "收入", "expenditure": "支出",
    "appropriation": "财政拨款", "appropriation_expenditure": "财政拨款支出",
    "by_government_economic": "按政府预算经济分类", "by_department_economic": "按部门预算经济分类",
    "current_income": "本年收入", "current_budget": "编制预算（本年）", "current_expenditure": "本年支出",
    "prior_year_carryover": "上年结转结余", "prior_year_account_balance": "上年实户资金余额",
    "general_budget": "一般公共预算", "of_which_appropriation": "其中：财政拨款",
    "government_fund": "政府性基金预算", "state_capital": "国有资本经营预算",
    "special_account": "财政专户管理资金", "education_fees": "教育收费",
    "other_special_account": "其他专户收入拨款", "institution_income": "事业收入",
    "business_income": "事业单位经营收入", "superior_subsidy": "上级补助收入",
    "subordinate_remittance": "附属单位上缴收入", "other_income": "其他收入",
    "institution_fund_draw": "用事业基金弥补收支差额", "unit_funds": "单位资金",
    "other_funds": "其他资金", "of_which_operating_appropriation": "其中：经费拨款",
    "basic": "基本支出", "project": "项目支出",
    "excluding_capital_construction": "扣除基建项目后预算数", "personnel": "人员经费",
    "public": "公用经费", "wages_and_welfare": "工资福利支出",
    "household_subsidy": "对个人和家庭的补助", "goods_and_services": "商品和服务支出",
    "capital": "资本性支出", "business_expenditure": "事业单位经营支出",
    "remittance_to_superior": "上缴上级支出", "subsidy_to_subordinates": "对附属单位补助支出",
    "reserve_funds": "单位预留机动经费", "administrative_operating": "机关运行经费",
    "other_operating": "其他运转类", "specific_purpose": "特定目标类",
    "general_budget_basic": "一般公共预算基本支出", "appropriation_basic": "财政拨款基本支出",
    "overseas_travel": "因公出国（境）费", "vehicles": "公务用车购置及运行费",
    "purchase": "购置费", "operation": "运行费", "reception": "公务接待费",
    "meetings": "会议费", "training": "培训费", "current_appropriation": "本年拨款",
    "appropriation_carryover": "财政拨款结转结余", "funding": "项目金额",
    "government_budget": "政府预算资金", "government_procurement": "政府采购项目",
    "quantity": "数量", "actual_staff": "实有人数", "authorised_staff": "编制人数",
    "administrative": "行政", "institution": "事业", "score": "得分", "weight": "分值",
    "three_public": "“三公”经费", "of_which_sme": "其中：预留给中小企业",
    "of_which_small_micro": "其中：预留给小型、微型企业",
    "of_which_special_funds": "其中：专项资金列入部门预算的项目",
    "income_total": "收入合计", "expenditure_total": "支出合计", "amount": "金额",
    "prior": "上年", "change": "增减", "initial_budget": "年初预算",
    "adjusted_budget": "调整预算",
    "opening_balance": "年初结转和结余", "closing_balance": "年末结转和结余",
    "carryover_to_next_year": "结转下年资金",
    "non_appropriation_balance_used": "使用非财政拨款结余",
    "operating_funds": "业务经费", "special_funds": "专项资金",
}


def meaning(measure):
    parts = []
    for word in measure.split("."):
        if word not in WORDS:
            sys.exit(f"gen_measures.py: no meaning for {word!r} (in {measure!r}); add it to WORDS")
        parts.append(WORDS[word])
    return " › ".join(parts)


def main():
    seen = defaultdict(set)
    kinds = set()
    csv.field_size_limit(1 << 30)
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            kind = row["kind"]
            kinds.add(kind)
            columns = json.loads(row["columns"])
            for path, measure in zip(columns, json.loads(row["measures"])):
                if measure is None or measure == "other":
                    continue
                seen[(kind, measure)].add("/".join(path))
    # Table 11's budget lines are read off its label rows, not a column.
    seen[("department_performance_targets", "amount")].add("")
    # Per-project forms (records/forms.rs) read their amounts off label rows too.
    for kind in ("project_performance_targets", "project_performance_evaluation"):
        for measure, label in (("total", "资金总额"), ("appropriation", "其中：财政拨款"),
                               ("other_funds", "其他资金")):
            seen[(kind, measure)].add("")
    for kind in kinds:
        seen.setdefault((kind, "other"), set())
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["kind", "measure", "meaning", "header_paths"])
    for (kind, measure) in sorted(seen):
        if measure == "other":
            text = "a figure whose column maps to no other measure of this kind (warned)"
        else:
            text = meaning(measure)
        paths = sorted(p for p in seen[(kind, measure)] if p)
        out.writerow([kind, measure, text, " | ".join(paths)])


if __name__ == "__main__":
    main()
