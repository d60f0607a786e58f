import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LanguageCode, MemoId, PartyId, UserId } from '@accord/shared/ids';
import type { RecordOfAgreement } from '@accord/shared/export/recordOfAgreement';
import { getAgreementMap } from '@accord/shared/memo/agreement';
import { clauseHash } from '@accord/shared/memo/hash';
import type { SectionSeed } from '@accord/shared/memo/seed';
import { buildRecordOfAgreement } from '../src/export/buildRecordOfAgreement';
import { buildMemoSnapshot } from '../src/export/memoSnapshot';
import { renderDocx } from '../src/export/renderDocxOffThread';
import { writeMemoSeed } from '../src/memo/seedMemo';
import { demoMemoSeed } from '../src/memo/demoMemo';
import { startTestServer, waitFor, type TestServer } from './support/testServer';
import { allCookies, api, hashOf, honestClient, lockClause, paragraphText, serverDoc, type Cookies } from './support/agreement';
import { readDocx } from './support/docxParts';

/**
 * Export (DOCX, Markdown, print view, record of agreement) against a real
 * server and the demo memo: the DOCX is unzipped and its XML read back.
 */
let ts: TestServer;
let cookies: Cookies;
let memoId: string;

beforeAll(async () => {
  ts = await startTestServer();
  memoId = ts.demoMemoId;
  cookies = await allCookies(ts);
});
afterAll(async () => ts?.stop());

async function download(path: string, cookie = cookies.observer): Promise<{ status: number; headers: Headers; bytes: Uint8Array; text: string }> {
  const res = await fetch(`${ts.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: new TextDecoder().decode(bytes) };
}
/** The demo seed's clauses, flat, with whether their section is numbered. */
function seedClauses(): Array<{ id: string; numbered: boolean }> {
  const out: Array<{ id: string; numbered: boolean }> = [];
  const visit = (s: SectionSeed): void => {
    for (const c of s.clauses) out.push({ id: String(c.id), numbered: s.numbered ?? true });
    (s.subsections ?? []).forEach(visit);
  };
  demoMemoSeed.sections.forEach(visit);
  return out;
}
const exportPath = (query: string): string => `/api/memos/${memoId}/export?${query}`;

describe('export', () => {
  it('Markdown: title block, sections, sub-sections and numbered clauses in one language', async () => {
    const res = await download(exportPath('format=md&languages=en'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/markdown');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; .*\.md/);
    const md = res.text;
    expect(md.startsWith('# China–US Track II Dialogue on Ocean Science and Fisheries Cooperation\n')).toBe(true);
    // Numbers as the English column writes them (shared/memo/numbering.ts): I. for sections, (a) for sub-sections; the preamble is unnumbered.
    expect(md).toContain('\n## Preamble\n');
    expect(md).toContain('\n## I. Status of relations\n');
    expect(md).toContain('\n### (a) On fisheries and marine data\n');
    // The Chinese version numbers its own way: 一、 and （一）, no space after the marker.
    const zh = (await download(exportPath('format=md&languages=zh'))).text;
    expect(zh).toMatch(/\n## 一、\S/);
    expect(zh).toMatch(/\n### （一）\S/);
    expect(md).toContain('\n1. **Ocean cooperation remains one of the more stable areas of the bilateral relationship.** Even');
    expect(md).toContain('\n3. **Both countries share a strong interest in healthy oceans.**');
    // A clause's second paragraph stays under its item.
    expect(md).toMatch(/\n2\. \*\*Channels[^\n]*\n\n {3}Participants noted that/);
    expect(md).not.toContain('中美');
  });

  it('DOCX, two languages side by side: a table, Word numbering restarting per section, page numbers', async () => {
    const res = await download(exportPath('format=docx&languages=zh,en&annex=0'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; .*\.docx/);
    const docx = await readDocx(res.bytes);
    expect(docx.document).toContain('<w:tbl>');
    // Each clause row holds both language versions side by side.
    const rows = [...docx.document.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    const statusRow = rows.find((r) => r.includes('海洋合作仍是双边关系中相对稳定的领域之一'))!;
    expect(statusRow).toContain('Ocean cooperation remains one of the more stable areas');
    // Side by side, clause numbers are written out in both columns; the preamble is unnumbered.
    expect(docx.paragraphs.filter((p) => /^1\. /.test(p)).length).toBeGreaterThan(0);
    // Each column numbers in its own language: 1、 in Chinese, 1. in English; section headings 一、 and I.
    expect(docx.paragraphs.some((p) => /^一、/.test(p))).toBe(true);
    expect(docx.paragraphs.some((p) => /^I\. Status of relations$/.test(p))).toBe(true);
    expect(docx.paragraphs).toContain('1、海洋合作仍是双边关系中相对稳定的领域之一。即便在双边关系整体紧张的时期，科学交流、联合科考航次以及渔业主管部门之间的联系也大体得以延续，与会者认为这一成果值得珍视和维护。');
    expect(docx.paragraphs.find((p) => p.startsWith('3. Both countries share a strong interest in healthy oceans.'))).toBeDefined();
    // One language: Word's own numbering (decimal, restarting per section), one numbered paragraph per numbered clause.
    const single = await readDocx((await download(exportPath('format=docx&languages=en&annex=0'))).bytes);
    expect(single.numbering).toContain('w:val="decimal"');
    expect(single.numbering).toContain('%1.');
    const numbered = [...single.document.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:numPr>[\s\S]*?<\/w:p>/g)].length;
    expect(numbered).toBe(seedClauses().filter((c) => c.numbered).length);
    const instances = new Set([...single.document.matchAll(/<w:numId w:val="(\d+)"\/>/g)].map((m) => m[1]));
    expect(instances.size).toBe(demoMemoSeed.sections.flatMap((s) => [s, ...(s.subsections ?? [])]).filter((s) => s.numbered !== false && s.clauses.length > 0).length);
    const preamble = docx.paragraphs.find((p) => p.startsWith('The Lanhai Institute'));
    expect(preamble).toBeDefined();
    expect(docx.footers).toMatch(/PAGE/);
    expect(docx.paragraphs).not.toContain('Record of agreement');
  });

  it('[SO4] DOCX bracketed: contested span in [ ] with a footnote naming the party and reason; clean variant is marked draft', async () => {
    const cn = honestClient(ts, memoId, cookies.drafterCn);
    try {
      await waitFor(() => cn.p.synced, 'cn synced');
      const text = paragraphText(cn.doc, 'recommendations-1', 'en');
      cn.doc.transact(() => text.format(0, 4, { 'bracket--cn1': { party: 'cn', reason: 'scope too broad' } }));
      const expected = hashOf(cn.doc, 'recommendations-1');
      await waitFor(async () => hashOf(await serverDoc(ts, memoId), 'recommendations-1') === expected, 'bracket stored');
    } finally {
      cn.p.destroy();
    }
    const bracketed = await readDocx((await download(exportPath('format=docx&languages=en&variant=bracketed&annex=0'))).bytes);
    const clause = bracketed.paragraphs.find((p) => p.includes('scope too broad') || p.startsWith('['))!;
    expect(clause).toMatch(/^\[[^\]]{4}\]/);
    expect(bracketed.document).toContain('w:footnoteReference');
    expect(bracketed.footnoteTexts).toContain('Contested by Chinese delegation: scope too broad');

    const zhBracketed = await readDocx((await download(exportPath('format=docx&languages=zh&variant=bracketed&annex=0'))).bytes);
    expect(zhBracketed.footnoteTexts).toEqual([]); // the bracket is in the English version only

    const clean = await readDocx((await download(exportPath('format=docx&languages=en&variant=clean&annex=0'))).bytes);
    expect(clean.footnoteTexts).toEqual([]);
    expect(clean.paragraphs.some((p) => p.startsWith('DRAFT — 1 clause is still contested'))).toBe(true);
    expect(clean.paragraphs.some((p) => p.includes('['))).toBe(false);

    const md = (await download(exportPath('format=md&languages=en&variant=bracketed'))).text;
    expect(md).toMatch(/\\\[[^\n]{4}\\\]\[\^1\]/);
    expect(md).toContain('[^1]: Contested by Chinese delegation: scope too broad');
  });

  it('[SO5][HI1] record of agreement: per agreed clause each party\'s signatory, the hash and the time (JSON, route and annex)', async () => {
    const hash = await lockClause(ts, memoId, 'status-1', cookies);
    const { status, body } = await api<RecordOfAgreement>(ts, `/api/memos/${memoId}/record`, { cookie: cookies.observer });
    expect(status).toBe(200);
    const line = body.clauses.find((c) => c.clauseId === 'status-1')!;
    expect(line.status).toBe('agreed');
    expect(line.number).toBe(1);
    expect(line.locked?.hash).toBe(hash);
    expect(line.signatures.map((s) => [s.partyId, s.hash, s.stale])).toEqual([
      ['cn', hash, false],
      ['us', hash, false],
    ]);
    expect(line.signatures.map((s) => s.signatory.name)).toEqual([
      ts.accounts.find((a) => a.role === 'signatory' && a.party === 'cn')!.name,
      ts.accounts.find((a) => a.role === 'signatory' && a.party === 'us')!.name,
    ]);
    expect(body.summary.agreed).toBeGreaterThanOrEqual(1);
    expect(body.clauses.find((c) => c.clauseId === 'preamble-1')!.status).toBe('draft');

    // HI1: the record at a revision before the lock does not list the clause as agreed; `revision` is validated.
    const lockedAt = (await api<{ revisions: Array<{ rev: number; kind: string }> }>(ts, `/api/memos/${memoId}/revisions`, { cookie: cookies.observer })).body.revisions.find((r) => r.kind === 'lock')!.rev;
    const before = await api<RecordOfAgreement>(ts, `/api/memos/${memoId}/record?revision=${lockedAt - 1}`, { cookie: cookies.observer });
    expect(before.status).toBe(200);
    expect(before.body.clauses.find((c) => c.clauseId === 'status-1')!.status).not.toBe('agreed');
    const at = await api<RecordOfAgreement>(ts, `/api/memos/${memoId}/record?revision=${lockedAt}`, { cookie: cookies.observer });
    expect(at.body.clauses.find((c) => c.clauseId === 'status-1')!.locked?.hash).toBe(hash);
    expect((await api(ts, `/api/memos/${memoId}/record?revision=abc`, { cookie: cookies.observer })).status).toBe(400);

    const json = await download(exportPath('format=json'));
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; .*record-of-agreement\.json/);
    expect((JSON.parse(json.text) as RecordOfAgreement).clauses.find((c) => c.clauseId === 'status-1')!.locked?.hash).toBe(hash);

    const docx = await readDocx((await download(exportPath('format=docx&languages=en'))).bytes);
    const annexRows = [...docx.document.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]).filter((r) => r.includes(hash));
    expect(annexRows.length).toBe(2);
    expect(docx.paragraphs).toContain('Record of agreement');
    // The participants list, grouped by delegation, from membership.
    expect(docx.paragraphs).toContain('Participants — Chinese delegation');
  });

  it('PDF is the print view: format=pdf redirects to an HTML page with a print stylesheet and no editor chrome', async () => {
    const res = await download(exportPath('format=pdf&languages=zh,en&variant=clean'));
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toContain('format=html');
    const page = await download(location);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-disposition')).toMatch(/^inline/);
    expect(page.text).toContain('@page');
    expect(page.text).toContain('counter(page)');
    expect(page.text).toContain('海洋合作仍是双边关系中相对稳定的领域之一');
    expect(page.text).not.toMatch(/<script|<button/);
  });

  it('[SE3] bad export requests get a clear error', async () => {
    for (const query of ['format=xls', 'format=md&languages=fr', 'format=md&variant=pretty', 'format=md&languages=en,en', 'format=md&extra=1']) {
      const res = await download(exportPath(query));
      expect(res.status, query).toBe(400);
      expect((JSON.parse(res.text) as { error: { code: string } }).error.code).toBe('bad_request');
    }
    expect((await download(`/api/memos/nosuchmemo/export?format=md`)).status).toBe(404);
  });
});

describe('DOCX of a large memo is rendered off the main thread', () => {
  it('the worker renders the same document as the main thread', async () => {
    const doc = new Y.Doc();
    const languages = ['zh', 'en'] as LanguageCode[];
    writeMemoSeed(doc, demoMemoSeed, languages);
    const memo = { id: 'm1' as MemoId, title: 'x', languages, parties: [{ id: 'cn' as PartyId, name: { en: 'Chinese delegation' }, color: '#000000' }, { id: 'us' as PartyId, name: { en: 'US' }, color: '#000000' }] };
    const snapshot = buildMemoSnapshot(doc, memo);
    const options = { variant: 'clean' as const, languages };
    const inline = await readDocx(await renderDocx(snapshot, options, {}, 10_000));
    const worker = await readDocx(await renderDocx(snapshot, options, {}, 0));
    expect(worker.paragraphs).toEqual(inline.paragraphs);
    expect(worker.paragraphs.some((p) => p.startsWith('1、海洋合作仍是双边关系中相对稳定的领域之一'))).toBe(true);
  });
});

describe('buildRecordOfAgreement (pure)', () => {
  it('[SO5] reads sign-offs and locks from a Y.Doc alone, in party order, with current names', () => {
    const doc = new Y.Doc();
    const languages = ['zh', 'en'] as LanguageCode[];
    writeMemoSeed(doc, demoMemoSeed, languages);
    const hash = clauseHash(doc, 'future-1', languages);
    getAgreementMap(doc).set('future-1', {
      signoffs: {
        us: { userId: 'u2' as UserId, name: 'Old Name', hash, at: '2026-05-15T10:00:00.000Z' },
        cn: { userId: 'u1' as UserId, name: 'Wang', hash, at: '2026-05-15T09:00:00.000Z' },
      },
      contests: {},
      locked: { hash, at: '2026-05-15T10:00:00.000Z' },
      reopen: null,
    });
    const memo = {
      id: 'm1' as MemoId,
      title: 'x',
      languages,
      parties: [
        { id: 'cn' as PartyId, name: { en: 'CN' }, color: '#000000' },
        { id: 'us' as PartyId, name: { en: 'US' }, color: '#000000' },
      ],
    };
    const record = buildRecordOfAgreement(doc, memo, [{ userId: 'u2' as UserId, name: 'New Name' }]);
    expect(record.title).toBe('中美海洋科学与渔业合作二轨对话');
    const total = seedClauses().length;
    expect(record.summary).toMatchObject({ total, agreed: 1, draft: total - 1 });
    const line = record.clauses.find((c) => c.clauseId === 'future-1')!;
    expect(line).toMatchObject({ status: 'agreed', number: 1, locked: { hash, at: '2026-05-15T10:00:00.000Z' } });
    expect(line.signatures.map((s) => [s.partyId, s.signatory.name])).toEqual([
      ['cn', 'Wang'],
      ['us', 'New Name'],
    ]);
  });
});
