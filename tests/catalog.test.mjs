// Functional test of the catalog: brands, categories, collections, products with variants and
// stock, concurrent reservations, listing and search over the catalog read model, and the read
// model across a restart and a `colctl rebuild catalog`.
// Run: COLORS_BIN=build/bin/colors COLCTL_BIN=build/bin/colctl node --test tests/catalog.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { within, launch, listeningAddress, stopWithSigterm, sleep } from './lib/server.mjs';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-catalog-'));
let server, address, admin;

function startServer() {
  server = launch(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--io-threads', '2', '--demo-data', '--demo-products', '0',
                   '--rate-limit', 'login=100/1000,mutation=10000/100000']);
  return listeningAddress(server).then((a) => { address = a; });
}

async function call(query, variables = {}, auth = admin) {
  const res = await fetch(`http://${address}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  return res.json();
}

async function graphql(query, variables, auth) {
  const body = await call(query, variables, auth);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

// The read model follows the log: wait until `check` passes (it throws until then).
async function eventually(check, what) {
  let last;
  for (let i = 0; i < 200; ++i) {
    try { return await check(); } catch (e) { last = e; }
    await sleep(25);
  }
  throw new Error(`${what}: ${last?.message}`);
}

async function login(email, password) {
  const data = await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
    accessToken userErrors { message } } }`, { e: email, p: password }, null);
  assert.ok(data.login.accessToken, JSON.stringify(data.login));
  return data.login.accessToken;
}

async function createBrand(name) {
  const data = await graphql(`mutation($n: String!) { createBrand(input: {name: $n}) { brand { id name } userErrors { message } } }`, { n: name });
  assert.deepEqual(data.createBrand.userErrors, []);
  return data.createBrand.brand.id;
}

async function createCategory(name, parentId = null) {
  const data = await graphql(`mutation($n: String!, $p: ID) { createCategory(input: {name: $n, parentId: $p}) {
    category { id } userErrors { message code } } }`, { n: name, p: parentId });
  assert.deepEqual(data.createCategory.userErrors, []);
  return data.createCategory.category.id;
}

const PRODUCT_FIELDS = `id name status colour { name hex family lab { l a b } } material pattern tags
  category { name } brand { name } inStock
  variants { id sku size colour available stockLevel onHand reserved }`;

async function createProduct(brandId, product) {
  const data = await graphql(`mutation($b: ID!, $p: ProductInput!) { createProduct(input: {brandId: $b, product: $p}) {
    product { ${PRODUCT_FIELDS} } userErrors { message code } } }`, { b: brandId, p: product });
  assert.deepEqual(data.createProduct.userErrors, []);
  return data.createProduct.product;
}

async function addVariant(productId, sku, size, colour = null) {
  const data = await graphql(`mutation($id: ID!, $v: VariantInput!) { addVariant(productId: $id, input: $v) {
    product { variants { id sku } } userErrors { message code } } }`, { id: productId, v: { sku, size, colour } });
  assert.deepEqual(data.addVariant.userErrors, []);
  return data.addVariant.product.variants.find((v) => v.sku === sku).id;
}

function adjust(productId, variantId, delta, key) {
  return graphql(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) {
    product { variants { id onHand reserved available } } userErrors { message code } } }`,
  { i: { productId, variantId, delta, idempotencyKey: key } });
}

function publish(id) {
  return graphql('mutation($id: ID!) { setProductStatus(id: $id, status: ACTIVE) { product { status } } }', { id });
}

let brands = {}, categories = {};

before(async () => {
  await startServer();
  admin = await login('admin@colors.example', 'colors-admin-demo');
  brands.nordlys = await createBrand('Nordlys');
  brands.creme = await createBrand('Atelier Crème');
  categories.women = await createCategory('Women');
  categories.tops = await createCategory('Tops', categories.women);
  categories.shirts = await createCategory('Shirts', categories.tops);
  categories.men = await createCategory('Men');
});

after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('brands and categories are for platform admins; products name existing ones', async () => {
  const shopper = await login('demo@colors.example', 'colors-demo-shopper');
  const refused = await call('mutation { createBrand(input: {name: "Mine"}) { brand { id } } }', {}, shopper);
  assert.equal(refused.errors[0].extensions.code, 'FORBIDDEN');
  const badParent = await graphql('mutation { createCategory(input: {name: "X", parentId: "nope"}) { category { id } userErrors { code message } } }');
  assert.equal(badParent.createCategory.userErrors[0].code, 'INVALID_INPUT');
  const noBrand = await graphql(`mutation { createProduct(input: {brandId: "00000000-0000-4000-8000-000000000000",
    product: {name: "Ghost", price: {amountMinor: 100, currency: "EUR"}}}) { product { id } userErrors { code message } } }`);
  assert.equal(noBrand.createProduct.userErrors[0].code, 'INVALID_INPUT');
  assert.match(noBrand.createProduct.userErrors[0].message, /brand/);
  await eventually(async () => {
    const data = await graphql(`{ brands { name } categories { name children { name children { name } } }
      category(id: "${categories.shirts}") { path { name } } }`, {}, null);
    assert.deepEqual(data.brands.map((b) => b.name), ['Atelier Crème', 'Nordlys']);
    assert.deepEqual(data.categories.map((c) => c.name), ['Men', 'Women']);
    assert.equal(data.categories[1].children[0].children[0].name, 'Shirts');
    assert.deepEqual(data.category.path.map((c) => c.name), ['Women', 'Tops', 'Shirts']);
  }, 'brands and categories listed');
});

test('a create can name what the previous create made, at once; categories nest at most 20 deep', async () => {
  // Each request names the category or product the one before it has just created: the checks
  // ask the entities, not the read model, which may lag an acknowledged create.
  let parent = null;
  for (let level = 0; level <= 20; level++)
    parent = await createCategory(`Level ${level}`, parent);
  const tooDeep = await graphql(`mutation($p: ID) { createCategory(input: {name: "Level 21", parentId: $p}) {
    category { id } userErrors { code message } } }`, { p: parent });
  assert.equal(tooDeep.createCategory.userErrors[0].code, 'INVALID_INPUT');
  assert.match(tooDeep.createCategory.userErrors[0].message, /at most 20 deep/);
  const product = await createProduct(brands.nordlys, { name: 'Quick Tee', price: { amountMinor: 1500, currency: 'EUR' }, categoryId: parent });
  const made = await graphql(`mutation($ids: [ID!]) { createCollection(input: {name: "Just made", productIds: $ids}) {
    collection { id } userErrors { code message } } }`, { ids: [product.id] });
  assert.deepEqual(made.createCollection.userErrors, []);
  const ghost = await graphql(`mutation($ids: [ID!]) { createCollection(input: {name: "Ghosts", productIds: $ids}) {
    collection { id } userErrors { code message } } }`, { ids: [product.id, '00000000-0000-4000-8000-000000000001'] });
  assert.match(ghost.createCollection.userErrors[0].message, /No product has the id 00000000-0000-4000-8000-000000000001/);
});

test('a product has colour, attributes and variants; stock adjusts once per key; shoppers see availability only', async () => {
  const p = await createProduct(brands.nordlys, {
    name: 'Oxford shirt', description: 'Brushed cotton', categoryId: categories.shirts,
    colour: { name: 'Midnight navy', hex: '#1F2A5C' }, material: 'cotton', pattern: 'plain',
    tags: ['classic'], price: { amountMinor: 5900, currency: 'EUR' } });
  assert.equal(p.status, 'DRAFT');
  assert.equal(p.colour.hex, '#1f2a5c');
  assert.equal(p.colour.family, 'blue');
  assert.ok(Math.abs(p.colour.lab.l - 18.9) < 0.5, JSON.stringify(p.colour.lab));
  assert.equal(p.category.name, 'Shirts');
  const m = await addVariant(p.id, 'OX-NAVY-M', 'M', 'navy');
  await addVariant(p.id, 'OX-NAVY-L', 'L', 'navy');
  const dup = await graphql(`mutation($id: ID!) { addVariant(productId: $id, input: {sku: "OX-NAVY-M", size: "XL"}) {
    product { id } userErrors { code message } } }`, { id: p.id });
  assert.equal(dup.addVariant.userErrors[0].code, 'CONFLICT');
  const first = await adjust(p.id, m, 10, 'delivery-1');
  const again = await adjust(p.id, m, 10, 'delivery-1');
  assert.deepEqual(again.adjustStock.product, first.adjustStock.product);
  assert.equal(again.adjustStock.product.variants.find((v) => v.id === m).onHand, 10);
  const writeOff = await adjust(p.id, m, -11, 'shrinkage-1');
  assert.equal(writeOff.adjustStock.userErrors[0].code, 'CONFLICT');
  const hidden = await graphql(`{ product(id: "${p.id}") { id } }`, {}, null);
  assert.equal(hidden.product, null);
  await publish(p.id);
  const shown = await graphql(`{ product(id: "${p.id}") { ${PRODUCT_FIELDS} } }`, {}, null);
  const mv = shown.product.variants.find((v) => v.sku === 'OX-NAVY-M');
  assert.deepEqual([mv.available, mv.stockLevel, mv.onHand, mv.reserved], [10, 'IN_STOCK', null, null]);
  assert.equal(shown.product.inStock, true);
});

test('concurrent reservations never take a variant below zero', async () => {
  const p = await createProduct(brands.nordlys, { name: 'Scarce scarf', price: { amountMinor: 2500, currency: 'EUR' } });
  const v = await addVariant(p.id, 'SCARF-1', 'ONE');
  await adjust(p.id, v, 20, 'in-1');
  const attempts = await Promise.all(Array.from({ length: 60 }, (_, i) => graphql(
    `mutation($i: ReserveStockInput!) { reserveStock(input: $i) { product { id } userErrors { code message } } }`,
    { i: { productId: p.id, variantId: v, quantity: 1, reservationId: `cart-${i}` } })));
  const won = attempts.filter((a) => a.reserveStock.userErrors.length === 0);
  const lost = attempts.filter((a) => a.reserveStock.userErrors.length > 0);
  assert.equal(won.length, 20);
  for (const a of lost) assert.equal(a.reserveStock.userErrors[0].code, 'CONFLICT');
  const state = await graphql(`{ product(id: "${p.id}") { variants { available onHand reserved stockLevel } } }`);
  assert.deepEqual(state.product.variants[0], { available: 0, onHand: 20, reserved: 20, stockLevel: 'OUT_OF_STOCK' });
  const winner = attempts.findIndex((a) => a.reserveStock.userErrors.length === 0);
  const sold = await graphql(`mutation($id: ID!, $r: String!) { endReservation(productId: $id, reservationId: $r, sold: true) {
    product { variants { available onHand reserved } } userErrors { message } } }`, { id: p.id, r: `cart-${winner}` });
  assert.deepEqual(sold.endReservation.product.variants[0], { available: 0, onHand: 19, reserved: 19 });
});

// The search fixture: 12 published products across brands, categories, colours and prices.
let fixture;

async function searchFixture() {
  if (fixture) return fixture;
  const specs = [
    ['Silk blouse', brands.creme, categories.tops, '#f5f5dc', 12900, ['S', 'M']],
    ['Silky camisole', brands.creme, categories.tops, '#000000', 4900, ['S']],
    ['Linen shirt', brands.nordlys, categories.shirts, '#4682b4', 6900, ['M', 'L']],
    ['Denim shirt', brands.nordlys, categories.shirts, '#1560bd', 7900, ['L']],
    ['Wool coat', brands.nordlys, categories.men, '#808080', 24900, ['L', 'XL']],
    ['Crème cardigan', brands.creme, categories.tops, '#fffdd0', 9900, ['M']],
    ['Red tee', brands.nordlys, categories.tops, '#c0392b', 1900, ['S', 'M', 'L']],
    ['Green tee', brands.nordlys, categories.tops, '#2e8b57', 1900, ['M']],
    ['Navy polo', brands.nordlys, categories.men, '#1f2a5c', 3900, ['M', 'L']],
    ['Pink shirt', brands.creme, categories.shirts, '#ffb6c1', 5900, ['S']],
    ['Yellow dress', brands.creme, categories.women, '#f4d03f', 8900, ['M']],
    ['Black jeans', brands.nordlys, categories.men, '#111111', 6900, ['L']],
  ];
  const ids = {};
  for (const [name, brand, category, hex, price, sizes] of specs) {
    const p = await createProduct(brand, { name, categoryId: category, colour: { name, hex },
                                           price: { amountMinor: price, currency: 'EUR' }, tags: ['search-fixture'] });
    for (const size of sizes) {
      const v = await addVariant(p.id, `${name.replace(/\W/g, '')}-${size}`, size);
      if (size !== 'S' || name === 'Red tee') await adjust(p.id, v, 3, `in-${p.id}-${size}`);
    }
    await publish(p.id);
    ids[name] = p.id;
  }
  fixture = ids;
  await eventually(async () => {
    const d = await graphql('{ products(text: "search-fixture") { totalCount } }', {}, null);
    assert.equal(d.products.totalCount, 12);
  }, 'fixture indexed');
  return ids;
}

const SEARCH = `query($t: String, $f: ProductFilter, $s: ProductSort, $n: Int, $a: String) {
  products(text: $t, filter: $f, sort: $s, first: $n, after: $a) {
    edges { cursor node { name price { amountMinor } brand { name } } }
    pageInfo { hasNextPage endCursor } totalCount
    facets { brands { value label count } categories { label count } colourFamilies { value count }
             sizes { value count } prices { min max count } inStock } } }`;

function names(data) {
  return data.products.edges.map((e) => e.node.name);
}

test('search folds case and accents, matches prefixes, and filters', async () => {
  await searchFixture();
  const creme = await graphql(SEARCH, { t: 'CREME search-fixture' }, null);
  assert.deepEqual(names(creme).sort(), ['Crème cardigan', 'Pink shirt', 'Silk blouse', 'Silky camisole', 'Yellow dress']);
  const sil = await graphql(SEARCH, { t: 'search-fixture sil' }, null);
  assert.deepEqual(names(sil).sort(), ['Silk blouse', 'Silky camisole']);
  const shirts = await graphql(SEARCH, { t: 'search-fixture', f: { categoryId: categories.women, brandIds: [brands.nordlys] } }, null);
  assert.deepEqual(names(shirts).sort(), ['Denim shirt', 'Green tee', 'Linen shirt', 'Red tee']);
  const blue = await graphql(SEARCH, { t: 'search-fixture', f: { colourFamilies: ['blue'] } }, null);
  assert.deepEqual(names(blue).sort(), ['Denim shirt', 'Linen shirt', 'Navy polo']);
  const sizeS = await graphql(SEARCH, { t: 'search-fixture', f: { sizes: ['S'] } }, null);
  assert.equal(sizeS.products.totalCount, 1); // only Red tee has S in stock
  const cheap = await graphql(SEARCH, { t: 'search-fixture', f: { price: { min: 1000, max: 4900, currency: 'EUR' } } }, null);
  assert.deepEqual(names(cheap).sort(), ['Green tee', 'Navy polo', 'Red tee', 'Silky camisole']);
  const rated = await graphql(SEARCH, { t: 'search-fixture', f: { minRating: 1 } }, null);
  assert.equal(rated.products.totalCount, 0);
});

test('facets count each filter value with the other filters applied', async () => {
  await searchFixture();
  const data = await graphql(SEARCH, { t: 'search-fixture', f: { brandIds: [brands.creme], inStockOnly: true } }, null);
  // Silky camisole and Pink shirt have only size S, which is not in stock.
  assert.equal(data.products.totalCount, 3);
  const byBrand = Object.fromEntries(data.products.facets.brands.map((b) => [b.label, b.count]));
  assert.deepEqual(byBrand, { Nordlys: 7, 'Atelier Crème': 3 });
  assert.equal(data.products.facets.inStock, 3);
  const roots = Object.fromEntries(data.products.facets.categories.map((c) => [c.label, c.count]));
  assert.deepEqual(roots, { Women: 3 });
});

test('sorting and cursor pagination give every product once', async () => {
  await searchFixture();
  const seen = [];
  let after = null;
  for (let page = 0; page < 10; ++page) {
    const data = await graphql(SEARCH, { t: 'search-fixture', s: 'PRICE_ASC', n: 5, a: after }, null);
    seen.push(...data.products.edges.map((e) => e.node.price.amountMinor));
    if (!data.products.pageInfo.hasNextPage) break;
    after = data.products.pageInfo.endCursor;
  }
  assert.equal(seen.length, 12);
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
  const tooMany = await call(SEARCH, { t: 'x', n: 101 }, null);
  assert.match(tooMany.errors[0].message, /100/);
  const badCursor = await call(SEARCH, { t: 'x', a: 'not-a-cursor' }, null);
  assert.equal(badCursor.errors[0].extensions.code, 'BAD_USER_INPUT');
  const typeAhead = await graphql('{ search(text: "nord") { __typename ... on Brand { name } } }', {}, null);
  assert.deepEqual(typeAhead.search.filter((r) => r.__typename === 'Brand').map((b) => b.name), ['Nordlys']);
});

async function answers() {
  const out = [];
  for (const variables of [{ t: 'search-fixture', s: 'PRICE_DESC' }, { t: 'shirt' }, { f: { colourFamilies: ['blue'] }, s: 'NEWEST' },
                           { t: 'search-fixture', f: { brandIds: [brands.creme] } }])
    out.push(await graphql(SEARCH, variables, null));
  out.push(await graphql('{ brands { id name } categories { id name children { id name } } }', {}, null));
  return out;
}

test('the read model comes back after a restart and after colctl rebuild catalog, with the same answers', async () => {
  await searchFixture();
  const before = await answers();
  await stopWithSigterm(server);
  await startServer();
  assert.deepEqual(await answers(), before);
  await stopWithSigterm(server);
  const out = execFileSync(process.env.COLCTL_BIN, ['rebuild', 'catalog', '--data-dir', dataDir], { encoding: 'utf8' });
  assert.match(out, /catalog rebuilt from \d+ events/);
  await startServer();
  assert.deepEqual(await answers(), before);
  await stopWithSigterm(server);
});

test('the demo catalog loads once through the API, with garment images that try-on can use', async () => {
  const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colors-demo-'));
  const startDemo = async () => {
    const s = launch(['--listen', '127.0.0.1:0', '--data-dir', demoDir, '--no-access-log', '--demo-data', '--demo-products', '12']);
    return { s, a: await within(120_000, 'demo start', listeningAddress(s)) };
  };
  try {
    let { s, a } = await startDemo();
    server = s; address = a;
    const query = `{ products(first: 20, filter: {tryOnEnabled: true}) { totalCount
      edges { node { name tryOnEnabled garmentImage { url width height } variants { sku } } } }
      brands { name } collections { name } }`;
    const first = await eventually(async () => {
      const d = await graphql(query, {}, null);
      assert.equal(d.products.totalCount, 12);
      return d;
    }, 'demo products listed');
    assert.equal(first.brands.length, 6);
    assert.ok(first.collections.length >= 1);
    const node = first.products.edges[0].node;
    assert.equal(node.variants.length, 5);
    assert.ok(node.garmentImage.width >= 300 && node.garmentImage.height >= 300);
    const image = await fetch(`http://${address}${node.garmentImage.url}`);
    assert.equal(image.headers.get('content-type'), 'image/jpeg');
    assert.ok((await image.arrayBuffer()).byteLength > 1000);
    const none = await graphql('{ products(filter: {tryOnEnabled: false}) { totalCount } }', {}, null);
    assert.equal(none.products.totalCount, 0);
    await stopWithSigterm(server);
    ({ s, a } = await startDemo());
    server = s; address = a;
    const again = await graphql(query, {}, null);
    assert.equal(again.products.totalCount, 12, 'loaded once, not twice');
    assert.equal(again.brands.length, 6);
    await stopWithSigterm(server);
  } finally {
    fs.rmSync(demoDir, { recursive: true, force: true });
  }
});
