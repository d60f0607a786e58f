import { Extension, type Extensions } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { yCursorPluginKey, ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { PresenceUser } from '@accord/shared/memo/presence';
import { Bracket } from './Bracket';
import { CaretInView } from './CaretInView';
import { ClauseGuard, type ClauseGuardOptions } from './ClauseGuard';
import { DeferredYjsWrites } from './DeferredYjsWrites';
import { renderCaret, renderSelection } from './renderCaret';
import { scopedAwareness } from './scopedAwareness';

/** What a clause cell adds to the plain cell extensions. */
export interface ClauseCellExtras extends ClauseGuardOptions {
  /** The keyboard shortcut for "Bracket selection" (Mod-Alt-B); returns whether it was handled. */
  onBracketShortcut: () => boolean;
}

/**
 * The extensions of one language cell. Deliberately minimal — the memo's
 * text model is paragraphs with bold and italic (plus brackets), exactly
 * what `shared/memo/richText` and the canonical hash (CL1) know. No
 * StarterKit: its undo history fights Collaboration's Yjs-aware undo, and its
 * extra nodes (headings, lists) would write structures the hash ignores.
 * Clause cells also get the {@link ClauseGuard} (locks, bracket ownership).
 */
export function cellExtensions(
  fragment: Y.XmlFragment,
  provider: WebsocketProvider,
  user: PresenceUser,
  describeBracket: (party: string | null, reason: string | null) => string,
  clause: ClauseCellExtras | null,
): Extensions {
  // The cell's Yjs writes (content and caret) follow the paint of each keystroke.
  const writes = fragment.doc ? new DeferredYjsWrites(fragment.doc) : null;
  const extensions: Extensions = [
    Document,
    Paragraph,
    Text,
    Bold,
    Italic,
    Bracket.configure({ describe: describeBracket }),
    CaretInView,
    Collaboration.extend({
      addProseMirrorPlugins() {
        const plugins = (this.parent?.() ?? []).map((plugin) => (writes && plugin.spec.key === ySyncPluginKey ? writes.wrap(plugin) : plugin));
        return writes ? [writes.beforeKeys, ...plugins] : plugins;
      },
    }).configure({ fragment }),
    CollaborationCaret.extend({
      addProseMirrorPlugins() {
        return (this.parent?.() ?? []).map((plugin) => (writes && plugin.spec.key === yCursorPluginKey ? writes.wrap(plugin) : plugin));
      },
    }).configure({
      // The caret extension only reads `provider.awareness`; it gets this cell's scoped view of it.
      provider: { awareness: scopedAwareness(provider.awareness, fragment) },
      user,
      render: renderCaret,
      selectionRender: renderSelection,
    }),
  ];
  if (writes) {
    // Tiptap tells its extensions before the view goes: a keystroke still unread is read into the document then.
    extensions.push(Extension.create({ name: 'deferredYjsWrites', onDestroy: () => writes.flush() }));
  }
  if (clause) {
    extensions.push(
      ClauseGuard.configure({ isLocked: clause.isLocked, myPartyId: clause.myPartyId, onRefused: clause.onRefused }),
      Extension.create({
        name: 'bracketShortcut',
        addKeyboardShortcuts: () => ({ 'Mod-Alt-b': () => clause.onBracketShortcut() }),
      }),
    );
  }
  return extensions;
}
