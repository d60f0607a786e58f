import type { LanguageCode, MemoId, PartyId } from '@accord/shared/ids';
import type { ImportReport } from '@accord/shared/import/importReport';
import { ImportMemoFields } from '@accord/shared/import/importRequest';
import { CreateMemoRequest, roleNeedsParty, type Party } from '@accord/shared/memo/schema';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import { DEFAULT_PARTIES, type MemoService } from '../memo/MemoService';
import type { Storage, UserRecord } from '../storage/Storage';
import { parseBody } from '../http/validate';
import { buildImportedMemo, importedMemoSeed } from './buildImportedMemo';
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
}

// As the new-memo form: Chinese and English, with the imported language among them.
const defaultLanguages = (language: string): string[] => (['zh', 'en'].includes(language) ? ['zh', 'en'] : [language, 'en']);

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AccordError(ErrorCode.badRequest, `${field} must be JSON`);
  }
}
