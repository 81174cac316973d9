#pragma once
// The variants and stock of a product (part of the product aggregate, domain/product.hpp):
// deciding variant and stock commands, and applying their events to the state. Pure functions.
#include "events/types.hpp"

#include <caf/expected.hpp>

#include <string_view>
#include <vector>

namespace colors::domain::product {

// Availability at or under this (and above zero) is LOW_STOCK.
inline constexpr int64_t low_stock_threshold = 5;
// How many recent stock-adjustment idempotency keys a product remembers.
inline constexpr int recent_stock_keys_kept = 1000;

std::string_view stock_level(int64_t available);
int64_t available_of(const events::ProductVariant& v);
const events::ProductVariant* find_variant(const events::ProductState& s, const std::string& id);

// The events of an add_variant, remove_variant, adjust_stock, reserve_stock or end_reservation
// command (no events: it was applied before).
[[nodiscard]] caf::expected<std::vector<events::ProductEvent>>
decide_stock(const events::ProductState& s, const events::ProductCommand& cmd);

// Applies a variant or stock event to `s`.
void evolve_stock(events::ProductState& s, const events::ProductEvent& ev);

} // namespace colors::domain::product
