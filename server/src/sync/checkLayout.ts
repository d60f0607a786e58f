import * as Y from 'yjs';
import { MARK_NAMES, PARAGRAPH } from '@accord/shared/memo/richText';
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
    if (!direct) {
      if (ref.kind !== 'outline') checkTextContent(item, root, false);
      continue;
    }
    if (item.parentSub !== null) throw new RefusedUpdate(ErrorCode.badRequest, `root "${root}" is a sequence, not a map`);
    const content = item.content;
    if (content instanceof Y.ContentDeleted) continue;
    if (ref.kind === 'outline') {
      if (!(content instanceof Y.ContentAny) || !content.arr.every(isOutlineEntry)) {
        throw new RefusedUpdate(ErrorCode.badRequest, 'outline entries must be section or clause entries');
      }
    } else if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.XmlElement || content.type instanceof Y.XmlText)) {
      throw new RefusedUpdate(ErrorCode.badRequest, `text fragment "${root}" may only hold XML elements and text`);
    } else checkTextContent(item, root, true);
  }
  for (const root of inspection.deletedRoots) refOf(root);
}

const MARK_KEY = new RegExp(`^(${MARK_NAMES.join('|')})(--[A-Za-z0-9+/=_-]{1,64})?$`);
const ATTRIBUTE_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * Inside text fragments only the memo's rich-text model may appear: paragraph
 * elements directly in the fragment, text inside them, marks of the editor
 * schema (bold, italic, bracket) and element attributes. Embeds, binary, sub-documents, hooks and other Yjs types
 * are refused — the hash would not see them, so they could ride along in a
 * locked clause.
 */
function checkTextContent(item: Y.Item, root: string, direct: boolean): void {
  const content = item.content;
  const refuse = (what: string): never => {
    throw new RefusedUpdate(ErrorCode.badRequest, `text fragment "${root}" may not hold ${what}`);
  };
  if (content instanceof Y.ContentDeleted || content instanceof Y.ContentString) return;
  if (content instanceof Y.ContentFormat) {
    if (!MARK_KEY.test(content.key)) refuse(`the mark "${content.key.slice(0, 40)}"`);
    return;
  }
  if (content instanceof Y.ContentType) {
    const type = content.type;
    if (type instanceof Y.XmlText) return;
    // Paragraphs sit directly in the fragment; nothing nests inside a paragraph but text (no deep trees).
    if (direct && type instanceof Y.XmlElement && !(type instanceof Y.XmlHook) && type.nodeName === PARAGRAPH) return;
    refuse('this kind of node');
  }
  if (content instanceof Y.ContentAny && item.parentSub !== null && ATTRIBUTE_KEY.test(item.parentSub)) return;
  refuse('embedded or binary content');
}
