import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun } from 'docx';
import type { ImportReport, TranslationReport } from '@accord/shared/import/importReport';
import type { MemoDetail, MemoSummary } from '@accord/shared/memo/schema';
import { recogniseNumber, stripSectionMarker } from '../src/import/numbering';
import { buildImportedMemo } from '../src/import/buildImportedMemo';
import { markdownParagraphs } from '../src/import/markdownParagraphs';
import { startTestServer, type TestServer } from './support/testServer';
import { allCookies, api, lockClause, type Cookies } from './support/agreement';

/**
 * Import (DU3: the server writes the content) from plain text, Markdown and
 * .docx against a real server; round trips through the export; bad files.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = fs.readFileSync(path.join(here, 'fixtures/track2-ocean-plastics-memo.zh.txt'));

let ts: TestServer;
let cookies: Cookies;

beforeAll(async () => {
  ts = await startTestServer();
  cookies = await allCookies(ts);
});
afterAll(async () => ts?.stop());

async function importFile(bytes: Uint8Array | string, name: string, fields: Record<string, string> = { language: 'zh' }, cookie = cookies.facilitator): Promise<{ status: number; body: ImportReport & { error?: { code: string; message: string } } }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  const res = await fetch(`${ts.url}/api/memos/import`, { method: 'POST', headers: { cookie }, body: form });
  return { status: res.status, body: (await res.json()) as ImportReport & { error?: { code: string; message: string } } };
}

async function exportText(memoId: string, query: string): Promise<string> {
  const res = await fetch(`${ts.url}/api/memos/${memoId}/export?${query}`, { headers: { cookie: cookies.facilitator } });
  expect(res.status).toBe(200);
  return res.text();
}
async function exportBytes(memoId: string, query: string): Promise<Uint8Array> {
  const res = await fetch(`${ts.url}/api/memos/${memoId}/export?${query}`, { headers: { cookie: cookies.facilitator } });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}
const detail = async (memoId: string): Promise<MemoDetail> => (await api<MemoDetail>(ts, `/api/memos/${memoId}`, { cookie: cookies.facilitator })).body;
const memoCount = async (): Promise<number> => (await api<MemoSummary[]>(ts, '/api/memos', { cookie: cookies.facilitator })).body.length;

describe('numbering recogniser', () => {
  it('reads Chinese and Western clause numbers and Chinese ordinal headings', () => {
    expect(recogniseNumber('1. Text')).toMatchObject({ kind: 'clause', number: 1, rest: 'Text' });
    expect(recogniseNumber('12、文本')).toMatchObject({ kind: 'clause', number: 12, rest: '文本' });
    expect(recogniseNumber('(3) text')).toMatchObject({ kind: 'clause', number: 3 });
    expect(recogniseNumber('（4）文本')).toMatchObject({ kind: 'clause', number: 4 });
    expect(recogniseNumber('- 2、文本')).toMatchObject({ kind: 'clause', number: 2, rest: '文本' });
    expect(recogniseNumber('5) text')).toMatchObject({ kind: 'clause', number: 5 });
    expect(recogniseNumber('一、总体原则')).toMatchObject({ kind: 'heading', level: 1, rest: '总体原则' });
    expect(recogniseNumber('（二）数据领域')).toMatchObject({ kind: 'heading', level: 2 });
    expect(recogniseNumber('十二、双方同意加强合作，并定期交换意见。')).toMatchObject({ kind: 'clause', number: 12 });
    expect(recogniseNumber('1.5 million tonnes a year')).toBeNull();
    expect(recogniseNumber('2022年12月')).toBeNull();
    expect(recogniseNumber('Text')).toBeNull();
  });

  it('drops the section numbers an export writes into headings (the memo numbers by position)', () => {
    expect(stripSectionMarker('一、双边关系现状')).toBe('双边关系现状');
    expect(stripSectionMarker('（二）在数据领域')).toBe('在数据领域');
    expect(stripSectionMarker('IV. Recommendations')).toBe('Recommendations');
    expect(stripSectionMarker('(b) On data')).toBe('On data');
    expect(stripSectionMarker('Preamble')).toBe('Preamble');
    expect(stripSectionMarker('Item 1')).toBe('Item 1');
    expect(stripSectionMarker('一、')).toBe('一、');
  });
});

describe('buildImportedMemo', () => {
  it('drops the draft banner of a clean export (it is not memo text)', () => {
    const md = '# Title\n\n> **DRAFT — 2 clauses are still contested; this is not agreed text.**\n\n## Section\n\n1. One.\n';
    const memo = buildImportedMemo(markdownParagraphs(md));
    expect(memo.titleLines).toEqual(['Title']);
    expect(memo.sections.map((s) => [s.title, s.clauses.length])).toEqual([['Section', 1]]);
  });
});

describe('import', () => {
  it('[DU3] a realistic Chinese memo (plain text): title block, preamble, sections, sub-sections, numbered clauses; participants skipped', async () => {
    const { status, body } = await importFile(FIXTURE, 'memo.txt');
    expect(status).toBe(201);
    expect(body).toMatchObject({ title: '中美海洋塑料污染治理二轨对话', sections: 10, clauses: 22, skipped: { participants: 5, tables: 0 } });
    expect(body.warnings.some((w) => w.kind === 'lead_in_numbered' && w.section.includes('双边合作现状') && w.message.includes('lead-in'))).toBe(true);

    const memo = await detail(body.id);
    expect(memo.title).toBe('中美海洋塑料污染治理二轨对话');
    expect(memo.me).toMatchObject({ role: 'facilitator', isOwner: true });
    const shape = memo.sections.map((s) => [s.title.zh, s.numbered, s.clauses.length, s.subsections.map((x) => [x.title.zh, x.numbered, x.clauses.length])]);
    expect(shape).toEqual([
      ['', false, 2, []],
      ['双边合作现状', true, 5, []],
      ['达成的原则', false, 1, [['总体方针', false, 1], ['在监测与数据领域', true, 4], ['在减量与回收领域', true, 2]]],
      ['对双方政府的建议', false, 1, [['在监测与数据领域', true, 3], ['在减量与回收领域', true, 2]]],
      ['未来合作领域', false, 1, []],
    ]);
    expect(memo.sections[1]!.clauses.map((c) => c.number)).toEqual([1, 2, 3, 4, 5]);
    expect(memo.sections.flatMap((s) => s.clauses).every((c) => c.status === 'draft')).toBe(true);

    const md = await exportText(body.id, 'format=md&languages=zh&annex=0');
    expect(md).toContain('# 中美海洋塑料污染治理二轨对话\n\n共识备忘录\n\n2025年11月和2026年1月\n\n线上会议\n');
    // The lead phrase before a lone `**` is bold; the number prefix is gone (numbers are positions).
    expect(md).toContain('\n2. **两国环境合作机制运转不畅。**原有的部级对话');
    // Bullets and the closing paragraphs stay in clause 4 (5th after the lead-in).
    expect(md).toMatch(/\n5\. 合作停滞的风险和代价。[^\n]*\n\n {3}• 合作停滞将减少[^\n]*\n\n {3}• 合作停滞将延缓[^\n]*\n\n {3}这将导致[^\n]*\n\n {3}同时也应看到/);
    // A paragraph a page break split is joined again.
    expect(md).toContain('海产品供应链中的微塑料问题，中国对近海养殖区和河口地区的污染状况更为关注。');
    expect(md).not.toContain('林海');
    const revisions = await ts.server.storage.listNamedRevisions(body.id);
    expect(revisions.map((r) => [r.kind, r.name])).toEqual([['import', 'Imported from memo.txt']]);
  });

  it('[DU3] numbering the importer had to interpret comes back as data (kind, section, numbers) with an English message', async () => {
    const text = [
      'Joint Statement on Coral Reef Monitoring',
      'Consensus Memorandum',
      'Experts of both sides met in their personal capacities.',
      'Shared findings',
      '1. Both sides observed bleaching at the monitored sites.\n3. Both sides agree to exchange survey protocols.',
    ].join('\n\n');
    const { status, body } = await importFile(text, 'coral.txt', { language: 'en' });
    expect(status).toBe(201);
    expect(body.clauses).toBe(3); // the preamble paragraph and the two numbered ones
    expect(body.warnings).toEqual([
      { kind: 'numbering_irregular', section: 'Shared findings', numbers: [1, 3], message: expect.stringContaining('do not run 1, 2, 3') },
    ]);
  });

  for (const lang of ['zh', 'en']) {
    it(`[DU3] round trip: Markdown export (${lang}) → import → export gives the same text and structure`, async () => {
      const original = await exportText(ts.demoMemoId, `format=md&languages=${lang}&annex=0`);
      const { status, body } = await importFile(original, `demo.${lang}.md`, { language: lang });
      expect(status).toBe(201);
      expect(body.warnings).toEqual([]);
      expect(await exportText(body.id, `format=md&languages=${lang}&annex=0`)).toBe(original);
      const [a, b] = [await detail(ts.demoMemoId), await detail(body.id)];
      const shape = (d: MemoDetail): unknown => d.sections.map((s) => [s.title[lang], s.level, s.numbered, s.clauses.length, s.subsections.map((x) => [x.title[lang], x.numbered, x.clauses.length])]);
      expect(shape(b)).toEqual(shape(a));
    });

    it(`[DU3] round trip: DOCX export (${lang}) → import → same text and structure`, async () => {
      const docx = await exportBytes(ts.demoMemoId, `format=docx&languages=${lang}`);
      const { status, body } = await importFile(docx, `demo.${lang}.docx`, { language: lang });
      expect(status).toBe(201);
      // The participants list and the record annex (a table) are not memo text.
      expect(body.skipped.tables).toBe(1);
      expect(body.skipped.participants).toBeGreaterThan(0);
      expect(await exportText(body.id, `format=md&languages=${lang}&annex=0`)).toBe(await exportText(ts.demoMemoId, `format=md&languages=${lang}&annex=0`));
    });
  }

  it('[DU3] a Word document from elsewhere: heading styles, Word list numbering (bullets excepted), bold runs', async () => {
    const doc = new Document({
      numbering: {
        config: [
          { reference: 'num', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] },
          { reference: 'dots', levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.START }] },
        ],
      },
      sections: [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('Joint statement on fisheries')] }),
            new Paragraph({ children: [new TextRun('The parties met in Honolulu in March.')] }),
            new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Principles')] }),
            new Paragraph({ numbering: { reference: 'num', level: 0 }, children: [new TextRun({ text: 'Science first.', bold: true }), new TextRun(' Decisions rest on evidence.')] }),
            new Paragraph({ numbering: { reference: 'dots', level: 0 }, children: [new TextRun('including stock assessments;')] }),
            new Paragraph({ numbering: { reference: 'num', level: 0 }, children: [new TextRun('Equal footing.')] }),
            new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('On data')] }),
            new Paragraph({ numbering: { reference: 'num', level: 0, instance: 2 }, children: [new TextRun('Share catch data yearly.')] }),
          ],
        },
      ],
    });
    const { status, body } = await importFile(await Packer.toBuffer(doc), 'statement.docx', { language: 'en', title: 'Fisheries statement' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ title: 'Fisheries statement', sections: 3, clauses: 4 });
    const md = await exportText(body.id, 'format=md&languages=en&annex=0');
    expect(md).toBe(
      [
        '# Joint statement on fisheries',
        '##',
        'The parties met in Honolulu in March.',
        '## I. Principles',
        '1. **Science first.** Decisions rest on evidence.\n\n   • including stock assessments;',
        '2. Equal footing.',
        '### (a) On data',
        '1. Share catch data yearly.',
      ].join('\n\n') + '\n',
    );
  });

  it('[SE3] bad files get a clear error and create nothing', async () => {
    const before = await memoCount();
    const cases: Array<[string, Uint8Array | string, string, Record<string, string>, number]> = [
      ['not a docx', new TextEncoder().encode('PK but not really a zip file'), 'memo.docx', { language: 'zh' }, 400],
      ['named .docx, not a zip', 'hello', 'memo.docx', { language: 'zh' }, 400],
      ['empty', new Uint8Array(0), 'memo.txt', { language: 'zh' }, 400],
      ['whitespace only', '\n\n   \n', 'memo.txt', { language: 'zh' }, 400],
      ['GBK bytes', new Uint8Array([0xd6, 0xd0, 0xc3, 0xc0, 0xba, 0xa3, 0xd1, 0xf3, 0xb6, 0xd4, 0xbb, 0xb0]), 'memo.txt', { language: 'zh' }, 400],
      ['binary', new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]), 'memo.txt', { language: 'zh' }, 400],
      ['old .doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'memo.doc', { language: 'zh' }, 400],
      ['zip without a document', await zipOf({ 'hello.txt': 'hi' }), 'memo.docx', { language: 'zh' }, 400],
      ['no language', 'Title\n\nText of the memo.', 'memo.txt', {}, 400],
      ['language not in the memo', 'Title\n\nText of the memo.', 'memo.txt', { language: 'fr', languages: 'zh,en' }, 400],
      ['unknown field', 'Title\n\nText of the memo.', 'memo.txt', { language: 'zh', owner: 'me' }, 400],
      ['drafter without party', 'Title\n\nText of the memo.', 'memo.txt', { language: 'zh', myRole: 'drafter' }, 400],
      ['huge', new Uint8Array(5 * 1024 * 1024 + 1).fill(0x61), 'memo.txt', { language: 'zh' }, 413],
    ];
    for (const [what, bytes, name, fields, expected] of cases) {
      const { status, body } = await importFile(bytes, name, fields);
      expect(status, what).toBe(expected);
      expect(body.error?.message, what).toBeTruthy();
    }
    const noFile = await fetch(`${ts.url}/api/memos/import`, { method: 'POST', headers: { cookie: cookies.facilitator, 'content-type': 'application/json' }, body: '{}' });
    expect(noFile.status).toBe(400);
    expect(await memoCount()).toBe(before);
  });
});

async function importTranslation(memoId: string, text: string, language: string, cookie = cookies.facilitator): Promise<{ status: number; body: TranslationReport & { error?: { code: string } } }> {
  const form = new FormData();
  form.append('language', language);
  form.append('file', new Blob([text]), `translation.${language}.md`);
  const res = await fetch(`${ts.url}/api/memos/${memoId}/import-translation`, { method: 'POST', headers: { cookie }, body: form });
  return { status: res.status, body: (await res.json()) as TranslationReport & { error?: { code: string } } };
}

describe('import translation', () => {
  it('[DU3][HI1] pairs a translation clause by clause into the other language version, named revision recorded', async () => {
    const zh = await exportText(ts.demoMemoId, 'format=md&languages=zh&annex=0');
    const en = await exportText(ts.demoMemoId, 'format=md&languages=en&annex=0');
    const created = await importFile(zh, 'demo.zh.md', { language: 'zh' });
    expect(created.status).toBe(201);
    expect(await exportText(created.body.id, 'format=md&languages=en&annex=0')).not.toBe(en);

    const { status, body } = await importTranslation(created.body.id, en, 'en');
    expect(status).toBe(200);
    expect(body.matched.length).toBe(created.body.clauses);
    expect(body.unmatchedClauses).toEqual([]);
    expect(body.unmatchedParagraphs).toEqual([]);
    expect(await exportText(created.body.id, 'format=md&languages=en&annex=0')).toBe(en);
    expect(await exportText(created.body.id, 'format=md&languages=zh&annex=0')).toBe(zh);
    const revisions = await ts.server.storage.listNamedRevisions(created.body.id);
    expect(revisions.map((r) => r.kind)).toEqual(['import', 'import']);
  });

  it('[SE3] reports clauses it cannot match instead of guessing, and changes nothing then', async () => {
    const zh = await exportText(ts.demoMemoId, 'format=md&languages=zh&annex=0');
    const created = await importFile(zh, 'demo.zh.md', { language: 'zh' });
    const before = await detail(created.body.id);
    // One clause fewer in "Status of relations": that section is unmatched as a whole, the rest pairs.
    const en = (await exportText(ts.demoMemoId, 'format=md&languages=en&annex=0')).replace(/\n3\. \*\*Both countries share[^\n]*\n/, '\n');
    const { status, body } = await importTranslation(created.body.id, en, 'en');
    expect(status).toBe(200);
    const statusSection = before.sections.find((s) => s.title.zh === '双边关系现状')!;
    expect(body.unmatchedClauses.map((c) => c.clauseId).sort()).toEqual(statusSection.clauses.map((c) => c.id).sort());
    expect(body.unmatchedClauses[0]!.reason).toContain('3 clauses in the memo and 2 in the file');
    expect(body.unmatchedClauses[0]!.mismatch).toMatchObject({ kind: 'clause_count', memo: 3, file: 2 });
    expect(body.unmatchedParagraphs.length).toBe(2);
    expect(body.matched.length).toBe(created.body.clauses - 3);
    const after = await detail(created.body.id);
    const hashes = (d: MemoDetail): string[] => d.sections.find((s) => s.title.zh === '双边关系现状')!.clauses.map((c) => c.hash);
    expect(hashes(after)).toEqual(hashes(before));

    // A file with another section structure matches nothing at all.
    const other = await importTranslation(created.body.id, '# Title\n\n## Only section\n\n1. One clause.\n', 'en');
    expect(other.body.matched).toEqual([]);
    expect(other.body.revision).toBeNull();
    expect(other.body.unmatchedClauses.length).toBe(created.body.clauses);
  });

  it('[LK1] never changes a locked clause; observers may not import; language must be the memo\'s', async () => {
    const hash = await lockClause(ts, ts.demoMemoId, 'status-1', cookies);
    const zh = await exportText(ts.demoMemoId, 'format=md&languages=zh&annex=0');
    // Write the Chinese text into the English version: every unlocked clause changes, the locked one must not.
    const { status, body } = await importTranslation(ts.demoMemoId, zh, 'en');
    expect(status).toBe(200);
    expect(body.refusedLocked).toEqual(['status-1']);
    expect(body.unmatchedClauses).toEqual([expect.objectContaining({ clauseId: 'status-1', reason: 'the clause is agreed and locked', mismatch: { kind: 'locked' } })]);
    const after = await detail(ts.demoMemoId);
    const clauses = after.sections.flatMap((s) => [...s.clauses, ...s.subsections.flatMap((x) => x.clauses)]);
    expect(clauses.find((c) => c.id === 'status-1')).toMatchObject({ hash, locked: true });
    expect(clauses.find((c) => c.id === 'status-2')!.status).toBe('draft');

    expect((await importTranslation(ts.demoMemoId, zh, 'en', cookies.observer)).status).toBe(403);
    expect((await importTranslation(ts.demoMemoId, zh, 'fr')).status).toBe(400);
  });
});

async function zipOf(files: Record<string, string>): Promise<Uint8Array> {
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: 'uint8array' });
}
