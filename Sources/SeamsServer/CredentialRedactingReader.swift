import SeamsStore

/// The store as pages and the HTTP API read it: feed addresses without their credentials (a `user:pass@` or a
/// token in the query, see `WebAddress.withoutCredentials(_:)`). Everything else passes through unchanged.
struct CredentialRedactingReader: StoryReader {
    let base: any StoryReader

    func clusterPage(_ query: ClusterQuery) async throws(StoreError) -> ClusterPage {
        var page = try await base.clusterPage(query)
        page.clusters = page.clusters.map(\.withoutCredentials)
        return page
    }

    func clusters(_ query: ClusterQuery) async throws(StoreError) -> [StoryCluster] {
        try await base.clusters(query).map(\.withoutCredentials)
    }

    func cluster(id: Int64, memberLimit: Int?) async throws(StoreError) -> StoryCluster {
        try await base.cluster(id: id, memberLimit: memberLimit).withoutCredentials
    }

    func article(id: Int64) async throws(StoreError) -> StoredArticle {
        try await base.article(id: id).withoutCredentials
    }

    func furniture(ofArticle id: Int64) async throws(StoreError) -> [String] {
        try await base.furniture(ofArticle: id)
    }

    func composites(limit: Int) async throws(StoreError) -> [CompositeArticle] {
        try await base.composites(limit: limit).map(\.withoutCredentials)
    }

    func composite(articleId: Int64) async throws(StoreError) -> CompositeArticle? {
        try await base.composite(articleId: articleId)?.withoutCredentials
    }

    func feeds() async throws(StoreError) -> [Subscription] { try await base.feeds().map(\.withoutCredentials) }

    func feed(id: Int64) async throws(StoreError) -> Subscription? { try await base.feed(id: id)?.withoutCredentials }

    func feed(url: String) async throws(StoreError) -> Subscription? {
        try await base.feed(url: url)?.withoutCredentials
    }

    func articleCounts() async throws(StoreError) -> [Int64: Int] { try await base.articleCounts() }

    func totals() async throws(StoreError) -> Store.Totals { try await base.totals() }

    func census() async throws(StoreError) -> Store.Census { try await base.census() }
}
