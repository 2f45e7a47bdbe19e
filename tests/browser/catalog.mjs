// The organisation's catalog in real headless Chromium: two repositories
// (checkouts, each with its own designdoc.toml) built into one catalog by
// `designdoc catalog serve`. The organisation dashboard, search across
// repositories (one Pagefind index per shard of sources, merged in the
// browser) with the repository as a facet, a reference between
// repositories that opens the other repository's doc, the graph across
// repositories, and every kind of
// page at 320, 390 and 1280 px without horizontal scroll.
//
//   node tests/browser/catalog.mjs          (DESIGNDOC=path/to/designdoc)
//
// Screenshots go to target/browser-artifacts/catalog-*.png;
// UPDATE_SCREENSHOTS=1 copies the search one to docs/images/ for the README.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
const bin = path.resolve(repoRoot, process.env.DESIGNDOC || "target/debug/designdoc");
const artifacts = path.join(repoRoot, "target/browser-artifacts");
fs.mkdirSync(artifacts, { recursive: true });
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

// Two repositories. "reconciliation" is in a doc of each (the facet
// narrows it to one); "ledgers" and "tokenizer" are each in one.
const work = fs.mkdtempSync(path.join(os.tmpdir(), "designdoc-catalog-browser-"));
function doc(repo, file, front, title, body) {
  const dir = path.join(work, repo, "docs/design");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file),
    ["---", ...front, "---", `# Design Document: ${title}`, "", "## Overview", "", body, ""].join("\n"));
}
doc("payments", "0001-ledger.md", ["title: Double-entry ledger", "status: accepted", "created: 2026-03-02"],
  "Double-entry ledger", "Every transfer writes two ledgers entries; nightly reconciliation compares them.");
doc("payments", "0002-refunds.md", ["title: Partial refunds", "status: in-review", "created: 2026-10-01"],
  "Partial refunds", "Refunds split across captures.");
doc("search", "0001-ranking.md",
  ["title: Ranking with BM25", "status: accepted", "created: 2026-05-11", 'depends-on: ["payments:0001"]'],
  "Ranking with BM25", "The tokenizer feeds BM25; reconciliation of index and store runs hourly.");
for (const repo of ["payments", "search"]) {
  fs.writeFileSync(path.join(work, repo, "designdoc.toml"), 'paths = ["docs/design/**/*.md"]\n');
}
// One source per search shard: the index comes in shards, merged by
// Pagefind's UI in the browser, as a large organisation's does.
fs.writeFileSync(path.join(work, "catalog.toml"), [
  'title = "Acme design docs"', "search-shard-size = 1",
  "[[source]]", 'name = "payments"', 'path = "payments"',
  "[[source]]", 'name = "search"', 'path = "search"', "",
].join("\n"));

const results = [];
async function step(name, fn) {
  const t = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    results.push(`FAIL ${name}: ${e.message}`);
    throw e;
  }
}

// `designdoc catalog serve --port 0`: the address is printed once it
// listens.
function serve() {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["catalog", "serve", "catalog.toml", "--port", "0"],
      { cwd: work, env: { ...process.env, CI: "1" } });
    let err = "";
    const timer = setTimeout(() => reject(new Error("catalog serve did not start:\n" + err)), 60000);
    child.stderr.on("data", (d) => {
      err += d;
      const m = err.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1], log: () => err }); }
    });
    child.on("exit", (code) => reject(new Error(`catalog serve exited with ${code}:\n${err}`)));
  });
}

const server = await serve();
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });

  await step("organisation dashboard: repositories, in review, recently decided", async () => {
    await page.goto(server.url);
    assert.equal(await page.title(), "Acme design docs");
    const repos = await page.locator("#repositories").locator("xpath=..").innerText();
    assert.match(repos, /payments/);
    assert.match(repos, /search/);
    assert.match(await page.locator("body").innerText(), /Partial refunds/);
    assert.match(await page.locator("body").innerText(), /Ranking with BM25/);
    await page.screenshot({ path: path.join(artifacts, "catalog-dashboard.png"), fullPage: true });
  });

  await step("search across repositories: a word of each repository's doc is found", async () => {
    const shards = fs.readdirSync(path.join(work, "catalog")).filter((d) => d.startsWith("pagefind"));
    assert.ok(shards.length > 1, `one shard: ${shards}`);
    for (const [word, title, url] of [["ledgers", /Double-entry ledger/, /payments\/docs\/design\/0001-ledger\.html/],
                                      ["tokenizer", /Ranking with BM25/, /search\/docs\/design\/0001-ranking\.html/]]) {
      await page.goto(server.url);
      const input = page.locator(".pagefind-ui__search-input");
      await input.fill(word);
      const hit = page.locator(".pagefind-ui__result-link", { hasText: title }).first();
      await hit.waitFor({ timeout: 15000 });
      await hit.click();
      await page.waitForURL(url);
    }
  });

  await step("search: the repository facet narrows results to one repository", async () => {
    await page.goto(server.url);
    const input = page.locator(".pagefind-ui__search-input");
    await input.fill("reconciliation");
    // One result per doc (each may list sections under it).
    const results = page.locator("li.pagefind-ui__result");
    await results.nth(1).waitFor({ timeout: 15000 });
    assert.equal(await results.count(), 2);
    await page.screenshot({ path: path.join(artifacts, "catalog-search.png") });
    if (process.env.UPDATE_SCREENSHOTS === "1") {
      fs.mkdirSync(path.join(repoRoot, "docs/images"), { recursive: true });
      fs.copyFileSync(path.join(artifacts, "catalog-search.png"), path.join(repoRoot, "docs/images/catalog-search.png"));
    }
    // Pagefind's filter panel: a block per filter, a checkbox per value.
    const repo = page.locator(".pagefind-ui__filter-block", { hasText: "Repository" });
    await repo.locator("summary").click();
    await repo.locator("label", { hasText: "payments" }).click();
    await page.waitForFunction(() => document.querySelectorAll("li.pagefind-ui__result").length === 1);
    assert.match(await results.first().innerText(), /payments:0001 Double-entry ledger/);
  });

  await step("a reference between repositories opens the other repository's doc", async () => {
    await page.goto(server.url + "search/docs/design/0001-ranking.html");
    const link = page.locator("a", { hasText: "payments:0001" }).first();
    await link.click();
    await page.waitForURL(/payments\/docs\/design\/0001-ledger\.html/);
    assert.match(await page.locator("main").innerText(), /two ledgers entries/);
  });

  await step("graph across repositories: drawn inline, a box opens its doc", async () => {
    await page.goto(server.url + "graph.html");
    const box = page.locator(".graph-view svg a", { hasText: "payments:0001" }).first();
    await box.click();
    await page.waitForURL(/payments\/docs\/design\/0001-ledger\.html/);
  });

  const kinds = ["index.html", "graph.html", "payments/index.html", "payments/docs/design/0001-ledger.html",
    "search/docs/design/0001-ranking.html", "timeline.html", "glossary.html", "problems.html"];
  for (const width of [320, 390, 1280]) {
    await step(`no horizontal scroll at ${width} px on any kind of page`, async () => {
      const p = await browser.newPage({ viewport: { width, height: 900 } });
      p.on("pageerror", (e) => errors.push(e.message));
      for (const kind of kinds) {
        await p.goto(server.url + kind);
        const wide = await p.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= width, `${kind} is ${wide} px wide at ${width} px`);
      }
      await p.goto(server.url);
      await p.waitForLoadState("networkidle");
      await p.screenshot({ path: path.join(artifacts, `catalog-dashboard-${width}.png`) });
      await p.close();
    });
  }

  await step("no script errors and no missing files on any page", async () => {
    assert.deepEqual(errors, []);
  });
} catch (e) {
  failed = true;
  console.error(e);
  console.error("catalog serve's output:\n" + server.log());
} finally {
  await browser.close();
  server.child.kill();
  console.log(results.join("\n"));
  if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
