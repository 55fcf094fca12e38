import GRDB

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
        return migrator
    }
}
