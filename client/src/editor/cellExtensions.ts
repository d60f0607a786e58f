import type { Extensions } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { PresenceUser } from '@accord/shared/memo/presence';
import { Bracket } from './Bracket';
import { renderCaret, renderSelection } from './renderCaret';
import { scopedAwareness } from './scopedAwareness';

/**
 * The extensions of one language cell. Deliberately minimal — the memo's
 * text model is paragraphs with bold and italic (plus brackets), exactly
 * what `shared/memo/richText` and the canonical hash (CL1) know. No
 * StarterKit: its undo history fights Collaboration's Yjs-aware undo, and its
 * extra nodes (headings, lists) would write structures the hash ignores.
 */
export function cellExtensions(fragment: Y.XmlFragment, provider: WebsocketProvider, user: PresenceUser): Extensions {
  return [
    Document,
    Paragraph,
    Text,
    Bold,
    Italic,
    Bracket,
    Collaboration.configure({ fragment }),
    CollaborationCaret.configure({
      // The caret extension only reads `provider.awareness`; it gets this cell's scoped view of it.
      provider: { awareness: scopedAwareness(provider.awareness, fragment) },
      user,
      render: renderCaret,
      selectionRender: renderSelection,
    }),
  ];
}
