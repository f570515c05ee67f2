// `cargo xtask bench` runs this against dist/: how long the built app takes, in headless
// Chromium, from a paste to the verdict on screen, from a keystroke to the next frame, from
// navigation to the first example drawn, and to redraw the diagram beside Mermaid drawing the same
// 14 messages; medians of repeated runs. It prints numbers and asserts nothing, and writes its
// headline figures to target/bench/browser.json for `xtask`'s summary table.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { example, launchBrowser, root, secretDump, startServer } from "./harness.mjs";

const { server, origin } = await startServer();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

const started = Date.now();
await page.goto(origin, { waitUntil: "load" });
await page.waitForSelector("[data-testid=input]");
const firstPaint = Date.now() - started;

/** Pastes `text` `runs` times (alternating with a blank, so each paste is a change) and returns
 * the median and the extremes of paste-to-verdict in milliseconds, timed inside the page. */
async function pasteToVerdict(text, runs) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    times.push(
      await page.$eval(
        "[data-testid=input]",
        async (area, text) => {
          // Ctrl+A first: a long text is held in a window, and a paste replaces what is selected.
          const selectAll = () => area.dispatchEvent(new KeyboardEvent("keydown", { key: "a", ctrlKey: true, bubbles: true }));
          selectAll();
          area.value = "";
          area.dispatchEvent(new InputEvent("input", { bubbles: true }));
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          const start = performance.now();
          selectAll();
          area.value = text;
          area.dispatchEvent(new InputEvent("input", { bubbles: true }));
          // Leptos updates the DOM synchronously; wait for the frame that shows it.
          while (!document.querySelector("[data-testid=verdict]")) {
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
          await new Promise((resolve) => requestAnimationFrame(resolve));
          return performance.now() - start;
        },
        text,
      ),
    );
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], fastest: times[0], slowest: times[runs - 1] };
}

/** Presses `key` `count` times (real key events) at byte `at` near the start of `text` and returns
 * the median and extremes of keydown-to-next-frame in milliseconds. A paste leaves a long text's
 * window of lines at its end: Ctrl+Home brings it to the start first, as a user scrolls up. */
async function keystrokeToFrame(text, count, key = "x", at = 40) {
  await page.$eval("[data-testid=input]", (area, text) => {
    area.dispatchEvent(new KeyboardEvent("keydown", { key: "a", ctrlKey: true, bubbles: true }));
    area.value = text;
    area.dispatchEvent(new InputEvent("input", { bubbles: true }));
    area.focus();
  }, text);
  await page.waitForTimeout(300);
  await page.keyboard.press("Control+Home");
  await page.waitForTimeout(200);
  await page.$eval("[data-testid=input]", (area, at) => {
    area.setSelectionRange(at, at);
    window.__keystrokes = [];
    area.onkeydown = () => {
      const start = performance.now();
      requestAnimationFrame(() => setTimeout(() => window.__keystrokes.push(performance.now() - start), 0));
    };
  }, at);
  await page.waitForTimeout(300);
  for (let press = 0; press < count; press++) {
    await page.keyboard.press(key);
    await page.waitForTimeout(150);
  }
  const times = (await page.evaluate(() => window.__keystrokes)).sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], fastest: times[0], slowest: times[times.length - 1] };
}

const figures = {};
const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

// The big dump the native half wrote (1,000 Secrets, 100 of them remote secrets).
const dumpPath = join(root, "target", "bench", "dump.yaml");
const rows = [
  ["one istioctl Secret (2 KB)", example("healthy"), 21, "one"],
  ["a List of 612 Secrets", secretDump(600, 12), 7, "list"],
];
if (existsSync(dumpPath)) rows.push(["1,000 Secrets, 100 remote", readFileSync(dumpPath, "utf8"), 3, "big"]);
console.log(`page load to editor: ${firstPaint} ms (local server)`);
console.log(`${"browser: paste to verdict on screen".padEnd(44)} ${"median".padStart(10)} ${"fastest".padStart(10)} ${"slowest".padStart(10)}`);
for (const [name, text, runs, key] of rows) {
  const { median, fastest, slowest } = await pasteToVerdict(text, runs);
  const ms = (value) => `${value.toFixed(1)}ms`.padStart(10);
  console.log(`${`${name}, ${(text.length / 1024).toFixed(0)} KB`.padEnd(44)} ${ms(median)} ${ms(fastest)} ${ms(slowest)}`);
  figures[`paste_${key}_ms`] = median;
}
console.log(`${"browser: typing, keydown to next frame".padEnd(44)} ${"median".padStart(10)} ${"fastest".padStart(10)} ${"slowest".padStart(10)}`);
for (const [name, text, runs, key] of rows) {
  const { median, fastest, slowest } = await keystrokeToFrame(text, key === "big" ? 5 : runs);
  const ms = (value) => `${value.toFixed(1)}ms`.padStart(10);
  console.log(`${`${name}, ${(text.length / 1024).toFixed(0)} KB`.padEnd(44)} ${ms(median)} ${ms(fastest)} ${ms(slowest)}`);
  figures[`keystroke_${key}_ms`] = median;
}
if (rows.length === 3) {
  // A line break at the end of the fourth line: every item below moves down a line.
  const text = rows[2][1];
  let at = -1;
  for (let line = 0; line < 4; line++) at = text.indexOf("\n", at + 1);
  const { median, fastest, slowest } = await keystrokeToFrame(text, 5, "Enter", at);
  const ms = (value) => `${value.toFixed(1)}ms`.padStart(10);
  console.log(`${"a line break near the start of the big dump".padEnd(44)} ${ms(median)} ${ms(fastest)} ${ms(slowest)}`);
  figures.linebreak_big_ms = median;
}

// Start-up: navigation start to the app ready, and to the first example inspected and drawn
// (the example is made by the extras module, fetched on that first use), in fresh pages.
const ready = [];
const drawn = [];
for (let run = 0; run < 7; run++) {
  const fresh = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await fresh.goto(origin, { waitUntil: "commit" });
  await fresh.waitForSelector("[data-testid=examples]");
  ready.push(await fresh.evaluate(() => performance.now()));
  await fresh.selectOption("[data-testid=examples]", "healthy");
  await fresh.waitForSelector("[data-testid=diagram] [data-step='2'][data-state=pass]");
  drawn.push(await fresh.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())))));
  await fresh.close();
}
figures.startup_ready_ms = median(ready);
figures.startup_example_ms = median(drawn);
console.log(`start-up: navigation to app ready ${median(ready).toFixed(1)} ms, to the first example drawn ${median(drawn).toFixed(1)} ms (median of 7)`);

// The diagram: a step forward redraws the whole SVG (layout and drawing of the 14 steps) and
// the browser parses and paints it; timed from the key to the next frame, 13 times.
await page.$eval("[data-testid=input]", (area, text) => {
  area.dispatchEvent(new KeyboardEvent("keydown", { key: "a", ctrlKey: true, bubbles: true }));
  area.value = text;
  area.dispatchEvent(new InputEvent("input", { bubbles: true }));
}, example("healthy"));
await page.waitForSelector("[data-testid=diagram] svg");
const redraws = await page.evaluate(async () => {
  const figure = document.querySelector("[data-testid=diagram]");
  const times = [];
  for (let step = 0; step < 13; step++) {
    const start = performance.now();
    // Forward and back in turn, so that every key is a change of step.
    const key = step % 2 === 0 ? "ArrowRight" : "ArrowLeft";
    figure.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    times.push(performance.now() - start);
  }
  return times;
});
const ourSvg = await page.$eval("[data-testid=diagram] svg", (svg) => svg.outerHTML);
figures.diagram_ms = median(redraws);
figures.diagram_svg_bytes = ourSvg.length;

// Mermaid 12.3 drawing the same 14 messages as a sequenceDiagram, in the same browser, on a page
// of its own (a benchmark-only tool in tools/bench, never shipped).
const mermaidFile = join(root, "tools", "bench", "node_modules", "mermaid", "dist", "mermaid.min.js");
if (existsSync(mermaidFile)) {
  const source = `sequenceDiagram
  autonumber
  participant O as operator
  participant A as API server (remote)
  participant K as kubelet
  participant E as Envoy
  participant G as istio-agent
  participant W as east-west gateway
  participant I as istiod + CA
  O->>A: create-remote-secret
  O->>I: kubectl apply (cluster1)
  I->>A: load kubeconfig, list+watch
  I-->>A: write root cert (optional)
  A->>I: injection webhook 443→15017
  K->>A: TokenRequest
  G->>G: key pair + CSR
  G->>I: CreateCertificate :15012
  I->>I: pick client by ClusterID
  I->>A: TokenReview
  A-->>I: authenticated
  I->>G: signed cert + root (SDS)
  E->>I: XDS stream :15012
  E->>I: mTLS across clusters, one shared root`;
  const peer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await peer.setContent("<!doctype html><body><div id=out></div></body>");
  await peer.addScriptTag({ path: mermaidFile });
  const result = await peer.evaluate(async (source) => {
    mermaid.initialize({ startOnLoad: false });
    const out = document.getElementById("out");
    const times = [];
    let svg = "";
    for (let run = 0; run < 14; run++) {
      const start = performance.now();
      ({ svg } = await mermaid.render(`d${run}`, source));
      out.innerHTML = svg;
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      times.push(performance.now() - start);
    }
    return { times: times.slice(1), bytes: svg.length };
  }, source);
  await peer.close();
  figures.mermaid_ms = median(result.times);
  figures.mermaid_svg_bytes = result.bytes;
  figures.mermaid_gzip_bytes = gzipSync(readFileSync(mermaidFile), { level: 9 }).length;
  console.log(
    `diagram, step to next frame: ours ${figures.diagram_ms.toFixed(1)} ms, Mermaid 12.3 ${figures.mermaid_ms.toFixed(1)} ms (${(figures.mermaid_ms / figures.diagram_ms).toFixed(1)}x); SVG ${ourSvg.length} bytes against ${result.bytes}`,
  );
} else {
  console.log(`diagram, step to next frame: ${figures.diagram_ms.toFixed(1)} ms (Mermaid not installed in tools/bench)`);
}
writeFileSync(join(root, "target", "bench", "browser.json"), JSON.stringify(figures));
await browser.close();
server.close();
