// Writes a delta as override YAML. A fresh file gets a header and is written by the fast emitter (the bytes
// yaml's Document API would write); an override the user already wrote is updated in place through the
// Document API, so their keys, order and comments stay as they were.
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node, type Pair } from 'yaml';
import { Tagged, emitYaml } from '../model/yaml-emit.ts';
import { Append, Override, Put, Reset, type DeltaMap, type DeltaValue } from './delta.ts';

export interface RenderOptions {
  /** Text of an existing override file to update in place. */
  existing?: string;
  /** Lines for the header comment of a new file. */
  header?: string[];
  /** Rule ids (and short reasons) to write as a comment beside each changed key, by dotted path. */
  reasons?: Map<string, string[]>;
}

const RESET_OR_OVERRIDE = /^!(reset|override)$/;

export function renderOverride(delta: DeltaMap, o: RenderOptions = {}): string {
  return (o.existing === undefined ? renderFreshOverride(delta, o) : undefined) ?? renderOverrideWithDocument(delta, o);
}

/**
 * A new file, written by the fast emitter with the same bytes as the Document path: a tagged node for
 * each !override/!reset, the reasons as comments above their keys, ambiguous strings double-quoted.
 * Undefined when the emitter cannot promise that (data it does not know, or an object repeated inside
 * one value, which yaml would write as an anchor and alias).
 */
export function renderFreshOverride(delta: DeltaMap, o: RenderOptions = {}): string | undefined {
  const comments = new WeakMap<object, Map<string, string>>();
  const tree = freshTree(delta, undefined, o.reasons, comments);
  return tree && emitYaml(tree, { header: o.header, comments, forceQuote: isAmbiguous });
}

function freshTree(delta: DeltaMap, path: string | undefined, reasons: Map<string, string[]> | undefined, comments: WeakMap<object, Map<string, string>>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, change] of Object.entries(delta)) {
    const p = path === undefined ? key : `${path}.${key}`;
    let value: unknown;
    if (change instanceof Put || change instanceof Override || change instanceof Append) {
      const data = change instanceof Append ? change.items : change.value;
      // Each is one createNode call of the Document path: an object met twice in it becomes an anchor and alias.
      if (data === undefined || repeatsObject(data)) return undefined;
      value = change instanceof Override ? new Tagged('!override', data) : data;
    } else if (change instanceof Reset) value = new Tagged('!reset', change.empty);
    else if ((value = freshTree(change, p, reasons, comments)) === undefined) return undefined;
    out[key] = value;
    const why = reasons?.get(p);
    if (why?.length) {
      let forMap = comments.get(out);
      if (!forMap) comments.set(out, (forMap = new Map()));
      forMap.set(key, ` ${why.join('; ')}`);
    }
  }
  return out;
}

function repeatsObject(v: unknown, seen = new Set<object>()): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (seen.has(v)) return true;
  seen.add(v);
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (repeatsObject(x, seen)) return true;
  return false;
}

/** The yaml Document path: an existing override keeps the user's keys, order and comments. */
export function renderOverrideWithDocument(delta: DeltaMap, o: RenderOptions = {}): string {
  const doc = o.existing !== undefined ? parseDocument(o.existing, { keepSourceTokens: false }) : new Document({});
  if (doc.contents === null || !isMap(doc.contents)) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  applyMap(doc, doc.contents as unknown as YAMLMap, delta, [], o.reasons);
  if (o.existing === undefined && o.header?.length) doc.commentBefore = o.header.map((l) => ` ${l}`).join('\n');
  quoteAmbiguous(doc.contents as unknown as Node);
  return doc.toString({ lineWidth: 0, indentSeq: true, flowCollectionPadding: false });
}

function applyMap(doc: Document, node: YAMLMap, delta: DeltaMap, path: string[], reasons?: Map<string, string[]>): void {
  for (const [key, change] of Object.entries(delta)) {
    const p = [...path, key];
    const pair = node.items.find((it) => isScalar(it.key) && String((it.key as Scalar).value) === key) as Pair<Scalar, Node | null> | undefined;
    const existing = pair?.value ?? undefined;
    let value: Node | undefined;
    if (change instanceof Put) value = doc.createNode(change.value) as Node;
    else if (change instanceof Override) value = tagged(doc, change.value, '!override');
    else if (change instanceof Reset) value = tagged(doc, change.empty, '!reset');
    else if (change instanceof Append) {
      if (existing && isSeq(existing) && !RESET_OR_OVERRIDE.test(existing.tag ?? '')) {
        for (const item of change.items) existing.items.push(doc.createNode(item) as Node);
        value = existing;
      } else if (existing && isSeq(existing)) {
        // An !override/!reset list of the user's: our items belong inside it.
        for (const item of change.items) existing.items.push(doc.createNode(item) as Node);
        if (existing.tag === '!reset') existing.tag = '!override';
        value = existing;
      } else value = doc.createNode(change.items) as Node;
    } else {
      const target = existing && isMap(existing) && existing.tag !== '!reset' ? existing : (doc.createNode({}) as YAMLMap);
      applyMap(doc, target, change, p, reasons);
      value = target;
    }
    if (pair) pair.value = value;
    else node.items.push(doc.createPair(key, value) as Pair<unknown, unknown>);
    const why = reasons?.get(p.join('.'));
    if (why?.length) {
      const keyNode = (pair ?? node.items[node.items.length - 1]).key as Scalar;
      const text = ` ${why.join('; ')}`;
      if (!keyNode.commentBefore?.includes(text.trim())) keyNode.commentBefore = keyNode.commentBefore ? `${keyNode.commentBefore}\n${text}` : text;
    }
  }
}

function tagged(doc: Document, value: unknown, tag: string): Node {
  const n = doc.createNode(value) as Node;
  n.tag = tag;
  return n;
}

/**
 * Strings YAML 1.1 (docker-compose v1, many editors) would read as numbers, booleans or sexagesimals
 * get quotes, so every reader sees the same value ("8080:80", "yes", "0755").
 */
export function quoteAmbiguous(node: Node | null | undefined): void {
  if (!node) return;
  if (isMap(node) || isSeq(node)) {
    for (const it of (node as YAMLMap | YAMLSeq).items as unknown[]) {
      if (it && typeof it === 'object' && 'value' in (it as object) && 'key' in (it as object)) quoteAmbiguous((it as Pair<Node, Node>).value);
      else quoteAmbiguous(it as Node);
    }
    return;
  }
  if (isScalar(node) && typeof node.value === 'string' && !node.type && isAmbiguous(node.value)) node.type = 'QUOTE_DOUBLE';
}

function isAmbiguous(v: string): boolean {
  return /^[-+]?[\d._:]+$/.test(v) || /^(y|yes|n|no|on|off|true|false|null|~)$/i.test(v) || /^[\d.:[\]]+:\d/.test(v) || v === '';
}

export type { DeltaValue };
