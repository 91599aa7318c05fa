// The one Chromium every browser run uses (tests, package tests, benchmarks): Debian's
// `chromium` (or $CHROMIUM), headless, with no background traffic of its own, so that a
// request seen in a test is the page's.

/** The Chromium binary. */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Its flags: headless, no sandbox (containers), and nothing that phones home. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
