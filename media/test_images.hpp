#pragma once
// Real image bytes for the media tests, made with libvips or by hand (EXIF segments, PNG
// headers that lie about their size).
#include "media/vips_runtime.hpp"

#include <doctest/doctest.h>
#include <vips/vips8>

#include <cstdint>
#include <string>
#include <string_view>

namespace colors::media::testing {

// Decodes image bytes (any format libvips reads); throws vips::VError when it cannot.
inline vips::VImage decoded(const std::string& bytes) {
  return vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "");
}

inline std::string blob_bytes(VipsBlob* blob) {
  size_t size = 0;
  auto* data = static_cast<const char*>(vips_blob_get(blob, &size));
  std::string out{data, size};
  vips_area_unref(VIPS_AREA(blob));
  return out;
}

// A w x h image, red in its top-left quarter and grey elsewhere (to see rotations).
inline vips::VImage marked_image(int w, int h) {
  REQUIRE_FALSE(start_vips());
  auto grey = vips::VImage::black(w, h, vips::VImage::option()->set("bands", 3)) + 128;
  auto red = vips::VImage::black(w / 2, h / 2, vips::VImage::option()->set("bands", 3))
             + std::vector<double>{220, 20, 20};
  return grey.insert(red, 0, 0)
      .cast(VIPS_FORMAT_UCHAR)
      .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

inline std::string jpeg_of(int w, int h) {
  return blob_bytes(marked_image(w, h).jpegsave_buffer(vips::VImage::option()->set("strip", true)));
}

inline std::string png_of(int w, int h) {
  return blob_bytes(marked_image(w, h).pngsave_buffer());
}

inline std::string webp_of(int w, int h) {
  return blob_bytes(marked_image(w, h).webpsave_buffer());
}

inline void put_u16_le(std::string& out, uint16_t v) {
  out.push_back(char(v & 0xff));
  out.push_back(char(v >> 8));
}

inline void put_u32_le(std::string& out, uint32_t v) {
  put_u16_le(out, uint16_t(v & 0xffff));
  put_u16_le(out, uint16_t(v >> 16));
}

inline void put_u32_be(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(char((v >> shift) & 0xff));
}

// One 12-byte TIFF IFD entry (little-endian).
inline void ifd_entry(std::string& out, uint16_t tag, uint16_t type, uint32_t count,
                      uint32_t value) {
  put_u16_le(out, tag);
  put_u16_le(out, type);
  put_u32_le(out, count);
  put_u32_le(out, value);
}

// An APP1 Exif segment: IFD0 with Orientation and a GPS IFD pointer; the GPS IFD with
// latitude "N" 51 deg 30 min 0 s and the marker text "GPSSECRET" as the map datum.
inline std::string exif_segment(uint16_t orientation) {
  std::string tiff = "II*";
  tiff.push_back('\0');
  put_u32_le(tiff, 8); // IFD0 at 8
  put_u16_le(tiff, 2); // 2 entries: 8 + 2 + 24 + 4 = 38
  ifd_entry(tiff, 0x0112, 3, 1, orientation);
  ifd_entry(tiff, 0x8825, 4, 1, 38); // GPS IFD at 38
  put_u32_le(tiff, 0);
  put_u16_le(tiff, 3);                 // 3 entries: 38 + 2 + 36 + 4 = 80
  ifd_entry(tiff, 0x0001, 2, 2, 'N');  // GPSLatitudeRef "N\0" inline
  ifd_entry(tiff, 0x0002, 5, 3, 80);   // GPSLatitude: 3 rationals at 80
  ifd_entry(tiff, 0x0012, 2, 10, 104); // GPSMapDatum at 104
  put_u32_le(tiff, 0);
  for (uint32_t v : {51u, 1u, 30u, 1u, 0u, 1u})
    put_u32_le(tiff, v);
  tiff += std::string{"GPSSECRET"} + '\0';
  std::string body = std::string{"Exif\0\0", 6} + tiff;
  std::string seg = "\xFF\xE1";
  seg.push_back(char((body.size() + 2) >> 8));
  seg.push_back(char((body.size() + 2) & 0xff));
  return seg + body;
}

// A JPEG with the EXIF segment right after its SOI marker.
inline std::string jpeg_with_exif(int w, int h, uint16_t orientation) {
  auto plain = jpeg_of(w, h);
  return plain.substr(0, 2) + exif_segment(orientation) + plain.substr(2);
}

inline uint32_t crc32(std::string_view data) {
  uint32_t crc = 0xffffffffu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k)
      crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

inline std::string png_chunk(std::string_view type, std::string_view data) {
  std::string out;
  put_u32_be(out, uint32_t(data.size()));
  std::string body = std::string{type} + std::string{data};
  out += body;
  put_u32_be(out, crc32(body));
  return out;
}

// A PNG whose header claims w x h pixels but that holds almost no data: a decompression bomb
// as far as a decoder that trusts the header is concerned.
inline std::string png_claiming(uint32_t w, uint32_t h) {
  std::string ihdr;
  put_u32_be(ihdr, w);
  put_u32_be(ihdr, h);
  ihdr += std::string{"\x08\x02\x00\x00\x00", 5};          // 8-bit RGB, no interlace
  std::string idat{"\x78\x9c\x03\x00\x00\x00\x00\x01", 8}; // an empty zlib stream
  return std::string{"\x89PNG\r\n\x1A\n", 8} + png_chunk("IHDR", ihdr) + png_chunk("IDAT", idat)
         + png_chunk("IEND", "");
}

} // namespace colors::media::testing
