/**
 * axe-core in a Playwright page: runs the WCAG 2.0 and 2.1 level A and AA rules over the whole
 * document and turns what it finds into lines a person can act on. The engine is evaluated
 * through the DevTools protocol rather than added as a <script>, so the console's
 * Content-Security-Policy (no inline scripts) stays in force while it is scanned.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The rule sets the project bar names: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  /** One entry per failing element: its CSS selector and axe's summary of what is wrong. */
  nodes: Array<{ target: string; summary: string }>;
}

declare global {
  interface Window {
    axe?: typeof axe;
  }
}

/** Waits until the CSS transitions under way have ended (a half-faded colour fails contrast). */
async function transitionsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const finite = document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
  });
}

/** axe's violations of the WCAG A/AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => window.axe !== undefined))) await page.evaluate(axe.source);
  await transitionsSettled(page);
  return page.evaluate(
    async (tags) => {
      const engine = window.axe;
      if (!engine) throw new Error('axe-core did not load into the page');
      const results = await engine.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.map(String).join(' '),
          summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
        })),
      }));
    },
    [...WCAG_TAGS],
  );
}

/** "rule (impact): help" then each failing element's selector and what is wrong with it. */
export function describeViolations(where: string, violations: readonly AxeViolation[]): string {
  const lines = [`${where}:`];
  for (const v of violations) {
    lines.push(`  ${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`);
    for (const node of v.nodes) lines.push(`    ${node.target}: ${node.summary}`);
  }
  return lines.join('\n');
}
