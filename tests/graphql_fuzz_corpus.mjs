// A deterministic generator of GraphQL documents against schemas/schema.graphql, mostly
// well-formed and often subtly invalid (unknown fields, wrong argument types, conflicting
// aliases, misplaced fragments, undefined or unused variables, bad directives). Used by
// graphql_conformance.mjs to compare our validator with graphql-js beyond the hand-written
// corpus.

// xorshift32: the same documents on every run.
export function rng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

const LITERALS = ['1', '-7', '2147483648', '1.5', '"text"', '"""block"""', 'true', 'null', 'SUCCEEDED',
  'KOLORS_V1', 'OK', '[]', '[1, 2]', '["a", "b"]', '[SUBMITTED, FAILED]', '{}', '{tryOnEnabled: true}',
  '{productId: "p", userReferenceImageId: "h"}', '{price: {currency: "EUR", min: 1}}', '{brandIds: ["x"]}',
  '"2026-01-01T00:00:00Z"', '{nope: 1}', '[[1]]'];

const VAR_TYPES = ['ID', 'ID!', 'String', 'String!', 'Int', 'Int!', 'Float', 'Boolean', 'Boolean!',
  '[ID!]', '[TryOnStatus!]', 'TryOnStatus', 'ProductFilter', 'CreateTryOnTaskInput!', 'DateTime',
  'Product', 'Nope', '[Int]'];

export function generate(graphql, schema, count, seed = 12345) {
  const r = rng(seed);
  const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__'));
  const composite = types.filter((t) => graphql.isCompositeType(t));
  const docs = [];
  for (let i = 0; i < count; i++) docs.push(document(graphql, schema, r, composite));
  return docs;
}

function document(graphql, schema, r, composite) {
  const state = { vars: [], fragments: [], usedVars: new Set(), depth: 0 };
  const opType = r.pick(['query', 'query', 'query', 'mutation', 'subscription']);
  const root = { query: schema.getQueryType(), mutation: schema.getMutationType(),
    subscription: schema.getSubscriptionType() }[opType];
  const nvars = r.chance(0.1) ? 1 + r.int(2) : 0;
  for (let i = 0; i < nvars; i++) {
    const name = r.pick(['a', 'b', 'c', 'id', 'n']);
    const type = r.pick(VAR_TYPES);
    const def = r.chance(0.2) ? ` = ${r.pick(LITERALS)}` : '';
    state.vars.push({ name, text: `$${name}: ${type}${def}` });
  }
  const body = selectionSet(graphql, r, root, state, composite, opType === 'subscription' ? 1 : 3);
  const varText = state.vars.length ? `(${state.vars.map((v) => v.text).join(', ')})` : '';
  const name = r.chance(0.7) ? ' Op' : '';
  let text = `${opType}${name}${varText} ${body}\n`;
  for (const f of state.fragments) text += f + '\n';
  if (r.chance(0.05)) text += 'fragment Unused on Query { __typename }\n';
  if (r.chance(0.05)) text += '{ __typename }\n';
  return text;
}

function args(graphql, r, field, state) {
  const out = [];
  const defs = field ? field.args : [];
  for (const a of defs) {
    if (r.chance(graphql.isNonNullType(a.type) ? 0.95 : 0.4))
      out.push(`${a.name}: ${typedValue(graphql, r, a.type, state)}`);
  }
  if (r.chance(0.08)) out.push(`bogus: ${value(r, state)}`);
  if (r.chance(0.04) && out.length) out.push(out[0]);
  return out.length ? `(${out.join(', ')})` : '';
}

// A literal of `type` most of the time (sometimes a variable declared for it), else anything.
function typedValue(graphql, r, type, state) {
  if (r.chance(0.15)) return value(r, state);
  if (r.chance(0.2)) {
    const name = `v${state.vars.length}`;
    const t = r.chance(0.85) ? String(type) : r.pick(VAR_TYPES);
    state.vars.push({ name, text: `$${name}: ${t}` });
    return `$${name}`;
  }
  const nullable = graphql.getNullableType(type);
  if (graphql.isListType(nullable)) {
    if (r.chance(0.3)) return typedValue(graphql, r, nullable.ofType, state);
    const n = r.int(3);
    const items = [];
    for (let i = 0; i < n; i++) items.push(typedValue(graphql, r, nullable.ofType, state));
    return `[${items.join(', ')}]`;
  }
  if (graphql.isEnumType(nullable)) return r.pick(nullable.getValues()).name;
  if (graphql.isInputObjectType(nullable)) {
    const parts = [];
    for (const f of Object.values(nullable.getFields()))
      if (graphql.isNonNullType(f.type) || r.chance(0.4))
        parts.push(`${f.name}: ${typedValue(graphql, r, f.type, state)}`);
    return `{${parts.join(', ')}}`;
  }
  switch (nullable.name) {
    case 'Int': return String(r.int(100));
    case 'Float': return r.pick(['1.5', '2', '-0.25e2']);
    case 'String': return r.pick(['"s"', '"""b"""']);
    case 'Boolean': return r.pick(['true', 'false']);
    case 'ID': return r.pick(['"id1"', '42']);
    default: return '"2026-01-01T00:00:00Z"';
  }
}

function value(r, state) {
  if (state.vars.length && r.chance(0.3)) {
    const v = r.pick(state.vars);
    return `$${v.name}`;
  }
  if (r.chance(0.05)) return '$undefinedVar';
  return r.pick(LITERALS);
}

function directives(r, state) {
  if (!r.chance(0.15)) return '';
  if (r.chance(0.7)) return r.pick([' @include(if: true)', ' @skip(if: false)']);
  const d = r.pick(['@include(if: true)', '@skip(if: false)', '@skip(if: $a)', '@include',
    '@deprecated', '@unknown', '@skip(if: true) @skip(if: false)', '@include(if: "x")']);
  return ' ' + d;
}

function selectionSet(graphql, r, type, state, composite, width) {
  state.depth++;
  const fields = graphql.isObjectType(type) || graphql.isInterfaceType(type)
    ? Object.values(type.getFields()) : [];
  const items = [];
  const n = 1 + r.int(width);
  for (let i = 0; i < n; i++) {
    const roll = r.next();
    if (roll < 0.12 && state.depth < 4) {
      const cond = r.chance(0.6) ? type
        : r.chance(0.85) ? r.pick(composite) : { name: r.pick(['String', 'Nope', 'TryOnStatus']) };
      const inner = cond.getFields || cond.getTypes
        ? selectionSet(graphql, r, cond, state, composite, 2) : '{ id }';
      items.push(`... on ${cond.name}${directives(r, state)} ${inner}`);
    } else if (roll < 0.2 && state.depth < 4) {
      const cond = r.chance(0.6) ? type : r.pick(composite);
      const name = `F${state.fragments.length}`;
      state.fragments.push('');
      const idx = state.fragments.length - 1;
      const inner = selectionSet(graphql, r, cond, state, composite, 2);
      state.fragments[idx] = `fragment ${name} on ${cond.name} ${inner}`;
      items.push(`...${name}${directives(r, state)}`);
    } else if (roll < 0.25) {
      items.push('__typename');
    } else {
      let field = fields.length ? r.pick(fields) : undefined;
      let name = field ? field.name : r.pick(['id', 'name', 'nope']);
      if (r.chance(0.05)) { name = 'nope'; field = undefined; }
      const alias = r.chance(0.1) ? `${r.pick(['x', 'y', 'id', 'name'])}: ` : '';
      let sub = '';
      const named = field ? graphql.getNamedType(field.type) : undefined;
      if (named && graphql.isCompositeType(named)) {
        sub = state.depth < 5 && r.chance(0.95) ? ' ' + selectionSet(graphql, r, named, state, composite, 2) : '';
      } else if (r.chance(0.03)) {
        sub = ' { id }';
      }
      items.push(`${alias}${name}${args(graphql, r, field, state)}${directives(r, state)}${sub}`);
    }
  }
  state.depth--;
  return `{ ${items.join(' ')} }`;
}

const EDITS = ['{', '}', '(', ')', '[', ']', ':', '$', '@', '!', '.', '...', '"', '"""', '\\', '#',
  '\n', ',', '|', '&', '=', '0', '1', '-', 'e', 'E', '.5', 'on', ' ', '\\u00', '\\u{1F600}', '\t',
  '\r', '\u00e9', 'null', 'true'];

// Documents from `generate` with one to three random character edits: mostly syntax errors,
// which exercise the lexer and the parser's error messages.
export function mutate(docs, seed = 99) {
  const r = rng(seed);
  return docs.map((d) => {
    let s = d;
    const edits = 1 + r.int(3);
    for (let k = 0; k < edits; k++) {
      const pos = r.int(s.length + 1);
      if (r.chance(0.5)) s = s.slice(0, pos) + r.pick(EDITS) + s.slice(pos);
      else s = s.slice(0, pos) + s.slice(pos + 1 + r.int(3));
    }
    return s.replace(/^####/gm, '# ##') + '\n';
  });
}
