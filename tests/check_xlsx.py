#!/usr/bin/env python3
"""Recalculates itsb's workbooks in LibreOffice and compares them with itsb's JSON.

For every examples/*.json (and a few variants of them made with --set, covering what the
examples do not: custom amortization, capitalised interest, inflation, a guarantee, ...):

  itsb run FILE --format xlsx --output DIR/NAME.xlsx     (twice: the bytes must be identical)
  itsb run FILE --format json

then one headless LibreOffice opens every workbook with a fresh profile set to recalculate
OOXML files on load (Calc > Formula > Recalculation on file load: always), exports each sheet
to CSV (raw values, not as shown), and every figure is compared with the JSON: the Metrics
sheet (column A the key, B the value), the Annual and Schedule tables row by row, and each
partner's table and metrics. Money must agree to the penny (|a - b| <= 0.005), rates and
ratios to 1e-9 (relative above 1), texts and integers exactly; an empty cell is a null.

With council_finance, the Revenue sheet's table is compared row by row with `revenue_account`,
its PWLB block with `pwlb_comparison`, and each partner's revenue table with its own; the revenue
metrics are in `metrics` (Metrics sheet and each partner's list).

The mutations prove that LibreOffice recalculated rather than showing the cached values:
  - the first interest formula on the Schedule sheet is broken (the coupon + 1 %): the
    comparison must now FAIL;
  - every cached formula result is set to 0: the comparison must still PASS;
  - on the first example with a revenue account, the first accrual split on the Revenue sheet
    is broken (1,000 added to period 1's first part): the comparison must FAIL; and with every
    cached result 0 it must still PASS.

Usage:
  check_xlsx.py --itsb PATH/TO/itsb --source REPO     (the test: every example)
  check_xlsx.py --workbook X.xlsx --json X.json        (one workbook against one JSON)
Standard library only. Exit status 0 when everything agrees, 1 otherwise.
"""

import argparse
import csv
import glob
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

MONEY_TOLERANCE = 0.005
RATE_TOLERANCE = 1e-9

# How each figure compares: money to the penny, rates/ratios to RATE_TOLERANCE, the rest exactly.
MONEY_METRICS = {"project_npv", "npv_after_financing", "total_interest", "total_debt_service", "notional",
                 "net_proceeds", "investor_loss", "peak_cfr", "total_mrp", "total_interest_accrued"}
EXACT_METRICS = {"break_even_year", "break_even_fiscal_year", "years_in_arrears", "project_irr_roots",
                 "revenue_break_even_year"}
TEXT_METRICS = {"break_even_fiscal_year", "revenue_break_even_fiscal_year"}
TEXT_COLUMNS = {"fiscal_year", "kind", "accrual_start", "accrual_end", "payment_date"}
EXACT_COLUMNS = {"year", "period"}
RATIO_COLUMNS = {"dscr", "discount_factor", "accrual_fraction", "financing_cost_ratio"}
# pwlb_comparison's scalars (Revenue sheet, key in column A, value in column C).
PWLB_TEXT = {"rate_type", "amortization", "available", "reason"}
PWLB_RATES = {"gilt_yield", "margin", "rate"}

# Variants of the examples that exercise what the examples themselves do not.
VARIANTS = [
    ("default_pilot", "capitalised", ["--set", "/bond/capitalised_interest_years=1"]),
    ("default_pilot", "custom_fractions",
     ["--set", '/bond/amortization={"custom_fractions": [0,0,0,0' + ",0.038" * 25 + ",0.05]}"]),
    ("default_pilot", "target_dscr_annuity", ["--set", '/bond/notional={"target_min_dscr": 2.5}']),
    ("default_pilot", "flat_inflation",
     ["--set", '/discounting={"method": "flat", "rate": 0.035, "inflation": 0.02}']),
    ("nlgn_back_office", "custom_amounts",
     ["--set", "/bond/amortization={\"custom\": [0,0,0,0,0,0" + ",280000" * 33 + ",260000]}"]),
    ("dip_and_recover", "monthly_act360",
     ["--set", "/bond/frequency=monthly", "--set", "/bond/day_count=ACT/360"]),
    ("consortium", "fund_one_off_with_reserve", ["--set", "/bond/notional=fund_one_off_costs"]),
    ("savings_linked_outcomes", "guaranteed", ["--set", "/bond/savings_linked/council_guarantee=true"]),
    ("sculpted_dscr_sized", "fixed_notional", ["--set", "/bond/notional=15000000"]),
    ("redeem_maturity_loan", "no_project_irr",
     ["--set", "/programme/one_off_costs=[]", "--set", "/programme/running_costs=[]"]),
    ("default_pilot", "savings_linked_no_cap", ["--set", "/bond/structure=savings_linked"]),
    ("default_pilot", "whole_units", ["--set", "/rounding/decimals=0"]),
    ("sculpted_dscr_sized", "interest_only", ["--set", "/bond/interest_only_years=1"]),
    ("sculpted_dscr_sized", "funded_capitalised",
     ["--set", "/bond/notional=fund_capital_costs", "--set", "/bond/capitalised_interest_years=1"]),
    # 1,200,000.01 / 2 = 600,000.005: an exact tie, which half_even takes to 600,000.00.
    ("welsh_interest_free", "half_even_tie",
     ["--set", "/bond/notional=1200000.01", "--set", "/bond/tenor_years=2"]),
    # Year ends and schedule dates clipped to month ends; issued in year 1, not on the start date.
    ("default_pilot", "leap_day_start",
     ["--set", "/start_date=2024-02-29", "--set", "/bond/issue_date=2024-08-31"]),
    # The revenue view's other MRP methods: 4 % of the opening CFR (with a grant towards the capital
    # cost, revenue costs partly left to the budget, the consortium's own stream and tax base) ...
    ("revenue_budget", "cfr_4_percent",
     ["--set", "/council_finance/mrp/method=cfr_4_percent",
      "--set", '/council_finance/funding=[{"source": "capital_receipts", "cost": "Redundancy and change team", '
               '"amount": 3000000}, {"source": "reserves", "cost": "Redundancy and change team", "amount": 1000000}, '
               '{"source": "grant", "cost": "ICT consolidation", "amount": 2000000}]',
      "--set", '/council_finance/net_revenue_stream={"amount": 600000000, "growth": 0.025}',
      "--set", "/council_finance/tax_base=240000"]),
    # ... and straight line from the year of the spend, issued mid-year so that every other
    # period's interest is split across 31 March, rounded half-even.
    ("revenue_budget", "straight_line_same_year",
     ["--set", "/council_finance/mrp/method=asset_life_straight_line", "--set", "/council_finance/mrp/start=same_year",
      "--set", "/bond/issue_date=2026-08-15", "--set", "/rounding/mode=half_even"]),
]

# compare and simulate workbooks, when the CLI writes them (checked on these examples).
SUMMARY_EXAMPLES = ["default_pilot", "savings_linked_outcomes"]
SIMULATION_PATHS = "2000"

RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""

CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"


# --- LibreOffice --------------------------------------------------------------------------------

def recalculate_to_csv(workbooks, outdir, workdir):
    """Opens every workbook in one LibreOffice run, recalculating on load, and writes
    NAME-Sheet.csv for each sheet into outdir."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = os.path.join(workdir, "lo-profile")
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w", encoding="utf-8") as f:
        f.write(RECALC_PROFILE)
    command = [soffice, "-env:UserInstallation=file://" + profile, "--headless", "--norestore",
               "--convert-to", CSV_FILTER, "--outdir", outdir] + list(workbooks)
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError("LibreOffice failed: " + result.stderr)


def read_sheets(outdir, stem):
    sheets = {}
    for path in glob.glob(os.path.join(outdir, glob.escape(stem) + "-*.csv")):
        sheet = os.path.basename(path)[len(stem) + 1:-4]
        with open(path, newline="", encoding="utf-8") as f:
            sheets[sheet] = list(csv.reader(f))
    return sheets


# --- Values ---------------------------------------------------------------------------------------

def number(text):
    """A cell's raw text as a number (percentages divided by 100), None when empty."""
    text = text.strip()
    if text == "":
        return None
    if text.endswith("%"):
        return float(text[:-1]) / 100.0
    return float(text)


class Comparison:
    def __init__(self, label):
        self.label = label
        self.compared = 0
        self.failures = []
        self.max_money = 0.0
        self.max_rate = 0.0

    def fail(self, where, expected, got):
        self.failures.append(f"{where}: itsb {expected!r}, workbook {got!r}")

    def check(self, where, expected, cell, kind):
        """kind: 'money', 'rate', 'exact' or 'text'."""
        self.compared += 1
        cell = "" if cell is None else cell
        if expected is None:
            if cell.strip() != "":
                self.fail(where, None, cell)
            return
        if kind == "text":
            if cell != str(expected):
                self.fail(where, expected, cell)
            return
        try:
            got = number(cell)
        except ValueError:
            self.fail(where, expected, cell)
            return
        if got is None:
            self.fail(where, expected, cell)
            return
        difference = abs(got - float(expected))
        if kind == "money":
            self.max_money = max(self.max_money, difference)
            ok = difference <= MONEY_TOLERANCE
        elif kind == "exact":
            ok = difference == 0.0
        else:
            scaled = difference / max(1.0, abs(float(expected)))
            self.max_rate = max(self.max_rate, scaled)
            ok = scaled <= RATE_TOLERANCE
        if not ok or math.isnan(got):
            self.fail(where, expected, cell)


def cell(rows, r, c):
    if r < len(rows) and c < len(rows[r]):
        return rows[r][c]
    return ""


def column_kind(key):
    if key in TEXT_COLUMNS:
        return "text"
    if key in EXACT_COLUMNS:
        return "exact"
    if key in RATIO_COLUMNS:
        return "rate"
    return "money"


def metric_kind(key):
    if key in TEXT_METRICS:
        return "text"
    if key in EXACT_METRICS:
        return "exact"
    if key in MONEY_METRICS:
        return "money"
    return "rate"


def compare_table(cmp, sheet_name, rows, key_row, expected_rows, first_key):
    """Compares a table whose key row starts with first_key; data follow the key row."""
    keys = {k: i for i, k in enumerate(rows[key_row]) if k}
    for i, expected in enumerate(expected_rows):
        r = key_row + 1 + i
        for key, value in expected.items():
            if key not in keys:
                cmp.fail(f"{sheet_name}: column {key}", "present", "missing")
                continue
            cmp.check(f"{sheet_name} {first_key} {expected.get(first_key)} {key}", value, cell(rows, r, keys[key]),
                      column_kind(key))
    # The row after the table must be empty or not a data row.
    extra = cell(rows, key_row + 1 + len(expected_rows), 0).strip()
    if extra and re.fullmatch(r"-?\d+", extra):
        cmp.fail(f"{sheet_name}: rows", len(expected_rows), "more rows")


def find_row(rows, first_cell, start=0):
    for r in range(start, len(rows)):
        if rows[r] and rows[r][0] == first_cell:
            return r
    return None


def compare_metrics(cmp, sheet_name, rows, start, end, metrics):
    """Metrics: column A the key, column B the value, within rows [start, end)."""
    where = {}
    for r in range(start, end):
        if rows[r] and rows[r][0]:
            where.setdefault(rows[r][0], r)
    for key, value in metrics.items():
        if key == "project_irr_roots":
            r = where.get(key)
            cmp.check(f"{sheet_name} {key} (count)", len(value), cell(rows, r, 1) if r is not None else "", "exact")
            for i, root in enumerate(value):
                rr = where.get(f"{key}[{i}]")
                cmp.check(f"{sheet_name} {key}[{i}]", root, cell(rows, rr, 1) if rr is not None else "", "rate")
            continue
        r = where.get(key)
        if r is None:
            cmp.fail(f"{sheet_name} {key}", value, "no row")
            continue
        cmp.check(f"{sheet_name} {key}", value, cell(rows, r, 1), metric_kind(key))


def compare_pwlb(cmp, rows, pwlb):
    """The PWLB block below the Revenue table: key in column A, value in column C."""
    start = find_row(rows, "pwlb_comparison")
    if start is None:
        cmp.fail("Revenue pwlb_comparison", "present", "missing")
        return
    for key, value in pwlb.items():
        if key == "debt_service":
            continue
        r = find_row(rows, key, start)
        got = cell(rows, r, 2) if r is not None else ""
        if key == "available":
            cmp.check(f"Revenue pwlb_comparison {key}", "true" if value else "false", got, "text")
            continue
        kind = "text" if key in PWLB_TEXT else "rate" if key in PWLB_RATES else "money"
        cmp.check(f"Revenue pwlb_comparison {key}", value, got, kind)
    if "debt_service" in pwlb:
        table = find_row(rows, "debt_service", start)
        key_row = find_row(rows, "year", table) if table is not None else None
        if key_row is None:
            cmp.fail("Revenue pwlb_comparison debt_service", "a table", "missing")
        else:
            compare_table(cmp, "Revenue pwlb_comparison", rows, key_row, pwlb["debt_service"], "year")


def compare_revenue(cmp, sheets, report):
    """The Revenue sheet (council_finance): its table against revenue_account, then the PWLB block."""
    rows = sheets.get("Revenue")
    if "revenue_account" not in report:
        if rows is not None:
            cmp.fail("sheet Revenue", "absent (no council_finance)", "present")
        return
    if rows is None:
        cmp.fail("sheet Revenue", "present", "missing")
        return
    key_row = find_row(rows, "year")
    if key_row is None:
        cmp.fail("Revenue", "key row", "missing")
        return
    compare_table(cmp, "Revenue", rows, key_row, report["revenue_account"], "year")
    if "pwlb_comparison" in report:
        compare_pwlb(cmp, rows, report["pwlb_comparison"])
    elif find_row(rows, "pwlb_comparison") is not None:
        cmp.fail("Revenue pwlb_comparison", "absent", "present")


def check_cells(cmp, sheets):
    """No reconciliation cell may say FAILS, and LibreOffice must have hit no error value."""
    for name, rows in sheets.items():
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text == "FAILS" or text.startswith("Err:") or re.fullmatch(r"#[A-Z/0!?]+[!?]?", text or "-"):
                    cmp.fail(f"{name}!R{r + 1}C{c + 1}", "a value", text)


def compare_presets(cmp, sheets, report):
    rows = sheets.get("Presets")
    if rows is None:
        cmp.fail("sheet Presets", "present", "missing")
        return
    key_row = find_row(rows, "name")
    keys = {k: i for i, k in enumerate(rows[key_row]) if k}
    for i, expected in enumerate(report["rows"]):
        for key, value in expected.items():
            kind = ("text" if key in ("name", "description", "break_even_fiscal_year") else
                    "exact" if key == "break_even_year" else
                    "money" if key in ("notional", "gross_savings_year5", "project_npv", "npv_after_financing") else
                    "rate")
            if key not in keys:
                cmp.fail(f"Presets: column {key}", "present", "missing")
                continue
            cmp.check(f"Presets {expected['name']} {key}", value, cell(rows, key_row + 1 + i, keys[key]), kind)


def compare_simulation(cmp, sheets, report):
    rows = sheets.get("Simulation")
    if rows is None:
        cmp.fail("sheet Simulation", "present", "missing")
        return
    for key in ("paths", "seed", "failed_paths"):
        r = find_row(rows, key)
        cmp.check(f"Simulation {key}", report[key], cell(rows, r, 1) if r is not None else "", "exact")
    for key in ("notional", "expected_investor_loss"):
        r = find_row(rows, key)
        cmp.check(f"Simulation {key}", report[key], cell(rows, r, 1) if r is not None else "", "money")
    for key, value in report["probabilities"].items():
        r = find_row(rows, key)
        cmp.check(f"Simulation probability {key}", value, cell(rows, r, 1) if r is not None else "", "rate")
    header = find_row(rows, "metric")
    columns = {k: i for i, k in enumerate(rows[header]) if k}
    for key, percentiles in report["percentiles"].items():
        r = find_row(rows, key, header)
        money = key in MONEY_METRICS
        for name, value in percentiles.items():
            cmp.check(f"Simulation {key} {name}", value, cell(rows, r, columns[name]), "money" if money else "rate")
        cmp.check(f"Simulation {key} base", report["base"][key], cell(rows, r, columns["base case"]),
                  "money" if money else "rate")
        cmp.check(f"Simulation {key} nulls", report["nulls"][key], cell(rows, r, columns["nulls"]), "exact")
    top = find_row(rows, "Histograms (a bin counts from <= value < to; the last bin is closed)")
    names = rows[top + 1]
    for key, histogram in report["histograms"].items():
        column = names.index(key)
        for b, count in enumerate(histogram["counts"]):
            r = top + 3 + b
            cmp.check(f"Simulation {key} bin {b} from", histogram["edges"][b], cell(rows, r, column), "rate")
            cmp.check(f"Simulation {key} bin {b} to", histogram["edges"][b + 1], cell(rows, r, column + 1), "rate")
            cmp.check(f"Simulation {key} bin {b} count", count, cell(rows, r, column + 2), "exact")


def compare_workbook(label, sheets, reports):
    """reports: "run" (itsb run --format json), and "compare" / "simulate" for those workbooks."""
    cmp = Comparison(label)
    report = reports["run"]
    if "compare" in reports:
        compare_presets(cmp, sheets, reports["compare"])
    if "simulate" in reports:
        compare_simulation(cmp, sheets, reports["simulate"])
    for name in ("Inputs", "Schedule", "Annual", "Metrics"):
        if name not in sheets:
            cmp.fail(f"sheet {name}", "present", "missing")
            return cmp
    for name, first_key, expected in (("Schedule", "period", report["schedule"]), ("Annual", "year", report["annual"])):
        key_row = find_row(sheets[name], first_key)
        if key_row is None:
            cmp.fail(name, "key row", "missing")
        else:
            compare_table(cmp, name, sheets[name], key_row, expected, first_key)

    metrics = sheets["Metrics"]
    compare_metrics(cmp, "Metrics", metrics, 0, len(metrics), report["metrics"])
    compare_revenue(cmp, sheets, report)
    check_cells(cmp, sheets)

    partners = report.get("partners", [])
    if partners:
        rows = sheets.get("Partners")
        if rows is None:
            cmp.fail("sheet Partners", "present", "missing")
            return cmp
        summary = find_row(rows, "All partner columns add up to the totals")
        cmp.check("Partners check", "OK", cell(rows, summary, 1) if summary is not None else "", "text")
        starts = [r for r, row in enumerate(rows) if row and row[0] == "partner"]
        if len(starts) != len(partners):
            cmp.fail("Partners", len(partners), f"{len(starts)} blocks")
        for p, start in zip(partners, starts):
            cmp.check("Partners name", p["name"], cell(rows, start, 1), "text")
            key_row = find_row(rows, "year", start)
            compare_table(cmp, f"Partners[{p['name']}]", rows, key_row, p["annual"], "year")
            end = starts[starts.index(start) + 1] if start != starts[-1] else len(rows)
            compare_metrics(cmp, f"Partners[{p['name']}]", rows, key_row + 1 + len(p["annual"]), end, p["metrics"])
            revenue = find_row(rows, "revenue_account", start)
            if revenue is not None and revenue >= end:
                revenue = None
            if "revenue_account" in p:
                if revenue is None:
                    cmp.fail(f"Partners[{p['name']}] revenue_account", "present", "missing")
                else:
                    compare_table(cmp, f"Partners[{p['name']}] revenue", rows, find_row(rows, "year", revenue),
                                  p["revenue_account"], "year")
            elif revenue is not None:
                cmp.fail(f"Partners[{p['name']}] revenue_account", "absent", "present")
    elif "Partners" in sheets:
        cmp.fail("sheet Partners", "absent (no partners)", "present")
    return cmp


# --- Mutations --------------------------------------------------------------------------------------

def sheet_paths(xlsx):
    """Maps sheet names to their XML part inside the package."""
    with zipfile.ZipFile(xlsx) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {}
    for element in re.findall(r"<Relationship [^>]*>", rels):
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', element))
        targets[attributes["Id"]] = attributes["Target"]
    sheets = {}
    for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="([^"]+)"', workbook):
        target = targets[rid]
        sheets[name] = target if target.startswith("xl/") else "xl/" + target.lstrip("/")
    return sheets


def rewrite(xlsx, out, change):
    """Copies the package, passing each sheet part's text through change(name, xml)."""
    parts = {v: k for k, v in sheet_paths(xlsx).items()}
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in parts:
                data = change(parts[info.filename], data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)


def break_first_interest(xlsx, out):
    changed = []

    def change(name, xml):
        if name != "Schedule" or changed:
            return xml
        new, count = re.subn(r"(<f>ROUND\([A-Z]+\d+\*)Coupon(\*)", r"\1(Coupon+0.01)\2", xml, count=1)
        if count:
            changed.append(name)
        return new

    rewrite(xlsx, out, change)
    if not changed:
        raise RuntimeError("no interest formula found to break")


def break_first_accrual_split(xlsx, out):
    """Adds 1,000 to the first accrual split (period 1's first part) on the Revenue sheet."""
    changed = []

    def change(name, xml):
        if name != "Revenue" or changed:
            return xml
        new, count = re.subn(r"<f>(IF\([A-Z]+\d+=0,0,)", r"<f>1000+\1", xml, count=1)
        if count:
            changed.append(name)
        return new

    rewrite(xlsx, out, change)
    if not changed:
        raise RuntimeError("no accrual split formula found to break")


def zero_cached_results(xlsx, out):
    def change(name, xml):
        return re.sub(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1<v>0</v>", xml)

    rewrite(xlsx, out, change)


# --- Main ---------------------------------------------------------------------------------------------

def run(command):
    result = subprocess.run(command, capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(" ".join(command) + " failed: " + result.stderr.decode("utf-8", "replace"))
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--itsb", help="the itsb executable")
    parser.add_argument("--source", help="the repository (for examples/*.json)")
    parser.add_argument("--workbook", help="check this workbook ...")
    parser.add_argument("--json", help="... against this itsb run --format json output")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    args = parser.parse_args()
    if not ((args.itsb and args.source) or (args.workbook and args.json)):
        parser.error("give --itsb and --source, or --workbook and --json")

    started = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="itsb-xlsx-")
    failed = False
    try:
        cases = []  # (label, xlsx path, {"run": json, ...}, expect_pass)
        notes = []
        if args.workbook:
            with open(args.json, encoding="utf-8") as f:
                cases.append(("workbook", os.path.abspath(args.workbook), {"run": json.load(f)}, True))
        else:
            examples = sorted(glob.glob(os.path.join(args.source, "examples", "*.json")))
            if not examples:
                raise RuntimeError("no examples found")
            inputs = [(os.path.splitext(os.path.basename(p))[0], p, []) for p in examples]
            by_stem = {stem: path for stem, path, _ in inputs}
            inputs += [(f"{stem}+{label}", by_stem[stem], extra) for stem, label, extra in VARIANTS if stem in by_stem]
            for label, path, extra in inputs:
                stem = label.replace("+", "_")
                xlsx = os.path.join(workdir, stem + ".xlsx")
                again = os.path.join(workdir, stem + ".again.xlsx")
                run([args.itsb, "run", path, *extra, "--format", "xlsx", "--output", xlsx])
                run([args.itsb, "run", path, *extra, "--format", "xlsx", "--output", again])
                with open(xlsx, "rb") as a, open(again, "rb") as b:
                    if a.read() != b.read():
                        print(f"FAIL {label}: two runs gave different bytes")
                        failed = True
                os.remove(again)
                report = json.loads(run([args.itsb, "run", path, *extra, "--format", "json"]))
                cases.append((label, xlsx, {"run": report}, True))

            # The compare and simulate workbooks: the run workbook plus their own sheet.
            for stem in SUMMARY_EXAMPLES:
                if stem not in by_stem:
                    continue
                path = by_stem[stem]
                run_report = next(c[2]["run"] for c in cases if c[0] == stem)
                for command, extra in (("compare", []), ("simulate", ["--paths", SIMULATION_PATHS, "--threads", "2"])):
                    xlsx = os.path.join(workdir, f"{stem}_{command}.xlsx")
                    result = subprocess.run([args.itsb, command, path, *extra, "--format", "xlsx", "--output", xlsx],
                                            capture_output=True, text=True)
                    if result.returncode == 2 and "xlsx" in result.stderr:
                        notes.append(f"skipped {command} workbooks: itsb {command} does not write --format xlsx yet")
                        continue
                    if result.returncode != 0:
                        raise RuntimeError(f"itsb {command} {stem} --format xlsx failed: {result.stderr}")
                    summary = json.loads(run([args.itsb, command, path, *extra, "--format", "json"]))
                    cases.append((f"{stem} ({command})", xlsx, {"run": run_report, command: summary}, True))

            # The mutations, on the first example.
            label, xlsx, reports, _ = cases[0]
            broken = os.path.join(workdir, "mutation_broken_formula.xlsx")
            break_first_interest(xlsx, broken)
            cases.append((f"{label} with its first interest formula broken", broken, reports, False))
            zeroed = os.path.join(workdir, "mutation_zeroed_caches.xlsx")
            zero_cached_results(xlsx, zeroed)
            cases.append((f"{label} with every cached result 0", zeroed, reports, True))
            # The same on the Revenue sheet, on the first example with a revenue account.
            revenue_case = next((c for c in cases if c[3] and "revenue_account" in c[2]["run"]), None)
            if revenue_case is not None:
                label, xlsx, reports, _ = revenue_case
                broken = os.path.join(workdir, "mutation_broken_accrual_split.xlsx")
                break_first_accrual_split(xlsx, broken)
                cases.append((f"{label} with its first accrual split broken", broken, reports, False))
                zeroed = os.path.join(workdir, "mutation_zeroed_revenue_caches.xlsx")
                zero_cached_results(xlsx, zeroed)
                cases.append((f"{label} with every cached result 0", zeroed, reports, True))
            else:
                notes.append("no example has council_finance: the Revenue sheet's mutations were not run")

        outdir = os.path.join(workdir, "csv")
        os.makedirs(outdir)
        lo_started = time.monotonic()
        recalculate_to_csv([c[1] for c in cases], outdir, workdir)
        lo_seconds = time.monotonic() - lo_started

        total = 0
        for note in sorted(set(notes)):
            print("note " + note)
        for label, xlsx, reports, expect_pass in cases:
            stem = os.path.splitext(os.path.basename(xlsx))[0]
            sheets = read_sheets(outdir, stem)
            cmp = compare_workbook(label, sheets, reports)
            total += cmp.compared
            passed = not cmp.failures
            if expect_pass:
                status = "ok  " if passed else "FAIL"
                print(f"{status} {label}: {cmp.compared} figures, max money difference {cmp.max_money:.3g}, "
                      f"max rate difference {cmp.max_rate:.3g}")
                if not passed:
                    failed = True
                    for line in cmp.failures[:25]:
                        print("       " + line)
                    if len(cmp.failures) > 25:
                        print(f"       ... and {len(cmp.failures) - 25} more")
            else:
                status = "ok  " if not passed else "FAIL"
                print(f"{status} {label}: the comparison must fail and "
                      f"{'did' if not passed else 'did NOT'} ({len(cmp.failures)} mismatches, e.g. "
                      f"{cmp.failures[0] if cmp.failures else '-'})")
                if passed:
                    failed = True
        print(f"{'FAILED' if failed else 'passed'}: {len(cases)} workbook{'s' if len(cases) != 1 else ''}, "
              f"{total} figures compared; "
              f"LibreOffice {lo_seconds:.1f} s, total {time.monotonic() - started:.1f} s")
    except Exception as error:  # noqa: BLE001 - a test reports every failure the same way
        print(f"FAIL: {error}")
        failed = True
    finally:
        if args.keep:
            print("kept " + workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
