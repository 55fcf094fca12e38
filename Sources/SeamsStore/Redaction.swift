import SeamsCore

extension StoredArticle {
    /// The article with its feed's address shown without credentials (see `WebAddress.withoutCredentials(_:)`).
    package var withoutCredentials: StoredArticle {
        var article = self
        article.feedURL = WebAddress.withoutCredentials(feedURL)
        return article
    }
}

extension StoryCluster {
    /// The story with every member's feed address shown without credentials.
    package var withoutCredentials: StoryCluster {
        var cluster = self
        cluster.articles = articles.map(\.withoutCredentials)
        return cluster
    }
}

extension Subscription {
    /// The subscription with its address and its site's shown without credentials.
    package var withoutCredentials: Subscription {
        var feed = self
        feed.url = WebAddress.withoutCredentials(url)
        feed.siteURL = siteURL.map(WebAddress.withoutCredentials)
        return feed
    }
}

extension CompositeArticle {
    /// The stitched page with its feed's address shown without credentials.
    package var withoutCredentials: CompositeArticle {
        var page = self
        page.article = article.withoutCredentials
        return page
    }
}
