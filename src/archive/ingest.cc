#include "khabar/archive_ingest.h"

#include <pthread.h>
#include <simdjson.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "archive/byte_reader.h"
#include "archive/terms.h"
#include "extract/article_json.h"
#include "khabar/archive_warc.h"
#include "khabar/extractor.h"

namespace khabar {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// One unit of work.
struct Record {
  std::string where;
  std::string url;
  std::string bytes;         // page bytes, or the article JSON
  std::string content_type;  // "text/html", "text/plain", "" = sniff
  int64_t fetched_unix = 0;
  bool is_article = false;   // bytes is article JSON
  std::string site;          // for article JSON with a string "source"
  std::string hash;
  std::string error;         // a broken record: report only
  bool json_line = false;    // bytes is a JSON line not parsed yet
  uint64_t seq = 0;          // input order; the writer stores in this order
};

struct Done {
  Record rec;
  std::optional<Article> article;
  std::string error;
  std::string json;   // archive::StoredArticleJson, computed on the worker
  std::vector<std::string> terms;  // archive::ArticleTermStreams, computed on the worker
  int64_t bytes = 0;  // the record's size (rec.bytes is dropped once extracted)
  bool skip = false;  // stored before (--skip-stored): only counted
};

// A bounded blocking queue.
template <typename T>
class Queue {
 public:
  explicit Queue(size_t cap) : cap_(cap) {}
  void Push(T v) {
    std::unique_lock<std::mutex> l(mu_);
    not_full_.wait(l, [&] { return q_.size() < cap_; });
    q_.push_back(std::move(v));
    not_empty_.notify_one();
  }
  // False when closed and drained.
  bool Pop(T* v, int wait_ms = -1) {
    std::unique_lock<std::mutex> l(mu_);
    auto ready = [&] { return !q_.empty() || closed_; };
    if (wait_ms < 0) {
      not_empty_.wait(l, ready);
    } else if (!not_empty_.wait_for(l, std::chrono::milliseconds(wait_ms), ready)) {
      return true;  // timed out: *v untouched, caller checks
    }
    if (q_.empty()) return false;
    *v = std::move(q_.front());
    q_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void Close() {
    std::lock_guard<std::mutex> l(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  size_t cap_;
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<T> q_;
  bool closed_ = false;
};

std::string Hash(std::string_view s) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, static_cast<uint64_t>(XXH3_64bits(s.data(), s.size())));
  return buf;
}

bool EndsWith(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

// Turns a JSON line (rec->bytes) into a page or article record, or sets
// rec->error. Runs on the extraction workers, not the single reader.
//
// An article record keeps the line itself as its bytes (Article::FromJson
// reads it; a string "source" — the site — and the other fields it does not
// read are ignored there), and its content hash is the line's. (Until
// 2026-11-26 the line was parsed, re-serialized with "source" and null
// "category"/"date_raw" removed and the keys sorted, then parsed again:
// 45 % of the worker's time for extracted articles. An archive written
// before then has the old hashes in `pages`: a re-run skips nothing the
// first time, and stores each article as unchanged.)
void ParseJsonLineNlohmann(Record* rec_out);

// *article_root is set to the parsed line of an article record when the
// thread's own parser read it: valid until the thread's next ParseJsonLine,
// so that the article is built without parsing the line again.
void ParseJsonLine(Record* rec_out, std::optional<simdjson::dom::element>* article_root) {
  // A parser keeps buffers sized to the largest line it parsed (lines go up
  // to max_record_bytes): the thread's own one takes lines up to 1 MiB.
  constexpr size_t kThreadParserMax = size_t{1} << 20;
  thread_local simdjson::dom::parser thread_parser;
  std::unique_ptr<simdjson::dom::parser> big;
  simdjson::dom::parser* parser = &thread_parser;
  const std::string& line = rec_out->bytes;
  if (line.size() > kThreadParserMax) parser = (big = std::make_unique<simdjson::dom::parser>()).get();
  simdjson::dom::element root;
  if (parser->parse(line.data(), line.size(), /*realloc_if_needed=*/true).get(root) != simdjson::SUCCESS) {
    // nlohmann takes what simdjson rejects (a BOM, integers past 64 bits) and
    // reports the rest.
    ParseJsonLineNlohmann(rec_out);
    return;
  }
  using simdjson::dom::element_type;
  auto broken = [&](std::string why) {
    rec_out->bytes.clear();
    rec_out->error = std::move(why);
  };
  if (root.type() != element_type::OBJECT) return broken("not a JSON object");
  simdjson::dom::object j = root.get_object().value_unsafe();
  // The last value of a key, as nlohmann keeps it.
  auto find = [&](std::string_view key, simdjson::dom::element* out) {
    bool found = false;
    for (simdjson::dom::key_value_pair kv : j)
      if (kv.key == key) *out = kv.value, found = true;
    return found;
  };
  auto str = [&](std::string_view key) {
    simdjson::dom::element e;
    return find(key, &e) && e.type() == element_type::STRING ? std::string(e.get_string().value_unsafe())
                                                             : std::string();
  };
  Record rec;
  rec.where = rec_out->where;
  rec.seq = rec_out->seq;
  rec.url = str("url");
  if (simdjson::dom::element t; find("fetch_time", &t)) {
    if (t.type() == element_type::INT64) {
      rec.fetched_unix = t.get_int64().value_unsafe();
    } else if (t.type() == element_type::UINT64) {
      rec.fetched_unix = static_cast<int64_t>(t.get_uint64().value_unsafe());
    } else if (t.type() == element_type::STRING) {
      std::string_view v = t.get_string().value_unsafe();
      if (!ParseIsoInstant(v, &rec.fetched_unix))
        return broken("bad fetch_time «" + std::string(v) + "»");
    }
  }
  simdjson::dom::element page;
  const bool html = find("html", &page);
  if (html || find("text", &page)) {
    if (page.type() != element_type::STRING)
      return broken(std::string(html ? "html" : "text") + " is not a string");
    rec.bytes = std::string(page.get_string().value_unsafe());
    rec.content_type = str("content_type");
    if (rec.content_type.empty()) rec.content_type = html ? "text/html" : "text/plain";
  } else if (simdjson::dom::element title; find("title", &title)) {
    rec.is_article = true;
    rec.site = str("source");
    rec.bytes = std::move(rec_out->bytes);
    if (parser == &thread_parser) *article_root = root;
  } else {
    return broken("no html, text or title field");
  }
  if (rec.fetched_unix == 0) rec.fetched_unix = std::time(nullptr);
  rec.hash = Hash(rec.bytes);
  *rec_out = std::move(rec);
}

// The same with nlohmann-json, for the lines simdjson rejects.
void ParseJsonLineNlohmann(Record* rec_out) {
  const std::string line = std::move(rec_out->bytes);
  const std::string where = rec_out->where;
  auto Broken = [&](const std::string&, const std::string& why) {
    rec_out->bytes.clear();
    rec_out->error = why;
  };
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    Broken(where, "not a JSON object");
    return;
  }
  Record rec;
  rec.where = where;
  rec.seq = rec_out->seq;
  auto str = [&](const char* k) -> std::string {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  rec.url = str("url");
  if (auto it = j.find("fetch_time"); it != j.end()) {
    if (it->is_number_integer()) rec.fetched_unix = it->get<int64_t>();
    else if (it->is_string() && !ParseIsoInstant(it->get<std::string>(), &rec.fetched_unix)) {
      Broken(where, "bad fetch_time «" + it->get<std::string>() + "»");
      return;
    }
  }
  if (j.contains("html") || j.contains("text")) {
    bool html = j.contains("html");
    auto& v = j[html ? "html" : "text"];
    if (!v.is_string()) {
      Broken(where, std::string(html ? "html" : "text") + " is not a string");
      return;
    }
    rec.bytes = v.get<std::string>();
    rec.content_type = str("content_type");
    if (rec.content_type.empty()) rec.content_type = html ? "text/html" : "text/plain";
  } else if (j.contains("title")) {
    rec.is_article = true;
    rec.site = str("source");
    rec.bytes = line;
  } else {
    Broken(where, "no html, text or title field");
    return;
  }
  if (rec.fetched_unix == 0) rec.fetched_unix = std::time(nullptr);
  rec.hash = Hash(rec.bytes);
  *rec_out = std::move(rec);
}

// Reads records from inputs and hands them to emit.
class Reader {
 public:
  Reader(const IngestOptions& o, std::atomic<uint64_t>* bytes,
         const std::function<void(Record)>& emit)
      : o_(o), bytes_(bytes), emit_(emit) {}

  void Input(const std::string& name) {
    if (name == "-") {
      Stream("-", std::cin, "");
      return;
    }
    std::error_code ec;
    if (fs::is_directory(name, ec)) {
      std::vector<std::string> files;
      for (auto it = fs::recursive_directory_iterator(name, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) files.push_back(it->path().string());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) File(f);
      return;
    }
    File(name);
  }

 private:
  void Broken(const std::string& where, const std::string& why) {
    Record r;
    r.where = where;
    r.error = why;
    emit_(std::move(r));
  }

  void File(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      Broken(path, std::strerror(errno));
      return;
    }
    std::string kind;
    if (EndsWith(path, ".warc") || EndsWith(path, ".warc.gz")) kind = "warc";
    else if (EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson") || EndsWith(path, ".json") ||
             EndsWith(path, ".jsonl.gz"))
      kind = "jsonl";
    Stream(path, in, kind);
  }

  void Stream(const std::string& name, std::istream& in, std::string kind) {
    archive::ByteReader r(in);
    uint64_t seen = 0;
    auto account = [&] {
      uint64_t now = r.raw_consumed();
      bytes_->fetch_add(now - seen);
      seen = now;
    };
    if (kind.empty()) {
      std::string_view head = r.Peek(64);
      size_t i = 0;
      while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
      if (head.substr(0, 5) == "WARC/") kind = "warc";
      else if (i < head.size() && head[i] == '{') kind = "jsonl";
      else kind = "page";
    }
    std::string where = name == "-" ? "<stdin>" : name;
    if (kind == "warc") {
      // ByteReader already sniffed gzip; WarcReader needs a stream, so read
      // records through a second ByteReader-free path: re-wrap.
      WarcFrom(where, r, account);
    } else if (kind == "jsonl") {
      std::string line;
      bool too_long = false;
      int64_t n = 0;
      while (r.ReadLine(&line, o_.max_record_bytes, &too_long)) {
        ++n;
        account();
        std::string w = where + ":" + std::to_string(n);
        if (too_long) {
          Broken(w, "line longer than " + std::to_string(o_.max_record_bytes) + " bytes");
          continue;
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        Record rec;  // parsed by a worker (ParseJsonLine)
        rec.where = w;
        rec.bytes = std::move(line);
        rec.json_line = true;
        emit_(std::move(rec));
      }
      if (!r.error().empty()) Broken(where, r.error());
    } else {
      Record rec;
      rec.where = where;
      std::string_view head = r.Peek(o_.max_record_bytes + 1);
      if (head.size() > o_.max_record_bytes) {
        r.Skip(SIZE_MAX);
        account();
        Broken(where, "page larger than " + std::to_string(o_.max_record_bytes) + " bytes");
        return;
      }
      r.Read(o_.max_record_bytes, &rec.bytes);
      account();
      rec.url = name == "-" ? "" : "file://" + fs::absolute(name).lexically_normal().string();
      if (EndsWith(name, ".txt")) rec.content_type = "text/plain";
      std::error_code ec;
      auto t = name == "-" ? fs::file_time_type() : fs::last_write_time(name, ec);
      rec.fetched_unix = name == "-" || ec ? std::time(nullptr)
                                           : std::chrono::duration_cast<std::chrono::seconds>(
                                                 std::chrono::file_clock::to_sys(t).time_since_epoch())
                                                 .count();
      rec.hash = Hash(rec.bytes);
      emit_(std::move(rec));
    }
    account();
  }

  void WarcFrom(const std::string& where, archive::ByteReader& r, const std::function<void()>& account) {
    // Adapts the ByteReader (already decompressing) to the istream WarcReader wants.
    struct Buf : std::streambuf {
      explicit Buf(archive::ByteReader& br) : br_(br) {}
      int_type underflow() override {
        chunk_.clear();
        if (br_.Read(1 << 16, &chunk_) == 0) return traits_type::eof();
        setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
        return traits_type::to_int_type(chunk_[0]);
      }
      archive::ByteReader& br_;
      std::string chunk_;
    } buf(r);
    std::istream is(&buf);
    WarcReaderOptions wo;
    wo.max_record_bytes = o_.max_record_bytes;
    WarcReader wr(is, wo);
    WarcRecord rec;
    uint64_t n = 0;
    while (true) {
      auto got = wr.Next(&rec);
      account();
      ++n;
      if (!got.ok()) {
        Broken(where + ": record " + std::to_string(n - 1), got.status().message());
        continue;
      }
      if (!*got) break;
      if (rec.type != "response" && rec.type != "resource") continue;
      if (rec.type == "response" && rec.http_status != 0 && rec.http_status != 200) continue;
      Record out;
      out.where = where + ": record " + std::to_string(rec.offset);
      out.url = rec.target_uri;
      out.content_type = rec.content_type;
      out.fetched_unix = rec.date_unix;
      out.bytes = std::move(rec.payload);
      out.hash = Hash(out.bytes);
      emit_(std::move(out));
    }
    if (!r.error().empty()) Broken(where, r.error());
  }

  const IngestOptions& o_;
  std::atomic<uint64_t>* bytes_;
  std::function<void(Record)> emit_;
};

}  // namespace

Result<IngestProgress> Ingest(Archive* archive, const std::vector<std::string>& inputs,
                              const IngestOptions& options) {
  const auto start = Clock::now();
  std::atomic<uint64_t> bytes_read{0};
  IngestProgress total;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (in == "-") continue;
    if (fs::is_directory(in, ec)) {
      for (auto it = fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec)) total.bytes_total += it->file_size(ec);
    } else {
      auto n = fs::file_size(in, ec);
      if (!ec) total.bytes_total += n;
    }
  }
  // The index merges what the run wrote at its end (archive.h); a run that
  // fails turns merging back on all the same.
  struct BulkGuard {
    Archive* archive;
    bool on;
    ~BulkGuard() {
      if (on) archive->EndBulk(/*merge=*/false);
    }
  } bulk{archive, options.bulk};
  if (options.bulk) {
    if (Status s = archive->BeginBulk(); !s.ok()) return s;
  }
  int threads = options.threads > 0 ? options.threads
                                    : std::max(1u, std::thread::hardware_concurrency());
  // Records travel in chunks (one lock and wake-up a chunk, not a record:
  // the futex calls of record-at-a-time queues were ~7 % of ingest's CPU).
  constexpr size_t kChunk = 64;
  Queue<std::vector<Record>> work(8);
  Queue<std::vector<Done>> done(8);
  Extractor extractor;
  std::atomic<int64_t> records{0}, skipped{0};
  // The reader stays at most kReorderWindow records ahead of the writer.
  constexpr uint64_t kReorderWindow = 4096;
  std::mutex window_mu;
  std::condition_variable window_cv;
  uint64_t written = 0;

  bool reading_stdin = false;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      pthread_setname_np(pthread_self(), "khabar-extract");
      std::vector<Record> chunk;
      while (work.Pop(&chunk)) {
        std::vector<Done> out;
        out.reserve(chunk.size());
        for (Record& rec : chunk) {
          Done d;
          std::optional<simdjson::dom::element> article_root;
          if (rec.json_line) ParseJsonLine(&rec, &article_root);
          if (!rec.error.empty()) {
            d.error = rec.error;
          } else if (options.skip_stored && !rec.url.empty() && [&] {
                       auto h = archive->HasPage(rec.url, rec.hash);
                       return h.ok() && *h;
                     }()) {
            skipped.fetch_add(1);
            d.skip = true;
          } else if (rec.is_article) {
            auto a =
                article_root ? ArticleFromJsonElement(*article_root) : Article::FromJson(rec.bytes);
            if (a.ok())
              d.article = std::move(a).value();
            else
              d.error = a.status().message();
          } else {
            ExtractRequest req;
            req.base_url = rec.url;
            req.content_type = rec.content_type;
            auto a = extractor.Extract(rec.bytes, req);
            if (!a.ok())
              d.error = a.status().message();
            else if (a->title.empty() && a->text_content.empty() && a->body.empty())
              d.error = "no article found on the page";
            else
              d.article = std::move(a).value();
          }
          if (d.article) {
            // The writer's tokenizing, done here on all cores (terms.h).
            d.terms = archive::ArticleTermStreams(*d.article);
            int omits;
            d.json = archive::StoredArticleJson(&*d.article, &omits);
            d.bytes = static_cast<int64_t>(rec.bytes.size());
            rec.bytes.clear();
          }
          d.rec = std::move(rec);
          out.push_back(std::move(d));
        }
        chunk.clear();
        done.Push(std::move(out));
      }
    });
  }

  // The writer.
  Status write_status;
  IngestProgress counts;
  std::thread writer([&] {
    pthread_setname_np(pthread_self(), "khabar-write");
    bool open = false;
    int in_batch = 0;
    auto batch_start = Clock::now(), last_progress = Clock::now();
    auto report = [&](bool force) {
      if (!options.on_progress) return;
      auto now = Clock::now();
      if (!force && now - last_progress < std::chrono::milliseconds(200)) return;
      last_progress = now;
      IngestProgress p = counts;
      p.records = records.load();
      p.skipped = skipped.load();
      p.bytes_read = bytes_read.load();
      p.bytes_total = total.bytes_total;
      p.seconds = std::chrono::duration<double>(now - start).count();
      options.on_progress(p);
    };
    auto commit = [&] {
      if (!open) return;
      Status s = archive->CommitBatch();
      if (!s.ok() && write_status.ok()) write_status = s;
      open = false;
      in_batch = 0;
    };
    // One record, in input order.
    auto store = [&](Done& d) {
      if (d.skip || !write_status.ok()) return;  // counted already / draining
      if (!open) {
        Status s = archive->BeginBatch();
        if (!s.ok()) {
          write_status = s;
          return;
        }
        open = true;
        batch_start = Clock::now();
      }
      if (!d.error.empty()) {
        ++counts.errors;
        if (options.on_error) options.on_error(d.rec.where, d.error);
        Status s = archive->LogIngest(d.rec.where, "error", d.error);
        if (!s.ok()) write_status = s;
        return;
      }
      PageInfo page;
      page.url = d.rec.url;
      page.fetched_unix = d.rec.fetched_unix;
      page.content_hash = d.rec.hash;
      page.bytes = d.bytes;
      page.article_json = std::move(d.json);
      page.term_streams = std::move(d.terms);
      auto r = archive->PutPage(*d.article, d.rec.site, std::move(page));
      if (!r.ok()) {
        write_status = r.status();
        return;
      }
      switch (r->kind) {
        case PutKind::kNew: ++counts.stored; break;
        case PutKind::kNewVersion: ++counts.versions; break;
        case PutKind::kUnchanged: ++counts.unchanged; break;
      }
      if (++in_batch >= options.batch_size) commit();
    };
    // Workers finish out of order; records are stored (and errors reported)
    // in input order, so a URL seen twice keeps its later copy as the newest
    // version and a run's output is the same every time.
    std::map<uint64_t, Done> pending;
    uint64_t next = 0;
    bool more = true;
    while (more || !pending.empty()) {
      if (more) {
        std::vector<Done> got;
        more = done.Pop(&got, 100);
        for (Done& d : got) pending.emplace(d.rec.seq, std::move(d));
      }
      if (open && (Clock::now() - batch_start > std::chrono::milliseconds(options.commit_ms)))
        commit();
      report(false);
      // Every record comes back as one Done, so no gap is left once the queue
      // is drained; should one ever be, skip it rather than spin.
      if (!more && !pending.empty()) next = std::max(next, pending.begin()->first);
      // Everything now in order, at once: after a slow record the whole
      // window may be waiting here while the queue is empty.
      const uint64_t before = next;
      while (!pending.empty() && pending.begin()->first == next) {
        Done d = std::move(pending.begin()->second);
        pending.erase(pending.begin());
        ++next;
        store(d);
      }
      if (next != before) {
        {
          std::lock_guard<std::mutex> l(window_mu);
          written = next;
        }
        window_cv.notify_one();
      }
    }
    commit();
    report(true);
  });

  std::vector<Record> chunk;
  auto flush = [&] {
    if (chunk.empty()) return;
    work.Push(std::move(chunk));
    chunk.clear();
  };
  Reader reader(options, &bytes_read, [&](Record r) {
    r.seq = records.fetch_add(1);
    {
      // Bounds the writer's reorder buffer when one record is slow. The
      // records held here go first: the writer may be waiting for them.
      std::unique_lock<std::mutex> l(window_mu);
      if (r.seq - written >= kReorderWindow) {
        l.unlock();
        flush();
        l.lock();
        window_cv.wait(l, [&] { return r.seq - written < kReorderWindow; });
      }
    }
    chunk.push_back(std::move(r));
    // From a pipe a record goes at once (it may be followed by a long wait).
    if (chunk.size() >= kChunk || reading_stdin) flush();
  });
  for (const auto& in : inputs) {
    reading_stdin = in == "-";
    reader.Input(in);
    flush();
  }
  work.Close();
  for (auto& w : workers) w.join();
  done.Close();
  writer.join();
  if (!write_status.ok()) return write_status;
  counts.records = records.load();
  counts.skipped = skipped.load();
  counts.bytes_read = bytes_read.load();
  counts.bytes_total = total.bytes_total;
  // The index shards' last writes and the merge of what the run wrote: the
  // run ends when all is searchable, from a compact index.
  if (Status s = archive->Flush(); !s.ok()) return s;
  if (options.bulk) {
    if (options.on_progress) {
      IngestProgress p = counts;
      p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
      p.merging_index = true;
      options.on_progress(p);
    }
    const auto merge_start = Clock::now();
    bulk.on = false;
    if (Status s = archive->EndBulk(); !s.ok()) return s;
    counts.index_merge_seconds = std::chrono::duration<double>(Clock::now() - merge_start).count();
  }
  counts.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return counts;
}

}  // namespace khabar
