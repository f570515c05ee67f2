// End-to-end tests of the built app (dist/) in Debian's headless Chromium, driven by
// playwright-core (no browser download). Run by `cargo xtask test`, which builds dist/, installs
// playwright-core into tools/ and sets CHROMIUM and REMOTE_SECRET_BIN.
//
// Examples come from `remote-secret example`: synthetic, generated now, never real credentials.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { join, extname, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "tools", "package.json"));
const { chromium } = require("playwright-core");

const dist = join(root, "dist");
const artifacts = join(root, "artifacts");
const bin = process.env.REMOTE_SECRET_BIN || join(root, "target", "debug", "remote-secret");
const example = (name) => execFileSync(bin, ["example", name], { encoding: "utf8" });

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };
let server;
let origin;
let browser;

before(async () => {
  server = createServer(async (request, response) => {
    const path = new URL(request.url, "http://x").pathname;
    const file = join(dist, path === "/" ? "index.html" : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  await mkdir(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the app and records every request and console message from then on. */
async function openApp(colorScheme = "light") {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  const console = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => console.push(`${message.type()}: ${message.text()}`));
  await page.goto(origin, { waitUntil: "load" });
  await page.waitForSelector("[data-testid=input]");
  const loaded = requests.length;
  return { page, context, console, requestsAfterLoad: () => requests.slice(loaded) };
}

async function paste(page, text) {
  await page.fill("[data-testid=input]", text);
}

test("a healthy secret gets an ok verdict and nothing leaves the page", async () => {
  const { page, context, console, requestsAfterLoad } = await openApp();
  const secret = example("healthy");
  await paste(page, secret);
  const verdict = page.locator("[data-testid=verdict]");
  await verdict.first().waitFor();
  assert.equal(await verdict.count(), 1);
  assert.equal(await verdict.first().getAttribute("data-verdict"), "ok");
  await page.screenshot({ path: join(artifacts, "healthy-light.png"), fullPage: true });

  assert.deepEqual(requestsAfterLoad(), [], "no request after load");
  const token = secret.match(/token: (\S+)/)[1];
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!storage.includes(token), "the token is not in storage");
  assert.ok(!page.url().includes(token.slice(0, 20)), "the token is not in the URL");
  assert.ok(!console.join("\n").includes(token.slice(0, 20)), "the token is not in the console");
  assert.deepEqual(console.filter((line) => line.startsWith("error")), []);
  await context.close();
});

test("a loopback server is failing, with the finding on its line", async () => {
  const { page, context, requestsAfterLoad } = await openApp("dark");
  await paste(page, example("loopback-server"));
  await page.locator("[data-testid=verdict][data-verdict=failing]").waitFor();
  const finding = page.locator("[data-testid=finding][data-id=server-loopback]");
  assert.equal(await finding.count(), 1);
  assert.match(await finding.textContent(), /line 17/);
  await page.screenshot({ path: join(artifacts, "loopback-dark.png"), fullPage: true });
  assert.deepEqual(requestsAfterLoad(), []);
  await context.close();
});

test("garbage is data: a syntax error with its line, not a dead page", async () => {
  const { page, context } = await openApp();
  await paste(page, "apiVersion: v1\nkind: Secret\nmetadata: [\n");
  const finding = page.locator("[data-testid=finding][data-id=yaml-syntax]");
  await finding.waitFor();
  assert.match(await finding.textContent(), /line 4/);
  await paste(page, example("missing-label"));
  await page.locator("[data-testid=verdict][data-verdict=ignored]").waitFor();
  await context.close();
});
