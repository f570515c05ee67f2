// `cargo xtask bench` runs this against dist/: how long the built app takes, in headless
// Chromium, from a paste to the verdict on screen, as medians of repeated pastes. It prints
// numbers and asserts nothing.

import { example, launchBrowser, secretDump, startServer } from "./harness.mjs";

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
          area.value = "";
          area.dispatchEvent(new InputEvent("input", { bubbles: true }));
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          const start = performance.now();
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

/** Types `count` characters (real key events) into `text` near its start and returns the median
 * and extremes of keydown-to-next-frame in milliseconds. */
async function keystrokeToFrame(text, count) {
  await page.$eval("[data-testid=input]", (area, text) => {
    area.value = text;
    area.dispatchEvent(new InputEvent("input", { bubbles: true }));
    area.focus();
    area.setSelectionRange(40, 40);
    window.__keystrokes = [];
    area.onkeydown = () => {
      const start = performance.now();
      requestAnimationFrame(() => setTimeout(() => window.__keystrokes.push(performance.now() - start), 0));
    };
  }, text);
  await page.waitForTimeout(300);
  for (let key = 0; key < count; key++) {
    await page.keyboard.press("x");
    await page.waitForTimeout(150);
  }
  const times = (await page.evaluate(() => window.__keystrokes)).sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], fastest: times[0], slowest: times[times.length - 1] };
}

const rows = [
  ["one istioctl Secret (2 KB)", example("healthy"), 21],
  ["a List of 612 Secrets", secretDump(600, 12), 7],
];
console.log(`page load to editor: ${firstPaint} ms (local server)`);
console.log(`${"browser: paste to verdict on screen".padEnd(44)} ${"median".padStart(10)} ${"fastest".padStart(10)} ${"slowest".padStart(10)}`);
for (const [name, text, runs] of rows) {
  const { median, fastest, slowest } = await pasteToVerdict(text, runs);
  const ms = (value) => `${value.toFixed(1)}ms`.padStart(10);
  console.log(`${`${name}, ${(text.length / 1024).toFixed(0)} KB`.padEnd(44)} ${ms(median)} ${ms(fastest)} ${ms(slowest)}`);
}
console.log(`${"browser: typing, keydown to next frame".padEnd(44)} ${"median".padStart(10)} ${"fastest".padStart(10)} ${"slowest".padStart(10)}`);
for (const [name, text, runs] of rows) {
  const { median, fastest, slowest } = await keystrokeToFrame(text, runs);
  const ms = (value) => `${value.toFixed(1)}ms`.padStart(10);
  console.log(`${`${name}, ${(text.length / 1024).toFixed(0)} KB`.padEnd(44)} ${ms(median)} ${ms(fastest)} ${ms(slowest)}`);
}
await browser.close();
server.close();
