// End-to-end tests of the sequence diagram in headless Chromium: colouring from a paste, stepping
// with the keyboard and buttons, deep links, the embed view, and the downloaded SVG.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { assertNothingLeaked, example, openApp, paste, screenshot, tokenOf, useBrowser } from "./harness.mjs";

useBrowser();

const stepState = (page, step) => page.locator(`[data-testid=diagram] [data-step='${step}']`).getAttribute("data-state");
const currentStep = (page) =>
  page.locator("[data-testid=diagram] .rsi-dg-step--current").getAttribute("data-step");

test("the diagram is coloured by the findings and explains the broken step", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  await page.getByTestId("diagram").waitFor();
  assert.equal(await stepState(page, 3), "plain", "no input: the teaching diagram");
  const secret = example("missing-label");
  await paste(page, secret);
  await page.locator("[data-testid=verdict][data-verdict=ignored]").waitFor();
  assert.equal(await stepState(page, 2), "broken");
  assert.equal(await stepState(page, 10), "pass");
  assert.equal(await stepState(page, 8), "undetermined");
  // The first broken step is chosen and explained, with its findings.
  assert.equal(await currentStep(page), "2");
  const explanation = page.getByTestId("step-explanation");
  assert.match(await explanation.textContent(), /Step 2: kubectl apply/);
  assert.match(await page.getByTestId("step-state").textContent(), /broken/);
  assert.match(await page.getByTestId("step-findings").textContent(), /secret-label-missing/);
  // Choosing the finding from the explanation selects its line.
  await page.getByTestId("step-findings").locator("button").first().click();
  assert.ok(await page.getByTestId("highlighted-line").count());
  // The svg is an image with a title and a description that names the broken step.
  const svg = page.locator("[data-testid=diagram] svg");
  assert.equal(await svg.getAttribute("role"), "img");
  assert.match(await svg.locator("desc").textContent(), /Steps 2 are broken|Steps 2, \d+ are broken/);
  await page.getByTestId("diagram").screenshot({ path: "artifacts/diagram-missing-label-light.png" });
  await assertNothingLeaked(opened, tokenOf(secret));
  await context.close();
});

test("with several clusters, the chosen one drives the findings, cards and diagram", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const base = example("healthy");
  const [head, rest] = base.split("stringData:\n");
  const block = rest.replace(/---\s*$/, "");
  const second = block.replaceAll("cluster2", "cluster3").replace("https://10.0.0.2:6443", "https://127.0.0.1:6443");
  await paste(page, `${head}stringData:\n${block}${second}`);
  await page.locator("[data-testid=verdict][data-cluster=cluster3]").waitFor();
  assert.equal(await page.locator("[data-testid=verdict][data-cluster=cluster2]").getAttribute("data-verdict"), "ok");
  assert.equal(await page.locator("[data-testid=verdict][data-cluster=cluster3]").getAttribute("data-verdict"), "failing");
  assert.match(await page.locator("#rsi-diagram-heading").textContent(), /for cluster2/);
  assert.equal(await stepState(page, 3), "pass");
  await page.locator("[data-testid=verdict][data-cluster=cluster3] button").click();
  assert.match(await page.locator("#rsi-diagram-heading").textContent(), /for cluster3/);
  assert.match(await page.locator("#rsi-decoded-heading").textContent(), /cluster3/);
  assert.equal(await stepState(page, 3), "broken");
  assert.ok(await page.locator("[data-testid=finding][data-id=server-loopback]").count());
  await page.locator("[data-testid=verdict][data-cluster=cluster2] button").click();
  assert.equal(await page.locator("[data-testid=finding][data-id=server-loopback]").count(), 0);
  await assertNothingLeaked(opened, tokenOf(base));
  await context.close();
});

test("arrow keys, buttons and clicks step through; the URL follows", async () => {
  const { page, context } = await openApp({ path: "/#step=8" });
  assert.match(await page.getByTestId("step-position").textContent(), /Step 8 of 14/, "deep link");
  assert.equal(await currentStep(page), "8");
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("ArrowRight");
  assert.equal(await currentStep(page), "9");
  assert.match(page.url(), /#step=9$/);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await currentStep(page), "7");
  await page.getByTestId("step-next").click();
  assert.equal(await currentStep(page), "8");
  await page.locator("[data-testid=diagram] [data-step='12']").click();
  assert.equal(await currentStep(page), "12");
  assert.match(await page.getByTestId("step-explanation").textContent(), /istiod's CA signs/);
  // Arrow keys in the editor stay the editor's.
  await page.focus("[data-testid=input]");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await currentStep(page), "12");
  // Play advances on its own; pause stops it.
  await page.getByTestId("step-play").click();
  await page.waitForFunction(() => document.querySelector(".rsi-dg-step--current")?.getAttribute("data-step") === "13", null, { timeout: 6000 });
  await page.getByTestId("step-play").click();
  assert.equal(await page.getByTestId("step-play").textContent(), "Play");
  // Every step has its line in the text list.
  assert.equal(await page.locator("[data-testid=step-list] li").count(), 14);
  await context.close();
});

test("the embed view shows only the diagram, in the asked theme and step", async () => {
  const opened = await openApp({ path: "/?embed=diagram&step=8&theme=dark", ready: "[data-testid=diagram] svg" });
  const { page, context } = opened;
  assert.equal(await page.locator("[data-testid=input]").count(), 0, "no editor");
  assert.equal(await page.locator("h1").count(), 0, "no page chrome");
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
  assert.equal(await currentStep(page), "8");
  assert.match(await page.getByTestId("step-caption").textContent(), /8\. CreateCertificate :15012/);
  await page.keyboard.press("ArrowRight");
  assert.equal(await currentStep(page), "9");
  await screenshot(page, "embed-dark");
  await assertNothingLeaked(opened);
  await context.close();
});

test("Download SVG saves a well-formed, self-contained SVG; Copy SVG and the embed snippet copy", async () => {
  const opened = await openApp({ colorScheme: "dark" });
  const { page, context } = opened;
  const secret = example("loopback-server");
  await paste(page, secret);
  await page.locator("[data-testid=verdict][data-verdict=failing]").waitFor();
  await page.selectOption("[data-testid=svg-theme]", "dark");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-svg").click()]);
  assert.equal(download.suggestedFilename(), "remote-secret-authentication.svg");
  const svg = await readFile(await download.path(), "utf8");
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.ok(!svg.includes(tokenOf(secret)));
  assert.ok(!/<script|href=|url\(/.test(svg), "nothing from elsewhere");
  const parsed = await page.evaluate((text) => {
    const document = new DOMParser().parseFromString(text, "image/svg+xml");
    return {
      error: document.querySelector("parsererror")?.textContent ?? null,
      broken: document.querySelector("[data-step='3']")?.getAttribute("data-state"),
      theme: document.documentElement.getAttribute("data-theme"),
    };
  }, svg);
  assert.deepEqual(parsed, { error: null, broken: "broken", theme: "dark" });

  await page.getByTestId("copy-svg").click();
  await page.getByTestId("diagram-status").filter({ hasText: "SVG is on the clipboard" }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), svg);
  await page.getByTestId("copy-embed").click();
  await page.getByTestId("diagram-status").filter({ hasText: "snippet" }).waitFor();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=diagram&amp;step=3&amp;theme=dark"/);
  await assertNothingLeaked(opened, tokenOf(secret));
  await context.close();
});

test("the diagram reads well in both themes and scrolls on a phone without clipping", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context } = await openApp({ colorScheme, width: 1440 });
    await paste(page, example("expired-ca"));
    await page.locator("[data-testid=verdict]").first().waitFor();
    await page.locator(".rsi-diagram").screenshot({ path: `artifacts/diagram-expired-ca-${colorScheme}.png` });
    await context.close();
  }
  const { page, context } = await openApp({ width: 390, height: 844 });
  const scroll = page.locator(".rsi-diagram__scroll");
  const sizes = await scroll.evaluate((element) => [element.scrollWidth, element.clientWidth]);
  assert.ok(sizes[0] > sizes[1], "the figure scrolls sideways on a phone");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, "the page itself does not");
  // Stepping brings the step into view: step 8 runs between the two right-most columns.
  for (let step = 1; step <= 8; step++) {
    await page.getByTestId("step-next").click();
  }
  await page.waitForFunction(() => document.querySelector(".rsi-diagram__scroll").scrollLeft > 100);
  await screenshot(page, "diagram-phone-step-8", { fullPage: false });
  await context.close();
});
