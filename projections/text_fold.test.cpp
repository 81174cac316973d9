#include "projections/text_fold.hpp"

#include <doctest/doctest.h>

using namespace colors::projections;
using tokens = std::vector<std::string>;

TEST_CASE("tokens are runs of letters and digits, lower-cased") {
  CHECK(fold_tokens("T-Shirt, 100% COTTON!") == tokens{"t", "shirt", "100", "cotton"});
  CHECK(fold_tokens("") == tokens{});
  CHECK(fold_tokens("  ...  ") == tokens{});
}

TEST_CASE("Latin-1 and Latin Extended-A letters lose their accents") {
  CHECK(fold_tokens("Crème Brûlée") == tokens{"creme", "brulee"});
  CHECK(fold_tokens("Straße") == tokens{"strasse"});
  CHECK(fold_tokens("ŁÓDŹ Œuvre Ærø Þórr") == tokens{"lodz", "oeuvre", "aero", "thorr"});
  CHECK(fold_tokens("ĀĂĄ ćčĉ ĳ ſ Ÿ") == tokens{"aaa", "ccc", "ij", "s", "y"});
}

TEST_CASE("combining accents are dropped, multiplication and division signs separate") {
  CHECK(fold_tokens("cre\xCC\x80me") == tokens{"creme"}); // e + U+0300
  CHECK(fold_tokens("2×3÷4") == tokens{"2", "3", "4"});
}

TEST_CASE("Greek and Cyrillic capitals are lower-cased, other scripts kept") {
  CHECK(fold_tokens("ΑΒΓ Шёлк") == tokens{"αβγ", "шёлк"});
  CHECK(fold_tokens("和服") == tokens{"和服"});
}

TEST_CASE("punctuation blocks, emoji and invalid UTF-8 separate tokens") {
  CHECK(fold_tokens("silk\xE2\x80\x94satin") == tokens{"silk", "satin"}); // em dash
  CHECK(fold_tokens("red\xF0\x9F\x91\x97"
                    "dress")
        == tokens{"red", "dress"}); // emoji
  CHECK(fold_tokens("wo\xFFol") == tokens{"wo", "ol"});
  CHECK(fold_tokens("\xC3") == tokens{});     // truncated sequence
  CHECK(fold_tokens("\xC0\xAF") == tokens{}); // overlong '/'
}

TEST_CASE("long tokens are cut at a code point boundary") {
  CHECK(fold_tokens(std::string(100, 'a')) == tokens{std::string(max_token_bytes, 'a')});
  std::string alphas;
  for (int i = 0; i < 20; ++i)
    alphas += "\xCE\xB1"; // α, two bytes
  auto cut = fold_tokens(std::string(33, 'a') + alphas);
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].size() == 63); // 33 + 15 * 2: the 16th alpha would cross the limit
}

TEST_CASE("code points are counted, invalid bytes one each") {
  CHECK(count_code_points("Crème") == 5);
  CHECK(count_code_points("a\xFF") == 2);
}
