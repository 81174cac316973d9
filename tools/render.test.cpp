#include "tools/render.hpp"

#include "common/ids.hpp"

#include <doctest/doctest.h>

using namespace colors;
using namespace colors::tools;

namespace {

events::envelope sample_envelope() {
  events::TestPayload payload;
  payload.set_writer("w\"1\n");
  payload.set_counter(7);
  events::envelope env;
  env.set_global_seq(42);
  env.set_stream_id("cart-1");
  env.set_stream_version(3);
  env.set_event_id(std::string(16, '\x11'));
  env.set_type("colors.events.TestPayload");
  env.set_schema_version(1);
  env.set_occurred_at(1714566896789);
  env.set_payload(payload.SerializeAsString());
  return env;
}

} // namespace

TEST_CASE("timestamps render as RFC 3339 UTC with milliseconds") {
  CHECK(rfc3339_utc_ms(0) == "1970-01-01T00:00:00.000Z");
  CHECK(rfc3339_utc_ms(1714566896789) == "2024-05-01T12:34:56.789Z");
  CHECK(rfc3339_utc_ms(951782400005) == "2000-02-29T00:00:00.005Z");
  CHECK(rfc3339_utc_ms(-1) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("base64 follows RFC 4648 including padding") {
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64(std::string("\xff\x00\xfe", 3)) == "/wD+");
}

TEST_CASE("JSON strings escape quotes, backslashes and control bytes") {
  CHECK(json_string("plain") == "\"plain\"");
  CHECK(json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_string("l1\nl2\t\r") == "\"l1\\nl2\\t\\r\"");
  CHECK(json_string(std::string("\x01\x1f", 2)) == "\"\\u0001\\u001f\"");
  CHECK(json_string(std::string("nul\0x", 5)) == "\"nul\\u0000x\"");
}

TEST_CASE("JSON strings keep valid UTF-8 and replace invalid bytes") {
  CHECK(json_string("gr\xc3\xbcn \xe2\x82\xac \xf0\x9f\x91\x97") == "\"gr\xc3\xbcn \xe2\x82\xac \xf0\x9f\x91\x97\"");
  CHECK(json_string("a\xff" "b") == "\"a\xef\xbf\xbd" "b\"");
  CHECK(json_string("\xc3") == "\"\xef\xbf\xbd\"");              // truncated sequence
  CHECK(json_string("\xc0\xaf") == "\"\xef\xbf\xbd\xef\xbf\xbd\""); // overlong
  CHECK(json_string("\xed\xa0\x80") == "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""); // surrogate
}

TEST_CASE("a known payload type renders as protobuf JSON") {
  events::TestPayload payload;
  payload.set_writer("w1");
  payload.set_counter(5);
  payload.set_filler("\x01\x02");
  CHECK(payload_member("colors.events.TestPayload", payload.SerializeAsString())
        == R"("payload":{"writer":"w1","counter":"5","filler":"AQI="})");
}

TEST_CASE("an unknown or undecodable payload falls back to base64") {
  CHECK(payload_member("colors.events.NoSuchType", "abc") == R"("payload_base64":"YWJj")");
  CHECK(payload_member("", "") == R"("payload_base64":"")");
  // Field 1 as a varint with a truncated value does not parse.
  std::string broken{"\x08\xff", 2};
  CHECK(payload_member("colors.events.TestPayload", broken) == R"("payload_base64":"CP8=")");
}

TEST_CASE("an envelope renders as one line with every field") {
  auto env = sample_envelope();
  auto id = uuid_to_string(env.event_id());
  CHECK(envelope_json(env)
        == R"({"global_seq":42,"stream_id":"cart-1","stream_version":3,"event_id":")" + id
             + R"(","type":"colors.events.TestPayload","schema_version":1,)"
               R"("occurred_at":"2024-05-01T12:34:56.789Z","correlation_id":null,)"
               R"("causation_id":null,"payload":{"writer":"w\"1\n","counter":"7","filler":""}})");
}

TEST_CASE("correlation and causation ids render as UUID text and stream ids are escaped") {
  auto env = sample_envelope();
  auto corr = new_uuid();
  env.set_correlation_id(corr);
  env.set_causation_id("\xab");
  env.set_stream_id("we\"ird\\");
  auto json = envelope_json(env);
  CHECK(json.find(R"("correlation_id":")" + uuid_to_string(corr) + "\"") != std::string::npos);
  CHECK(json.find(R"("causation_id":"ab")") != std::string::npos);
  CHECK(json.find(R"("stream_id":"we\"ird\\")") != std::string::npos);
  CHECK(json.find('\n') == std::string::npos);
}
