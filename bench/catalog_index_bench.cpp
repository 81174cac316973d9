// make bench ONLY=catalog_index   (or build/bin/bench_catalog_index)
//   catalog_index_build: DOCS (default 100,000) synthetic products (descriptions of 20 words:
//     every fourth a material, the others from a skewed VOCABULARY of random words) upserted into
//     an empty projections::catalog_index, after a 185-node category tree (5 roots, 6 children
//     each, 5 leaves under each child); ms for all, and docs/s.
//   Every latency comes twice: wall clock (_p50, _p99) and the thread's CPU time (_cpu_p50,
//   _cpu_p99), which leaves out the time other processes of a shared machine take the core.
//   catalog_search: QUERIES (default 5,000) searches on one core, each with text (one or two
//     words, the last one typed partly: "silk dre"), two filters (a category root or child plus
//     a colour family, a price range in EUR or in stock) and all facets, sorted by relevance,
//     first 20; p50 and p99 latency in µs and queries/s. The words come from the documents'
//     vocabulary, so most queries match hundreds to thousands of products.
//   catalog_browse: BROWSE_QUERIES (default QUERIES / 5) of the same without text (the scan
//     covers every product): p50/p99 µs.
// No baseline: ratio 0. Knobs: DOCS, QUERIES, BROWSE_QUERIES, VOCABULARY, SEED.
#include "bench/bench_util.hpp"
#include "projections/catalog_index.hpp"

#include <array>
#include <ctime>
#include <random>

using namespace colors;
using namespace colors::projections;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr std::array<const char*, 16> materials{
    "silk",  "cotton",  "linen",     "wool",    "cashmere", "denim",    "leather", "velvet",
    "satin", "viscose", "polyester", "chiffon", "tweed",    "corduroy", "jersey",  "crepe"};
constexpr std::array<const char*, 16> garments{
    "dress",   "shirt",    "blouse", "skirt",  "trousers", "jeans",  "jacket", "coat",
    "sweater", "cardigan", "scarf",  "shorts", "hoodie",   "blazer", "tee",    "jumpsuit"};
constexpr std::array<const char*, 12> families{"black",  "white", "grey",   "blue",
                                               "red",    "green", "yellow", "pink",
                                               "purple", "brown", "beige",  "orange"};
constexpr std::array<const char*, 12> shades{"Navy", "Sky",   "Deep",     "Light",
                                             "Dark", "Pale",  "Bright",   "Dusty",
                                             "Soft", "Crème", "Midnight", "Forest"};
constexpr std::array<const char*, 10> styles{"casual", "formal",  "vintage",   "boho", "minimal",
                                             "sporty", "classic", "oversized", "slim", "floral"};
constexpr std::array<const char*, 7> sizes{"XS", "S", "M", "L", "XL", "XXL", "One size"};

template <class Array>
const char* pick(std::mt19937_64& rng, const Array& words) {
  return words[rng() % words.size()];
}

// The long tail of the descriptions' vocabulary: VOCABULARY (default 30,000) random words.
std::vector<std::string> make_vocabulary(std::mt19937_64& rng, long size) {
  std::vector<std::string> words;
  for (long i = 0; i < size; ++i) {
    std::string word;
    for (int n = 3 + rng() % 6; n > 0; --n)
      word += static_cast<char>('a' + rng() % 26);
    words.push_back(word);
  }
  return words;
}

// Skewed towards the front (a few words are common, most are rare), as in real text.
const std::string& filler_word(std::mt19937_64& rng, const std::vector<std::string>& vocabulary) {
  double u = std::uniform_real_distribution<double>{0, 1}(rng);
  return vocabulary[static_cast<size_t>(u * u * u * static_cast<double>(vocabulary.size()))];
}

std::string category_of(int root, int child, int leaf) {
  return "cat-" + std::to_string(root) + "-" + std::to_string(child) + "-" + std::to_string(leaf);
}

void set_categories(catalog_index& index) {
  for (int r = 0; r < 5; ++r) {
    auto root = "cat-" + std::to_string(r);
    (void)index.set_category(root, "", "Root " + std::to_string(r));
    for (int c = 0; c < 6; ++c) {
      auto child = root + "-" + std::to_string(c);
      (void)index.set_category(child, root, styles[c]);
      for (int l = 0; l < 5; ++l)
        (void)index.set_category(category_of(r, c, l), child, garments[(c * 5 + l) % 16]);
    }
  }
}

catalog_doc make_doc(std::mt19937_64& rng, int i, const std::vector<std::string>& vocabulary) {
  catalog_doc doc;
  doc.product_id = "00000000-0000-4000-8000-" + std::to_string(100000000000 + i);
  std::string material = pick(rng, materials), garment = pick(rng, garments);
  doc.name = std::string{pick(rng, styles)} + " " + material + " " + garment;
  for (int w = 0; w < 20; ++w)
    doc.description +=
        (w % 4 == 0 ? std::string{pick(rng, materials)} : filler_word(rng, vocabulary)) + " ";
  auto brand = rng() % 200;
  doc.brand_id = "brand-" + std::to_string(brand);
  doc.brand_name = "Brand " + vocabulary[vocabulary.size() - 1 - brand];
  doc.category_id = category_of(rng() % 5, rng() % 6, rng() % 5);
  std::string family = pick(rng, families);
  doc.colour_family = family;
  doc.colour_name = std::string{pick(rng, shades)} + " " + family;
  doc.tags = {pick(rng, styles), material, pick(rng, styles)};
  doc.price_minor = 500 + static_cast<int64_t>(rng() % 60000);
  doc.currency = rng() % 10 == 0 ? "USD" : "EUR";
  doc.created_at = 1700000000000 + static_cast<int64_t>(rng() % 100000000);
  doc.popularity = static_cast<int64_t>(rng() % 10000);
  for (auto size : sizes)
    if (rng() % 2)
      doc.variants.push_back({size, family, static_cast<int64_t>(rng() % 4)});
  return doc;
}

// Two words, the last one cut to its first 3..full letters; or one word cut.
std::string query_text(std::mt19937_64& rng) {
  std::string last = rng() % 2 ? pick(rng, garments) : pick(rng, materials);
  last = last.substr(0, std::min(last.size(), size_t{3} + rng() % 4));
  if (rng() % 3 == 0)
    return last;
  return std::string{rng() % 2 ? pick(rng, materials) : pick(rng, families)} + " " + last;
}

// Two filters of four kinds.
void add_two_filters(std::mt19937_64& rng, catalog_query& q) {
  auto root = "cat-" + std::to_string(rng() % 5);
  q.category_id = rng() % 2 ? root : root + "-" + std::to_string(rng() % 6);
  switch (rng() % 3) {
    case 0:
      q.colour_families = {pick(rng, families), pick(rng, families)};
      break;
    case 1:
      q.price_min = 2000;
      q.price_max = 20000;
      q.currency = "EUR";
      break;
    default:
      q.in_stock_only = true;
  }
}

// The CPU time of this thread in µs: what a query costs without the time other processes of a
// shared machine take the core away (which the wall-clock percentiles include).
double thread_cpu_micros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

struct latencies {
  std::vector<double> wall, cpu; // µs per query
};

latencies run_queries(const catalog_index& index, std::mt19937_64& rng, long n, bool with_text,
                      double& seconds, double& matches) {
  latencies out;
  double total = 0;
  auto start = clock_type::now();
  for (long i = 0; i < n; ++i) {
    catalog_query q;
    if (with_text)
      q.text = query_text(rng);
    add_two_filters(rng, q);
    auto t0 = clock_type::now();
    auto cpu0 = thread_cpu_micros();
    auto page = index.search(q);
    out.cpu.push_back(thread_cpu_micros() - cpu0);
    out.wall.push_back(bench::seconds_since(t0) * 1e6);
    if (!page)
      std::abort();
    total += static_cast<double>(page->total_count);
  }
  seconds = bench::seconds_since(start);
  matches = total / static_cast<double>(n);
  return out;
}

void report_latencies(const std::string& name, const latencies& l) {
  bench::report(name + "_p50", bench::percentile(l.wall, 0.5), "us", 0, 0);
  bench::report(name + "_p99", bench::percentile(l.wall, 0.99), "us", 0, 0);
  bench::report(name + "_cpu_p50", bench::percentile(l.cpu, 0.5), "us", 0, 0);
  bench::report(name + "_cpu_p99", bench::percentile(l.cpu, 0.99), "us", 0, 0);
}

} // namespace

int main() {
  auto docs = bench::env_number("DOCS", 100000);
  auto queries = bench::env_number("QUERIES", 5000);
  std::mt19937_64 rng(static_cast<uint64_t>(bench::env_number("SEED", 42)));
  auto vocabulary = make_vocabulary(rng, bench::env_number("VOCABULARY", 30000));
  std::vector<catalog_doc> input;
  for (long i = 0; i < docs; ++i)
    input.push_back(make_doc(rng, static_cast<int>(i), vocabulary));

  catalog_index index;
  auto start = clock_type::now();
  set_categories(index);
  for (auto& doc : input)
    (void)index.upsert(std::move(doc));
  auto build_s = bench::seconds_since(start);
  bench::report("catalog_index_build", build_s * 1e3, "ms", 0, 0);
  bench::report("catalog_index_build_rate", static_cast<double>(docs) / build_s, "docs/s", 0, 0);

  double seconds = 0, matches = 0;
  run_queries(index, rng, queries / 10, true, seconds, matches); // warm-up
  auto search = run_queries(index, rng, queries, true, seconds, matches);
  std::fprintf(stderr, "catalog_search: %.0f matches per query on average\n", matches);
  report_latencies("catalog_search", search);
  bench::report("catalog_search", static_cast<double>(queries) / seconds, "queries/s", 0, 0);

  auto browse_queries = bench::env_number("BROWSE_QUERIES", queries / 5);
  auto browse = run_queries(index, rng, browse_queries, false, seconds, matches);
  std::fprintf(stderr, "catalog_browse: %.0f matches per query on average\n", matches);
  report_latencies("catalog_browse", browse);
  return 0;
}
