import * as Y from 'yjs';
import { isOutlineEntry, parseRootName } from '@accord/shared/memo/ydocLayout';
import { ErrorCode } from '@accord/shared/protocol/errors';
import { RefusedUpdate } from './RefusedUpdate';
import type { UpdateInspection } from './inspectUpdate';

/**
 * Refuses updates that write outside the documented Y.Doc layout
 * (shared/memo/ydocLayout.ts): unknown root names, map-style writes to the
 * sequence roots, anything but valid entries in `outline`, and anything but
 * XML elements and text directly in a text fragment. The server-written
 * `agreement` root and languages the memo does not have are refused too.
 */
export function checkLayout(inspection: UpdateInspection, languages: readonly string[]): void {
  const refOf = (root: string) => {
    const ref = parseRootName(root);
    if (ref === null) throw new RefusedUpdate(ErrorCode.badRequest, `root type "${root.slice(0, 80)}" is not part of the memo layout`);
    if (ref.kind === 'agreement') throw new RefusedUpdate(ErrorCode.forbidden, 'sign-offs and locks are written by the server only');
    if ('lang' in ref && !languages.includes(ref.lang)) throw new RefusedUpdate(ErrorCode.badRequest, `"${ref.lang}" is not a language of this memo`);
    return ref;
  };
  for (const { item, root, direct } of inspection.items) {
    const ref = refOf(root);
    if (!direct) continue;
    if (item.parentSub !== null) throw new RefusedUpdate(ErrorCode.badRequest, `root "${root}" is a sequence, not a map`);
    const content = item.content;
    if (content instanceof Y.ContentDeleted) continue;
    if (ref.kind === 'outline') {
      if (!(content instanceof Y.ContentAny) || !content.arr.every(isOutlineEntry)) {
        throw new RefusedUpdate(ErrorCode.badRequest, 'outline entries must be section or clause entries');
      }
    } else if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.XmlElement || content.type instanceof Y.XmlText)) {
      throw new RefusedUpdate(ErrorCode.badRequest, `text fragment "${root}" may only hold XML elements and text`);
    }
  }
  for (const root of inspection.deletedRoots) refOf(root);
}
