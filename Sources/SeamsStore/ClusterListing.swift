import GRDB
import SeamsCluster

/// The SQL of one page of a cluster listing: the filters of a ``ClusterQuery`` and its keyset cursor.
struct ClusterListing {
    private(set) var sql: String
    private(set) var arguments: StatementArguments = []

    init(_ query: ClusterQuery) {
        // The sort keys and the composite flag are kept on the cluster (see ``ClusterListingKeys``), each order has an
        // index, and a page reads only its own rows.
        var sql = "SELECT id, sortKey, size FROM cluster AS listing"
        var conditions = ["EXISTS (SELECT 1 FROM article WHERE article.id = listing.canonicalArticleId)"]
        var arguments: StatementArguments = []
        if let since = query.since {
            conditions.append("sortKey >= ?")
            arguments += [since]
        }
        if query.minimumSize > 1 {
            conditions.append("size >= ?")
            arguments += [query.minimumSize]
        }
        switch query.composites {
        case .include: break
        case .exclude: conditions.append("hasComposite = 0")
        case .only: conditions.append("hasComposite = 1")
        }
        if let feedId = query.feedId {
            conditions.append(
                "EXISTS (SELECT 1 FROM article AS member WHERE member.clusterId = listing.id AND member.feedId = ?)"
            )
            arguments += [feedId]
        }
        if let relation = query.relation {
            conditions.append(
                "EXISTS (SELECT 1 FROM article AS member WHERE member.clusterId = listing.id AND member.relation = ?)"
            )
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
        sql += " WHERE " + conditions.joined(separator: " AND ")
        sql += query.order == .biggest ? " ORDER BY size DESC, id DESC" : " ORDER BY sortKey DESC, id DESC"
        sql += " LIMIT ?"
        arguments += [max(0, query.limit)]
        self.sql = sql
        self.arguments = arguments
    }
}
