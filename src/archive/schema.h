// The archive's SQL schema, one script per version (doc/archive-format.md).
// Internal to src/archive. Constant text only: no user data is ever spliced in.
#ifndef KHABAR_ARCHIVE_SCHEMA_H_
#define KHABAR_ARCHIVE_SCHEMA_H_

namespace khabar::archive {

// Creates schema version 1 in an empty database (then migrated to the newest).
inline constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sites(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE sources(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  source_id INTEGER REFERENCES sources(id),
  version INTEGER NOT NULL,
  text_hash TEXT NOT NULL,
  title TEXT NOT NULL,
  lead TEXT NOT NULL,
  body TEXT NOT NULL,
  category TEXT NOT NULL,
  news_id TEXT NOT NULL,
  url TEXT NOT NULL,
  canonical_url TEXT NOT NULL,
  published_unix INTEGER,
  published_iso TEXT NOT NULL,
  published_jalali TEXT NOT NULL,
  fetched_unix INTEGER NOT NULL,
  article_json TEXT NOT NULL);
CREATE INDEX articles_by_time ON articles(published_unix DESC, id DESC);
CREATE INDEX articles_by_source ON articles(source_id, published_unix DESC);
CREATE INDEX articles_by_site ON articles(site_id, published_unix DESC);
CREATE TABLE article_versions(
  article_id INTEGER NOT NULL REFERENCES articles(id),
  version INTEGER NOT NULL,
  text_hash TEXT NOT NULL,
  fetched_unix INTEGER NOT NULL,
  article_json TEXT NOT NULL,
  PRIMARY KEY(article_id, version)) WITHOUT ROWID;
CREATE TABLE pages(
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  fetched_unix INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  article_id INTEGER REFERENCES articles(id),
  UNIQUE(url, content_hash));
CREATE TABLE ingest_log(
  id INTEGER PRIMARY KEY,
  at_unix INTEGER NOT NULL,
  input TEXT NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL);
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, lead, body, content='articles', content_rowid='id', tokenize='khabar');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, lead, body) VALUES (new.id, new.title, new.lead, new.body);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, lead, body)
    VALUES ('delete', old.id, old.title, old.lead, old.body);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, lead, body ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, lead, body)
    VALUES ('delete', old.id, old.title, old.lead, old.body);
  INSERT INTO articles_fts(rowid, title, lead, body) VALUES (new.id, new.title, new.lead, new.body);
END;
INSERT INTO meta(key, value) VALUES ('schema_version', '1'), ('format', 'khabar-archive');
)sql";

// Version 2: the full-text index is keyed by a time key, so that the index's
// own order is newest-published first and a date range is a rowid range:
//   tkey = (published_unix clamped to ±(2^33 - 1), + 2^33; 0 when unknown)
//          * 2^28 + (id mod 2^28)
// (archive.cc: TimeKey). Articles are written to articles_fts by Put itself,
// not by triggers: with SQLite 3.40 every statement journal on a trigger's
// FTS5 write flushed FTS5's pending terms to disk, once per article.
inline constexpr const char* kMigrateV1ToV2 = R"sql(
ALTER TABLE articles ADD COLUMN tkey INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET tkey =
  (CASE WHEN published_unix IS NULL THEN 0
        ELSE min(max(published_unix, -8589934591), 8589934591) + 8589934592 END) * 268435456
  + (id & 268435455);
CREATE UNIQUE INDEX articles_by_tkey ON articles(tkey);
DROP TRIGGER articles_ai;
DROP TRIGGER articles_ad;
DROP TRIGGER articles_au;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, lead, body, content='articles', content_rowid='tkey', tokenize='khabar');
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, lead, body)
    VALUES ('delete', old.tkey, old.title, old.lead, old.body);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
UPDATE meta SET value='2' WHERE key='schema_version';
)sql";

// Version 3: an article's text is stored once. articles.json_omits says what
// article_json leaves to the row's columns: 0 nothing (every row written
// before version 3), 1 the title and the lead (their JSON values are ""), 2
// those and text_content, which is then the body column. Get puts them back
// (archive.cc: RestoreText). Old rows are not rewritten.
inline constexpr const char* kMigrateV2ToV3 = R"sql(
ALTER TABLE articles ADD COLUMN json_omits INTEGER NOT NULL DEFAULT 0;
UPDATE meta SET value='3' WHERE key='schema_version';
)sql";

// Version 4: the full-text index may be split over side files written in
// parallel (index_shards.h; doc/archive-format.md). meta gains index_shards
// (K, 0 = all in articles_fts), index_shard_from (the first article id
// indexed in a shard: ids below stay in articles_fts) and archive_id (ties
// the side files to this file). index_pending is the outbox of shard writes
// not yet known to be in their shard; AUTOINCREMENT, as a shard's
// applied_seq compares with seq after the rows below it are deleted.
inline constexpr const char* kMigrateV3ToV4 = R"sql(
CREATE TABLE index_pending(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  shard INTEGER NOT NULL,
  op INTEGER NOT NULL,
  article_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  tkey INTEGER NOT NULL);
INSERT INTO meta(key, value) VALUES ('index_shards', '0'), ('index_shard_from', '0'),
  ('archive_id', lower(hex(randomblob(16))));
UPDATE meta SET value='4' WHERE key='schema_version';
)sql";

// Migrations: kMigrations[v] takes a database from version v to v + 1. A new
// file is created as version 1 and migrated, so new and migrated files agree.
inline constexpr const char* kMigrations[] = {nullptr, kMigrateV1ToV2, kMigrateV2ToV3,
                                              kMigrateV3ToV4, nullptr};

}  // namespace khabar::archive

#endif  // KHABAR_ARCHIVE_SCHEMA_H_
