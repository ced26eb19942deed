// Opens itsb's HTML reports in headless Chromium as a reader would, and checks them against the
// same command's JSON output.
//
//   node check_html.mjs ITSB_BINARY OUTPUT_DIR
//
// For every examples/*.json (`itsb run`), the default pilot's `schedule`, `compare`, `simulate`,
// `sensitivity` and `size`, a `redeem`, and an input whose name is markup, it writes the HTML report with
// --output, loads it from file://, and fails on any console error or warning, on any request
// other than the file itself (and data: URIs), on a missing chart or key figure, and on any
// plotted point, marker or key figure whose value differs from the JSON number it names
// (data-json, a JSON pointer). It saves a full-page screenshot of each into OUTPUT_DIR, and a
// phone-width one, the README's top-of-page crops and a PDF (print CSS) of the default pilot.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [itsb, outputDir] = process.argv.slice(2);
if (!itsb || !outputDir) {
  console.error("usage: node check_html.mjs ITSB_BINARY OUTPUT_DIR");
  process.exit(2);
}
const sourceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
if (!fs.existsSync(chromiumPath)) {
  console.error(`check_html: ${chromiumPath} not found (Debian package chromium)`);
  process.exit(1);
}
fs.mkdirSync(outputDir, { recursive: true });

// The flags this machine needs: no sandbox as root, and nothing that phones home (the closed
// network refuses it, and a request that is not the report must fail the test, not Chromium's).
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
];

// The seven figures the issue asks to see first, by data-key.
const headlineKeys = ["notional", "coupon", "investor_yield", "project_irr", "project_npv", "min_dscr", "break_even_year"];

function itsbJson(args) {
  return JSON.parse(execFileSync(itsb, [...args, "--format", "json"], { encoding: "utf8", maxBuffer: 1 << 28 }));
}

function pointer(document, ptr) {
  if (ptr === "") return document;
  let value = document;
  for (const raw of ptr.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (value === null || typeof value !== "object" || !(key in value)) return undefined;
    value = value[key];
  }
  return value;
}

//! An attribute's text against a JSON value: numbers must be the same double, null "null".
function same(text, value) {
  if (value === null) return text === "null";
  if (typeof value === "number") return text !== null && text !== "" && Number(text) === value;
  return text === String(value);
}

const examples = fs
  .readdirSync(path.join(sourceDir, "examples"))
  .filter((f) => f.endsWith(".json"))
  .sort();
const pilot = path.join(sourceDir, "examples", "default_pilot.json");
const cases = [
  ...examples.map((f) => ({
    name: `run-${path.basename(f, ".json")}`,
    args: ["run", path.join(sourceDir, "examples", f)],
    charts: ["chart-cumulative-position", "chart-savings-debt-service", "chart-dscr", "chart-balance"],
    headline: true,
  })),
  { name: "schedule-default_pilot", args: ["schedule", pilot], charts: ["chart-balance"], headline: false },
  {
    name: "compare-default_pilot",
    args: ["compare", pilot],
    charts: ["chart-saving-rate", "chart-npv", "chart-break-even"],
    headline: true,
  },
  {
    name: "simulate-default_pilot",
    args: ["simulate", pilot],
    charts: ["chart-npv-histogram", "chart-break-even-years"],
    headline: true,
  },
  {
    name: "sensitivity-default_pilot",
    args: ["sensitivity", pilot],
    charts: ["chart-tornado-project-npv", "chart-tornado-npv-after-financing", "chart-tornado-min-dscr",
             "chart-tornado-break-even-year"],
    headline: true,
  },
  {
    name: "sensitivity-grid",
    args: ["sensitivity", pilot, "--grid", "/bond/coupon=0.03:0.07:0.01", "--grid",
           "/programme/service_lines/0/saving_rate=0.04:0.1:0.02"],
    charts: ["chart-grid"],
    headline: true,
  },
  // Answers without charts: their key figures are checked against their own JSON.
  { name: "size-default_pilot", args: ["size", pilot], charts: [], headline: false, figures: 5, noTables: true },
  {
    name: "redeem-redeem_maturity_loan",
    args: ["redeem", path.join(sourceDir, "examples", "redeem_maturity_loan.json"), "--date", "2033-04-15", "--rate", "0.115"],
    charts: [],
    headline: false,
    figures: 4,
    noTables: true,
  },
  {
    // Names come from input files: markup in one must reach the reader as text.
    name: "run-markup-in-name",
    args: ["run", pilot, "--set", '/name=<script>alert("x")</script> & <b>bold</b>'],
    charts: ["chart-cumulative-position"],
    headline: true,
    title: '<script>alert("x")</script> & <b>bold</b>',
  },
];

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "itsb-chromium-"));
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "itsb-html-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: chromiumPath,
  headless: true,
  args: chromiumArgs,
  viewport: { width: 1280, height: 900 },
  offline: true,
});

let failures = 0;
let totals = { reports: 0, points: 0, figures: 0, consoleErrors: 0, requests: 0 };

try {
  for (const c of cases) {
    const problems = [];
    const htmlPath = path.join(reportDir, `${c.name}.html`);
    execFileSync(itsb, [...c.args, "--format", "html", "--output", htmlPath]);
    const json = itsbJson(c.args);
    const url = pathToFileURL(htmlPath).href;

    const page = await context.newPage();
    const messages = [];
    const requests = [];
    page.on("console", (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => messages.push(`pageerror: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: "load" });

    const bad = messages.filter((m) => /^(error|warning|pageerror)/.test(m));
    if (bad.length) problems.push(`console: ${bad.join(" | ")}`);
    const foreign = requests.filter((r) => r !== url && !r.startsWith("data:"));
    if (foreign.length) problems.push(`requests besides the file: ${foreign.join(", ")}`);

    const report = await page.evaluate(() => {
      const attrs = (e) => Object.fromEntries([...e.attributes].map((a) => [a.name, a.value]));
      return {
        title: document.querySelector("h1")?.textContent ?? null,
        scripts: document.querySelectorAll("script").length,
        version: document.querySelector('meta[name="generator"]')?.getAttribute("content") ?? null,
        sha: document.querySelector("#input-sha256")?.textContent ?? null,
        conventions: !!document.querySelector("#conventions"),
        tables: document.querySelectorAll("table caption").length,
        charts: [...document.querySelectorAll("svg.chart")].map((svg) => {
          const [titleId, descId] = (svg.getAttribute("aria-labelledby") || "").split(" ");
          return {
            id: svg.id,
            role: svg.getAttribute("role"),
            title: document.getElementById(titleId)?.textContent ?? "",
            desc: document.getElementById(descId)?.textContent ?? "",
            visible: svg.getBoundingClientRect().width > 100,
            axisTexts: svg.querySelectorAll(".axis text").length,
            plotted: [...svg.querySelectorAll(".point, .bar")].map(attrs),
            markers: [...svg.querySelectorAll(".marker")].map(attrs),
          };
        }),
        figures: [...document.querySelectorAll("#key-figures .card")].map((card) => ({
          ...attrs(card),
          text: card.querySelector(".value")?.textContent ?? "",
        })),
      };
    });

    if (report.scripts !== 0) problems.push(`${report.scripts} <script> elements`);
    if (c.title && report.title !== c.title) problems.push(`h1 is ${JSON.stringify(report.title)}, not the name as text`);
    if (report.version !== `itsb ${json.itsb_version}`) problems.push(`generator ${report.version}`);
    if (report.sha !== json.input_sha256) problems.push(`input hash ${report.sha} is not ${json.input_sha256}`);
    if (!report.conventions) problems.push("no conventions section");
    if (report.tables === 0 && !c.noTables) problems.push("no tables");

    // Charts: present, labelled, and every plotted value equal to the JSON number it names.
    let points = 0;
    for (const id of c.charts)
      if (!report.charts.some((chart) => chart.id === id)) problems.push(`chart ${id} missing`);
    for (const chart of report.charts) {
      if (chart.role !== "img" || !chart.title || !chart.desc) problems.push(`${chart.id}: no text alternative`);
      if (!chart.visible) problems.push(`${chart.id}: not laid out`);
      if (chart.axisTexts < 4) problems.push(`${chart.id}: axes without labels`);
      if (chart.plotted.length === 0) problems.push(`${chart.id}: nothing plotted`);
      for (const p of chart.plotted) {
        if (!p["data-json"]) {
          problems.push(`${chart.id}: ${p["data-series"]} at ${p["data-x"]} has no data-json`);
          continue;
        }
        const checks = [
          ["data-y", "data-json"],
          ["data-x", "data-json-x"],
          ["data-x1", "data-json-x1"],
        ];
        for (const [valueAttr, sourceAttr] of checks) {
          if (!(sourceAttr in p)) continue;
          const expected = pointer(json, p[sourceAttr]);
          if (expected === undefined || !same(p[valueAttr], expected))
            problems.push(`${chart.id}: ${valueAttr}=${p[valueAttr]} but ${p[sourceAttr]} is ${JSON.stringify(expected)}`);
          else points += 1;
        }
      }
      for (const m of chart.markers) {
        if (!m["data-json"]) continue;
        const expected = pointer(json, m["data-json"]);
        if (!same(m["data-value"], expected))
          problems.push(`${chart.id}: marker ${m["data-marker"]}=${m["data-value"]} but ${m["data-json"]} is ${expected}`);
        else points += 1;
      }
    }

    // Key figures: the seven asked for, each equal to the JSON where the JSON has it, and the
    // run's figures equal to `itsb run --format json` whatever the command.
    let figures = 0;
    if (c.headline) {
      const run = c.args[0] === "run" ? json : itsbJson(["run", ...c.args.slice(1).filter((a, i, all) =>
        !(a.startsWith("--grid") || (i > 0 && all[i - 1] === "--grid")))]);
      for (const key of headlineKeys) {
        const card = report.figures.find((f) => f["data-key"] === key);
        if (!card) {
          problems.push(`key figure ${key} missing`);
          continue;
        }
        const value = card["data-value"];
        if (key === "coupon") {
          // The conventions state the coupon to two places.
          const stated = Number.parseFloat(run.conventions.coupon) / 100;
          if (Math.abs(Number(value) - stated) > 0.00005 + 1e-12) problems.push(`coupon ${value} vs conventions ${run.conventions.coupon}`);
        } else if (!same(value, run.metrics[key])) {
          problems.push(`key figure ${key}=${value} but run metrics say ${run.metrics[key]}`);
        }
        if (key === "break_even_year" && run.metrics.break_even_year > 0 &&
            !card.text.includes(run.metrics.break_even_fiscal_year))
          problems.push(`break-even card reads ${card.text}`);
        if (key === "notional" && !card.text.includes(run.metrics.notional.toLocaleString("en-GB", { minimumFractionDigits: 2 })))
          problems.push(`notional card reads ${card.text}`);
        figures += 1;
      }
    }
    for (const card of report.figures) {
      if (!card["data-json"]) continue;
      const expected = pointer(json, card["data-json"]);
      if (!same(card["data-value"], expected))
        problems.push(`key figure ${card["data-key"]}=${card["data-value"]} but ${card["data-json"]} is ${expected}`);
      else figures += c.headline ? 0 : 1;
    }
    if (c.figures && report.figures.length !== c.figures) problems.push(`${report.figures.length} key figures, not ${c.figures}`);

    const screenshot = path.join(outputDir, `${c.name}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });

    if (c.name === "run-default_pilot") {
      // The README's picture: the first screen and a half (header, key figures, charts).
      await page.screenshot({ path: path.join(outputDir, "run-default_pilot-top.png"),
                              clip: { x: 0, y: 0, width: 1280, height: 1500 }, fullPage: true });
      // On a phone: nothing wider than the screen (wide tables scroll inside their own box).
      const phone = await context.newPage();
      phone.on("console", (m) => /^(error|warning)$/.test(m.type()) && problems.push(`phone console: ${m.text()}`));
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(url, { waitUntil: "load" });
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) problems.push(`the page is ${overflow}px wider than a 390px phone`);
      await phone.screenshot({ path: path.join(outputDir, "run-default_pilot-phone.png"), fullPage: true });
      await phone.screenshot({ path: path.join(outputDir, "run-default_pilot-phone-top.png"),
                               clip: { x: 0, y: 0, width: 390, height: 1700 }, fullPage: true });
      await phone.close();
      // Printed: Chromium's PDF of the print stylesheet.
      await page.emulateMedia({ media: "print" });
      await page.pdf({ path: path.join(outputDir, "run-default_pilot.pdf"), format: "A4", printBackground: false });
    }
    await page.close();

    totals.reports += 1;
    totals.points += points;
    totals.figures += figures;
    totals.consoleErrors += bad.length;
    totals.requests += foreign.length;
    const summary = `${c.name}: ${report.charts.length} charts, ${points} plotted values and markers equal to the JSON, ` +
      `${figures} key figures, ${bad.length} console errors, ${foreign.length} other requests -> ${screenshot}`;
    if (problems.length) {
      failures += 1;
      console.log(`FAIL ${summary}`);
      for (const p of problems.slice(0, 20)) console.log(`  - ${p}`);
      if (problems.length > 20) console.log(`  ... and ${problems.length - 20} more`);
    } else {
      console.log(`ok   ${summary}`);
    }
  }
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
  fs.rmSync(reportDir, { recursive: true, force: true });
}

console.log(`${totals.reports} reports, ${totals.points} values compared, ${totals.figures} key figures, ` +
  `${totals.consoleErrors} console errors, ${totals.requests} other requests; ${failures} failed`);
process.exit(failures ? 1 : 0);
