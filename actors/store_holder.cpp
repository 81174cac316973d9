#include "actors/store_holder.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"

namespace colors::actors {

store_holder::store_holder(events::store_options opts) : opts_(std::move(opts)) {}

store_holder::store_holder(events::store_options opts, std::shared_ptr<events::store> open)
  : opts_(std::move(opts)), db_(std::move(open)) {}

caf::expected<std::shared_ptr<events::store>> store_holder::writable() {
  std::lock_guard<std::mutex> guard{mutex_};
  if (db_ && !db_->write_failed())
    return db_;
  if (db_)
    log(log_level::warn, "reopening the event store after a failed write", {{"path", opts_.path}});
  db_.reset();
  auto opened = events::store::open(opts_);
  if (!opened)
    return opened.error();
  db_ = std::move(*opened);
  return db_;
}

std::shared_ptr<events::store> store_holder::current() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return db_;
}

std::shared_ptr<events::store> store_holder::release() {
  std::lock_guard<std::mutex> guard{mutex_};
  return std::move(db_);
}

child_spec writer_child(std::shared_ptr<store_holder> holder) {
  child_spec spec;
  spec.name = "event-writer";
  spec.start = [holder](caf::actor_system& sys) -> caf::expected<caf::actor> {
    auto db = holder->writable();
    if (!db)
      return db.error();
    return events::spawn_writer(sys, *db, events::writer_options{true});
  };
  return spec;
}

} // namespace colors::actors
