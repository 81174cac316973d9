#pragma once
// The simulator's callbacks: a blocking JSON POST with libcurl (bounded by a timeout).
// Thread-safety: safe from any thread once curl_global_init ran (the binary's main does).
#include <chrono>
#include <string>

namespace colors::kling_sim {

// True when the receiver answered 2xx.
bool post_json(const std::string& url, const std::string& body,
               std::chrono::milliseconds timeout = std::chrono::milliseconds{3000});

} // namespace colors::kling_sim
