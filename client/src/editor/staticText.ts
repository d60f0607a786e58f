import * as Y from 'yjs';

/** Attributes a cell's text element carries while it shows static text. */
export interface StaticCellAttributes {
  label: string;
  lang: string;
  /** The hover text of a bracket (party name and reason), as the editor shows it. */
  describeBracket: (party: string | null, reason: string | null) => string;
}

/**
 * Shows a fragment's text in `element` without an editor — paragraphs with
 * bold, italic and bracket runs — and keeps it live by observing the
 * fragment. Built with plain DOM calls (no React elements), so a memo of a
 * thousand clauses costs a few nodes per cell until someone edits it.
 *
 * The element keeps the accessible name and role of the editor it will
 * become, and says it is read-only (it is, until the editor mounts).
 * Returns the function that stops observing.
 */
export function showStaticText(element: HTMLElement, fragment: Y.XmlFragment, attributes: StaticCellAttributes): () => void {
  element.className = 'cell-text cell-text--static';
  element.setAttribute('role', 'textbox');
  element.setAttribute('aria-label', attributes.label);
  element.setAttribute('aria-multiline', 'true');
  element.setAttribute('aria-readonly', 'true');
  element.setAttribute('contenteditable', 'false');
  element.setAttribute('lang', attributes.lang);
  element.tabIndex = 0;
  const render = (): void => element.replaceChildren(...paragraphs(fragment, attributes.describeBracket));
  render();
  fragment.observeDeep(render);
  return () => fragment.unobserveDeep(render);
}

/**
 * Removes what static mode added that an editor must not inherit. Call it
 * after the editor has made the element contenteditable: dropping
 * `tabindex` earlier would make a focused element unfocusable for a moment,
 * and the browser would take focus away from it.
 */
export function clearStaticText(element: HTMLElement): void {
  element.removeAttribute('tabindex');
  element.classList.remove('cell-text--static');
}

type Describe = StaticCellAttributes['describeBracket'];

/** Marks the single empty paragraph of an empty cell shown statically (see editor.css). */
const EMPTY_CLASS = 'cell-text__empty';

function paragraphs(fragment: Y.XmlFragment, describe: Describe): HTMLElement[] {
  const nodes = fragment.toArray();
  const shown = nodes.length === 0
    ? [document.createElement('p')]
    : nodes.map((node) => {
        const p = document.createElement('p');
        if (node instanceof Y.XmlElement) appendElement(p, node, describe);
        else if (node instanceof Y.XmlText) appendText(p, node, describe);
        return p;
      });
  // An empty language version shows the faint hint. A class, not `p:empty`: a selector with `:empty`
  // makes the browser restyle an editor's paragraph on every character typed into it.
  if (shown.length === 1 && !shown[0]!.hasChildNodes()) shown[0]!.className = EMPTY_CLASS;
  return shown;
}

function appendElement(parent: HTMLElement, element: Y.XmlElement, describe: Describe): void {
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) appendText(parent, child, describe);
    else if (child instanceof Y.XmlElement) appendElement(parent, child, describe);
  }
}

interface DeltaOp {
  insert: unknown;
  attributes?: Record<string, unknown>;
}

function appendText(parent: HTMLElement, text: Y.XmlText, describe: Describe): void {
  for (const op of text.toDelta() as DeltaOp[]) {
    if (typeof op.insert !== 'string') continue;
    // y-prosemirror suffixes marks that may overlap (`bracket--<hash>`): one key per bracket.
    const entries = Object.entries(op.attributes ?? {}).map(([key, value]) => [key.replace(/--[^-]*$/, ''), value] as const);
    const marks = new Set(entries.map(([name]) => name));
    let node: Node = document.createTextNode(op.insert);
    if (marks.has('italic')) node = wrap('em', node);
    if (marks.has('bold')) node = wrap('strong', node);
    for (const [name, value] of entries) {
      if (name !== 'bracket') continue;
      const attrs = (typeof value === 'object' && value !== null ? value : {}) as { party?: unknown; reason?: unknown };
      const party = typeof attrs.party === 'string' ? attrs.party : null;
      const reason = typeof attrs.reason === 'string' ? attrs.reason : null;
      const span = wrap('span', node, 'bracket');
      span.setAttribute('data-bracket', '');
      if (party) span.setAttribute('data-party', party);
      if (reason) span.setAttribute('data-reason', reason);
      span.title = describe(party, reason);
      node = span;
    }
    parent.append(node);
  }
}

function wrap(tag: string, child: Node, className?: string): HTMLElement {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.append(child);
  return element;
}
