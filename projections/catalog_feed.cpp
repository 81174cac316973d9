#include "projections/catalog_feed.hpp"

#include "common/errc.hpp"
#include "common/log.hpp"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

namespace colors::projections {

namespace {

caf::error write_records(events::store& db, const std::vector<catalog_record>& records,
                         uint64_t last_seq, bool replace_all) {
  auto cf = db.read_model(catalog_projection);
  if (!cf)
    return cf.error();
  rocksdb::WriteBatch batch;
  if (replace_all)
    batch.DeleteRange(*cf, "", "\xff\xff\xff\xff");
  for (const auto& r : records)
    batch.Put(*cf, r.key, r.value);
  return db.save_checkpoint(catalog_projection, last_seq, &batch);
}

// Applies batches and stores what changed. Records of a batch whose write failed stay pending
// and go with the next batch, so the stored model never misses a change it has checkpointed.
class catalog_sink final : public log_sink {
public:
  catalog_sink(std::shared_ptr<actors::store_holder> holder, std::shared_ptr<catalog> model)
    : holder_(std::move(holder)), model_(std::move(model)) {}

  uint64_t position() const override { return model_->position(); }

  void publish(const std::vector<events::envelope>& batch) override {
    auto changed = model_->apply(batch);
    pending_.insert(pending_.end(), std::make_move_iterator(changed.begin()),
                    std::make_move_iterator(changed.end()));
    auto db = holder_->current();
    auto err = db ? write_records(*db, pending_, model_->position() - 1, false)
                  : make_error(errc::unavailable, "the store is not open");
    if (err) {
      log(log_level::error, "catalog: cannot store the read model; retrying with the next batch",
          {{"error", message_of(err)}});
      return;
    }
    pending_.clear();
  }

private:
  std::shared_ptr<actors::store_holder> holder_;
  std::shared_ptr<catalog> model_;
  std::vector<catalog_record> pending_;
};

} // namespace

caf::error load_catalog(events::store& db, catalog& model) {
  auto cf = db.read_model(catalog_projection);
  if (!cf)
    return cf.error();
  auto checkpoint = db.load_checkpoint(catalog_projection);
  if (!checkpoint)
    return checkpoint.error();
  std::unique_ptr<rocksdb::Iterator> it{db.raw()->NewIterator({}, *cf)};
  for (it->SeekToFirst(); it->Valid(); it->Next())
    if (auto err = model.load(it->key().ToString(), it->value().ToString()))
      return err;
  if (!it->status().ok())
    return events::from_status(it->status(), "cannot read the catalog read model");
  model.finish_load(*checkpoint + 1);
  return {};
}

actors::child_spec catalog_feed_child(std::shared_ptr<actors::store_holder> holder,
                                      caf::actor writer, std::shared_ptr<catalog> model) {
  auto sink = std::make_shared<catalog_sink>(holder, std::move(model));
  return log_feed_child("catalog", std::move(holder), std::move(writer), std::move(sink));
}

caf::expected<uint64_t> rebuild_catalog(events::store& db, rebuild_progress progress) {
  catalog model;
  model.finish_load(1);
  auto total = db.last_seq();
  events::log_cursor cursor{db, 1};
  std::vector<events::envelope> chunk;
  uint64_t done = 0;
  events::envelope env;
  auto flush = [&] {
    model.apply(chunk);
    done += chunk.size();
    chunk.clear();
    if (progress)
      progress(done, total);
  };
  while (cursor.next(env)) {
    chunk.push_back(std::move(env));
    if (chunk.size() == 4096)
      flush();
  }
  if (cursor.error())
    return cursor.error();
  flush();
  if (auto err = write_records(db, model.all_records(), model.position() - 1, true))
    return err;
  return done;
}

} // namespace colors::projections
