#include "tools/render.hpp"

#include "common/ids.hpp"
#include "common/json.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>

namespace colors::tools {

namespace {

namespace pb = google::protobuf;

// Bytes ids (correlation, causation): null when absent, UUID text (or hex) otherwise.
std::string id_json(std::string_view bytes) {
  return bytes.empty() ? "null" : json_string(uuid_to_string(bytes));
}

// Generated descriptors register themselves only when their object file is linked; naming a type
// of events.proto keeps it in. Payload schemas in other .proto files need the same (or a whole
// library link).
const pb::DescriptorPool* schema_pool() {
  [[maybe_unused]] static const auto* anchor = events::EventEnvelope::descriptor();
  return pb::DescriptorPool::generated_pool();
}

// The payload as protobuf JSON, or nothing when the type is unknown or the bytes do not decode.
std::optional<std::string> payload_as_json(std::string_view type, std::string_view bytes) {
  const auto* desc = schema_pool()->FindMessageTypeByName(std::string{type});
  if (!desc)
    return std::nullopt;
  const auto* prototype = pb::MessageFactory::generated_factory()->GetPrototype(desc);
  if (!prototype)
    return std::nullopt;
  std::unique_ptr<pb::Message> msg{prototype->New()};
  if (!msg->ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return std::nullopt;
  pb::util::JsonPrintOptions opts;
  opts.preserve_proto_field_names = true; // same snake_case as the envelope
  opts.always_print_primitive_fields = true;
  std::string out;
  if (!pb::util::MessageToJsonString(*msg, &out, opts).ok())
    return std::nullopt;
  return out;
}

} // namespace

std::string rfc3339_utc_ms(int64_t unix_ms) {
  // Floor division, so that -1 ms is 23:59:59.999 of the day before.
  int64_t secs = unix_ms / 1000;
  int64_t ms = unix_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    --secs;
  }
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  if (!gmtime_r(&t, &tm))
    return "1970-01-01T00:00:00.000Z";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::string base64(std::string_view bytes) {
  static constexpr char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  auto at = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6)
      out.push_back(alphabet[(v >> shift) & 0x3f]);
  }
  if (auto rest = bytes.size() - i; rest > 0) {
    uint32_t v = at(i) << 16 | (rest == 2 ? at(i + 1) << 8 : 0);
    out.push_back(alphabet[(v >> 18) & 0x3f]);
    out.push_back(alphabet[(v >> 12) & 0x3f]);
    out.push_back(rest == 2 ? alphabet[(v >> 6) & 0x3f] : '=');
    out.push_back('=');
  }
  return out;
}


std::string payload_member(std::string_view type, std::string_view bytes) {
  if (auto json = payload_as_json(type, bytes))
    return "\"payload\":" + *json;
  return "\"payload_base64\":\"" + base64(bytes) + "\"";
}

std::string envelope_json(const events::envelope& env) {
  std::string out = "{\"global_seq\":" + std::to_string(env.global_seq());
  out += ",\"stream_id\":" + json_string(env.stream_id());
  out += ",\"stream_version\":" + std::to_string(env.stream_version());
  out += ",\"event_id\":" + json_string(uuid_to_string(env.event_id()));
  out += ",\"type\":" + json_string(env.type());
  out += ",\"schema_version\":" + std::to_string(env.schema_version());
  out += ",\"occurred_at\":\"" + rfc3339_utc_ms(env.occurred_at()) + "\"";
  out += ",\"correlation_id\":" + id_json(env.correlation_id());
  out += ",\"causation_id\":" + id_json(env.causation_id());
  out += "," + payload_member(env.type(), env.payload());
  return out + "}";
}

} // namespace colors::tools
