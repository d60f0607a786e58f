import JSZip from 'jszip';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import type { ParsedSource, SourceParagraph, SourceRole, SourceRun } from './sourceParagraph';

/** Style ids the export writes (see export/docxExport.ts DOCX_STYLE). */
const CLAUSE_STYLE = 'AccordClause';
const CONTINUATION_STYLE = 'AccordClauseContinuation';
/** The export's annex heading: what follows is the record of agreement, not memo text. */
const ANNEX_STYLE = 'AccordAnnexHeading';

/** Largest unzipped document.xml we read: a zip bomb is refused before it is inflated into memory twice. */
const MAX_DOCUMENT_XML = 40 * 1024 * 1024;

/**
 * A .docx → paragraphs, read straight from the package's XML (no Word, no
 * conversion to HTML): paragraph styles give roles (Title, Heading 1/2 by
 * style name so localised Word works, the export's clause styles), Word's own
 * list numbering marks numbered clauses (bullet lists excepted), runs keep
 * bold and italic. Tables are skipped and counted: a memo's text is not in
 * tables except in side-by-side layouts and annexes.
 */
export async function docxParagraphs(bytes: Uint8Array): Promise<ParsedSource> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new AccordError(ErrorCode.badRequest, 'the file is not a valid .docx (Word) document');
  }
  const documentFile = zip.file('word/document.xml');
  if (!documentFile) throw new AccordError(ErrorCode.badRequest, 'the file is a zip archive but not a Word document (no word/document.xml)');
  const declared = (documentFile as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
  if (typeof declared === 'number' && declared > MAX_DOCUMENT_XML) throw new AccordError(ErrorCode.payloadTooLarge, 'the Word document is too large to import');
  const xml = await documentFile.async('string');
  const styleNames = parseStyleNames((await zip.file('word/styles.xml')?.async('string')) ?? '');
  const bulletLists = parseBulletLists((await zip.file('word/numbering.xml')?.async('string')) ?? '');
  return readBody(xml, styleNames, bulletLists);
}

const TOKEN = /<(\/?)([A-Za-z][\w.:-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|<[?!][^>]*>/g;
const attr = (attrs: string, name: string): string | null => {
  const m = new RegExp(`${name.replace(':', '\\:')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? (m[1] ?? m[2] ?? '') : null;
};
const isOn = (attrs: string): boolean => {
  const v = attr(attrs, 'w:val');
  return v === null || !['0', 'false', 'off', 'none'].includes(v);
};

function readBody(xml: string, styleNames: Map<string, string>, bulletLists: Set<string>): ParsedSource {
  const paragraphs: SourceParagraph[] = [];
  let tableDepth = 0;
  let skippedTables = 0;
  let skipDepth = 0; // text boxes and fallbacks repeat text found elsewhere
  let para: { style: string | null; numId: string | null; runs: SourceRun[] } | null = null;
  let run: { bold: boolean; italic: boolean; inProps: boolean } | null = null;
  let inText = false;
  let inAnnex = false;
  const push = (text: string): void => {
    if (!para || !run || tableDepth > 0 || skipDepth > 0) return;
    const last = para.runs[para.runs.length - 1];
    if (last && last.bold === run.bold && last.italic === run.italic) last.text += text;
    else para.runs.push({ text, bold: run.bold, italic: run.italic });
  };
  for (const m of xml.matchAll(TOKEN)) {
    const [, closing, name, attrs = '', selfClosing, text] = m;
    if (text !== undefined) {
      if (inText) push(decodeEntities(text));
      continue;
    }
    if (!name) continue;
    const open = !closing;
    const empty = selfClosing === '/';
    switch (name) {
      case 'w:tbl':
        if (open) {
          if (tableDepth === 0) skippedTables++;
          tableDepth++;
        } else tableDepth--;
        break;
      case 'w:txbxContent':
      case 'mc:Fallback':
        if (open && !empty) skipDepth++;
        else if (!open) skipDepth--;
        break;
      case 'w:p':
        if (open && !empty) para = { style: null, numId: null, runs: [] };
        else if (para || empty) {
          if (para?.style === ANNEX_STYLE) inAnnex = true;
          if (para && tableDepth === 0 && skipDepth === 0 && !inAnnex) paragraphs.push(toParagraph(para, styleNames, bulletLists));
          para = null;
        }
        break;
      case 'w:pStyle':
        if (para && !run) para.style = attr(attrs, 'w:val');
        break;
      case 'w:numId':
        if (para && !run) para.numId = attr(attrs, 'w:val');
        break;
      case 'w:r':
        if (open && !empty) run = { bold: false, italic: false, inProps: false };
        else run = null;
        break;
      case 'w:rPr':
        if (run) run.inProps = open && !empty;
        break;
      case 'w:b':
        if (run?.inProps) run.bold = isOn(attrs);
        break;
      case 'w:i':
        if (run?.inProps) run.italic = isOn(attrs);
        break;
      case 'w:t':
        inText = open && !empty;
        break;
      case 'w:tab':
        if (run && !run.inProps) push('\t');
        break;
      case 'w:br':
      case 'w:cr':
        if (run) push('\n');
        break;
    }
  }
  return { paragraphs, skippedTables };
}

function toParagraph(p: { style: string | null; numId: string | null; runs: SourceRun[] }, styleNames: Map<string, string>, bulletLists: Set<string>): SourceParagraph {
  const styleName = (p.style ? (styleNames.get(p.style) ?? p.style) : '').toLowerCase().replace(/\s+/g, '');
  let role: SourceRole = null;
  if (p.style === CONTINUATION_STYLE) role = 'continuation';
  else if (styleName === 'title') role = 'title';
  else if (styleName === 'heading1') role = 'heading1';
  else if (/^heading[2-9]$/.test(styleName)) role = 'heading2';
  else if (p.numId && p.numId !== '0') role = bulletLists.has(p.numId) ? 'bullet' : 'numbered';
  else if (p.style === CLAUSE_STYLE) role = 'clause';
  return { role, runs: p.runs };
}

// styleId → style name (Chinese Word names heading styles "heading 1" but gives them ids like "1").
function parseStyleNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of xml.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const id = attr(m[1]!, 'w:styleId');
    const name = /<w:name\s+w:val="([^"]*)"/.exec(m[2]!)?.[1];
    if (id && name) names.set(id, name);
  }
  return names;
}

// numIds whose first level is a bullet list (continuation text, not numbered clauses).
function parseBulletLists(xml: string): Set<string> {
  const abstractBullet = new Set<string>();
  for (const m of xml.matchAll(/<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const lvl0 = /<w:lvl\b[^>]*w:ilvl="0"[^>]*>([\s\S]*?)<\/w:lvl>/.exec(m[2]!)?.[1] ?? '';
    if (/<w:numFmt\s+w:val="bullet"/.test(lvl0)) abstractBullet.add(m[1]!);
  }
  const bullets = new Set<string>();
  for (const m of xml.matchAll(/<w:num\b[^>]*w:numId="(\d+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const abstractId = /<w:abstractNumId\s+w:val="(\d+)"/.exec(m[2]!)?.[1];
    if (abstractId && abstractBullet.has(abstractId)) bullets.add(m[1]!);
  }
  return bullets;
}

function decodeEntities(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}
