// Shared by the end-to-end tests: serves dist/ on a local port, launches Debian's headless
// Chromium through playwright-core (no browser download), opens pages that record every request
// and console line, and checks that nothing of a secret left the page.
//
// Examples come from `remote-secret example`: synthetic, generated now, never real credentials.

import { before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { join, extname, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "tools", "package.json"));
const { chromium } = require("playwright-core");

const dist = join(root, "dist");
export const artifacts = join(root, "artifacts");
const bin = process.env.REMOTE_SECRET_BIN || join(root, "target", "debug", "remote-secret");

/** A synthetic example secret, generated now by the project's own CLI. */
export const example = (name) => execFileSync(bin, ["example", name], { encoding: "utf8" });

/**
 * A `kubectl get secrets -A -o yaml` style List: `others` TLS Secrets, then `remotes` healthy
 * remote secrets for cluster2, cluster3, ...
 */
export function secretDump(others, remotes) {
  const remote = example("healthy").split("\n").filter((line) => !line.startsWith("#") && line !== "---" && line !== "");
  const item = (lines) => lines.map((line, i) => (i === 0 ? "- " : "  ") + line).join("\n");
  const tls = (n) =>
    item([
      "apiVersion: v1",
      "kind: Secret",
      "type: kubernetes.io/tls",
      "metadata:",
      `  name: cert-${n}`,
      `  namespace: app-${n % 40}`,
      "data:",
      `  tls.crt: ${Buffer.from(`not a real certificate ${n}`).toString("base64")}`,
      `  tls.key: ${Buffer.from(`not a real key ${n}`).toString("base64")}`,
    ]);
  const clusters = Array.from({ length: remotes }, (_, n) =>
    item(remote.map((line) => line.replaceAll("cluster2", `cluster${n + 2}`))),
  );
  return ["apiVersion: v1", "kind: List", "items:", ...Array.from({ length: others }, (_, n) => tls(n)), ...clusters].join("\n");
}

/** The token of an istioctl-style example. */
export const tokenOf = (secret) => secret.match(/token: (\S+)/)[1];

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };
let server;
let browser;
export let origin;

/** Serves dist/ on a free local port; returns the server and its origin. */
export async function startServer() {
  const server = createServer(async (request, response) => {
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
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Debian's Chromium, headless, with its background traffic turned off. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** Registers the server and the browser around a test file's tests. */
export function useBrowser() {
  before(async () => {
    ({ server, origin } = await startServer());
    browser = await launchBrowser();
    await mkdir(artifacts, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });
}

/**
 * Opens the app at `path` and records every request and console message from then on.
 * The clipboard is granted so that copy buttons can be read back.
 */
export async function openApp({ path = "/", url, colorScheme = "light", width = 1280, height = 900, ready = "[data-testid=input]" } = {}) {
  const context = await browser.newContext({
    colorScheme,
    viewport: { width, height },
    acceptDownloads: true,
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const page = await context.newPage();
  // Every Content-Security-Policy violation, from the first script on: the app must cause none.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) =>
      window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  const requests = [];
  const console = [];
  const errors = [];
  page.on("request", (request) =>
    requests.push({ url: request.url(), method: request.method(), body: request.postData() }),
  );
  page.on("console", (message) => console.push(`${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url ?? origin + path, { waitUntil: "load" });
  await page.waitForSelector(ready);
  const loaded = requests.length;
  return {
    page,
    context,
    console,
    errors,
    /**
     * Requests after load that could leave the machine (blob: and data: stay in the page), except
     * the app's own extras module, which `extrasFetched` lists.
     */
    networkAfterLoad: () =>
      requests
        .slice(loaded)
        .filter((request) => !/^(blob|data):/.test(request.url) && !isExtrasFetch(request))
        .map((request) => request.url),
    /** The extras module's files fetched after load (signatures, samples): see `isExtrasFetch`. */
    extrasFetched: () => requests.slice(loaded).filter(isExtrasFetch).map((request) => request.url),
  };
}

/** The extras module's three files, as the app fetches them the first time it needs one. */
const EXTRAS_FILES = ["/extras/loader.js", "/extras/extras.js", "/extras/extras_bg.wasm"];

/**
 * Whether a request is the app fetching its extras module: a GET with no body, to this origin,
 * for one of its three files, with no query or fragment, so that it can carry nothing of the
 * input. Anything else after load counts as leaving the page.
 */
function isExtrasFetch({ url, method, body }) {
  if (method !== "GET" || body || !/^https?:/.test(url)) {
    return false;
  }
  const parsed = new URL(url);
  return parsed.origin === origin && !parsed.search && !parsed.hash && EXTRAS_FILES.includes(parsed.pathname);
}

/** Asserts that no request left the page after load and that `secret` is nowhere it must not be. */
export async function assertNothingLeaked({ page, console, errors, networkAfterLoad, extrasFetched }, secret) {
  assert.deepEqual(networkAfterLoad(), [], "no network request after load");
  const extras = extrasFetched();
  assert.equal(new Set(extras).size, extras.length, "the extras module is fetched once at most");
  // The page runs under its Content-Security-Policy, and nothing it did was refused.
  const policy = await page.evaluate(
    () => document.querySelector("meta[http-equiv=Content-Security-Policy]")?.getAttribute("content") ?? "",
  );
  assert.match(policy, /default-src 'none'/, "the page carries its CSP");
  assert.ok(!/script-src[^;]*unsafe-inline/.test(policy), "no inline scripts but the hashed loader");
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], "no CSP violation");
  assert.deepEqual(errors, [], "no uncaught error");
  const storage = await page.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
  );
  const cookies = await page.context().cookies();
  assert.deepEqual(cookies, [], "no cookie");
  if (secret) {
    const probe = secret.slice(0, 24);
    assert.ok(!storage.includes(probe), "the secret is not in storage");
    assert.ok(!page.url().includes(probe), "the secret is not in the URL");
    assert.ok(!console.join("\n").includes(probe), "the secret is not in the console");
  }
}

/**
 * Puts text into the editor as a paste over Ctrl+A arrives: the whole text, then one input event.
 * (Playwright's fill inserts text piecewise, which takes minutes for a 200 KB dump.) The Ctrl+A
 * matters for a long text, which the editor holds in a window of lines.
 */
export async function paste(page, text) {
  await page.$eval(
    "[data-testid=input]",
    (area, text) => {
      area.focus();
      area.dispatchEvent(new KeyboardEvent("keydown", { key: "a", ctrlKey: true, bubbles: true }));
      area.value = text;
      area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    },
    text,
  );
}

export async function screenshot(page, name, options = {}) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true, ...options });
}
