import JSZip from 'jszip';

/** The XML parts of a .docx a test inspects, plus the text of each body paragraph. */
export interface DocxParts {
  document: string;
  footnotes: string | null;
  numbering: string | null;
  /** Every footer part, concatenated. */
  footers: string;
  /** Text of every `w:p` in document order (tables included). */
  paragraphs: string[];
  /** Text of each footnote (separator notes excluded). */
  footnoteTexts: string[];
}

/** Opens a .docx (a zip) and reads its parts: the proof that the export is a real Word file. */
export async function readDocx(bytes: Uint8Array): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(bytes);
  const part = async (name: string): Promise<string | null> => (zip.file(name) ? await zip.file(name)!.async('string') : null);
  const document = await part('word/document.xml');
  if (!document) throw new Error('no word/document.xml');
  const footnotes = await part('word/footnotes.xml');
  const paragraphs = [...document.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0]));
  const footnoteTexts = footnotes
    ? [...footnotes.matchAll(/<w:footnote [^>]*w:id="(\d+)"[^>]*>([\s\S]*?)<\/w:footnote>/g)].filter((m) => Number(m[1]) > 0).map((m) => textOf(m[2]!))
    : [];
  const footerNames = Object.keys(zip.files).filter((n) => /^word\/footer\d*\.xml$/.test(n));
  const footers = (await Promise.all(footerNames.map((n) => zip.file(n)!.async('string')))).join('\n');
  return { document, footnotes, numbering: await part('word/numbering.xml'), footers, paragraphs, footnoteTexts };
}

const textOf = (xml: string): string =>
  [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1]!)
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
