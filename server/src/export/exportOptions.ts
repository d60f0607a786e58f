import type { LanguageCode } from '@accord/shared/ids';
import type { Party } from '@accord/shared/memo/schema';

/** Which text an export shows: the clean current text, or contested spans in `[ ]` with footnotes. */
export type ExportVariant = 'clean' | 'bracketed';

/** What to export: the variant, and one language or several side by side (all equally authentic). */
export interface ExportOptions {
  variant: ExportVariant;
  languages: LanguageCode[];
}

/** Labels the exports print, per memo language (English when a language has none). */
interface Labels {
  draft: (contested: number) => string;
  contestedBy: (party: string, reason: string) => string;
  clauseContestedBy: (party: string, reason: string) => string;
  participants: (party: string) => string;
  recordTitle: string;
  recordColumns: { clause: string; status: string; party: string; signatory: string; hash: string; time: string };
  status: Record<string, string>;
  page: string;
}

const LABELS: Record<string, Labels> = {
  en: {
    draft: (n) => `DRAFT — ${n} ${n === 1 ? 'clause is' : 'clauses are'} still contested; this is not agreed text.`,
    contestedBy: (party, reason) => `Contested by ${party}: ${reason}`,
    clauseContestedBy: (party, reason) => `Clause contested by ${party}: ${reason}`,
    participants: (party) => `Participants — ${party}`,
    recordTitle: 'Record of agreement',
    recordColumns: { clause: 'Clause', status: 'Status', party: 'Party', signatory: 'Signatory', hash: 'Text hash (SHA-256)', time: 'Time (UTC)' },
    status: { agreed: 'agreed', contested: 'contested', signed_by_some: 'signed by some', draft: 'draft' },
    page: 'Page',
  },
  zh: {
    draft: (n) => `草案——尚有${n}条存在争议，本文本未经商定。`,
    contestedBy: (party, reason) => `${party}持保留意见：${reason}`,
    clauseContestedBy: (party, reason) => `${party}对本条持保留意见：${reason}`,
    participants: (party) => `${party}参会者`,
    recordTitle: '商定记录',
    recordColumns: { clause: '条款', status: '状态', party: '方', signatory: '签署人', hash: '文本哈希（SHA-256）', time: '时间（UTC）' },
    status: { agreed: '已商定', contested: '有争议', signed_by_some: '部分签署', draft: '草案' },
    page: '第',
  },
};

/** The draft banner of a clean export in any language: the importer drops it (it is not memo text). */
export const DRAFT_BANNER = /^(?:DRAFT — \d+ clauses? (?:is|are) still contested|草案——尚有\d+条存在争议)/;

/** The labels for one language. */
export const labelsFor = (lang: string): Labels => LABELS[lang] ?? LABELS[lang.split('-')[0]!] ?? LABELS.en!;

/** A party's name in one language, falling back to English, then any name, then its id. */
export function partyName(parties: readonly Party[], partyId: string, lang: string): string {
  const party = parties.find((p) => p.id === partyId);
  if (!party) return partyId;
  return party.name[lang] ?? party.name.en ?? Object.values(party.name)[0] ?? partyId;
}
