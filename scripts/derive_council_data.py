#!/usr/bin/python3
"""Derives the market place's council tables from the public snapshots in market/data/source/
and the assumptions in market/data/parameters.json (market/data/README.md explains every rule).

Writes, into market/data/ (or --out DIR):
  councils.csv          the current English principal councils, one row each
  spend_mapping.csv     which 2017-18 authorities' spend each current council gets, with shares
  neighbours.csv        undirected edges between current councils (boundary or nearby)
  addressable_spend.csv addressable spend per council and service (parameters.json)
  saving_rates.csv      default saving rates by service, scenario and group size
  labels.csv            what the deprivation and rural/urban values mean

Python 3 standard library only; the output is deterministic (sorted rows, fixed number
formats, LF line endings). Prints the counts and the mappings it used.

Usage: derive_council_data.py [REPO_DIR] [--out DIR] [--quiet]
"""

import argparse
import csv
import io
import json
import pathlib
import sys

# Register types kept, and their names in councils.csv.
TYPES = {
    "CTY": "county",
    "NMD": "district",
    "UA": "unitary",
    "MD": "metropolitan_district",
    "LBO": "london_borough",
    "CC": "city_of_london",
}
# What the issue (13) expects; the script prints the split it finds and says when it differs.
EXPECTED_SPLIT = {"county": 21, "district": 164, "unitary": 63, "metropolitan_district": 36,
                  "london_borough": 32, "city_of_london": 1}
RS_CLASSES = {"SC", "SD", "UA", "MD", "L"}  # RS classes of principal councils ("O" is other bodies)
RURAL_URBAN = {
    "Urban": "urban",
    "Urban with rural areas": "urban_with_rural_areas",
    "Rural": "rural",
    "Sparse and rural": "sparse_and_rural",
}
IMD = {"1st IMD quintile": 1, "2nd IMD quintile": 2, "3rd IMD quintile": 3,
       "4th IMD quintile": 4, "5th IMD quintile": 5}


class DataError(Exception):
    pass


def fail(message):
    raise DataError(message)


# ---------------------------------------------------------------------------------------------
# Reading the sources

def read_register(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    by_code = {r["local-authority-code"]: r for r in rows}
    if len(by_code) != len(rows):
        fail("register: duplicate local-authority-code")
    return rows, by_code


def read_rs(path, lines):
    """The RS sheet: {E-code: {"ons", "name", "class", "lines": {line: float or None}}}."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    numbers, headings = rows[5], rows[6]
    if headings[0] != "E-code" or headings[4] != "Class":
        fail("RS: row 7 is not the heading row")
    column = {}
    for line in lines:
        if numbers.count(line) != 1:
            fail(f"RS: line {line} is not exactly one column of row 6")
        column[line] = numbers.index(line)
    out = {}
    for r in rows[7:]:
        if not r or len(r[0]) != 5 or not r[0].startswith("E") or not r[0][1:].isdigit():
            continue
        values = {}
        for line, j in column.items():
            text = r[j].strip()
            if text in ("…", "...", ""):
                values[line] = None
            else:
                values[line] = float(text)
        if r[0] in out:
            fail(f"RS: E-code {r[0]} twice")
        out[r[0]] = {"ons": r[1], "name": r[2], "class": r[4], "lines": values}
    return out


def read_labels(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {r["local-authority-code"]: r["label"] for r in csv.DictReader(f)}


def read_label_descriptions(path):
    """{label part: description part} from la_label_desc.csv (label and desc split on '; ')."""
    meaning = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            parts = r["label"].split("; ")
            descs = r["desc"].split("; ")
            # The first part of a label is the region/nation, which has no description.
            for part, desc in zip(parts[1:], descs):
                if meaning.setdefault(part, desc) != desc:
                    fail(f"la_label_desc: {part!r} described two ways")
    return meaning


# ---------------------------------------------------------------------------------------------
# Councils

def current_councils(rows):
    """Current English principal councils: in England, no end date, flagged current, of a kept
    type. Combined authorities (COMB) and the Greater London Authority (SRA) are not principal
    councils and are left out."""
    out = []
    for r in rows:
        if r["nation"] != "England" or r["local-authority-type"] not in TYPES:
            continue
        current = r["current-authority"] == "True"
        if current != (r["end-date"] == ""):
            fail(f"register: {r['local-authority-code']} current-authority and end-date disagree")
        if current:
            out.append(r)
    return out


def successors(code, by_code, seen=()):
    """The current councils that replaced `code` (itself when current), following replaced-by."""
    r = by_code[code]
    if r["current-authority"] == "True":
        return [code]
    if code in seen:
        fail(f"register: replaced-by cycle at {code}")
    nxt = [c.strip() for c in r["replaced-by"].split(",") if c.strip()]
    if not nxt:
        fail(f"register: {code} ended without replaced-by")
    out = []
    for c in nxt:
        for s in successors(c, by_code, seen + (code,)):
            if s not in out:
                out.append(s)
    return sorted(out)


def pop(r):
    return float(r["pop-2020"]) if r["pop-2020"] else None


# ---------------------------------------------------------------------------------------------
# 2017-18 spend mapped to current councils

def map_spend(rs, by_code, current_codes, lines):
    """Returns ({current code: {line: £ thousand}}, [mapping rows], [notes])."""
    by_ecode = {}
    for r in by_code.values():
        if r["ecode"]:
            by_ecode.setdefault(r["ecode"], []).append(r)
    authorities = {}  # E-code -> register row, for the RS's principal councils
    for ecode, entry in rs.items():
        if entry["class"] not in RS_CLASSES:
            continue
        matches = by_ecode.get(ecode, [])
        if len(matches) != 1:
            fail(f"RS {ecode} {entry['name']}: {len(matches)} register rows with that ecode")
        authorities[ecode] = matches[0]

    notes = []
    values = {e: dict(entry["lines"]) for e, entry in rs.items() if e in authorities}

    # Missing returns ("…" in the RS): imputed per head from the other districts of the county.
    imputed = set()
    for ecode in sorted(values):
        if all(v is not None for v in values[ecode].values()):
            continue
        a = authorities[ecode]
        county = a["county-la"]
        if a["local-authority-type"] != "NMD" or not county:
            fail(f"RS {ecode}: missing values for a council that is not a shire district")
        peers = [e for e, r in authorities.items()
                 if r["county-la"] == county and e != ecode
                 and all(v is not None for v in values[e].values())]
        if pop(a) is None or any(pop(authorities[e]) is None for e in peers) or not peers:
            fail(f"RS {ecode}: cannot impute per head (populations missing)")
        peer_pop = sum(pop(authorities[e]) for e in peers)
        for line in lines:
            if values[ecode][line] is None:
                values[ecode][line] = sum(values[e][line] for e in peers) / peer_pop * pop(a)
        imputed.add(ecode)
        notes.append(f"{a['nice-name']} ({ecode}) has no 2017-18 figures (\"…\" in the RS): its lines are imputed per "
                     f"head (2020 population) from the other {len(peers)} districts of "
                     f"{by_code[county]['nice-name']}")

    # Each 2017-18 authority's share going to each current council.
    contributions = []  # (current code, ecode, share, method)
    for ecode in sorted(authorities):
        a = authorities[ecode]
        code = a["local-authority-code"]
        if code in current_codes:
            contributions.append((code, ecode, 1.0, "direct"))
            continue
        if a["local-authority-type"] != "CTY":
            succ = successors(code, by_code)
            if len(succ) != 1:
                fail(f"{code}: a district or unitary with several successors {succ}")
            contributions.append((succ[0], ecode, 1.0, "merged"))
            continue
        # An abolished county: split among the current councils its 2017-18 districts became.
        districts = sorted(e for e, r in authorities.items() if r["county-la"] == code)
        parts = {}
        for e in districts:
            succ = successors(authorities[e]["local-authority-code"], by_code)
            if len(succ) != 1:
                fail(f"{e}: a district with several successors")
            parts.setdefault(succ[0], []).append(e)
        if len(parts) == 1:
            (s,) = parts
            contributions.append((s, ecode, 1.0, "county_whole"))
            continue
        population = {}
        for s, ds in parts.items():
            if all(pop(authorities[e]) is not None for e in ds):
                population[s] = sum(pop(authorities[e]) for e in ds)
            else:
                # The successor's own population counts when it lies wholly in the county, that
                # is when every 2017-18 authority it replaced was one of the county's districts.
                feeders = [e for e, r in authorities.items()
                           if r["local-authority-type"] != "CTY"
                           and successors(r["local-authority-code"], by_code) == [s]]
                if sorted(feeders) == sorted(ds) and pop(by_code[s]) is not None:
                    population[s] = pop(by_code[s])
        unknown = sorted(s for s in parts if s not in population)
        shares = {}
        if unknown:
            # No population for the county's part of a successor: its share is its districts'
            # share of the county's districts' total service expenditure (line 699).
            total = sum(values[e]["699"] for e in districts)
            for s in unknown:
                shares[s] = sum(values[e]["699"] for e in parts[s]) / total
                notes.append(f"{by_code[code]['official-name']} ({ecode}): no population for the "
                             f"part that became {by_code[s]['nice-name']}; its share "
                             f"{shares[s]:.6f} is its districts' share of the county's districts' "
                             f"line 699")
        left = 1.0 - sum(shares.values())
        known_total = sum(population.values())
        for s in sorted(population):
            shares[s] = left * population[s] / known_total
        for s in sorted(shares):
            method = "county_spend_share" if s in unknown else "county_population_share"
            contributions.append((s, ecode, shares[s], method))

    spend = {c: {line: 0.0 for line in lines} for c in current_codes}
    methods = {c: set() for c in current_codes}
    mapping = []
    for code, ecode, share, method in sorted(contributions, key=lambda t: (by_code[t[0]]["gss-code"], t[1])):
        for line in lines:
            spend[code][line] += share * values[ecode][line]
        m = method + ("+imputed" if ecode in imputed else "")
        methods[code].update(m.split("+"))
        a = authorities[ecode]
        mapping.append({
            "gss": by_code[code]["gss-code"],
            "name": by_code[code]["nice-name"],
            "ecode_2017_18": ecode,
            "name_2017_18": a["nice-name"],
            "gss_2017_18": a["gss-code"],
            "share": share,
            "method": m,
        })
    missing = sorted(c for c in current_codes if not methods[c])
    if missing:
        fail(f"current councils without 2017-18 spend: {missing}")
    return spend, methods, mapping, notes


# ---------------------------------------------------------------------------------------------
# Neighbours

def map_neighbours(neighbours, by_code, councils):
    """Edges between current councils: {(gss_a, gss_b): kind}, gss_a < gss_b."""
    gss_to_code = {}
    for r in by_code.values():
        codes = [r["gss-code"]] + [c.strip() for c in r["former-gss-codes"].split(",") if c.strip()]
        for g in codes:
            if g:
                gss_to_code.setdefault(g, set()).add(r["local-authority-code"])
    current_gss = {c: by_code[c]["gss-code"] for c in councils}

    def to_current(g):
        codes = gss_to_code.get(g)
        if not codes or len(codes) != 1:
            fail(f"neighbours: {g} is not exactly one register row")
        (code,) = codes
        succ = successors(code, by_code)
        if len(succ) != 1:
            fail(f"neighbours: {g} has several successors {succ}")
        return succ[0]

    lower = {}  # frozenset{code, code} -> kind, among districts and unitary-type councils

    def add(edges, a, b, kind):
        if a == b:
            return
        key = frozenset((a, b))
        if edges.get(key) != "boundary":
            edges[key] = kind

    for g, entry in neighbours.items():
        if not g.startswith("E"):
            continue  # Wales, Scotland and Northern Ireland are outside the market
        a = to_current(g)
        boundary = entry[0] or []
        for other in boundary:
            if other.startswith("E"):
                add(lower, a, to_current(other), "boundary")
        for other in entry[1:]:
            if other and other.startswith("E"):
                add(lower, a, to_current(other), "nearby")

    county_of = {c: by_code[c]["county-la"] for c in councils if by_code[c]["county-la"]}
    districts_of = {}
    for d, cty in county_of.items():
        districts_of.setdefault(cty, set()).add(d)
    for c in councils:
        if TYPES[by_code[c]["local-authority-type"]] == "county" and c not in districts_of:
            fail(f"county {c} has no current districts")

    edges = {}
    for key, kind in lower.items():
        a, b = sorted(key)
        for x in {a, county_of.get(a, a)}:
            for y in {b, county_of.get(b, b)}:
                if x == y or y in districts_of.get(x, ()) or x in districts_of.get(y, ()):
                    continue
                add(edges, x, y, kind)
    out = {}
    for key, kind in edges.items():
        a, b = sorted(current_gss[c] for c in key)
        out[(a, b)] = kind
    return out


# ---------------------------------------------------------------------------------------------
# Addressable spend and saving rates

def term_value(term, lines_of_council):
    plus = sum(lines_of_council[l] for l in term["add"])
    minus = sum(lines_of_council[l] for l in term.get("subtract", []))
    return term["share"] * max(0.0, plus - minus)


def addressable(service, lines_of_council, key="addressable"):
    return sum(term_value(t, lines_of_council) for t in service[key])


def saving_rates(params, pounds):
    """{service id: {scenario: {n: rate}}}, and the calibration sums for the report."""
    sr = params["saving_rates"]
    ref = sr["reference_group_size"]
    if sr["group_size_curve"] != "1 - 1/n":
        fail("parameters: only the group size curve '1 - 1/n' is implemented")
    out, sums = {}, {}
    for service in params["services"]:
        total_addr = sum(addressable(service, v) for v in pounds.values())
        total_base = sum(addressable(service, v, "calibration_base") for v in pounds.values())
        if total_addr <= 0:
            fail(f"service {service['id']}: no addressable spend anywhere")
        sums[service["id"]] = (total_addr, total_base)
        out[service["id"]] = {}
        for scenario, spec in sr["scenarios"].items():
            at_ref = spec["share_of_expenditure"] * total_base / total_addr
            out[service["id"]][scenario] = {
                n: at_ref * (1 - 1 / n) / (1 - 1 / ref) for n in range(1, sr["max_group_size"] + 1)}
    return out, sums


# ---------------------------------------------------------------------------------------------
# Output

def money(x):
    """Whole pounds, no '-0'."""
    v = int(round(x))
    return str(v)


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def derive(repo, out_dir, quiet=False):
    src = repo / "market" / "data" / "source"
    params = json.loads((repo / "market" / "data" / "parameters.json").read_text(encoding="utf-8"))
    lines = sorted(params["spend"]["lines"], key=int)
    rows, by_code = read_register(src / "uk_local_authorities_current.csv")
    rs = read_rs(src / "RS_2017-18_net_current_expenditure.csv", lines)
    labels = read_labels(src / "la_labels.csv")
    meaning = read_label_descriptions(src / "la_label_desc.csv")
    with open(src / "lad2021_neighbours.json", encoding="utf-8") as f:
        neighbours = json.load(f)

    councils = current_councils(rows)
    codes = [r["local-authority-code"] for r in councils]
    split = {}
    for r in councils:
        t = TYPES[r["local-authority-type"]]
        split[t] = split.get(t, 0) + 1
    gss = {c: by_code[c]["gss-code"] for c in codes}
    if len(set(gss.values())) != len(codes):
        fail("two current councils share an ONS code")

    spend, methods, mapping, notes = map_spend(rs, by_code, set(codes), lines)
    pounds = {c: {l: spend[c][l] * 1000.0 for l in lines} for c in codes}
    edges = map_neighbours(neighbours, by_code, codes)
    rates, sums = saving_rates(params, pounds)

    # A county's region is its districts' region: the register puts Derbyshire and Lincolnshire
    # counties in other regions than all of their districts (both are in the East Midlands).
    region = {c: by_code[c]["region"] for c in codes}
    for c in codes:
        if TYPES[by_code[c]["local-authority-type"]] != "county":
            continue
        regions = {region[d] for d in codes if by_code[d]["county-la"] == c}
        if len(regions) != 1:
            fail(f"county {c}: its districts lie in several regions {sorted(regions)}")
        (r,) = regions
        if r != region[c]:
            notes.append(f"{by_code[c]['official-name']}: region {r} (its districts'), "
                         f"not the register's {region[c]}")
            region[c] = r

    # A county's point is the population-weighted mean of its districts' points: the register's
    # points for several counties lie far outside them (Lancashire's is in Northamptonshire,
    # Devon's in South Wales); the script prints each county it moves by more than 20 km.
    point = {c: tuple(float(by_code[c][k]) for k in ("lat", "long", "x", "y")) for c in codes}
    for c in codes:
        if TYPES[by_code[c]["local-authority-type"]] != "county":
            continue
        ds = [d for d in codes if by_code[d]["county-la"] == c]
        weight = sum(float(by_code[d]["pop-2020"]) for d in ds)
        mean = tuple(sum(float(by_code[d]["pop-2020"]) * point[d][i] for d in ds) / weight
                     for i in range(4))
        moved = ((mean[2] - point[c][2]) ** 2 + (mean[3] - point[c][3]) ** 2) ** 0.5 / 1000
        if moved > 20:
            notes.append(f"{by_code[c]['official-name']}: point moved {moved:.0f} km from the "
                         f"register's to its districts' population-weighted mean")
        point[c] = mean

    out_dir.mkdir(parents=True, exist_ok=True)
    header = ["gss", "code", "name", "official_name", "type", "region", "county_gss",
              "population", "area_km2", "lat", "long", "bng_x", "bng_y", "imd_quintile",
              "rural_urban", "spend_basis"] + [f"ro_{l}" for l in lines]
    out_rows = []
    for c in sorted(codes, key=lambda c: gss[c]):
        r = by_code[c]
        parts = labels.get(c, "").split("; ")
        if len(parts) != 4 or parts[2] not in IMD or parts[3] not in RURAL_URBAN:
            fail(f"la_labels: no usable label for {c}")
        county = r["county-la"]
        if (TYPES[r["local-authority-type"]] == "district") != bool(county):
            fail(f"{c}: a district must have a county and only a district")
        basis = "direct" if methods[c] == {"direct"} else "+".join(sorted(methods[c]))
        out_rows.append([
            gss[c], c, r["nice-name"], r["official-name"], TYPES[r["local-authority-type"]],
            region[c], by_code[county]["gss-code"] if county else "",
            money(float(r["pop-2020"])), f"{float(r['area']):.0f}",
            f"{point[c][0]:.6f}", f"{point[c][1]:.6f}", f"{point[c][2]:.0f}", f"{point[c][3]:.0f}",
            IMD[parts[2]], RURAL_URBAN[parts[3]], basis,
        ] + [money(pounds[c][l]) for l in lines])
    write_csv(out_dir / "councils.csv", header, out_rows)

    write_csv(out_dir / "spend_mapping.csv",
              ["gss", "name", "ecode_2017_18", "gss_2017_18", "name_2017_18", "share", "method"],
              [[m["gss"], m["name"], m["ecode_2017_18"], m["gss_2017_18"], m["name_2017_18"],
                f"{m['share']:.6f}", m["method"]] for m in mapping])

    write_csv(out_dir / "neighbours.csv", ["gss_a", "gss_b", "kind"],
              [[a, b, edges[(a, b)]] for a, b in sorted(edges)])

    services = [s["id"] for s in params["services"]]
    write_csv(out_dir / "addressable_spend.csv", ["gss"] + services,
              [[gss[c]] + [money(addressable(s, pounds[c])) for s in params["services"]]
               for c in sorted(codes, key=lambda c: gss[c])])

    rate_rows = []
    for s in services:
        for scenario in params["saving_rates"]["scenarios"]:
            for n, rate in rates[s][scenario].items():
                rate_rows.append([s, scenario, n, f"{rate:.6f}"])
    write_csv(out_dir / "saving_rates.csv", ["service", "scenario", "group_size", "rate"], rate_rows)

    label_rows = [["imd_quintile", IMD[k], k, meaning[k]] for k in sorted(IMD, key=IMD.get)]
    label_rows += [["rural_urban", v, k, meaning[k]] for k, v in RURAL_URBAN.items()]
    write_csv(out_dir / "labels.csv", ["field", "value", "label", "meaning"], label_rows)

    if not quiet:
        print(f"{len(codes)} current English principal councils:",
              ", ".join(f"{split.get(t, 0)} {t}" for t in EXPECTED_SPLIT))
        if split != EXPECTED_SPLIT:
            print("  (the issue expects", ", ".join(f"{v} {t}" for t, v in EXPECTED_SPLIT.items()),
                  "- the register differs; see market/data/README.md)")
        mapped = [c for c in codes if methods[c] != {"direct"}]
        print(f"{len(mapped)} councils whose 2017-18 spend comes from a mapping:")
        for c in sorted(mapped, key=lambda c: gss[c]):
            parts = [f"{m['name_2017_18']} x {m['share']:.6f}" if m["share"] != 1.0 else m["name_2017_18"]
                     for m in mapping if m["gss"] == gss[c]]
            print(f"  {gss[c]} {by_code[c]['nice-name']}: " + " + ".join(parts))
        for n in notes:
            print("note:", n)
        kinds = {}
        for k in edges.values():
            kinds[k] = kinds.get(k, 0) + 1
        print(f"{len(edges)} neighbour edges: {kinds.get('boundary', 0)} boundary, "
              f"{kinds.get('nearby', 0)} nearby")
        total699 = sum(pounds[c]["699"] for c in codes)
        for s in params["services"]:
            addr, base = sums[s["id"]]
            ref = params["saving_rates"]["reference_group_size"]
            r = {k: rates[s["id"]][k][ref] for k in params["saving_rates"]["scenarios"]}
            print(f"service {s['id']}: addressable £{addr / 1e9:.2f}bn "
                  f"({addr / total699 * 100:.1f} % of total service expenditure); rate at n={ref}: "
                  + ", ".join(f"{k} {v * 100:.2f} %" for k, v in r.items()))
        bo = params["services"][0]
        if bo["id"] == "back_office":
            by_type = {}
            for c in codes:
                t = TYPES[by_code[c]["local-authority-type"]]
                a, b = by_type.get(t, (0.0, 0.0))
                by_type[t] = (a + addressable(bo, pounds[c]), b + max(0.0, pounds[c]["699"]))
            print("back-office addressable share of line 699 by type: " + ", ".join(
                f"{t} {a / b * 100:.1f} %" for t, (a, b) in sorted(by_type.items())))
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("repo", nargs="?", default=str(pathlib.Path(__file__).resolve().parent.parent))
    p.add_argument("--out", help="output folder (default REPO/market/data)")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args()
    repo = pathlib.Path(a.repo)
    out = pathlib.Path(a.out) if a.out else repo / "market" / "data"
    try:
        return derive(repo, out, a.quiet)
    except DataError as e:
        print(f"derive_council_data: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
