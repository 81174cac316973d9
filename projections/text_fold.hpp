#pragma once
// Text folding and tokenising for the catalog search index: the same function reads documents
// and queries, so a query token matches exactly what was indexed.
//
// UTF-8 is decoded (invalid bytes are separators). A token is a run of letters and digits;
// letters are case-folded, and Latin-1 Supplement and Latin Extended-A letters lose their
// accents ("Crème" -> "creme", "Straße" -> "strasse", "Œuvre" -> "oeuvre"); combining accents
// (U+0300..U+036F) are dropped. Greek and Cyrillic capitals are lower-cased; other letters from
// U+0180 up are kept as they are. Punctuation, symbols and emoji separate tokens. Pure functions,
// thread-safe.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace colors::projections {

// Tokens longer than this (in bytes, after folding) are cut to this length, in documents and
// queries alike.
inline constexpr size_t max_token_bytes = 64;

// The folded tokens of `text`, in order, duplicates kept.
std::vector<std::string> fold_tokens(std::string_view text);

// The number of code points of `text` (invalid bytes count one each).
size_t count_code_points(std::string_view text);

} // namespace colors::projections
