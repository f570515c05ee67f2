// Accessibility, proved the way privacy is: axe-core runs on every main state of the page in both
// themes (the empty page, a healthy and a failing paste, a big list, the diagram at a chosen step,
// the embed view, the Generate panel with a result, the Keys pane verified and with problems) and
// finds no WCAG 2.1 A or AA violation.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { example, openApp, paste, root, screenshot, secretDump, useBrowser } from "./harness.mjs";

useBrowser();

const axeSource = readFileSync(join(root, "tools", "node_modules", "axe-core", "axe.min.js"), "utf8");

/** The WCAG 2.1 A and AA violations on the page, one line each. axe is injected through the
 *  DevTools protocol, which the page's CSP does not govern, and only for the check. */
async function violations(page) {
  await page.evaluate(`(() => { ${axeSource}; return true; })()`);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return result.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")} (${node.failureSummary.split("\n")[1] ?? ""})`),
  );
}

for (const colorScheme of ["light", "dark"]) {
  test(`no WCAG 2.1 AA violation in any main state, ${colorScheme}`, async () => {
    const { page, context } = await openApp({ colorScheme });
    const found = {};
    found.empty = await violations(page);
    assert.equal(await page.getByTestId("privacy-line").textContent(), "Runs in your browser. Sends nothing.");
    await paste(page, example("healthy"));
    await page.locator("[data-testid=verdict][data-verdict=ok]").waitFor();
    found.healthy = await violations(page);
    await paste(page, example("loopback-server"));
    await page.locator("[data-testid=verdict][data-verdict=failing]").waitFor();
    found.failing = await violations(page);
    await page.locator("[data-testid=diagram] [data-step='8']").click();
    found.diagramStep = await violations(page);
    await paste(page, secretDump(40, 4));
    await page.getByTestId("headline").filter({ hasText: "4 clusters" }).waitFor();
    found.bigList = await violations(page);
    await page.getByTestId("generate-panel").locator("summary").click();
    await page.getByTestId("fault-expired-ca").check();
    await page.getByTestId("build-sample").click();
    await page.locator("[data-testid=verdict][data-verdict=failing]").waitFor();
    found.generate = await violations(page);
    // The Keys pane with verified keys, then with keys it cannot use (their problems listed).
    await page.getByTestId("keys").locator("summary").click();
    await page.getByTestId("keys-use-example").click();
    await page.locator("[data-testid=finding][data-id=token-signature-verified]").waitFor();
    found.keysVerified = await violations(page);
    await page.getByTestId("keys-input").fill('{"keys": [{"kty": "oct"}]}');
    await page.getByTestId("keys-problems").filter({ hasText: "Line 1" }).waitFor();
    found.keysProblems = await violations(page);
    // The Mesh trust pane with the sample's CA files: both clusters side by side, steps 8, 12
    // and 14 coloured.
    await page.getByTestId("mesh").locator("summary").click();
    await page.getByTestId("mesh-use-example").click();
    await page.getByTestId("mesh-shared").filter({ hasText: "Both clusters trust" }).waitFor();
    found.mesh = await violations(page);
    await screenshot(page, `a11y-${colorScheme}`);
    await context.close();
    const embed = await openApp({ colorScheme, path: `/?embed=diagram&step=8&theme=${colorScheme}`, ready: "[data-testid=diagram]" });
    found.embed = await violations(embed.page);
    await embed.context.close();
    const failures = Object.entries(found).flatMap(([state, list]) => list.map((line) => `${state}: ${line}`));
    assert.deepEqual(failures, [], failures.join("\n"));
  });
}
