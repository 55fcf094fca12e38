import GRDB

/// The triggers that keep each cluster's listing keys — `sortKey` (when its canonical article appeared), `size`
/// (members) and `hasComposite` — equal to what they summarize, whichever code path moves articles, re-elects a
/// canonical or deletes a feed. ``triggers`` are v5's, as released; v6 replaced its date triggers with
/// ``appearedTriggers``.
enum ClusterListingKeys {
    static let backfill = """
        UPDATE cluster SET
            sortKey = (SELECT COALESCE(published, firstSeenAt) FROM article WHERE article.id = cluster.canonicalArticleId),
            size = (SELECT COUNT(*) FROM article WHERE article.clusterId = cluster.id),
            hasComposite = EXISTS (SELECT 1 FROM article WHERE article.clusterId = cluster.id AND article.isComposite = 1)
        """

    static let triggers = [
        """
        CREATE TRIGGER cluster_listing_created AFTER INSERT ON cluster BEGIN
            UPDATE cluster SET sortKey = (SELECT COALESCE(published, firstSeenAt) FROM article WHERE id = NEW.canonicalArticleId)
            WHERE id = NEW.id;
        END
        """,
        """
        CREATE TRIGGER cluster_listing_canonical AFTER UPDATE OF canonicalArticleId ON cluster
        WHEN OLD.canonicalArticleId IS NOT NEW.canonicalArticleId BEGIN
            UPDATE cluster SET sortKey = (SELECT COALESCE(published, firstSeenAt) FROM article WHERE id = NEW.canonicalArticleId)
            WHERE id = NEW.id;
        END
        """,
        """
        CREATE TRIGGER article_listing_inserted AFTER INSERT ON article WHEN NEW.clusterId IS NOT NULL BEGIN
            UPDATE cluster SET size = size + 1, hasComposite = hasComposite OR NEW.isComposite WHERE id = NEW.clusterId;
        END
        """,
        """
        CREATE TRIGGER article_listing_deleted AFTER DELETE ON article WHEN OLD.clusterId IS NOT NULL BEGIN
            UPDATE cluster SET size = size - 1,
                hasComposite = EXISTS (SELECT 1 FROM article WHERE clusterId = OLD.clusterId AND isComposite = 1)
            WHERE id = OLD.clusterId;
        END
        """,
        """
        CREATE TRIGGER article_listing_moved AFTER UPDATE OF clusterId ON article
        WHEN OLD.clusterId IS NOT NEW.clusterId BEGIN
            UPDATE cluster SET size = size - 1,
                hasComposite = EXISTS (SELECT 1 FROM article WHERE clusterId = OLD.clusterId AND isComposite = 1)
            WHERE id = OLD.clusterId;
            UPDATE cluster SET size = size + 1, hasComposite = hasComposite OR NEW.isComposite WHERE id = NEW.clusterId;
        END
        """,
        """
        CREATE TRIGGER article_listing_recomposed AFTER UPDATE OF isComposite ON article
        WHEN OLD.isComposite IS NOT NEW.isComposite AND OLD.clusterId IS NEW.clusterId BEGIN
            UPDATE cluster SET hasComposite = EXISTS (SELECT 1 FROM article WHERE clusterId = NEW.clusterId AND isComposite = 1)
            WHERE id = NEW.clusterId;
        END
        """,
        """
        CREATE TRIGGER article_listing_dated AFTER UPDATE OF published, firstSeenAt ON article
        WHEN OLD.published IS NOT NEW.published OR OLD.firstSeenAt IS NOT NEW.firstSeenAt BEGIN
            UPDATE cluster SET sortKey = COALESCE(NEW.published, NEW.firstSeenAt) WHERE canonicalArticleId = NEW.id;
        END
        """,
    ]
    static let appearedTriggers = [
        """
        CREATE TRIGGER cluster_listing_created AFTER INSERT ON cluster BEGIN
            UPDATE cluster SET sortKey = (SELECT appearedAt FROM article WHERE id = NEW.canonicalArticleId) WHERE id = NEW.id;
        END
        """,
        """
        CREATE TRIGGER cluster_listing_canonical AFTER UPDATE OF canonicalArticleId ON cluster
        WHEN OLD.canonicalArticleId IS NOT NEW.canonicalArticleId BEGIN
            UPDATE cluster SET sortKey = (SELECT appearedAt FROM article WHERE id = NEW.canonicalArticleId) WHERE id = NEW.id;
        END
        """,
        """
        CREATE TRIGGER article_listing_appeared AFTER UPDATE OF appearedAt ON article
        WHEN OLD.appearedAt IS NOT NEW.appearedAt BEGIN
            UPDATE cluster SET sortKey = NEW.appearedAt WHERE canonicalArticleId = NEW.id;
        END
        """,
    ]
}
