// End-to-end test of the Mesh trust pane (dist/) in headless Chromium: two clusters' Istio CA
// files, side by side; with one shared root the diagram's steps 8, 12 and 14 pass, with another
// root on one side they break and the verdict says so; a private key is noted, never shown.

import { test } from "node:test";
import assert from "node:assert/strict";
import { assertNothingLeaked, openApp, screenshot, useBrowser } from "./harness.mjs";

useBrowser();

const finding = (page, id) => page.locator(`[data-testid=finding][data-id=${id}]`);
const stepState = (page, step) => page.locator(`[data-testid=diagram] [data-step='${step}']`).getAttribute("data-state");
const meshSteps = async (page) => [await stepState(page, 8), await stepState(page, 12), await stepState(page, 14)];

test("two clusters' roots: steps 8, 12 and 14 pass with a shared root and break without one", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  await page.selectOption("[data-testid=examples]", "healthy");
  await page.locator("[data-testid=verdict][data-verdict=ok]").waitFor();
  const token = await page.evaluate(() => document.querySelector("[data-testid=input]").value.match(/token: (\S+)/)[1]);
  // Without the mesh's files, its steps are not determined.
  assert.deepEqual(await meshSteps(page), ["undetermined", "undetermined", "undetermined"]);

  // The sample's own CA files: one root, each cluster's CA issued by it.
  await page.getByTestId("mesh").locator("summary").click();
  await page.getByTestId("mesh-use-example").click();
  await page.getByTestId("mesh-shared").filter({ hasText: "Both clusters trust Istio mesh root" }).waitFor();
  assert.equal(
    await page.getByTestId("mesh-1-summary").textContent(),
    "4 certificates read; trusts Istio mesh root.",
  );
  await page.waitForFunction(() => document.querySelector("[data-testid=diagram] [data-step='8']")?.getAttribute("data-state") === "pass");
  assert.deepEqual(await meshSteps(page), ["pass", "pass", "pass"]);
  assert.equal(await page.getByTestId("verdict").getAttribute("data-verdict"), "ok");
  await screenshot(page, "mesh-shared-root");

  // Cluster 2 trusts another root (here, cluster 1's CA certificate alone, read as a root).
  const cluster1 = await page.getByTestId("mesh-1-input").inputValue();
  const caPem = Buffer.from(cluster1.match(/ca-cert\.pem: (\S+)/)[1], "base64").toString();
  await page.getByTestId("mesh-2-input").fill(caPem);
  await finding(page, "mesh-root-mismatch").waitFor();
  assert.match(await finding(page, "mesh-root-mismatch").textContent(), /cluster 1 trusts Istio mesh root \(cluster 1 \(root-cert\.pem\)\), cluster 2 trusts cluster1 Istio CA/);
  await page.getByTestId("mesh-shared").filter({ hasText: "no root in common" }).waitFor();
  await page.waitForFunction(() => document.querySelector("[data-testid=diagram] [data-step='8']")?.getAttribute("data-state") === "broken");
  assert.deepEqual(await meshSteps(page), ["broken", "broken", "broken"]);
  assert.equal(await page.getByTestId("verdict").getAttribute("data-verdict"), "failing");
  await screenshot(page, "mesh-root-mismatch");

  // A CA key pasted with the certificates: noted by its line, never shown or kept.
  const key = "-----BEGIN PRIVATE KEY-----\nTUVTSC1LRVktTk9ULUEtUkVBTC1LRVk=\n-----END PRIVATE KEY-----\n";
  await page.getByTestId("mesh-2-input").fill(`${caPem}${key}`);
  await page.getByTestId("mesh-2-problems").filter({ hasText: "a private key, not read" }).waitFor();
  assert.ok(!(await page.getByTestId("mesh-2-problems").textContent()).includes("TUVTSC1LRVkt"));

  // Cleared: the steps are undetermined again.
  await page.getByTestId("mesh-clear").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=diagram] [data-step='8']")?.getAttribute("data-state") === "undetermined");
  const kept = await page.evaluate(() => location.href + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!kept.includes("Istio mesh root") && !kept.includes("TUVTSC1LRVkt"), "the CA files are not in the URL or storage");
  await assertNothingLeaked(opened, token);
  await context.close();
});
