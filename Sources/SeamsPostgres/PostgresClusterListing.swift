import SeamsCluster
import SeamsStore

/// The SQL of one page of a cluster listing in PostgreSQL: a ``ClusterQuery``'s filters and keyset cursor, as the
/// SQLite store's listing reads them, over the listing keys the triggers keep on each cluster. Each row is the
/// cluster's id, its sort key in microseconds since 1970 (what a cursor carries: exact, where a date would round) and
/// its size.
struct PostgresClusterListing {
    private(set) var sql: String
    private(set) var binds: [any PostgresBind] = []

    init(_ query: ClusterQuery) {
        var conditions = ["EXISTS (SELECT 1 FROM article WHERE article.id = listing.canonicalArticleId)"]
        var binds: [any PostgresBind] = []
        func bind(_ value: any PostgresBind) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let since = query.since { conditions.append("sortKey >= \(bind(since))") }
        if query.minimumSize > 1 { conditions.append("size >= \(bind(query.minimumSize))") }
        switch query.composites {
        case .include: break
        case .exclude: conditions.append("NOT hasComposite")
        case .only: conditions.append("hasComposite")
        }
        if let feedId = query.feedId {
            conditions.append(
                "EXISTS (SELECT 1 FROM article AS member WHERE member.clusterId = listing.id AND member.feedId = \(bind(feedId)))"
            )
        }
        if let relation = query.relation {
            conditions.append(
                "EXISTS (SELECT 1 FROM article AS member WHERE member.clusterId = listing.id AND member.relation = \(bind(relation.rawValue)))"
            )
        }
        if let position = query.cursor?.position, position.order == query.order, let key = Int64(position.key) {
            let sort =
                query.order == .biggest
                ? "size" : "sortKey"
            let value =
                query.order == .biggest
                ? bind(key) : "(timestamptz 'epoch' + \(bind(key)) * interval '1 microsecond')"
            conditions.append("(\(sort) < \(value) OR (\(sort) = \(value) AND id < \(bind(position.id))))")
        }
        let order = query.order == .biggest ? "size DESC, id DESC" : "sortKey DESC, id DESC"
        sql = """
            SELECT id, (extract(epoch FROM sortKey) * 1000000)::bigint, size FROM cluster AS listing
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT \(bind(max(0, query.limit)))
            """
        self.binds = binds
    }
}
