// End-to-end browser test of `khabar serve`: Playwright (npm playwright-core)
// drives Debian's chromium, headless, with a fresh profile. Ingests the
// example pages into a temporary archive, serves it on a free loopback port,
// and walks the site as a reader would. Screenshots go to --artifacts.
//
// usage: node site.test.mjs --khabar BIN --pages DIR --npm DIR --artifacts DIR
// Exit 0 pass, 1 fail, 77 skipped (no chromium or no playwright-core).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

const SKIP = 77;
const ZWNJ = "\u200c";
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];

function skip(why) {
  console.log(`SKIP: ${why}`);
  process.exit(SKIP);
}

const chromiumPath = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
if (!chromiumPath) skip("chromium not found (apt-get install chromium)");
let playwright;
try {
  playwright = createRequire(path.resolve(args.npm, "package.json"))("playwright-core");
} catch (e) {
  skip(`playwright-core not installed in ${args.npm} (scripts/e2e/install-npm)`);
}

const artifacts = args.artifacts;
mkdirSync(artifacts, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), "khabar-e2e-"));
const db = path.join(work, "archive.db");
const results = [];
let server, context;

async function test(name, fn) {
  try {
    await fn();
    results.push([name, null]);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push([name, e]);
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
function expect(cond, what) {
  if (!cond) throw new Error(what);
}

async function main() {
  const ing = spawnSync(args.khabar, ["ingest", "--db", db, args.pages], { encoding: "utf8" });
  if (ing.status !== 0) throw new Error(`ingest failed (${ing.status}): ${ing.stderr}`);

  server = spawn(args.khabar, ["serve", "--db", db, "--port", "0", "--access-log", ""], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const base = await new Promise((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error("server did not start in 30 s")), 30000);
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/\S+?)\/?\n/);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    server.on("exit", (c) => reject(new Error(`server exited ${c}`)));
  });

  context = await playwright.chromium.launchPersistentContext(path.join(work, "profile"), {
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
    locale: "fa-IR",
  });
  const page = context.pages()[0] || (await context.newPage());
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

  let articleUrl = "";
  await test("home page: RTL, Persian, headlines", async () => {
    const r = await page.goto(base + "/");
    expect(r.status() === 200, `status ${r.status()}`);
    expect((await page.getAttribute("html", "lang")) === "fa", "lang is not fa");
    expect((await page.getAttribute("html", "dir")) === "rtl", "dir is not rtl");
    const dir = await page.evaluate(() => getComputedStyle(document.body).direction);
    expect(dir === "rtl", `computed direction ${dir}`);
    const n = await page.locator(".latest .headline h3 a").count();
    expect(n >= 10, `only ${n} headlines`);
    const text = await page.locator("main").innerText();
    expect(/[۰-۹]/.test(text), "no Persian digits on the home page");
    expect(!/\d{2}:\d{2}/.test(await page.locator("main time").first().innerText()), "ASCII digits in a time");
    await shot("01-home");
  });

  await test("open an article", async () => {
    const first = page.locator(".latest .headline h3 a").first();
    const title = (await first.innerText()).trim();
    await Promise.all([page.waitForURL(/\/news\/\d+$/), first.click()]);
    articleUrl = page.url();
    expect((await page.locator("h1#article-title").innerText()).trim() === title, "title differs");
    const facts = await page.locator(".facts").innerText();
    expect(facts.includes("کد خبر"), "no «کد خبر»");
    expect(/[۰-۹]/.test(facts), "no Persian digits in the facts");
    const dt = await page.getAttribute(".facts time", "datetime");
    expect(/^\d{4}-\d{2}-\d{2}/.test(dt || ""), `bad datetime ${dt}`);
    expect((await page.locator(".share a", { hasText: "ارسال به دوستان" }).count()) === 1, "no e-mail share");
    expect((await page.locator(".body p").count()) >= 2, "short body");
    await shot("02-article");
  });

  await test("follow a source link", async () => {
    const link = page.locator(".facts a.source");
    const name = (await link.innerText()).trim();
    await Promise.all([page.waitForURL(/\/source\//), link.click()]);
    expect((await page.locator("h1").innerText()).includes(name), "source page heading");
    expect((await page.locator(".headline").count()) >= 1, "empty source page");
    await shot("03-source");
  });

  const searchIds = async (q) => {
    await page.fill("#top-q", q);
    await Promise.all([page.waitForURL(/\/search\?/), page.press("#top-q", "Enter")]);
    return page.locator(".hit h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  };
  await test("search «گفت\u200cوگو» and «گفتوگو» find the same article", async () => {
    const joined = await searchIds("گفت" + ZWNJ + "وگو");
    await shot("04-search-zwnj");
    const plain = await searchIds("گفتوگو");
    await shot("05-search-joined");
    expect(joined.length > 0, "no hits for the ZWNJ spelling");
    expect(joined.some((h) => plain.includes(h)), `no common article: ${joined} vs ${plain}`);
    const marks = await page.locator(".hit mark").count();
    expect(marks > 0, "no highlights");
  });

  await test("media section and 404 are Persian", async () => {
    await page.goto(base + "/media");
    await shot("06-media");
    const r = await page.goto(base + "/news/999999");
    expect(r.status() === 404, `status ${r.status()}`);
    expect((await page.locator("h1").innerText()).includes("پیدا نشد"), "404 heading");
    await shot("07-not-found");
  });

  await test("phone width: no horizontal scroll", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(articleUrl);
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(over <= 1, `overflows by ${over}px`);
    await shot("08-article-phone");
  });
}

let code = 0;
try {
  await main();
} catch (e) {
  console.log(`FAIL setup: ${e.message}`);
  results.push(["setup", e]);
} finally {
  if (context) await context.close().catch(() => {});
  if (server) server.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
const failed = results.filter(([, e]) => e).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
console.log(`screenshots: ${artifacts}`);
code = failed ? 1 : 0;
process.exit(code);
