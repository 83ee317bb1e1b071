// Takes docs/screenshot.png: the app with the sample map, an evidence node selected so
// the inspector shows its source. Run: make screenshot.

import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, it } from "vitest";
import { Driver, type Session, removeFolder, scratchFolder } from "./webdriver";

const root = resolve(__dirname, "../..");
const app = process.env.ARGMAP_APP ?? join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "debug/argmap-app");
const dir = scratchFolder("shot");
let driver: Driver;
let s: Session;

afterAll(async () => {
  await s?.close();
  driver?.stop();
  removeFolder(dir);
});

it("screenshot of the sample map", async () => {
  driver = await Driver.start({ XDG_DATA_HOME: join(dir, "data"), XDG_CONFIG_HOME: join(dir, "config") });
  s = await driver.session(app);
  await s.until("return document.body.dataset.ready === 'true'", "the app");
  // The second piece of evidence in the outline: a claim with its source.
  await s.exec(`[...document.querySelectorAll('#outline .caption')].filter(c => c.textContent === 'Evidence')[1].parentElement.querySelector('.text').click()`);
  await s.until("return document.querySelector('#inspector form:not([hidden])')", "the inspector");
  await new Promise((r) => setTimeout(r, 500));
  const png = await s.screenshot();
  writeFileSync(join(root, "docs/screenshot.png"), png);
  console.log(`wrote docs/screenshot.png (${png.length} bytes)`);
}, 120_000);
