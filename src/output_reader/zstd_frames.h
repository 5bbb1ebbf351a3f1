// Frame-by-frame reading of the zstd shards saring writes (one frame per batch, see CompressFrame):
// a read-only mapping of a shard, its table of frames, and a decoder that hands the decompressed
// frames out in order while decoding the next ones on a helper thread.
//
// A file qualifies only if it is, from its first byte to its last, a sequence of zstd frames that
// each record their content size (at most a bound) and need no dictionary and no window larger
// than the streaming reader accepts; skippable frames are allowed and carry no content. Anything
// else (plain or gzip data, a truncated last frame, trailing garbage, a frame without content size)
// is left to the stream reader (saring::RecordReader), which also reports broken streams. A frame
// whose header passes but whose data is corrupt fails when it is decoded (FrameDecoder::Next).
//
// Thread-safety: MappedFile and SplitZstdFrames are plain; a FrameDecoder is used by one thread
// (it runs one helper thread of its own, joined by its destructor).
#ifndef SARING_OUTPUT_READER_ZSTD_FRAMES_H_
#define SARING_OUTPUT_READER_ZSTD_FRAMES_H_

#include <zstd.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace saring::report {

// A whole file mapped read-only. The mapping reads the file as it is on disk: the file must not be
// truncated while mapped (output folders are finished before they are read).
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  // Maps `path`; false (and nothing mapped) if it cannot be opened, is empty or is not a regular
  // file. The caller then reads it with the stream reader, which reports why.
  bool Open(const std::string& path);

  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

  // Unmaps the whole pages of [begin, end) (they stay in the page cache; reading them again maps
  // them again). A fault maps a whole page-cache folio, which can be large: reading one header
  // every 128 KiB maps the whole file unless what was read is given back.
  void Release(size_t begin, size_t end);
  // Asks for large read-ahead: call before reading the frames front to back.
  void ReadSequentially();

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

// One data frame of a file.
struct ZstdFrame {
  uint64_t offset = 0;          // in the file
  uint64_t size = 0;            // compressed bytes
  uint64_t content_size = 0;    // decompressed bytes
  uint64_t content_offset = 0;  // offset of its first decompressed byte in the file's stream
};

// Fills *frames with the data frames of `file` (skippable frames are left out) and returns true if
// the whole file qualifies (see above), every frame holding at most `max_content_bytes`. Returns
// false, with *frames unspecified, otherwise. Reads only the frame and block headers. If
// `mapping` is not null (it maps `file`), the pages read are released as the walk goes.
bool SplitZstdFrames(std::string_view file, uint64_t max_content_bytes,
                     std::vector<ZstdFrame>* frames, MappedFile* mapping = nullptr);

// The memory a FrameDecoder works in: frame buffers and zstd contexts, kept from one shard to the
// next so that each shard does not fault in fresh pages. Used by one FrameDecoder at a time.
class FrameBuffers {
 public:
  static constexpr size_t kSlots = 3;  // frames held at a time: the one being read, two ahead

  FrameBuffers() = default;
  FrameBuffers(const FrameBuffers&) = delete;
  FrameBuffers& operator=(const FrameBuffers&) = delete;

 private:
  friend class FrameDecoder;
  struct DCtxDeleter {
    void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
  };
  using DCtxPtr = std::unique_ptr<ZSTD_DCtx, DCtxDeleter>;
  // Anonymous memory asked to be backed by huge pages: a frame of a few MiB then costs a few page
  // faults instead of a thousand (faults were a tenth of the report's time).
  class Buffer {
   public:
    Buffer() = default;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer();
    // Makes room for `size` bytes (the content is lost when it grows); false if out of memory.
    bool Reserve(size_t size);
    char* data() const { return data_; }

   private:
    char* data_ = nullptr;
    size_t capacity_ = 0;
  };

  Buffer buffers_[kSlots];
  DCtxPtr caller_dctx_, helper_dctx_;
};

// Decodes the frames `jobs` (indices into `frames`, increasing) of `file` and hands them out in
// that order. The caller decodes a frame itself when the helper has not started it yet, so the
// two threads share the decoding however fast the caller consumes. At most FrameBuffers::kSlots
// frames are held at a time (the one being read and those decoded ahead).
class FrameDecoder {
 public:
  static constexpr size_t kSlots = FrameBuffers::kSlots;

  // `file`, `frames` and `buffers` must outlive the decoder. `helper` false decodes everything on
  // the caller's thread. No helper thread is started for fewer than two jobs.
  FrameDecoder(std::string_view file, const std::vector<ZstdFrame>& frames,
               std::vector<size_t> jobs, FrameBuffers* buffers, bool helper);
  FrameDecoder(const FrameDecoder&) = delete;
  FrameDecoder& operator=(const FrameDecoder&) = delete;
  ~FrameDecoder();

  // The next job's decompressed bytes in *bytes, followed by kPadding readable zero bytes, valid
  // until the next call. Returns false when every job
  // was handed out. *ok is false if that frame did not decode to its recorded size (corrupt data,
  // checksum mismatch); *bytes is then empty. *frame is the job's index into `frames`.
  bool Next(std::string_view* bytes, size_t* frame, bool* ok);

  static constexpr size_t kPadding = 64;  // simdjson's padding

 private:
  enum class State : uint8_t { kFree, kDecoding, kReady, kFailed };
  struct Slot {
    size_t job = SIZE_MAX;
    State state = State::kFree;
  };

  bool Decode(size_t job, ZSTD_DCtx* dctx);  // into the job's buffer, which the caller claimed
  void HelperLoop();

  const std::string_view file_;
  const std::vector<ZstdFrame>& frames_;
  const std::vector<size_t> jobs_;
  FrameBuffers& buffers_;  // buffers_[j % kSlots] belongs to whoever holds job j's slot

  std::mutex mu_;
  std::condition_variable helper_cv_;  // a slot was released, or stop_
  std::condition_variable caller_cv_;  // a job the caller waits for finished
  Slot slots_[kSlots];                 // job j uses slots_[j % kSlots]; guarded by mu_ (state, job)
  size_t next_claim_ = 0;              // the next job nobody decodes yet; guarded by mu_
  size_t released_ = 0;  // jobs before this one were handed out and given back; guarded by mu_
  size_t next_out_ = 0;  // the next job Next() returns (caller only)
  bool stop_ = false;    // guarded by mu_
  std::thread helper_;
};

}  // namespace saring::report

#endif  // SARING_OUTPUT_READER_ZSTD_FRAMES_H_
