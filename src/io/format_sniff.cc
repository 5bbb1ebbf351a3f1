// Format detection by magic bytes (format_sniff.h).
#include "io/format_sniff.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>

#include "io/posix_io.h"

namespace saring::io_internal {
namespace {

constexpr size_t kHeadBytes = 4096;

struct Magic {
  size_t offset;
  std::string_view bytes;
  const char* what;
};

// Checked in order; the first match names the file. Only signatures long or specific enough that
// no JSON-lines file can begin with them.
constexpr Magic kUnsupported[] = {
    {0, std::string_view("PK\x03\x04", 4), "a ZIP archive (also .docx, .xlsx, .jar, .epub)"},
    {0, std::string_view("PK\x05\x06", 4), "an empty ZIP archive"},
    {0, "%PDF-", "a PDF document"},
    {0, std::string_view("\x89PNG\r\n\x1a\n", 8), "a PNG image"},
    {0, std::string_view("\xff\xd8\xff", 3), "a JPEG image"},
    {0, "GIF87a", "a GIF image"},
    {0, "GIF89a", "a GIF image"},
    {0, std::string_view("II*\0", 4), "a TIFF image"},
    {0, std::string_view("MM\0*", 4), "a TIFF image"},
    {0,
     std::string_view("\x7f"
                      "ELF",
                      4),
     "an ELF executable or library"},
    {0, std::string_view("\xcf\xfa\xed\xfe", 4), "a Mach-O executable"},
    {0, std::string_view("\xca\xfe\xba\xbe", 4), "a Java class or Mach-O universal binary"},
    {0, std::string_view("\0asm", 4), "a WebAssembly module"},
    {0, "BZh", "a bzip2-compressed file (decompress it, or recompress it with gzip or zstd)"},
    {0,
     std::string_view("\xfd"
                      "7zXZ\0",
                      6),
     "an xz-compressed file (decompress it, or recompress it with gzip or zstd)"},
    {0, std::string_view("\x04\x22\x4d\x18", 4),
     "an LZ4-compressed file (decompress it, or recompress it with gzip or zstd)"},
    {0, std::string_view("7z\xbc\xaf\x27\x1c", 6), "a 7-Zip archive"},
    {0, std::string_view("Rar!\x1a\x07", 6), "a RAR archive"},
    {257, "ustar", "a tar archive"},
    {0, std::string_view("SQLite format 3\0", 16), "an SQLite database"},
    {0, "ARROW1", "an Arrow IPC (Feather) file"},
    {0, std::string_view("Obj\x01", 4), "an Avro file"},
    {0, std::string_view("\x89HDF\r\n\x1a\n", 8), "an HDF5 file"},
    {0, std::string_view("\x93NUMPY", 6), "a NumPy array file"},
    {0, "OggS", "an Ogg media file"},
    {0, "fLaC", "a FLAC audio file"},
    {0, "ID3", "an MP3 audio file"},
    {4, "ftyp", "an MP4/QuickTime media file"},
    {0, std::string_view("\xff\xfe", 2),
     "a UTF-16 text file (saring reads UTF-8; convert it with iconv)"},
    {0, std::string_view("\xfe\xff", 2),
     "a UTF-16 text file (saring reads UTF-8; convert it with iconv)"},
};

bool HasAt(std::string_view head, size_t offset, std::string_view bytes) {
  return head.size() >= offset + bytes.size() && head.substr(offset, bytes.size()) == bytes;
}

// The first decompressed bytes of a gzip or zstd stream starting `raw` (as many as the head
// allows); empty if they cannot be decoded.
std::string DecompressHead(std::string_view raw, bool gzip) {
  std::string out(kHeadBytes, '\0');
  size_t n = 0;
  if (gzip) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) return {};
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    zs.avail_in = static_cast<uInt>(raw.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    inflate(&zs, Z_SYNC_FLUSH);
    n = out.size() - zs.avail_out;
    inflateEnd(&zs);
  } else {
    ZSTD_DStream* ds = ZSTD_createDStream();
    if (ds == nullptr) return {};
    ZSTD_inBuffer in{raw.data(), raw.size(), 0};
    ZSTD_outBuffer o{out.data(), out.size(), 0};
    size_t rc = ZSTD_decompressStream(ds, &o, &in);
    n = ZSTD_isError(rc) ? 0 : o.pos;
    ZSTD_freeDStream(ds);
  }
  out.resize(n);
  return out;
}

}  // namespace

SniffResult SniffBytes(std::string_view head) {
  SniffResult r;
  if (head.substr(0, 7) == "WARC/1.") {
    r.format = FileFormat::kWarc;
    return r;
  }
  if (head.substr(0, 4) == "PAR1") {
    r.format = FileFormat::kParquet;
    return r;
  }
  // RIFF containers: WebP images, WAV audio, AVI video...
  if (head.substr(0, 4) == "RIFF" && head.size() >= 12) {
    r.format = FileFormat::kUnsupported;
    r.what = head.substr(8, 4) == "WEBP" ? "a WebP image" : "a RIFF media file (WAV, AVI...)";
    return r;
  }
  for (const Magic& m : kUnsupported) {
    if (HasAt(head, m.offset, m.bytes)) {
      r.format = FileFormat::kUnsupported;
      r.what = m.what;
      return r;
    }
  }
  return r;
}

Result<SniffResult> SniffFile(const std::string& path) {
  ScopedFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) return ErrnoStatus(errno, "cannot open input", path);
  return SniffFd(fd.get(), path);
}

Result<SniffResult> SniffFd(int fd, const std::string& path) {
  std::string head(kHeadBytes, '\0');
  size_t n = 0;
  while (n < head.size()) {
    ssize_t got = ::pread(fd, head.data() + n, head.size() - n, static_cast<off_t>(n));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ErrnoStatus(errno, "cannot read input", path);
    if (got == 0) break;
    n += static_cast<size_t>(got);
  }
  head.resize(n);
  bool gzip = HasAt(head, 0, "\x1f\x8b");
  bool zstd = HasAt(head, 0, "\x28\xb5\x2f\xfd");
  if (!gzip && !zstd) return SniffBytes(head);
  SniffResult inner = SniffBytes(DecompressHead(head, gzip));
  if (inner.format == FileFormat::kUnsupported) {
    inner.what = std::string(gzip ? "a gzip" : "a zstd") + "-compressed file holding " + inner.what;
  } else if (inner.format == FileFormat::kParquet) {
    inner = {FileFormat::kUnsupported, "a compressed Parquet file (decompress it first)"};
  } else if (inner.format == FileFormat::kWarc && zstd) {
    inner = {
        FileFormat::kUnsupported,
        "a zstd-compressed WARC file (saring reads WARC plain or gzip; recompress it with gzip)"};
  }
  return inner;
}

Status UnsupportedInput(const std::string& path, const std::string& what) {
  return Status::InvalidArgument("input '" + path + "' is " + what +
                                 ", by its first bytes; saring reads JSON lines (plain, gzip or "
                                 "zstd), WARC and WET files (plain or gzip) and text files. "
                                 "Remove it from the inputs");
}

}  // namespace saring::io_internal
