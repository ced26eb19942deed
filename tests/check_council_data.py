#!/usr/bin/python3
"""Checks the market place's derived council data (market/data/*.csv):

- scripts/derive_council_data.py, re-run into a temporary folder, reproduces every committed
  derived file byte for byte (LF line endings, no stray files);
- the derived numbers agree with the raw sources in market/data/source/, read here on their own
  (nothing is imported from the derivation): the 317 current English principal councils and their
  split by type; populations; a direct council's spend; merged councils' spend equal to the sum of
  their predecessors' raw lines (West Suffolk, East Suffolk, Buckinghamshire, Somerset); a county
  split by population by hand (North Northamptonshire, Cumberland with Copeland imputed); England's
  total conserved;
- the neighbour graph: undirected edges listed once between current councils, every council with a
  neighbour, only the two island councils without a shared boundary, every raw English boundary
  kept, and West Sussex's neighbours worked by hand from its seven districts' raw entries;
- the addressable spend and saving rates follow parameters.json (one council by hand, the NLGN
  calibration, the group-size curve).

Usage: check_council_data.py [SOURCE_DIR]. Exit status 0 when all hold.
"""

import csv
import json
import pathlib
import subprocess
import sys
import tempfile

DERIVED = ["councils.csv", "spend_mapping.csv", "neighbours.csv", "addressable_spend.csv",
           "saving_rates.csv", "labels.csv"]
LINES = ["190", "290", "330", "360", "390", "490", "509", "590", "599", "601", "602", "690",
         "698", "699"]

failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def raw_register(src):
    rows = read_csv(src / "uk_local_authorities_current.csv")
    return rows, {r["local-authority-code"]: r for r in rows}


def raw_rs(src):
    """{E-code: {line: £ thousand or None}} straight from the RS sheet."""
    with open(src / "RS_2017-18_net_current_expenditure.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    col = {line: rows[5].index(line) for line in LINES}
    out = {}
    for r in rows[7:]:
        if r and len(r[0]) == 5 and r[0][0] == "E" and r[0][1:].isdigit():
            out[r[0]] = {"class": r[4],
                         "lines": {l: (None if r[j] == "…" else float(r[j])) for l, j in col.items()}}
    return out


def close(a, b, tol=1.0):
    return abs(a - b) <= tol


def main():
    repo = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    data = repo / "market" / "data"
    src = data / "source"

    # 1. Re-running the derivation reproduces the committed files.
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run([sys.executable, str(repo / "scripts" / "derive_council_data.py"),
                              str(repo), "--out", tmp, "--quiet"], capture_output=True, text=True)
        check(run.returncode == 0, f"derivation runs (exit {run.returncode}) {run.stderr.strip()}")
        made = sorted(p.name for p in pathlib.Path(tmp).iterdir())
        check(made == sorted(DERIVED), f"derivation writes exactly {', '.join(DERIVED)}")
        for name in DERIVED:
            fresh = pathlib.Path(tmp, name)
            committed = data / name
            same = fresh.exists() and committed.exists() and fresh.read_bytes() == committed.read_bytes()
            check(same, f"{name} reproduced byte for byte")
            if committed.exists():
                raw = committed.read_bytes()
                check(b"\r" not in raw and raw.endswith(b"\n"), f"{name}: LF line endings")

    councils = read_csv(data / "councils.csv")
    by_gss = {r["gss"]: r for r in councils}
    rows, by_code = raw_register(src)
    rs = raw_rs(src)
    params = json.loads((data / "parameters.json").read_text(encoding="utf-8"))

    # 2. The councils: 317, split by type, the same set as the raw register gives.
    split = {}
    for r in councils:
        split[r["type"]] = split.get(r["type"], 0) + 1
    expected = {"county": 21, "district": 164, "unitary": 63, "metropolitan_district": 36,
                "london_borough": 32, "city_of_london": 1}
    check(len(councils) == 317 and len(by_gss) == 317, f"317 councils, one row each ({len(councils)})")
    check(split == expected, f"split by type {split}")
    raw_types = {"CTY": "county", "NMD": "district", "UA": "unitary", "MD": "metropolitan_district",
                 "LBO": "london_borough", "CC": "city_of_london"}
    raw_current = {r["gss-code"]: raw_types[r["local-authority-type"]] for r in rows
                   if r["nation"] == "England" and r["end-date"] == ""
                   and r["local-authority-type"] in raw_types}
    check(raw_current == {g: r["type"] for g, r in by_gss.items()},
          "the councils and types are the register's English rows without an end date "
          "(combined authorities and the GLA left out)")
    check(list(by_gss) == sorted(by_gss), "councils sorted by ONS code")

    # 3. Populations against the raw register, and each county equal to its districts.
    raw_pop = {r["gss-code"]: r["pop-2020"] for r in rows if r["end-date"] == ""}
    for g in ["E07000223", "E08000025", "E06000053", "E09000001", "E06000063", "E10000029"]:
        check(by_gss[g]["population"] == str(int(float(raw_pop[g]))),
              f"population of {by_gss[g]['name']} {by_gss[g]['population']} = register {raw_pop[g]}")
    for r in councils:
        if r["type"] == "county":
            total = sum(int(d["population"]) for d in councils if d["county_gss"] == r["gss"])
            check(total == int(r["population"]), f"{r['name']}: population = its districts' ({total})")
    check(all((r["county_gss"] != "") == (r["type"] == "district") for r in councils)
          and all(by_gss[r["county_gss"]]["type"] == "county" for r in councils if r["county_gss"]),
          "every district, and only a district, names its county")

    # 4. Spend (£) against the raw RS lines (£ thousand).
    def spend(g, line):
        return float(by_gss[g]["ro_" + line])

    def raw(ecode, line):
        return rs[ecode]["lines"][line] * 1000

    for line in LINES:
        check(close(spend("E07000223", line), raw("E3831", line)), f"Adur line {line} = its own RS line")
    merged = {
        "E07000245": ("West Suffolk", ["E3532", "E3535"]),            # Forest Heath, St Edmundsbury
        "E07000244": ("East Suffolk", ["E3536", "E3537"]),            # Suffolk Coastal, Waveney
        "E06000060": ("Buckinghamshire", ["E0421", "E0431", "E0432", "E0434", "E0435"]),
        "E06000066": ("Somerset", ["E3320", "E3331", "E3332", "E3333", "E3334", "E3335"]),
    }
    for g, (name, ecodes) in merged.items():
        ok = all(close(spend(g, l), sum(raw(e, l) for e in ecodes), len(ecodes)) for l in LINES)
        check(ok, f"{name}: every line = the sum of {' + '.join(ecodes)} "
                  f"(690: {spend(g, '690'):.0f}, 699: {spend(g, '699'):.0f})")

    # North Northamptonshire: its four districts plus Northamptonshire county x its population share.
    pop = lambda code: float(by_code[code]["pop-2020"])
    share = pop("NNT") / (pop("NNT") + pop("WNT"))
    ok = all(close(spend("E06000061", l),
                   sum(raw(e, l) for e in ["E2831", "E2833", "E2834", "E2837"]) + share * raw("E2820", l), 4)
             for l in LINES)
    check(ok, f"North Northamptonshire = Corby + East Northants + Kettering + Wellingborough "
              f"+ {share:.6f} x Northamptonshire")
    # Cumberland: Allerdale + Carlisle + Copeland (no figures: per head of the other five Cumbrian
    # districts) + Cumbria x (Allerdale + Carlisle + Copeland) / (all six districts' population).
    others = ["ALL", "BAR", "CAR", "EDN", "SLA"]
    ok = True
    for l in LINES:
        per_head = sum(raw(by_code[c]["ecode"], l) for c in others) / sum(pop(c) for c in others)
        copeland = per_head * pop("COP")
        cshare = (pop("ALL") + pop("CAR") + pop("COP")) / sum(pop(c) for c in others + ["COP"])
        want = raw("E0931", l) + raw("E0933", l) + copeland + cshare * raw("E0920", l)
        ok = ok and close(spend("E06000063", l), want, 4)
    check(rs["E0934"]["lines"]["699"] is None and ok,
          "Cumberland = Allerdale + Carlisle + Copeland imputed per head + Cumbria x population share")
    # England's total is conserved (plus Copeland's imputed figures).
    principal = [e for e, v in rs.items() if v["class"] in {"SC", "SD", "UA", "MD", "L"}]
    copeland699 = (sum(raw(by_code[c]["ecode"], "699") for c in others)
                   / sum(pop(c) for c in others) * pop("COP"))
    total_raw = sum(raw(e, "699") for e in principal if e != "E0934") + copeland699
    total = sum(float(r["ro_699"]) for r in councils)
    check(close(total, total_raw, 317), f"England's line 699 conserved: £{total:.0f} vs £{total_raw:.0f}")
    mapping = read_csv(data / "spend_mapping.csv")
    used = {}
    for m in mapping:
        used[m["ecode_2017_18"]] = used.get(m["ecode_2017_18"], 0.0) + float(m["share"])
    check(sorted(used) == sorted(principal) and all(abs(v - 1) < 2e-6 for v in used.values()),
          f"spend_mapping: every 2017-18 principal authority ({len(principal)}) shared out exactly once")
    mapped = sorted(r["name"] for r in councils if r["spend_basis"] != "direct")
    check(len(mapped) == 11, f"11 councils' spend comes from a mapping: {', '.join(mapped)}")

    # 5. Neighbours.
    edges = read_csv(data / "neighbours.csv")
    pairs = [(e["gss_a"], e["gss_b"]) for e in edges]
    check(all(a < b for a, b in pairs) and len(set(pairs)) == len(pairs),
          f"{len(edges)} edges, each once with gss_a < gss_b (no self-edges)")
    check(all(a in by_gss and b in by_gss for a, b in pairs), "every edge joins two current councils")
    check({e["kind"] for e in edges} <= {"boundary", "nearby"}, "kinds are boundary or nearby")
    adj = {g: {} for g in by_gss}
    for e in edges:
        adj[e["gss_a"]][e["gss_b"]] = e["kind"]
        adj[e["gss_b"]][e["gss_a"]] = e["kind"]
    check(all(adj[a][b] == adj[b][a] for a in adj for b in adj[a]), "the neighbour relation is symmetric")
    check(all(adj[g] for g in adj), "every council has at least one neighbour (the Isles of Scilly "
          "only 'nearby' ones)")
    no_boundary = sorted(g for g in adj if "boundary" not in adj[g].values())
    check(no_boundary == ["E06000046", "E06000053"],
          f"only the Isle of Wight and the Isles of Scilly share no boundary: {no_boundary}")
    with open(src / "lad2021_neighbours.json", encoding="utf-8") as f:
        raw_nb = json.load(f)
    kept = all(adj[a].get(b) == "boundary"
               for a, entry in raw_nb.items() if a in by_gss
               for b in (entry[0] or []) if b in by_gss)
    check(kept, "every raw boundary between two current councils is a boundary edge")
    # West Sussex by hand. Its districts (Adur, Arun, Chichester, Crawley, Horsham, Mid Sussex,
    # Worthing) share boundaries, outside the county, with: Brighton and Hove (Adur, Mid Sussex),
    # Lewes and Wealden (Mid Sussex), Tandridge (Mid Sussex), Reigate and Banstead (Crawley,
    # Horsham), Mole Valley (Horsham), Waverley (Horsham, Chichester), East Hampshire and Havant
    # (Chichester); so with their counties East Sussex, Surrey and Hampshire.
    wsx = "E10000032"
    districts = {r["gss"] for r in councils if r["county_gss"] == wsx}
    raw_hand = set()
    for d in districts:
        raw_hand.update(b for b in (raw_nb[d][0] or []) if b not in districts)
    by_hand = {"E06000043", "E07000063", "E07000065", "E07000215", "E07000211", "E07000210",
               "E07000216", "E07000085", "E07000090"}
    check(raw_hand == by_hand, "West Sussex's districts' raw boundary lists give the nine councils by hand")
    want = by_hand | {"E10000011", "E10000030", "E10000014"}
    got = {b for b, k in adj[wsx].items() if k == "boundary"}
    check(got == want, f"West Sussex's boundary neighbours = the nine and East Sussex, Surrey, "
                       f"Hampshire ({len(got)})")
    check(not (set(adj[wsx]) & districts), "West Sussex is not its own districts' neighbour")

    # 6. Addressable spend and saving rates.
    addr = {r["gss"]: r for r in read_csv(data / "addressable_spend.csv")}
    services = {s["id"]: s for s in params["services"]}
    bo = services["back_office"]
    a = bo["addressable"]
    adur = lambda l: raw("E3831", l)
    by_hand = (a[0]["share"] * max(0.0, adur("690"))
               + a[1]["share"] * max(0.0, adur("699") - adur("690") - adur("190")))
    check(close(float(addr["E07000223"]["back_office"]), by_hand, 1),
          f"Adur's back-office addressable spend by hand: £{by_hand:.0f}")
    check(all(close(float(addr[g]["environmental_regulatory"]), max(0.0, spend(g, "590")), 1)
              for g in addr), "environmental_regulatory = line 590 (0 when negative)")
    rates = {}
    for r in read_csv(data / "saving_rates.csv"):
        rates[(r["service"], r["scenario"], int(r["group_size"]))] = float(r["rate"])
    ref = params["saving_rates"]["reference_group_size"]
    largest = params["saving_rates"]["max_group_size"]
    curves_ok = True
    for scenario, spec in params["saving_rates"]["scenarios"].items():
        target = spec["share_of_expenditure"]
        saved = sum(rates[("back_office", scenario, ref)] * float(addr[g]["back_office"]) for g in addr)
        base = sum(max(0.0, float(r["ro_699"])) for r in councils)
        check(abs(saved / base - target) < 1e-5,
              f"back office, {scenario}: England saves {saved / base * 100:.4f} % of line 699 "
              f"at {ref} councils (NLGN {target * 100:g} %)")
        check(abs(rates[("planning_development", scenario, ref)] - target) < 1e-6,
              f"a front-line service, {scenario}: {target * 100:g} % of its own spend at {ref} councils")
        for s in services:
            r = [rates[(s, scenario, n)] for n in range(1, largest + 1)]
            curve = all(abs(r[n - 1] - r[ref - 1] * (1 - 1 / n) / (1 - 1 / ref)) < 2e-6
                        for n in range(1, largest + 1))
            curves_ok = curves_ok and r[0] == 0 and curve and all(x < y for x, y in zip(r, r[1:]))
    check(curves_ok and len(rates) == len(services) * len(params["saving_rates"]["scenarios"]) * largest,
          f"saving rates of every service and scenario: 0 for one council, rising as 1 - 1/n up to {largest}")

    # 7. Labels.
    labels = {r["local-authority-code"]: r["label"] for r in read_csv(src / "la_labels.csv")}
    for code, quintile, ru in [("ADU", "4", "urban"), ("IOS", None, None), ("NYE", None, None)]:
        r = next(c for c in councils if c["code"] == code)
        parts = labels[code].split("; ")
        q = parts[2][0]
        check(r["imd_quintile"] == q and r["rural_urban"] == parts[3].lower().replace(" ", "_")
              and (quintile is None or (q == quintile and r["rural_urban"] == ru)),
              f"{r['name']}: IMD quintile {r['imd_quintile']}, {r['rural_urban']} as la_labels.csv")

    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
