import type { Page } from '@playwright/test';
import {
  accountOf,
  clauseEditor,
  clauseRow,
  cellText,
  createTwoPartyMemo,
  expect,
  expectCellText,
  holdIncomingSync,
  loginPage,
  openDemoMemo,
  openMemo,
  placeCaretIn,
  selectText,
  signOffBadge,
  test,
} from '../support/fixtures';

/**
 * Two delegations agree a clause: brackets, sign-off, lock, reopen (issue:
 * sign-off and locks, client side). The cn signatory (A) and the us
 * signatory (B) work in two browser contexts. The e2e server is shared by
 * the whole run, so the demo-memo test uses clauses no other test touches
 * (principles-observation-1, recommendations-2); the others make a memo of
 * their own through the API.
 */

const CLAUSE = 'principles-observation-1';
const OTHER_CLAUSE = 'recommendations-2';
const PHRASE = 'global public good';
const REASON = 'Too broad: export-controlled sensors are not a public good.';

const saved = (page: Page) => expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');

/** Answers the open reason dialog. */
async function giveReason(page: Page, reason: string, submit: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: submit }).click();
  await expect(dialog).toBeHidden();
}

test.describe('agreement: brackets, sign-off, lock and reopen', () => {
  test('[SO4][SO5][LK1][LK2][LK4][HI1] bracket, sign by both, locked for everyone, reopened by consent', async ({ browser }) => {
    // The whole negotiation of one clause, end to end: longer than most tests.
    test.setTimeout(120_000);
    const a = await loginPage(browser, accountOf('signatory', 'cn'));
    const b = await loginPage(browser, accountOf('signatory', 'us'));
    await openDemoMemo(a);
    await openDemoMemo(b);
    const aEn = clauseEditor(a, CLAUSE, 'en');
    const bEn = clauseEditor(b, CLAUSE, 'en');
    await expect(clauseRow(a, CLAUSE)).toHaveAttribute('data-status', 'draft');

    // A brackets a phrase with a reason (SO4: contested language).
    await selectText(aEn, PHRASE);
    await a.getByRole('button', { name: 'Bracket selection' }).click();
    await giveReason(a, REASON, 'Add bracket');

    // B sees [ … ] in the Chinese delegation's colour, with the reason, and the clause is contested.
    const bracket = bEn.locator('.bracket[data-party="cn"]');
    await expect(bracket).toHaveText(PHRASE);
    await expect(bracket).toHaveAttribute('data-reason', REASON);
    await expect(bracket).toHaveAttribute('title', `Bracketed by Chinese delegation: ${REASON}`);
    const marks = await bracket.evaluate((el) => ({
      before: getComputedStyle(el, '::before').content,
      after: getComputedStyle(el, '::after').content,
      color: getComputedStyle(el, '::before').color,
    }));
    expect(marks).toEqual({ before: '"["', after: '"]"', color: 'rgb(192, 57, 43)' });
    for (const page of [a, b]) {
      await expect(clauseRow(page, CLAUSE)).toHaveAttribute('data-status', 'contested');
      await expect(clauseRow(page, CLAUSE).locator('.clause-status')).toHaveText('Contested');
    }
    // B's own toolbar never offers to remove A's bracket.
    await placeCaretIn(bEn, 'public');
    await expect(b.getByRole('button', { name: 'Remove bracket' })).toHaveCount(0);

    // "Show only contested clauses" leaves this clause and hides the uncontested ones.
    await b.getByRole('checkbox', { name: 'Show only contested clauses' }).check();
    await expect(clauseRow(b, CLAUSE)).toBeVisible();
    await expect(clauseRow(b, 'status-2')).toBeHidden();
    await b.getByRole('checkbox', { name: 'Show only contested clauses' }).uncheck();
    await expect(clauseRow(b, 'status-2')).toBeVisible();

    // A removes its own bracket.
    await placeCaretIn(aEn, 'public');
    await a.getByRole('button', { name: 'Remove bracket' }).click();
    await expect(bEn.locator('.bracket')).toHaveCount(0);
    await expect(clauseRow(b, CLAUSE)).toHaveAttribute('data-status', 'draft');

    // A signs first: B sees A's badge signed, and the clause is signed by some.
    await expect(signOffBadge(a, CLAUSE, 'cn')).toHaveAttribute('data-signoff-state', 'unsigned');
    await clauseRow(a, CLAUSE).getByRole('button', { name: 'Sign clause' }).click();
    await expect(signOffBadge(b, CLAUSE, 'cn')).toHaveAttribute('data-signoff-state', 'signed');
    await expect(signOffBadge(b, CLAUSE, 'cn')).toHaveAttribute('title', /signed by Wang Lin/);
    await expect(signOffBadge(b, CLAUSE, 'us')).toHaveAttribute('data-signoff-state', 'unsigned');
    await expect(clauseRow(b, CLAUSE)).toHaveAttribute('data-status', 'signed_by_some');
    await expect(clauseRow(a, CLAUSE).getByRole('button', { name: 'Withdraw sign-off' })).toBeVisible();
    await expect(clauseRow(a, CLAUSE).getByRole('button', { name: 'Sign clause' })).toHaveCount(0);

    // B signs the same text: agreed and locked in both windows (SO5).
    await clauseRow(b, CLAUSE).getByRole('button', { name: 'Sign clause' }).click();
    for (const page of [a, b]) {
      await expect(clauseRow(page, CLAUSE)).toHaveAttribute('data-status', 'agreed');
      await expect(clauseRow(page, CLAUSE)).toHaveAttribute('data-locked', 'true');
      await expect(clauseRow(page, CLAUSE).locator('.clause-status')).toHaveText('Agreed');
      await expect(signOffBadge(page, CLAUSE, 'us')).toHaveAttribute('data-signoff-state', 'signed');
      // LK1: the controls that would move or delete it are disabled, and so is deleting its section.
      for (const name of ['Move clause up', 'Move clause down', 'Delete clause']) {
        await expect(clauseRow(page, CLAUSE).getByRole('button', { name })).toBeDisabled();
      }
      await expect(page.locator('[data-section-block="principles-observation"]').getByRole('button', { name: 'Delete section' }).first()).toBeDisabled();
      await expect(page.locator('[data-section-block="principles"]').getByRole('button', { name: 'Delete section' }).first()).toBeDisabled();
    }

    // B cannot type into it: the cell is read-only and nothing changes anywhere (LK2).
    const agreedText = await cellText(aEn);
    await bEn.click();
    await b.keyboard.type('XYZ');
    await expect(bEn).toHaveAttribute('contenteditable', 'false');
    await expect(bEn).toHaveAttribute('aria-readonly', 'true');
    // A edits another clause meanwhile, and B sees that edit; B's keystrokes above would have arrived first.
    const aOther = clauseEditor(a, OTHER_CLAUSE, 'en');
    await aOther.click();
    await a.keyboard.press('End');
    await a.keyboard.type(' Edited by A while the clause was locked.');
    await expect(clauseEditor(b, OTHER_CLAUSE, 'en')).toContainText('Edited by A while the clause was locked.');
    await saved(b);
    await expectCellText(bEn, agreedText);
    await expectCellText(aEn, agreedText);

    // LK4: A requests reopening; B sees who asked and why, and consents.
    await clauseRow(a, CLAUSE).getByRole('button', { name: 'Request reopening' }).click();
    await giveReason(a, 'New export-control rules need a caveat here.', 'Send request');
    const request = clauseRow(b, CLAUSE).locator('.reopen-request');
    await expect(request).toContainText('Wang Lin');
    await expect(request).toContainText('New export-control rules need a caveat here.');
    await expect(request.locator('[data-party="us"]')).toHaveAttribute('data-consented', 'false');
    await expect(clauseRow(a, CLAUSE).getByRole('button', { name: 'Consent to reopening' })).toHaveCount(0);
    await clauseRow(b, CLAUSE).getByRole('button', { name: 'Consent to reopening' }).click();

    // The lock lifts live in both windows; sign-offs are cleared; B's typing reaches A.
    for (const page of [a, b]) {
      await expect(clauseRow(page, CLAUSE)).toHaveAttribute('data-locked', 'false');
      await expect(clauseRow(page, CLAUSE)).toHaveAttribute('data-status', 'draft');
      await expect(signOffBadge(page, CLAUSE, 'cn')).toHaveAttribute('data-signoff-state', 'unsigned');
    }
    await bEn.click();
    await expect(bEn).toHaveAttribute('contenteditable', 'true');
    await b.keyboard.press('End');
    await b.keyboard.type(' Subject to export-control rules.');
    await expect(aEn).toContainText('Subject to export-control rules.');
    await expect(aEn).toHaveAttribute('contenteditable', 'true');

    // Undo does not reach back across the lock: A's Ctrl+Z cannot bring back the bracket it removed before.
    await aEn.click();
    await a.keyboard.press('ControlOrMeta+z');
    await a.keyboard.press('End');
    await a.keyboard.type(' Noted by A.');
    await expect(bEn).toContainText('Noted by A.');
    await expect(bEn.locator('.bracket')).toHaveCount(0);
    await expect(aEn.locator('.bracket')).toHaveCount(0);
    await expect(bEn).toContainText('Subject to export-control rules.');
    await saved(a);
    await saved(b);

    // The clause's own history shows the bracket A placed and removed, with its reason (HI1).
    await b.goto(`${b.url()}/history`);
    await b.locator(`.history-clause[data-clause-id="${CLAUSE}"]`).getByRole('button', { name: 'Clause history' }).click();
    const panel = b.getByRole('complementary', { name: /^History of / });
    await expect(panel).toContainText(`Bracket placed · Chinese delegation — ${REASON}`);
    await expect(panel).toContainText(`Bracket removed · Chinese delegation — ${REASON}`);
    await a.context().close();
    await b.context().close();
  });

  test('[SO2][SO3] signing a text the other side has already changed is refused as "text changed"; a later change makes a sign-off stale', async ({ browser }) => {
    const b = await loginPage(browser, accountOf('signatory', 'us'));
    const a = await loginPage(browser, accountOf('signatory', 'cn'));
    const { memoId, clauseId } = await createTwoPartyMemo(a, accountOf('signatory', 'us'), 'Text-changed test memo');
    // A's window will be kept from hearing B's edit for a moment.
    const incoming = await holdIncomingSync(a);
    await openMemo(a, memoId);
    await openMemo(b, memoId);

    const bEn = clauseEditor(b, clauseId, 'en');
    const aEn = clauseEditor(a, clauseId, 'en');
    await bEn.click();
    await b.keyboard.type('Both sides will meet twice a year.');
    await expectCellText(aEn, 'Both sides will meet twice a year.');

    // B changes the text; A has not received it yet and signs what it sees.
    incoming.hold();
    await b.keyboard.type(' In Beijing.');
    await saved(b);
    await clauseRow(a, clauseId).getByRole('button', { name: 'Sign clause' }).click();
    await expect(a.getByRole('alert')).toContainText('The text changed before your sign-off reached the server. Read the current text and sign again.');
    await expect(signOffBadge(a, clauseId, 'cn')).toHaveAttribute('data-signoff-state', 'unsigned');
    await expect(signOffBadge(b, clauseId, 'cn')).toHaveAttribute('data-signoff-state', 'unsigned');

    // A catches up, reads the new text and signs it.
    incoming.release();
    await expectCellText(aEn, 'Both sides will meet twice a year. In Beijing.');
    await clauseRow(a, clauseId).getByRole('button', { name: 'Sign clause' }).click();
    await expect(signOffBadge(b, clauseId, 'cn')).toHaveAttribute('data-signoff-state', 'signed');
    await expect(clauseRow(b, clauseId)).toHaveAttribute('data-status', 'signed_by_some');
    await expect(b.locator('.status-count[data-status="signed_by_some"]')).toHaveAttribute('data-count', '1');

    // SO3: B changes the text again; A's sign-off is stale in both windows and no longer counts.
    await bEn.click();
    await b.keyboard.press('End');
    await b.keyboard.type(' Or online.');
    for (const page of [a, b]) {
      await expect(signOffBadge(page, clauseId, 'cn')).toHaveAttribute('data-signoff-state', 'stale');
      await expect(signOffBadge(page, clauseId, 'cn')).toContainText('stale — signed an earlier text');
      await expect(clauseRow(page, clauseId)).toHaveAttribute('data-status', 'draft');
    }
    // A may sign the new text again (or withdraw the stale sign-off).
    await expect(clauseRow(a, clauseId).getByRole('button', { name: 'Sign clause' })).toBeVisible();
    await expect(clauseRow(a, clauseId).getByRole('button', { name: 'Withdraw sign-off' })).toBeVisible();
    await a.context().close();
    await b.context().close();
  });

  test('[LK1][LK3] an edit made before the lock reached this window is undone, and the toast names the clause', async ({ browser }) => {
    const b = await loginPage(browser, accountOf('signatory', 'us'));
    const a = await loginPage(browser, accountOf('signatory', 'cn'));
    const { memoId, clauseId, sectionId } = await createTwoPartyMemo(a, accountOf('signatory', 'us'), 'Late-edit test memo');
    const incoming = await holdIncomingSync(a);
    await openMemo(a, memoId);
    await openMemo(b, memoId);

    // Name the section and write the clause.
    await b.getByRole('textbox', { name: `Section ${sectionId} en` }).click();
    await b.keyboard.type('Fisheries');
    const bEn = clauseEditor(b, clauseId, 'en');
    await bEn.click();
    await b.keyboard.type('Catch data are shared monthly.');
    const aEn = clauseEditor(a, clauseId, 'en');
    await expectCellText(aEn, 'Catch data are shared monthly.');

    // A signs; then B's signature locks the clause while A's window does not know yet.
    await clauseRow(a, clauseId).getByRole('button', { name: 'Sign clause' }).click();
    await expect(signOffBadge(a, clauseId, 'cn')).toHaveAttribute('data-signoff-state', 'signed');
    await expect(signOffBadge(b, clauseId, 'cn')).toHaveAttribute('data-signoff-state', 'signed');
    incoming.hold();
    await clauseRow(b, clauseId).getByRole('button', { name: 'Sign clause' }).click();
    await expect(clauseRow(b, clauseId)).toHaveAttribute('data-locked', 'true');
    await expect(clauseRow(a, clauseId)).toHaveAttribute('data-locked', 'false');

    // A types into the clause; the server undoes it (B never sees it, LK2).
    await aEn.click();
    await a.keyboard.press('End');
    await a.keyboard.type(' Or weekly.');
    await expectCellText(aEn, 'Catch data are shared monthly. Or weekly.');
    incoming.release();

    // A converges back to the agreed text without a reload and is told why (LK3).
    await expect(a.getByRole('alert')).toContainText('Clause 1 of ‘Fisheries’ is agreed and locked; your change was undone.');
    await expectCellText(aEn, 'Catch data are shared monthly.');
    await expect(clauseRow(a, clauseId)).toHaveAttribute('data-locked', 'true');
    await expect(aEn).toHaveAttribute('contenteditable', 'false');
    await expectCellText(bEn, 'Catch data are shared monthly.');
    await saved(a);
    await a.context().close();
    await b.context().close();
  });

  test('[SO4] a party contests a clause with a reason; the other side sees it; only the contesting party withdraws it, and withdrawing the last flag locks a clause both signed', async ({ browser }) => {
    const b = await loginPage(browser, accountOf('signatory', 'us'));
    const a = await loginPage(browser, accountOf('signatory', 'cn'));
    const { memoId, clauseId } = await createTwoPartyMemo(a, accountOf('signatory', 'us'), 'Contest test memo');
    await openMemo(a, memoId);
    await openMemo(b, memoId);

    await clauseRow(a, clauseId).getByRole('button', { name: 'Contest clause' }).click();
    await giveReason(a, 'The clause must name the competent agencies.', 'Flag as contested');
    for (const page of [a, b]) {
      await expect(clauseRow(page, clauseId)).toHaveAttribute('data-status', 'contested');
      await expect(clauseRow(page, clauseId).locator('.clause-contest[data-party="cn"]')).toContainText('The clause must name the competent agencies.');
      await expect(clauseRow(page, clauseId).locator('.clause-contest[data-party="cn"]')).toContainText('Chinese delegation');
    }
    await expect(clauseRow(b, clauseId).getByRole('button', { name: 'Withdraw contest' })).toHaveCount(0);
    await expect(b.locator('.status-count[data-status="contested"]')).toHaveAttribute('data-count', '1');

    // Both sign: still not agreed while contested (SO4).
    await clauseRow(a, clauseId).getByRole('button', { name: 'Sign clause' }).click();
    await expect(signOffBadge(b, clauseId, 'cn')).toHaveAttribute('data-signoff-state', 'signed');
    await clauseRow(b, clauseId).getByRole('button', { name: 'Sign clause' }).click();
    await expect(signOffBadge(a, clauseId, 'us')).toHaveAttribute('data-signoff-state', 'signed');
    await expect(clauseRow(a, clauseId)).toHaveAttribute('data-locked', 'false');
    await expect(clauseRow(a, clauseId)).toHaveAttribute('data-status', 'contested');

    // Both hold valid sign-offs: withdrawing the last contest flag agrees and locks the clause in the same step (SO5).
    await clauseRow(a, clauseId).getByRole('button', { name: 'Withdraw contest' }).click();
    for (const page of [a, b]) {
      await expect(clauseRow(page, clauseId)).toHaveAttribute('data-status', 'agreed');
      await expect(clauseRow(page, clauseId)).toHaveAttribute('data-locked', 'true');
      await expect(clauseRow(page, clauseId).locator('.clause-contest')).toHaveCount(0);
    }
    await a.context().close();
    await b.context().close();
  });
});
