#include "projections/catalog_index.hpp"

#include "common/errc.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <atomic>
#include <set>
#include <thread>

using namespace colors;
using namespace colors::projections;
using ids = std::vector<std::string>;

namespace {

catalog_doc make_doc(std::string id, std::string name, std::string brand, std::string category,
                     std::string colour_name, std::string family, std::vector<std::string> tags,
                     int64_t price, std::string currency, int64_t created, int64_t popularity,
                     std::vector<catalog_variant> variants) {
  catalog_doc doc;
  doc.product_id = std::move(id);
  doc.name = std::move(name);
  doc.brand_id = std::move(brand);
  doc.category_id = std::move(category);
  doc.colour_name = std::move(colour_name);
  doc.colour_family = std::move(family);
  doc.tags = std::move(tags);
  doc.price_minor = price;
  doc.currency = std::move(currency);
  doc.created_at = created;
  doc.popularity = popularity;
  doc.variants = std::move(variants);
  return doc;
}

std::string brand_name_of(const std::string& brand) {
  return brand == "b1" ? "Atelier Crème" : brand == "b2" ? "Nordlys" : "Straße Studio";
}

// Women > {Dresses > Maxi, Tops}; Men > Shirts. Brands b1 "Atelier Crème", b2 "Nordlys",
// b3 "Straße Studio". p3 is out of stock.
catalog_index small_catalog() {
  catalog_index index;
  REQUIRE(!index.set_category("women", "", "Women"));
  REQUIRE(!index.set_category("dresses", "women", "Dresses"));
  REQUIRE(!index.set_category("maxi", "dresses", "Maxi"));
  REQUIRE(!index.set_category("tops", "women", "Tops"));
  REQUIRE(!index.set_category("men", "", "Men"));
  REQUIRE(!index.set_category("shirts", "men", "Shirts"));
  std::vector<catalog_doc> docs{
      make_doc("p1", "Silk maxi dress", "b1", "maxi", "Navy blue", "blue", {"silk", "floral"},
               12000, "EUR", 1000, 50, {{"S", "navy", 2}, {"M", "navy", 0}}),
      make_doc("p2", "Linen shirt", "b2", "shirts", "White", "white", {"linen"}, 4500, "EUR", 2000,
               80, {{"M", "white", 3}, {"L", "white", 1}}),
      make_doc("p3", "Cotton tee", "b3", "tops", "Sky blue", "blue", {"cotton"}, 1500, "EUR", 3000,
               80, {{"S", "sky", 0}, {"M", "sky", 0}}),
      make_doc("p4", "Wrap dress", "b2", "dresses", "Red", "red", {"viscose"}, 8000, "EUR", 4000,
               10, {{"S", "red", 1}}),
      make_doc("p5", "Oxford shirt", "b1", "shirts", "Light blue", "blue", {"cotton"}, 6000, "USD",
               5000, 30, {{"L", "blue", 5}}),
      make_doc("p6", "Crème blouse", "b3", "tops", "Cream", "white", {"silk"}, 9000, "EUR", 6000,
               30, {{"M", "cream", 2}}),
  };
  docs[3].description = "A silky wrap dress";
  for (auto& doc : docs) {
    doc.brand_name = brand_name_of(doc.brand_id);
    REQUIRE(!index.upsert(std::move(doc)));
  }
  return index;
}

bool same_counts(const std::vector<facet_count>& a, const std::vector<facet_count>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.value == y.value && x.count == y.count;
  });
}

bool same_facets(const catalog_facets& a, const catalog_facets& b) {
  auto same_buckets = std::equal(
      a.price_buckets.begin(), a.price_buckets.end(), b.price_buckets.begin(),
      b.price_buckets.end(),
      [](const auto& x, const auto& y) { return x.min == y.min && x.max == y.max && x.count == y.count; });
  return same_counts(a.brands, b.brands) && same_counts(a.categories, b.categories)
         && same_counts(a.colour_families, b.colour_families) && same_counts(a.sizes, b.sizes)
         && same_buckets && a.in_stock == b.in_stock;
}

bool same_page(const catalog_page& a, const catalog_page& b) {
  auto same_edges = std::equal(
      a.edges.begin(), a.edges.end(), b.edges.begin(), b.edges.end(),
      [](const auto& x, const auto& y) { return x.product_id == y.product_id && x.cursor == y.cursor; });
  return same_edges && a.has_next_page == b.has_next_page && a.end_cursor == b.end_cursor
         && a.total_count == b.total_count && same_facets(a.facets, b.facets);
}

// Every search of these tests runs three times: per document, on bitmaps, and the way the index
// picks; all three must give the same page.
catalog_page search_ok(const catalog_index& index, const catalog_query& query) {
  auto page = index.search(query);
  REQUIRE_MESSAGE(page, message_of(page.error()));
  for (auto method : {scan_method::per_document, scan_method::bitmaps}) {
    auto other = index.search(query, method);
    REQUIRE_MESSAGE(other, message_of(other.error()));
    CHECK_MESSAGE(same_page(*page, *other), "scan method ", static_cast<int>(method),
                  " gives another page for text '", query.text, "'");
  }
  return std::move(*page);
}

ids ids_of(const catalog_page& page) {
  ids out;
  for (const auto& edge : page.edges)
    out.push_back(edge.product_id);
  return out;
}

ids found(const catalog_index& index, catalog_query query) {
  query.first = 100;
  return ids_of(search_ok(index, query));
}

ids found_text(const catalog_index& index, std::string text) {
  catalog_query query;
  query.text = std::move(text);
  return found(index, query);
}

ids sorted(ids v) {
  std::sort(v.begin(), v.end());
  return v;
}

using counts = std::vector<std::pair<std::string, int64_t>>;

counts counts_of(const std::vector<facet_count>& facets) {
  counts out;
  for (const auto& f : facets)
    out.emplace_back(f.value, f.count);
  return out;
}

void check_invalid(const catalog_index& index, const catalog_query& query) {
  for (auto method : {scan_method::automatic, scan_method::per_document, scan_method::bitmaps}) {
    auto page = index.search(query, method);
    REQUIRE(!page);
    CHECK(code_of(page.error()) == errc::invalid_argument);
    CHECK(!message_of(page.error()).empty());
  }
}

} // namespace

TEST_CASE("text matches every searchable field, folded") {
  auto index = small_catalog();
  CHECK(index.size() == 6);
  CHECK(sorted(found_text(index, "linen")) == ids{"p2"});             // name and tag
  CHECK(sorted(found_text(index, "CREME")) == ids{"p1", "p5", "p6"}); // name, brand name
  CHECK(sorted(found_text(index, "Straße")) == ids{"p3", "p6"});      // brand name
  CHECK(sorted(found_text(index, "strasse studio")) == ids{"p3", "p6"});
  CHECK(sorted(found_text(index, "navy")) == ids{"p1"});                    // colour name
  CHECK(sorted(found_text(index, "white")) == ids{"p2", "p6"});             // colour name, family
  CHECK(sorted(found_text(index, "viscose")) == ids{"p4"});                 // tag
  CHECK(sorted(found_text(index, "maxi")) == ids{"p1"});                    // name, category
  CHECK(sorted(found_text(index, "women")) == ids{"p1", "p3", "p4", "p6"}); // ancestors
  CHECK(found_text(index, "velvet").empty());
}

TEST_CASE("every word must match; the last one also as a prefix, the others whole") {
  auto index = small_catalog();
  CHECK(sorted(found_text(index, "sil")) == ids{"p1", "p4", "p6"}); // silk, silky
  CHECK(sorted(found_text(index, "dress sil")) == ids{"p1", "p4"});
  CHECK(found_text(index, "sil dress").empty());
  CHECK(sorted(found_text(index, "cotton shirt")) == ids{"p5"});
  CHECK(found_text(index, "linen blouse").empty());
}

TEST_CASE("text without letters or digits matches everything") {
  auto index = small_catalog();
  CHECK(found_text(index, " !? ").size() == 6);
}

TEST_CASE("relevance: name before tags before description, whole word before prefix") {
  auto index = small_catalog();
  // p1: "silk" in the name; p6: "silk" as a tag; p4: "silky" in the description.
  CHECK(found_text(index, "silk") == ids{"p1", "p6", "p4"});
  // p6 has "Crème" in its name, p1 and p5 in their brand name (then the newer first).
  CHECK(found_text(index, "creme") == ids{"p6", "p5", "p1"});
  // Equal scores (both shirts by name): the newer first.
  CHECK(found_text(index, "shirt") == ids{"p5", "p2"});
}

TEST_CASE("filters: brands, colour families, sizes in stock, in stock, price with currency") {
  auto index = small_catalog();
  catalog_query q;
  q.brand_ids = {"b1", "b3", "unknown"};
  CHECK(sorted(found(index, q)) == ids{"p1", "p3", "p5", "p6"});
  q = {};
  q.brand_ids = {"unknown"};
  CHECK(found(index, q).empty());
  q = {};
  q.colour_families = {"blue", "red"};
  CHECK(sorted(found(index, q)) == ids{"p1", "p3", "p4", "p5"});
  q = {};
  q.sizes = {"M"}; // p1 and p3 have M but none available
  CHECK(sorted(found(index, q)) == ids{"p2", "p6"});
  q = {};
  q.in_stock_only = true;
  CHECK(sorted(found(index, q)) == ids{"p1", "p2", "p4", "p5", "p6"});
  q = {};
  q.price_min = 5000;
  q.price_max = 10000;
  CHECK(sorted(found(index, q)) == ids{"p4", "p5", "p6"});
  q.currency = "EUR"; // p5 is in USD
  CHECK(sorted(found(index, q)) == ids{"p4", "p6"});
  q.currency = "GBP";
  CHECK(found(index, q).empty());
  q.price_min = q.price_max = std::nullopt;
  q.currency = "USD"; // a currency alone keeps its products
  CHECK(found(index, q) == ids{"p5"});
}

TEST_CASE("the try-on filter keeps products that can (or cannot) be tried on, and every facet honours it") {
  auto index = small_catalog();
  auto p4 = make_doc("p4", "Wrap dress", "b2", "dresses", "Red", "red", {"viscose"}, 8000, "EUR", 4000, 0,
                     {{"M", "red", 2}});
  p4.try_on_enabled = true;
  REQUIRE(!index.upsert(p4));
  catalog_query q;
  q.try_on_enabled = true;
  CHECK(found(index, q) == ids{"p4"});
  auto page = index.search(q);
  REQUIRE(page);
  REQUIRE(page->facets.brands.size() == 1);
  CHECK(page->facets.brands[0].count == 1);
  q.try_on_enabled = false;
  CHECK(sorted(found(index, q)) == ids{"p1", "p2", "p3", "p5", "p6"});
}

TEST_CASE("the category filter takes the whole subtree") {
  auto index = small_catalog();
  catalog_query q;
  q.category_id = "women";
  CHECK(sorted(found(index, q)) == ids{"p1", "p3", "p4", "p6"});
  q.category_id = "dresses";
  CHECK(sorted(found(index, q)) == ids{"p1", "p4"});
  q.category_id = "maxi";
  CHECK(found(index, q) == ids{"p1"});
  q.category_id = "men";
  CHECK(sorted(found(index, q)) == ids{"p2", "p5"});
  q.category_id = "nowhere";
  CHECK(found(index, q).empty());
}

TEST_CASE("facets are disjunctive: each applies every filter but its own") {
  auto index = small_catalog();
  catalog_query q;
  q.colour_families = {"blue"};
  auto page = search_ok(index, q);
  CHECK(page.total_count == 3);
  CHECK(counts_of(page.facets.colour_families) == counts{{"blue", 3}, {"white", 2}, {"red", 1}});
  CHECK(counts_of(page.facets.brands) == counts{{"b1", 2}, {"b3", 1}});
  CHECK(counts_of(page.facets.categories) == counts{{"women", 2}, {"men", 1}});
  CHECK(counts_of(page.facets.sizes) == counts{{"L", 1}, {"S", 1}});
  CHECK(page.facets.in_stock == 2);
  REQUIRE(page.facets.price_buckets.size() == 6);
  std::vector<int64_t> buckets;
  for (const auto& b : page.facets.price_buckets)
    buckets.push_back(b.count);
  CHECK(buckets == std::vector<int64_t>{1, 0, 1, 1, 0, 0});
  CHECK(page.facets.price_buckets.front().min == 0);
  CHECK(page.facets.price_buckets.front().max == 2500);
  CHECK(!page.facets.price_buckets.back().max);

  SUBCASE("three filters at once") {
    q.brand_ids = {"b1"};
    q.category_id = "women";
    page = search_ok(index, q);
    CHECK(page.total_count == 1);
    CHECK(counts_of(page.facets.brands) == counts{{"b1", 1}, {"b3", 1}});
    CHECK(counts_of(page.facets.colour_families) == counts{{"blue", 1}});
    CHECK(counts_of(page.facets.categories) == counts{{"dresses", 1}}); // children of women
    CHECK(counts_of(page.facets.sizes) == counts{{"S", 1}});
  }
}

TEST_CASE("size and in-stock facets") {
  auto index = small_catalog();
  catalog_query q;
  q.sizes = {"M"};
  q.in_stock_only = true;
  auto page = search_ok(index, q);
  CHECK(page.total_count == 2);
  CHECK(counts_of(page.facets.sizes) == counts{{"L", 2}, {"M", 2}, {"S", 2}});
  CHECK(page.facets.in_stock == 2);
  CHECK(counts_of(page.facets.brands) == counts{{"b2", 1}, {"b3", 1}});
}

TEST_CASE("the price facet ignores the price range but keeps the currency") {
  auto index = small_catalog();
  catalog_query q;
  q.price_min = 5000;
  q.price_max = 10000;
  q.currency = "EUR";
  auto page = search_ok(index, q);
  CHECK(page.total_count == 2);
  std::vector<int64_t> buckets;
  for (const auto& b : page.facets.price_buckets)
    buckets.push_back(b.count);
  CHECK(buckets == std::vector<int64_t>{1, 1, 2, 1, 0, 0});
}

TEST_CASE("the category facet counts the children of the selected category") {
  auto index = small_catalog();
  catalog_query q;
  q.category_id = "women";
  auto page = search_ok(index, q);
  CHECK(counts_of(page.facets.categories) == counts{{"dresses", 2}, {"tops", 2}});
  q.category_id = "maxi"; // a leaf: no children
  CHECK(search_ok(index, q).facets.categories.empty());
}

TEST_CASE("every sort order, ties broken by newest and product id") {
  auto index = small_catalog();
  catalog_query q;
  q.sort = catalog_sort::price_asc;
  CHECK(found(index, q) == ids{"p3", "p2", "p5", "p4", "p6", "p1"});
  q.sort = catalog_sort::price_desc;
  CHECK(found(index, q) == ids{"p1", "p6", "p4", "p5", "p2", "p3"});
  q.sort = catalog_sort::newest;
  CHECK(found(index, q) == ids{"p6", "p5", "p4", "p3", "p2", "p1"});
  q.sort = catalog_sort::popularity;
  CHECK(found(index, q) == ids{"p3", "p2", "p1", "p6", "p5", "p4"});
  q.sort = catalog_sort::relevance; // no text: newest first
  CHECK(found(index, q) == ids{"p6", "p5", "p4", "p3", "p2", "p1"});

  auto twin = make_doc("p0", "Linen shirt", "b2", "shirts", "White", "white", {}, 4500, "EUR", 2000,
                       80, {});
  REQUIRE(!index.upsert(twin));
  q.sort = catalog_sort::price_asc;
  CHECK(found(index, q) == ids{"p3", "p0", "p2", "p5", "p4", "p6", "p1"});
  q.sort = catalog_sort::price_desc;
  CHECK(found(index, q) == ids{"p1", "p6", "p4", "p5", "p0", "p2", "p3"});
  q.text = "linen";
  q.sort = catalog_sort::relevance;
  CHECK(found(index, q) == ids{"p0", "p2"}); // same score and age: by product id
}

namespace {

catalog_index numbered_catalog(int n) {
  catalog_index index;
  for (int i = 0; i < n; ++i) {
    auto id = "id" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    REQUIRE(
        !index.upsert(make_doc(id, "Shirt " + std::to_string(i), "b" + std::to_string(i % 3), "c",
                               "Red", "red", {}, 1000 * (i % 7), "EUR", i % 5, i % 4, {})));
  }
  return index;
}

// Pages through `query` with `first` per page, calling between(page number) after each page.
template <class Between>
ids page_through(catalog_index& index, catalog_query query, Between between) {
  ids all;
  for (int n = 0;; ++n) {
    auto page = search_ok(index, query);
    auto page_ids = ids_of(page);
    all.insert(all.end(), page_ids.begin(), page_ids.end());
    if (!page.has_next_page)
      return all;
    REQUIRE(page.end_cursor == page.edges.back().cursor);
    query.after = page.end_cursor;
    between(n);
  }
}

} // namespace

TEST_CASE("pages follow each other without gaps or duplicates in every order") {
  auto index = numbered_catalog(40);
  for (auto sort : {catalog_sort::relevance, catalog_sort::price_asc, catalog_sort::price_desc,
                    catalog_sort::newest, catalog_sort::popularity}) {
    catalog_query q;
    q.sort = sort;
    auto whole = found(index, q);
    q.first = 7;
    auto paged = page_through(index, q, [](int) {});
    CHECK(paged == whole);
    CHECK(paged.size() == 40);
  }
}

TEST_CASE("a page starts strictly after its cursor when products come and go in between") {
  auto index = numbered_catalog(30);
  catalog_query q;
  q.sort = catalog_sort::price_asc;
  auto before = found(index, q); // the order before any change
  q.first = 5;
  std::string removed = before[12], early = "id00a", late = "zz-late";
  auto paged = page_through(index, q, [&](int n) {
    if (n != 1)
      return;
    CHECK(index.remove(removed)); // on a later page
    REQUIRE(!index.upsert(make_doc(early, "Shirt", "b0", "c", "Red", "red", {}, 0, "EUR", 0, 0,
                                   {}))); // before the cursor: not seen
    REQUIRE(!index.upsert(make_doc(late, "Shirt", "b0", "c", "Red", "red", {}, 99000, "EUR", 0, 0,
                                   {}))); // after: seen, last
  });
  std::set<std::string> unique(paged.begin(), paged.end());
  CHECK(unique.size() == paged.size());
  CHECK(!unique.count(removed));
  CHECK(!unique.count(early));
  CHECK(paged.back() == late);
  CHECK(paged.size() == 30); // 30 - removed + late
  before.erase(std::find(before.begin(), before.end(), removed));
  before.push_back(late);
  CHECK(paged == before);
}

TEST_CASE("page size, has_next_page and total_count") {
  auto index = small_catalog();
  catalog_query q;
  q.first = 2;
  auto page = search_ok(index, q);
  CHECK(page.edges.size() == 2);
  CHECK(page.has_next_page);
  CHECK(page.total_count == 6);
  q.after = page.end_cursor;
  q.first = 4;
  page = search_ok(index, q);
  CHECK(page.edges.size() == 4);
  CHECK(!page.has_next_page);
  CHECK(page.total_count == 6);
  q.first = 0;
  q.after.clear();
  page = search_ok(index, q);
  CHECK(page.edges.empty());
  CHECK(page.has_next_page);
  CHECK(page.end_cursor.empty());
  q = {};
  CHECK(search_ok(index, q).edges.size() == 6); // default first = 20
}

TEST_CASE("malformed cursors and cursors of another order are rejected") {
  auto index = small_catalog();
  catalog_query q;
  q.after = "not a cursor!";
  check_invalid(index, q);
  q.after = "YWJj"; // base64url of "abc"
  check_invalid(index, q);
  q.after = "YzE6MTp4OjA6cDE"; // "c1:1:x:0:p1": a price that is not a number
  check_invalid(index, q);
  q.after = std::string(600, 'A');
  check_invalid(index, q);
  q.sort = catalog_sort::price_asc;
  q.first = 1;
  q.after.clear();
  auto cursor = search_ok(index, q).end_cursor;
  q.sort = catalog_sort::newest;
  q.after = cursor;
  check_invalid(index, q);
  q.sort = catalog_sort::price_asc;
  CHECK(search_ok(index, q).edges.size() == 1);
}

TEST_CASE("limits: page size, text length, word count, filter lists, price range") {
  auto index = small_catalog();
  catalog_query q;
  q.first = catalog_limits::max_first + 1;
  check_invalid(index, q);
  q.first = -1;
  check_invalid(index, q);
  q.first = catalog_limits::max_first;
  CHECK(index.search(q));
  q = {};
  q.text = std::string(catalog_limits::max_text_chars, 'a');
  CHECK(index.search(q));
  q.text += "é";
  check_invalid(index, q);
  q.text = "a b c d e f g h i j";
  CHECK(index.search(q));
  q.text += " k";
  check_invalid(index, q);
  q = {};
  q.brand_ids.assign(catalog_limits::max_filter_values + 1, "b1");
  check_invalid(index, q);
  q = {};
  q.price_min = 10;
  q.price_max = 9;
  check_invalid(index, q);
}

TEST_CASE("upsert replaces the document: old text no longer matches") {
  auto index = small_catalog();
  auto doc = make_doc("p1", "Velvet gown", "b2", "tops", "Black", "black", {"velvet"}, 30000, "EUR",
                      1000, 50, {{"XL", "black", 1}});
  doc.brand_name = "Nordlys";
  REQUIRE(!index.upsert(doc));
  CHECK(index.size() == 6);
  CHECK(found_text(index, "maxi").empty());
  CHECK(found_text(index, "floral").empty());
  CHECK(found_text(index, "velvet") == ids{"p1"});
  CHECK(sorted(found_text(index, "silk")) == ids{"p4", "p6"});
  catalog_query q;
  q.brand_ids = {"b1"};
  CHECK(found(index, q) == ids{"p5"});
  q = {};
  q.sizes = {"S"};
  CHECK(found(index, q) == ids{"p4"});
  CHECK(code_of(index.upsert(catalog_doc{})) == errc::invalid_argument);
}

TEST_CASE("remove takes the document out of text, filters and facets") {
  auto index = small_catalog();
  CHECK(index.remove("p2"));
  CHECK(!index.remove("p2"));
  CHECK(index.size() == 5);
  CHECK(found_text(index, "linen").empty());
  catalog_query q;
  q.brand_ids = {"b2"};
  auto page = search_ok(index, q);
  CHECK(ids_of(page) == ids{"p4"});
  CHECK(counts_of(page.facets.brands) == counts{{"b1", 2}, {"b3", 2}, {"b2", 1}});
  REQUIRE(!index.upsert(
      make_doc("p7", "Linen trousers", "b2", "men", "Sand", "beige", {}, 1, "EUR", 1, 1, {})));
  CHECK(found_text(index, "linen") == ids{"p7"}); // the freed slot is reused cleanly
}

TEST_CASE("rename_brand changes the searchable brand name of its products") {
  auto index = small_catalog();
  index.rename_brand("b2", "Fjord & Co");
  CHECK(found_text(index, "nordlys").empty());
  CHECK(sorted(found_text(index, "fjord")) == ids{"p2", "p4"});
  index.rename_brand("unknown", "Nothing"); // no such brand: nothing happens
  CHECK(found_text(index, "nothing").empty());
}

TEST_CASE("set_category renames and moves categories, and refuses cycles") {
  auto index = small_catalog();
  REQUIRE(!index.set_category("dresses", "women", "Gowns"));
  CHECK(found_text(index, "dresses").empty());                  // the old name is gone
  CHECK(sorted(found_text(index, "gowns")) == ids{"p1", "p4"}); // p1 through its ancestor
  REQUIRE(!index.set_category("tops", "men", "Tops"));
  CHECK(sorted(found_text(index, "men")) == ids{"p2", "p3", "p5", "p6"});
  catalog_query q;
  q.category_id = "men";
  CHECK(sorted(found(index, q)) == ids{"p2", "p3", "p5", "p6"});
  auto err = index.set_category("women", "maxi", "Women");
  CHECK(code_of(err) == errc::invalid_argument);
  err = index.set_category("women", "women", "Women");
  CHECK(code_of(err) == errc::invalid_argument);
  CHECK(code_of(index.set_category("", "", "x")) == errc::invalid_argument);
  q.category_id = "women";
  CHECK(sorted(found(index, q)) == ids{"p1", "p4"});
}

TEST_CASE("a product may name a category before it is set") {
  catalog_index index;
  REQUIRE(
      !index.upsert(make_doc("p1", "Scarf", "b", "later", "Red", "red", {}, 1, "EUR", 1, 1, {})));
  CHECK(found_text(index, "accessories").empty());
  REQUIRE(!index.set_category("later", "", "Accessories"));
  CHECK(found_text(index, "accessories") == ids{"p1"});
  catalog_query q;
  CHECK(counts_of(search_ok(index, q).facets.categories) == counts{{"later", 1}});
}

TEST_CASE("later words are matched by scanning or by binary search, with the same result") {
  auto index = numbered_catalog(40);                  // names "Shirt 0" .. "Shirt 39"
  CHECK(found_text(index, "shirt 7") == ids{"id07"}); // "7" first; "shirt" probed
  CHECK(found_text(index, "7 shirt") == ids{"id07"}); // "7" first; "shirt" prefix probed
  CHECK(found_text(index, "shirt 1").size() == 11);   // 1, 10..19: "shirt" scanned
  CHECK(found_text(index, "shirt 1 2").empty());      // "1" must match whole
  CHECK(found_text(index, "shirt 12 shirt") == ids{"id12"});
}

TEST_CASE("searches may run on several threads at once") {
  auto index = numbered_catalog(40);
  auto expected = found_text(index, "shirt 1");
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        catalog_query q;
        q.text = i % 2 ? "shirt 1" : "shirt 7";
        q.first = 100;
        auto page = index.search(q);
        if (!page || page->edges.size() != (i % 2 ? expected.size() : 1u))
          ++wrong;
      }
    });
  for (auto& thread : threads)
    thread.join();
  CHECK(wrong == 0);
}

TEST_CASE("more distinct sizes than fit in the bit mask still filter and count") {
  catalog_index index;
  std::vector<catalog_variant> all_sizes;
  for (int s = 0; s < 40; ++s)
    all_sizes.push_back({"EU" + std::to_string(s), "red", 1});
  REQUIRE(
      !index.upsert(make_doc("p1", "Boot", "b", "c", "Red", "red", {}, 1, "EUR", 1, 1, all_sizes)));
  REQUIRE(!index.upsert(make_doc("p2", "Boot", "b", "c", "Red", "red", {}, 1, "EUR", 1, 1,
                                 {{"EU39", "red", 1}, {"EU1", "red", 0}})));
  catalog_query q;
  q.sizes = {"EU39"}; // ordinal 39: beyond the 32 bits
  auto page = search_ok(index, q);
  CHECK(sorted(ids_of(page)) == ids{"p1", "p2"});
  q.sizes = {"EU1"};
  page = search_ok(index, q);
  CHECK(ids_of(page) == ids{"p1"});
  CHECK(page.facets.sizes.size() == 40);
  CHECK(counts_of(page.facets.sizes).front() == std::pair<std::string, int64_t>{"EU39", 2});
}

TEST_CASE("both scan methods give the same pages over a random catalog that changes") {
  std::mt19937 rng{20261207};
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::vector<std::string> words{"silk", "cotton", "linen", "dress", "shirt", "skirt"};
  const std::vector<std::string> families{"blue", "red", "green", "white"};
  const std::vector<std::string> size_names{"S", "M", "L", "XL"};
  catalog_index index;
  // Two roots with children; c5 is named by products before it is set.
  REQUIRE(!index.set_category("c0", "", "Women"));
  REQUIRE(!index.set_category("c1", "c0", "Dresses"));
  REQUIRE(!index.set_category("c2", "c0", "Tops"));
  REQUIRE(!index.set_category("c3", "", "Men"));
  REQUIRE(!index.set_category("c4", "c3", "Shirts"));
  auto random_doc = [&](int id) {
    std::vector<catalog_variant> variants;
    for (const auto& s : size_names)
      if (pick(3) == 0)
        variants.push_back({s, "x", pick(3)});
    auto doc = make_doc("p" + std::to_string(id), words[pick(6)] + " " + words[pick(6)],
                        "b" + std::to_string(pick(5)), "c" + std::to_string(pick(6)), "Colour",
                        families[pick(4)], {words[pick(6)]}, pick(60000),
                        pick(4) ? "EUR" : "USD", pick(1000), pick(50), variants);
    doc.try_on_enabled = pick(2) == 0;
    return doc;
  };
  auto random_query = [&] {
    catalog_query q;
    q.text = pick(3) ? words[pick(6)].substr(0, 2 + pick(3)) : "";
    if (pick(3) == 0)
      q.brand_ids = {"b" + std::to_string(pick(5)), "b" + std::to_string(pick(6))};
    if (pick(3) == 0)
      q.category_id = "c" + std::to_string(pick(7)); // c6 is unknown
    if (pick(2) == 0)
      q.colour_families = {families[pick(4)]};
    if (pick(3) == 0)
      q.sizes = {size_names[pick(4)], size_names[pick(4)]};
    if (pick(3) == 0)
      q.price_min = pick(30000);
    if (pick(4) == 0)
      q.price_max = 30000 + pick(30000);
    if (pick(4) == 0)
      q.currency = pick(3) ? "EUR" : "GBP"; // GBP: no product has it
    q.in_stock_only = pick(4) == 0;
    if (pick(5) == 0)
      q.try_on_enabled = pick(2) == 0;
    q.sort = static_cast<catalog_sort>(pick(5));
    q.first = 1 + pick(30);
    return q;
  };
  auto compare_queries = [&](int queries) {
    for (int i = 0; i < queries; ++i) {
      auto q = random_query();
      auto per_document = index.search(q, scan_method::per_document);
      auto bitmaps = index.search(q, scan_method::bitmaps);
      REQUIRE(per_document);
      REQUIRE(bitmaps);
      CHECK_MESSAGE(same_page(*per_document, *bitmaps), "query ", i, " text '", q.text, "'");
      if (per_document->has_next_page) { // and the next page too
        q.after = per_document->end_cursor;
        per_document = index.search(q, scan_method::per_document);
        bitmaps = index.search(q, scan_method::bitmaps);
        REQUIRE(per_document);
        REQUIRE(bitmaps);
        CHECK(same_page(*per_document, *bitmaps));
      }
    }
  };
  for (int id = 0; id < 700; ++id)
    REQUIRE(!index.upsert(random_doc(id)));
  compare_queries(150);
  for (int n = 0; n < 200; ++n) // removals leave holes, re-upserts fill them or replace
    pick(2) ? (void)index.remove("p" + std::to_string(pick(700)))
            : (void)index.upsert(random_doc(pick(800)));
  REQUIRE(!index.set_category("c5", "c3", "Knitwear")); // a root becomes a child
  REQUIRE(!index.set_category("c2", "c3", "Tops"));     // a subtree moves
  compare_queries(150);
}
