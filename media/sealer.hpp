#pragma once
// How media::library encrypts a reference photo's bytes under its owner's personal-data key
// without depending on identity/: the server wires these to identity::pii_vault. `field` names
// what is sealed ("media/<id>/<size>") and is bound into the ciphertext, so bytes moved to
// another image, size or owner do not open.
//
// Thread-safety: both functions must be callable from any thread (the library calls them on
// the media endpoints' pool).
#include <caf/expected.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace colors::media {

struct sealer {
  using seal_fn = std::function<caf::expected<std::string>(
      const std::string& owner_id, std::string_view field, std::string_view plaintext)>;
  // Errors: not_found once the owner's key is shredded, corrupt when the bytes do not open.
  using open_fn = std::function<caf::expected<std::string>(
      const std::string& owner_id, std::string_view field, std::string_view sealed)>;

  seal_fn seal;
  open_fn open;

  explicit operator bool() const { return seal && open; }
};

} // namespace colors::media
