import GRDB
import SeamsCluster

/// The store's schema, as named migrations that are only ever appended to.
///
/// A released migration is never edited: a change of schema is a new migration, so every database, however
/// old, reaches the current schema by replaying the ones it has not seen.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-feeds-articles-clusters") { db in
            try db.create(table: "feed") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("url", .text).notNull().unique()
                t.column("title", .text)
                t.column("siteURL", .text)
                t.column("format", .text)
                t.column("etag", .text)
                t.column("lastModified", .text)
                t.column("bodyHash", .integer)
                t.column("addedAt", .datetime).notNull()
                t.column("lastFetchedAt", .datetime)
                t.column("lastSuccessAt", .datetime)
                t.column("lastStatus", .integer)
                t.column("lastErrorCode", .text)
                t.column("lastErrorMessage", .text)
                t.column("consecutiveErrors", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "cluster") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("canonicalArticleId", .integer)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "article") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("feed", onDelete: .cascade).notNull()
                t.column("guid", .text).notNull()
                t.column("url", .text)
                t.column("canonicalURL", .text).indexed()
                t.column("title", .text)
                t.column("authors", .text).notNull()
                t.column("published", .datetime)
                t.column("publishedOffset", .integer)
                t.column("updated", .datetime)
                t.column("updatedOffset", .integer)
                t.column("summaryHTML", .text)
                t.column("contentHTML", .text)
                t.column("text", .text).notNull()
                t.column("categories", .text).notNull()
                t.column("enclosures", .text).notNull()
                t.column("language", .text)
                t.column("contentKey", .integer).indexed()
                t.column("wordCount", .integer).notNull()
                t.column("entryHash", .integer).notNull()
                t.column("firstSeenAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.belongsTo("cluster")
                t.column("relation", .text).notNull()
                t.uniqueKey(["feedId", "guid"])
            }
        }
        migrator.registerMigration("v2-shingling-deduplicator") { db in
            try db.alter(table: "article") { t in
                t.add(column: "signature", .blob)
                t.add(column: "tokenCount", .integer).notNull().defaults(to: 0)
                t.add(column: "matchKind", .text)
                t.add(column: "matchedArticleId", .integer)
                t.add(column: "similarity", .double)
                t.add(column: "isComposite", .boolean).notNull().defaults(to: false)
                t.add(column: "isRecycled", .boolean).notNull().defaults(to: false)
            }
            // LSH band keys of each article's MinHash signature: candidates for resemblance.
            try db.create(table: "lshBand", options: .withoutRowID) { t in
                t.column("key", .integer).notNull()
                t.belongsTo("article", onDelete: .cascade).notNull()
                t.primaryKey(["key", "articleId"])
            }
            // Winnowed shingle fingerprints with positions: candidates for containment and stitched passages.
            try db.create(table: "fingerprint", options: .withoutRowID) { t in
                t.column("hash", .integer).notNull()
                t.belongsTo("article", onDelete: .cascade).notNull()
                t.column("position", .integer).notNull()
                t.primaryKey(["hash", "articleId", "position"])
            }
            // How many articles of a feed carry each line: lines common in one feed are its boilerplate.
            try db.create(table: "boilerplateLine", options: .withoutRowID) { t in
                t.belongsTo("feed", onDelete: .cascade).notNull()
                t.column("hash", .integer).notNull()
                t.column("count", .integer).notNull()
                t.primaryKey(["feedId", "hash"])
            }
            // The passages of a stitched article and the source article each came from.
            try db.create(table: "compositePassage") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("composite", inTable: "article", onDelete: .cascade).notNull()
                t.belongsTo("source", inTable: "article", onDelete: .cascade).notNull()
                t.column("start", .integer).notNull()
                t.column("end", .integer).notNull()
                t.column("coverage", .double).notNull()
            }
        }
        migrator.registerMigration("v3-feed-schedule") { db in
            try db.alter(table: "feed") { t in
                t.add(column: "nextFetchAt", .datetime).indexed()
                t.add(column: "fetchInterval", .double)
                t.add(column: "entriesPerDay", .double)
                t.add(column: "disabledAt", .datetime)
                t.add(column: "disabledReason", .text)
                t.add(column: "fetchCount", .integer).notNull().defaults(to: 0)
                t.add(column: "notModifiedCount", .integer).notNull().defaults(to: 0)
                t.add(column: "redirectURL", .text)
                t.add(column: "redirectCount", .integer).notNull().defaults(to: 0)
                t.add(column: "lastUnconditionalAt", .datetime)
                t.add(column: "lastDuration", .double)
                t.add(column: "lastBytes", .integer)
            }
        }
        migrator.registerMigration("v4-public-addresses") { db in
            try db.alter(table: "feed") { t in
                t.add(column: "publicAddressesOnly", .boolean).notNull().defaults(to: false)
            }
        }
        migrator.registerMigration("v5-cluster-listing-keys") { db in
            // What a cluster listing sorts and filters on, kept on the cluster by triggers so that a page is an index
            // range, not a pass over every cluster (80 ms a page at 40,000 clusters before).
            try db.alter(table: "cluster") { t in
                t.add(column: "sortKey", .datetime)
                t.add(column: "size", .integer).notNull().defaults(to: 0)
                t.add(column: "hasComposite", .boolean).notNull().defaults(to: false)
            }
            try db.execute(sql: ClusterListingKeys.backfill)
            for trigger in ClusterListingKeys.triggers { try db.execute(sql: trigger) }
            try db.create(index: "cluster_newest", on: "cluster", columns: ["sortKey", "id"])
            try db.create(index: "cluster_newest_plain", on: "cluster", columns: ["hasComposite", "sortKey", "id"])
            try db.create(index: "cluster_biggest", on: "cluster", columns: ["size", "id"])
            try db.create(index: "cluster_biggest_plain", on: "cluster", columns: ["hasComposite", "size", "id"])
            try db.create(index: "cluster_canonical", on: "cluster", columns: ["canonicalArticleId"])
        }
        migrator.registerMigration("v6-appeared-at") { db in
            // When an article appeared, stored once at insert (Appearance.date in Swift) so that listings, rebuilds,
            // member order and election cannot disagree about it; the listing triggers read it too.
            try db.alter(table: "article") { t in t.add(column: "appearedAt", .datetime) }
            try db.execute(
                sql: """
                    UPDATE article SET appearedAt =
                        CASE WHEN published IS NOT NULL AND published < firstSeenAt THEN published ELSE firstSeenAt END
                    """
            )
            for trigger in ["cluster_listing_created", "cluster_listing_canonical", "article_listing_dated"] {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            for trigger in ClusterListingKeys.appearedTriggers { try db.execute(sql: trigger) }
            try db.execute(
                sql:
                    "UPDATE cluster SET sortKey = (SELECT appearedAt FROM article WHERE article.id = cluster.canonicalArticleId)"
            )
            // Stitched pages newest first, from an index of only them (a few bytes per page, none per other article).
            try db.create(
                index: "article_composites",
                on: "article",
                columns: ["appearedAt", "id"],
                condition: Column("isComposite") == true
            )
        }
        migrator.registerMigration("v7-feed-recent-articles") { db in
            // A feed's latest articles, read when its learned furniture grows (the deduplicator re-examines them).
            try db.create(index: "article_feed_recent", on: "article", columns: ["feedId", "id"])
        }
        migrator.registerMigration("v8-furniture-line-bodies") { db in
            // The body (longest line's hash) of the item a furniture line was last counted for: a story re-sent in
            // its own feed does not make its own lines furniture.
            try db.alter(table: "boilerplateLine") { t in t.add(column: "lastBody", .integer) }
        }
        migrator.registerMigration("v9-private-addresses-by-consent") { db in
            // Every feed is now held to public addresses unless the operator allows it private ones; the old flag
            // (held only feeds subscribed over HTTP) goes.
            try db.alter(table: "feed") { t in
                t.add(column: "allowsPrivateAddresses", .boolean).notNull().defaults(to: false)
                t.drop(column: "publicAddressesOnly")
            }
        }
        migrator.registerMigration("v10-cluster-electorate") { db in
            // Canonical election and listings read a bounded part of a big cluster: its earliest and its fullest
            // members, and the first members of a listed story.
            try db.create(index: "article_cluster_appeared", on: "article", columns: ["clusterId", "appearedAt", "id"])
            try db.create(index: "article_cluster_fullest", on: "article", columns: ["clusterId", "tokenCount", "id"])
        }
        migrator.registerMigration("v11-redundant-indexes") { db in
            // Each is the first column of a wider index or primary key that serves the same lookups (and the foreign
            // keys' checks): the feed's lines by the line table's key, a feed's articles by (feedId, guid), a
            // cluster's by article_cluster_appeared. Every article and every learned line wrote to them for nothing.
            try db.drop(index: "boilerplateLine_on_feedId")
            try db.drop(index: "article_on_feedId")
            try db.drop(index: "article_on_clusterId")
        }
        migrator.registerMigration("v12-compact-postings") { db in
            // Postings keyed (32-bit key, article) with no foreign key and no index by article: half the bytes, and
            // one B-tree written per posting instead of two (see SQLiteClusterStorage+Postings). Positions go: no
            // lookup read them.
            try db.execute(
                sql: """
                    CREATE TABLE bandPosting (key INTEGER NOT NULL, articleId INTEGER NOT NULL,
                        PRIMARY KEY (key, articleId)) WITHOUT ROWID;
                    CREATE TABLE printPosting (key INTEGER NOT NULL, articleId INTEGER NOT NULL,
                        PRIMARY KEY (key, articleId)) WITHOUT ROWID;
                    CREATE TABLE articlePosting (articleId INTEGER PRIMARY KEY, bandKeys BLOB NOT NULL,
                        printKeys BLOB NOT NULL);
                    """
            )
            try PostingMigration.copy(from: db)
            try db.drop(table: "lshBand")
            try db.drop(table: "fingerprint")
        }
        migrator.registerMigration("v13-article-hot-columns-first") { db in
            // The deduplicator reads an article's placement, keys, headline and page for every candidate; v2 and v6
            // added those columns after the text and HTML, so each read walked the row's overflow pages to reach
            // them. The table is rebuilt with what candidates read first, within the ~490 bytes SQLite keeps of any
            // row on its page, then the signature, then the bodies (SQLite's documented way to reorder columns);
            // ids, indexes and triggers are kept.
            try ArticleColumnOrder.rebuild(db)
        }
        migrator.registerMigration("v14-furniture-memory") { db in
            // Lines that are not furniture are forgotten once their feed has gone long enough without them
            // (DedupConfiguration.boilerplateLineMemory): each feed keeps a clock of the texts it counted, and each
            // line the clock's reading when it was last counted. Lines counted before now read 0, as if long ago.
            try db.alter(table: "boilerplateLine") { t in
                t.add(column: "lastCounted", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "furnitureClock", options: .withoutRowID) { t in
                t.primaryKey("feedId", .integer).references("feed", onDelete: .cascade)
                t.column("texts", .integer).notNull()
            }
        }
        migrator.registerMigration("v15-posting-levels") { db in
            // Each posting index gains a small recent level that takes each transaction's postings and is merged
            // into the large one in key order (see PostingIndex); the levels' row counts are kept, not counted.
            try db.execute(
                sql: """
                    CREATE TABLE postingLevel (posting TEXT PRIMARY KEY NOT NULL, mainRows INTEGER NOT NULL,
                        recentRows INTEGER NOT NULL) WITHOUT ROWID
                    """
            )
            for index in PostingIndex.all {
                try db.execute(sql: PostingIndex.createTable(index.recent))
                try db.execute(
                    sql: "INSERT INTO postingLevel VALUES (?, (SELECT COUNT(*) FROM \(index.main)), 0)",
                    arguments: [index.main]
                )
            }
        }
        return migrator
    }
}
