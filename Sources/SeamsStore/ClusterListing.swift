import GRDB

/// The SQL of one page of a cluster listing: the filters of a ``ClusterQuery`` and its keyset cursor.
struct ClusterListing {
    private(set) var sql: String
    private(set) var arguments: StatementArguments = []

    init(_ query: ClusterQuery) {
        // The inner query gives each cluster its sort keys; `size` is only computed for rows that need it.
        var sql = """
            SELECT id, sortKey, size FROM (
                SELECT cluster.id AS id, COALESCE(article.published, article.firstSeenAt) AS sortKey,
                    (SELECT COUNT(*) FROM article AS member WHERE member.clusterId = cluster.id) AS size
                FROM cluster JOIN article ON article.id = cluster.canonicalArticleId) AS listing
            """
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let since = query.since {
            conditions.append("sortKey >= ?")
            arguments += [since]
        }
        if query.minimumSize > 1 {
            conditions.append("size >= ?")
            arguments += [query.minimumSize]
        }
        let hasComposite = "EXISTS (SELECT 1 FROM article AS member WHERE member.clusterId = listing.id AND member.isComposite = 1)"
        switch query.composites {
        case .include: break
        case .exclude: conditions.append("NOT " + hasComposite)
        case .only: conditions.append(hasComposite)
        }
        if let feedId = query.feedId {
            conditions.append("EXISTS (SELECT 1 FROM article AS member WHERE member.clusterId = listing.id AND member.feedId = ?)")
            arguments += [feedId]
        }
        if let relation = query.relation {
            conditions.append("EXISTS (SELECT 1 FROM article AS member WHERE member.clusterId = listing.id AND member.relation = ?)")
            arguments += [relation.rawValue]
        }
        let sortColumn = query.order == .biggest ? "size" : "sortKey"
        if let position = query.cursor?.position, position.order == query.order {
            conditions.append("(\(sortColumn) < ? OR (\(sortColumn) = ? AND id < ?))")
            if query.order == .biggest {
                let size = Int(position.key) ?? 0
                arguments += [size, size, position.id]
            } else {
                arguments += [position.key, position.key, position.id]
            }
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += query.order == .biggest ? " ORDER BY size DESC, id DESC" : " ORDER BY sortKey DESC, id DESC"
        sql += " LIMIT ?"
        arguments += [max(0, query.limit)]
        self.sql = sql
        self.arguments = arguments
    }
}
