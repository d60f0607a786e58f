import type { ClauseId, LanguageCode, MemoId, PartyId, SectionId } from '@accord/shared/ids';
import type { ImportReport, TranslationReport } from '@accord/shared/import/importReport';
import { ImportMemoFields, ImportTranslationFields } from '@accord/shared/import/importRequest';
import { BRACKET_MARK, readAgreement } from '@accord/shared/memo/agreement';
import { canonicalFragment, type CanonicalNode } from '@accord/shared/memo/canonical';
import { fragmentToPlainText, writeSeedText } from '@accord/shared/memo/richText';
import { canEdit, CreateMemoRequest, roleNeedsParty, type Party } from '@accord/shared/memo/schema';
import { buildStructure } from '@accord/shared/memo/structure';
import { getClauseText, getSectionTitle, getTitle, readOutline } from '@accord/shared/memo/ydocLayout';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import { DEFAULT_PARTIES, type MemoService } from '../memo/MemoService';
import type { MemberRecord, MemoRecord, Storage, UserRecord } from '../storage/Storage';
import type { DocumentRegistry } from '../sync/DocumentRegistry';
import { parseBody } from '../http/validate';
import { buildImportedMemo, importedMemoSeed, seedMarkup } from './buildImportedMemo';
import { matchTranslation, memoSections } from './matchTranslation';
import { parseSource, type UploadedFile } from './parseSource';

/**
 * Creates a memo from an uploaded file (DU3: the content is written on the
 * server, as the memo's first update, in the transaction that creates it) and
 * records a named revision of kind `import`. Nothing is created when the file
 * or the fields are bad.
 */
export class ImportService {
  constructor(
    private readonly storage: Storage,
    private readonly memos: MemoService,
    private readonly registry: DocumentRegistry,
  ) {}

  async importMemo(user: UserRecord, file: UploadedFile, rawFields: unknown): Promise<ImportReport> {
    const fields = parseBody(ImportMemoFields, rawFields);
    const imported = buildImportedMemo(await parseSource(file));
    const title = (fields.title || imported.titleLines[0] || file.name.replace(/\.[^.]+$/, '') || 'Imported memo').slice(0, 300);
    const request = parseBody(CreateMemoRequest, {
      title,
      languages: fields.languages ? fields.languages.split(',').map((l) => l.trim()) : defaultLanguages(fields.language),
      ...(fields.parties ? { parties: parseJson(fields.parties, 'parties') } : {}),
      ...(fields.myRole ? { myRole: fields.myRole } : {}),
      myPartyId: fields.myPartyId || null,
    });
    const languages = request.languages as LanguageCode[];
    if (!languages.includes(fields.language as LanguageCode)) throw new AccordError(ErrorCode.badRequest, `language "${fields.language}" is not one of the memo's languages`);
    const parties = (request.parties as Party[] | undefined) ?? [...DEFAULT_PARTIES];
    if (request.myPartyId !== null && !parties.some((p) => p.id === request.myPartyId)) throw new AccordError(ErrorCode.badRequest, `unknown party "${request.myPartyId}"`);
    if (roleNeedsParty(request.myRole) && request.myPartyId === null) throw new AccordError(ErrorCode.badRequest, `a ${request.myRole} acts for a party: give myPartyId`);
    if (request.myRole === 'facilitator' && request.myPartyId !== null) throw new AccordError(ErrorCode.badRequest, 'a facilitator is neutral: myPartyId must be empty');

    const id: MemoId = await this.memos.create({
      title,
      ownerId: user.id,
      parties,
      languages,
      seed: importedMemoSeed(imported, fields.language, title),
      members: [{ userId: user.id, role: request.myRole, partyId: request.myPartyId as PartyId | null }],
    });
    await this.storage.addNamedRevision(id, { name: `Imported from ${file.name}`.slice(0, 300), kind: 'import', userId: user.id, at: new Date().toISOString() });
    const countSections = imported.sections.length;
    return {
      id,
      title,
      sections: countSections,
      clauses: imported.sections.reduce((n, s) => n + s.clauses.length, 0),
      warnings: imported.warnings,
      skipped: { participants: imported.skippedParticipants, tables: imported.skippedTables },
    };
  }

  /**
   * Fills one language version of an existing memo from a translation file,
   * matched clause by clause (see matchTranslation). It writes through the
   * live document in one server transaction, so it is stored, broadcast and
   * kept in history like any change; locked clauses are never written (LK1)
   * and clauses holding brackets in that language are left alone (a bracket
   * belongs to the party that placed it). Records a named revision `import`.
   */
  async importTranslation(memo: MemoRecord, user: UserRecord, member: MemberRecord, file: UploadedFile, rawFields: unknown): Promise<TranslationReport> {
    if (!canEdit(member.role)) throw new AccordError(ErrorCode.forbidden, 'observers cannot change the memo');
    const { language } = parseBody(ImportTranslationFields, rawFields);
    if (!memo.languages.includes(language as LanguageCode)) throw new AccordError(ErrorCode.badRequest, `"${language}" is not a language of this memo`);
    const imported = buildImportedMemo(await parseSource(file));
    const open = await this.registry.acquire(memo);
    try {
      await open.whenCommitted();
      const report: TranslationReport = { language, matched: [], unmatchedClauses: [], unmatchedParagraphs: [], refusedLocked: [], revision: null };
      await open.serverChange('import-translation', { userId: user.id, partyId: member.partyId }, (doc) => {
        // Decided and written in one synchronous step: no edit, lock or sign-off can come in between.
        const sectionTitle = (id: SectionId): string => fragmentToPlainText(getSectionTitle(doc, id, memo.languages[0]!)).trim();
        const match = matchTranslation(memoSections(buildStructure(readOutline(doc)), sectionTitle), imported);
        report.unmatchedClauses = match.unmatchedClauses.map((u) => ({ clauseId: u.clauseId, sectionTitle: u.memo.title, number: u.number, reason: u.reason, mismatch: u.mismatch }));
        report.unmatchedParagraphs = match.unmatchedParagraphs;
        for (const c of match.clauses) {
          const ref = { clauseId: c.clauseId, sectionTitle: c.memo.title, number: c.number };
          if (readAgreement(doc, c.clauseId).locked) {
            report.refusedLocked.push(c.clauseId);
            report.unmatchedClauses.push({ ...ref, reason: 'the clause is agreed and locked', mismatch: { kind: 'locked' } });
            continue;
          }
          const fragment = getClauseText(doc, c.clauseId, language);
          if (hasBracket(canonicalFragment(fragment))) {
            report.unmatchedClauses.push({ ...ref, reason: 'the clause holds contested brackets in this language', mismatch: { kind: 'bracketed' } });
            continue;
          }
          writeSeedText(fragment, c.imported.paragraphs.map(seedMarkup).join('\n\n'));
          report.matched.push(ref);
        }
        if (report.matched.length > 0) {
          for (const s of match.sections) if (s.imported.title) writeSeedText(getSectionTitle(doc, s.memo.id, language), s.imported.title);
          if (imported.titleLines.length > 0) writeSeedText(getTitle(doc, language), imported.titleLines.join('\n\n'));
        }
      });
      if (report.matched.length > 0) {
        report.revision = `Translation (${language}) imported from ${file.name}`.slice(0, 300);
        await this.storage.addNamedRevision(memo.id, { name: report.revision, kind: 'import', userId: user.id, at: new Date().toISOString() });
      }
      return report;
    } finally {
      await this.registry.release(open, null);
    }
  }
}

// As the new-memo form: Chinese and English, with the imported language among them.
function hasBracket(nodes: CanonicalNode[]): boolean {
  return nodes.some((n) => ('t' in n ? n.m.some(([name]) => name === BRACKET_MARK) : hasBracket(n.c)));
}

const defaultLanguages = (language: string): string[] => (['zh', 'en'].includes(language) ? ['zh', 'en'] : [language, 'en']);

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AccordError(ErrorCode.badRequest, `${field} must be JSON`);
  }
}
