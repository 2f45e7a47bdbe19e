// designdoc's site in real headless Chromium: the dashboard, search
// (Pagefind over http, the fallback index over file://), a doc page with
// its TOC, status badge and diagnostics, a Mermaid diagram drawn as SVG,
// `designdoc serve` reloading an open page when its doc is saved, every
// kind of page at 320, 390, 800 and 1280 px without horizontal scroll, the
// graph (inline, readable, linked, dark), and rule links that land below
// the header. UPDATE_SCREENSHOTS=1 copies the README's screenshots to
// docs/images/ (site-*.png).
//
//   node tests/browser/site.mjs            (DESIGNDOC=path/to/designdoc)
//
// Screenshots go to target/browser-artifacts/.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
const bin = path.resolve(repoRoot, process.env.DESIGNDOC || "target/debug/designdoc");
const artifacts = path.join(repoRoot, "target/browser-artifacts");
fs.mkdirSync(artifacts, { recursive: true });
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

// A repository of docs: the site crate's fixtures.
const work = fs.mkdtempSync(path.join(os.tmpdir(), "designdoc-browser-"));
const docs = path.join(work, "docs/design");
fs.mkdirSync(docs, { recursive: true });
const fixtures = path.join(repoRoot, "crates/designdoc_site/tests/fixtures");
for (const f of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, f), path.join(docs, f));
// A doc wider than any phone: a long code line, a wide table, a long
// unbroken word, and a link to another doc (an edge of the graph).
fs.writeFileSync(path.join(docs, "0005-wide.md"), [
  "---", "title: Wide content", "status: accepted", "depends-on: [\"0001\"]", "---",
  "# Design Document: Wide content", "", "## Overview", "",
  "A path without spaces: /var/lib/designdoc/" + "segment/".repeat(30) + "end.", "",
  "```rust", "let x = " + "\"a very long string literal that does not wrap\", ".repeat(12) + ";", "```", "",
  "| " + Array.from({ length: 14 }, (_, i) => `Column ${i}`).join(" | ") + " |",
  "|" + " --- |".repeat(14),
  "| " + Array.from({ length: 14 }, (_, i) => `value-${i}-without-breaks`).join(" | ") + " |", "",
  "See [the rate limiter](0001-rate-limiter.md).", "",
].join("\n"));
// One page per search shard: the index comes in shards, merged by
// Pagefind's UI in the browser, as a large site's does.
fs.writeFileSync(path.join(work, "designdoc.toml"),
  'paths = ["docs/design/**/*.md"]\n\n[site]\ntitle = "Browser test docs"\nsearch-shard-size = 1\n');

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

// `designdoc serve --port 0`: the address is printed once it listens.
function serve() {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["serve", "--port", "0"], { cwd: work, env: { ...process.env, CI: "1" } });
    let err = "";
    const timer = setTimeout(() => reject(new Error("serve did not start:\n" + err)), 60000);
    child.stderr.on("data", (d) => {
      err += d;
      const m = err.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1], log: () => err }); }
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${err}`)));
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
  // Every 404: only the hostile doc's broken image is expected.
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/docs/x")) errors.push(`${r.status()} ${r.url()}`);
  });

  await step("home page: dashboard", async () => {
    await page.goto(server.url);
    assert.equal(await page.title(), "Browser test docs");
    await page.locator(".card.status-accepted").waitFor();
    assert.match(await page.locator("#in-review + .table-wrap table").innerText(), /Quotas/);
    await page.screenshot({ path: path.join(artifacts, "dashboard.png"), fullPage: true });
  });

  await step("search finds a word of one doc and the hit opens it", async () => {
    const input = page.locator(".pagefind-ui__search-input");
    await input.waitFor();
    await input.fill("refills");
    const hit = page.locator(".pagefind-ui__result-link").first();
    await hit.waitFor({ timeout: 15000 });
    assert.match(await hit.innerText(), /Rate limiter/);
    await page.screenshot({ path: path.join(artifacts, "search.png") });
    await hit.click();
    await page.waitForURL(/0001-rate-limiter\.html/);
  });

  await step("search merges every shard: a word of each doc is found", async () => {
    const shards = fs.readdirSync(path.join(work, "site")).filter((d) => d.startsWith("pagefind"));
    assert.ok(shards.length > 1, `one shard: ${shards}`);
    for (const [word, title] of [["billing", /Quotas/], ["encoded", /Hostile input/], ["refills", /Rate limiter/]]) {
      await page.goto(server.url);
      const input = page.locator(".pagefind-ui__search-input");
      await input.fill(word);
      const hit = page.locator(".pagefind-ui__result-link", { hasText: title }).first();
      await hit.waitFor({ timeout: 15000 });
    }
  });

  await step("doc page: TOC, status badge, diagnostics", async () => {
    await page.goto(server.url + "docs/0002-quotas.html");
    assert.equal(await page.locator(".side .badge").first().innerText(), "in-review");
    assert.ok(await page.locator("nav.toc a[href='#background--problem-statement']").isVisible());
    const section = page.locator("h2#background--problem-statement + aside.dd-diags");
    assert.match(await section.innerText(), /empty-section/);
    await page.screenshot({ path: path.join(artifacts, "doc-page.png"), fullPage: true });
  });

  await step("Mermaid diagram drawn as SVG, code highlighted", async () => {
    await page.goto(server.url + "docs/0001-rate-limiter.html");
    await page.locator("pre.mermaid svg").waitFor({ timeout: 20000 });
    assert.match(await page.locator("pre.mermaid svg").innerHTML(), /Limiter/);
    await page.locator("code.language-rust.hljs .hljs-keyword").first().waitFor();
    await page.screenshot({ path: path.join(artifacts, "mermaid.png"), fullPage: true });
  });

  await step("serve: saving a doc reloads the open page with the new text", async () => {
    await page.goto(server.url + "docs/0002-quotas.html");
    await page.locator("article").waitFor();
    const doc = path.join(docs, "0002-quotas.md");
    const text = fs.readFileSync(doc, "utf8");
    fs.writeFileSync(doc, text.replace("billing database", "ledger service of record"));
    await page.locator("article", { hasText: "ledger service of record" }).waitFor({ timeout: 15000 });
    await page.screenshot({ path: path.join(artifacts, "reloaded.png") });
  });

  await step("hostile doc: nothing runs", async () => {
    await page.goto(server.url + "docs/0003-hostile.html");
    await page.locator("article").waitFor();
    assert.notEqual(await page.title(), "pwned");
    assert.equal(await page.locator("article script, article iframe, article form").count(), 0);
  });

  await step("file://: the fallback search works without a server", async () => {
    const file = pathToFileURL(path.join(work, "site/index.html")).href;
    const p2 = await browser.newPage();
    await p2.goto(file);
    const input = p2.locator(".dd-search-input");
    await input.click();
    await input.fill("refills");
    const hit = p2.locator(".dd-hit").first();
    await hit.waitFor({ timeout: 10000 });
    assert.match(await hit.innerText(), /Rate limiter/);
    await p2.screenshot({ path: path.join(artifacts, "file-search.png") });
    await hit.click();
    await p2.waitForURL(/0001-rate-limiter\.html/);
    await p2.close();
  });

  // Every kind of page at a phone's, a small window's and a desktop's
  // width: nothing wider than the screen (code and tables scroll inside).
  const kinds = ["index.html", "all.html", "problems.html", "docs/0001-rate-limiter.html",
    "docs/0002-quotas.html", "docs/0005-wide.html", "glossary.html", "graph.html", "timeline.html",
    "trace.html", "targets.html", "rules.html", "status/accepted.html", "tags/api.html"];
  for (const width of [320, 390, 800, 1280]) {
    await step(`no horizontal scroll at ${width} px on any kind of page`, async () => {
      const p = await browser.newPage({ viewport: { width, height: 900 } });
      p.on("pageerror", (e) => errors.push(e.message));
      for (const kind of kinds) {
        await p.goto(server.url + kind);
        // Mermaid draws after load: measure the page it made.
        if (await p.locator("code.language-mermaid, pre.mermaid").count()) {
          await p.locator("pre.mermaid svg").first().waitFor({ timeout: 20000 });
        }
        const wide = await p.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= width, `${kind} is ${wide} px wide at ${width} px`);
        const ids = await p.evaluate(() => [...document.querySelectorAll("[id]")].map((e) => e.id));
        const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
        assert.deepEqual(repeated, [], `${kind} repeats ids`);
      }
      // Screenshots for the README: the dashboard and a doc page.
      if (width === 390 || width === 1280) {
        const tag = width === 390 ? "phone" : "desktop";
        for (const [kind, name] of [["index.html", "dashboard"], ["docs/0001-rate-limiter.html", "doc-page"]]) {
          await p.goto(server.url + kind);
          await p.waitForLoadState("networkidle");
          const file = `${name}-${tag}.png`;
          await p.screenshot({ path: path.join(artifacts, file) });
          if (process.env.UPDATE_SCREENSHOTS === "1") {
            fs.mkdirSync(path.join(repoRoot, "docs/images"), { recursive: true });
            fs.copyFileSync(path.join(artifacts, file), path.join(repoRoot, "docs/images", `site-${file}`));
          }
        }
      }
      await p.close();
    });
  }

  await step("phone: a doc's panel comes right below its title", async () => {
    const p = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await p.goto(server.url + "docs/0001-rate-limiter.html");
    const title = await p.locator(".doc-head h1").boundingBox();
    const side = await p.locator(".side").boundingBox();
    const text = await p.locator("article").boundingBox();
    assert.ok(title.y < side.y && side.y < text.y, `title ${title.y}, panel ${side.y}, text ${text.y}`);
    await p.close();
  });

  await step("graph: inline, labels at reading size, a box opens its doc", async () => {
    await page.goto(server.url + "graph.html");
    const label = page.locator(".graph-view svg text").first();
    const box = await label.boundingBox();
    assert.ok(box.height >= 11, `labels are ${box.height} px tall`);
    // Every label fits in its box, as this browser's font draws it.
    const overflow = await page.evaluate(() => [...document.querySelectorAll(".graph-view svg g")]
      .filter((g) => g.querySelector("rect") && g.querySelector("text"))
      .filter((g) => g.querySelector("text").getBBox().width > g.querySelector("rect").width.baseVal.value)
      .map((g) => g.querySelector("text").textContent));
    assert.deepEqual(overflow, [], "labels wider than their boxes");
    await page.screenshot({ path: path.join(artifacts, "graph.png"), fullPage: true });
    await page.locator(".graph-view svg a", { hasText: "Rate limiter" }).first().click();
    await page.waitForURL(/0001-rate-limiter\.html/);
  });

  await step("graph: dark mode draws on a dark ground with dark boxes", async () => {
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
    await p.goto(server.url + "graph.html");
    const luminance = (rgb) => {
      const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const ground = await p.locator(".graph-view").evaluate((e) => getComputedStyle(e).backgroundColor);
    const fill = await p.locator(".graph-view svg rect").first().evaluate((e) => getComputedStyle(e).fill);
    const text = await p.locator(".graph-view svg text").first().evaluate((e) => getComputedStyle(e).fill);
    assert.ok(luminance(ground) < 0.3, `ground ${ground}`);
    assert.ok(luminance(fill) < 0.4, `box ${fill}`);
    assert.ok(luminance(text) > 0.6, `label ${text}`);
    await p.screenshot({ path: path.join(artifacts, "graph-dark.png"), fullPage: true });
    await p.close();
  });

  await step("a rule link lands with the rule's title below the header", async () => {
    // 1000 px: above the narrow layout, where the nav may wrap to a
    // second row under the sticky header.
    for (const width of [390, 1000, 1280]) {
      const p = await browser.newPage({ viewport: { width, height: 900 } });
      await p.goto(server.url + "docs/0002-quotas.html");
      await p.locator("aside.dd-diags a[href$='#empty-section']").first().click();
      await p.waitForURL(/rules\.html#empty-section/);
      const heading = await p.locator("#empty-section h2").boundingBox();
      const sticky = await p.locator("header.top").evaluate((e) => getComputedStyle(e).position === "sticky");
      // A sticky header covers the top of the view; a static one scrolled away.
      const header = await p.locator("header.top").boundingBox();
      const below = sticky ? header.y + header.height : 0;
      assert.ok(heading.y >= below - 1 && heading.y < 900,
        `at ${width} px the title is at ${heading.y}, the view starts at ${below}`);
      await p.close();
    }
  });

  await step("no script errors and no missing files on any page", async () => {
    assert.deepEqual(errors, []);
  });
} catch (e) {
  failed = true;
  console.error(e);
  console.error("serve's output:\n" + server.log());
} finally {
  await browser.close();
  server.child.kill();
  console.log(results.join("\n"));
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
