#pragma once
// For tests: a RocksDB file system whose WAL refuses appends and syncs while a flag is set,
// i.e. a disk that fails under the store. Real RocksDB, real files; only the failure is injected.
#include <rocksdb/file_system.h>

#include <atomic>
#include <memory>
#include <string>

namespace colors::events::testing {

// What fails while the flag is set: WAL appends and syncs (a disk that refuses writes), or only
// syncs (the write reaches the page cache, the fsync fails).
enum class wal_failure { appends_and_syncs, syncs };

// Fails WAL appends and syncs while `failing` is set: a disk that refuses writes.
class failing_wal_file : public rocksdb::FSWritableFileOwnerWrapper {
public:
  failing_wal_file(std::unique_ptr<rocksdb::FSWritableFile> f, const std::atomic<bool>& failing,
                   wal_failure what)
    : FSWritableFileOwnerWrapper(std::move(f)), failing_(failing), what_(what) {}
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           rocksdb::IODebugContext* d) override {
    if (failing_ && what_ == wal_failure::appends_and_syncs)
      return rocksdb::IOStatus::IOError("injected write failure");
    return FSWritableFileOwnerWrapper::Append(data, o, d);
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
    if (failing_)
      return rocksdb::IOStatus::IOError("injected sync failure");
    return FSWritableFileOwnerWrapper::Sync(o, d);
  }

private:
  const std::atomic<bool>& failing_;
  wal_failure what_;
};

class failing_wal_fs : public rocksdb::FileSystemWrapper {
public:
  explicit failing_wal_fs(const std::atomic<bool>& failing,
                          wal_failure what = wal_failure::appends_and_syncs)
    : FileSystemWrapper(rocksdb::FileSystem::Default()), failing_(failing), what_(what) {}
  const char* Name() const override { return "failing_wal_fs"; }
  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& opts,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override {
    auto st = FileSystemWrapper::NewWritableFile(name, opts, result, dbg);
    if (st.ok() && name.size() > 4 && name.compare(name.size() - 4, 4, ".log") == 0)
      *result = std::make_unique<failing_wal_file>(std::move(*result), failing_, what_);
    return st;
  }

private:
  const std::atomic<bool>& failing_;
  wal_failure what_;
};

} // namespace colors::events::testing
