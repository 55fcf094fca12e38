import Foundation
import GRDB
import SeamsCluster

/// Keeps story clusters consistent inside one write transaction: places articles, merges clusters that turn
/// out to be one story, and re-elects canonical articles.
///
/// Invariants after every call: each article is in exactly one cluster; every cluster has at least one member
/// and its canonical article is one of them; exactly one member's relation is `canonical`.
struct Clustering {
    let db: Database
    let now: Date

    init(db: Database, now: Date) {
        self.db = db
        self.now = now
    }

    /// Puts an article (already inserted, with its final text and URL) into the cluster of the stored articles
    /// it copies exactly, or into a new one. `previousCluster` is the cluster it was in before a change.
    mutating func place(_ article: inout ArticleRecord, previousCluster: Int64?) throws {
        guard let id = article.id else { return }
        if let previousCluster {
            try db.execute(sql: "UPDATE article SET clusterId = NULL WHERE id = ?", arguments: [id])
            try reelect(previousCluster)
        }
        var matches = Set<Int64>()
        if let key = article.contentKey {
            matches.formUnion(
                try Int64.fetchSet(
                    db, sql: "SELECT clusterId FROM article WHERE contentKey = ? AND id != ? AND clusterId IS NOT NULL",
                    arguments: [key, id]))
        }
        if let url = article.canonicalURL {
            matches.formUnion(
                try Int64.fetchSet(
                    db, sql: "SELECT clusterId FROM article WHERE canonicalURL = ? AND id != ? AND clusterId IS NOT NULL",
                    arguments: [url, id]))
        }
        let target: Int64
        switch ClusterPlacement.decide(matching: matches) {
        case .new:
            var cluster = ClusterRecord(id: nil, canonicalArticleId: id, createdAt: now, updatedAt: now)
            try cluster.insert(db)
            target = cluster.id!
        case .join(let cluster):
            target = cluster
        case .merge(let into, let from):
            for source in from {
                try db.execute(sql: "UPDATE article SET clusterId = ? WHERE clusterId = ?", arguments: [into, source])
                _ = try ClusterRecord.deleteOne(db, key: source)
            }
            target = into
        }
        try db.execute(sql: "UPDATE article SET clusterId = ? WHERE id = ?", arguments: [target, id])
        article.clusterId = target
        try reelect(target)
    }

    /// Elects the cluster's canonical article afresh and sets every member's relation; deletes an empty cluster.
    mutating func reelect(_ cluster: Int64) throws {
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, published, firstSeenAt, length(text) FROM article WHERE clusterId = ?", arguments: [cluster])
        let members = rows.map { row in
            ClusterMember(id: row[0], published: row[1], firstSeen: row[2], textLength: row[3])
        }
        guard let canonical = CanonicalElection.canonical(of: members) else {
            _ = try ClusterRecord.deleteOne(db, key: cluster)
            return
        }
        try db.execute(
            sql: "UPDATE article SET relation = CASE WHEN id = ? THEN 'canonical' ELSE 'duplicate' END WHERE clusterId = ?",
            arguments: [canonical, cluster])
        try db.execute(
            sql: "UPDATE cluster SET canonicalArticleId = ?, updatedAt = ? WHERE id = ?", arguments: [canonical, now, cluster])
    }
}
