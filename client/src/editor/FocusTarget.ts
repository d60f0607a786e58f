/**
 * Where to put the caret when an editor takes focus: at the point the person
 * clicked (viewport coordinates, mapped to a text position once the editor
 * exists), or at the end of the text. `token` makes each request distinct so
 * a repeated request is not mistaken for the previous one.
 */
export type FocusTarget = { kind: 'point'; x: number; y: number; token: number } | { kind: 'end'; token: number };
