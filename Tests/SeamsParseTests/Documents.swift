/// Builders for test documents.
enum Documents {
    static func rss(
        items: String,
        channelExtra: String = "",
        declaration: String = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    ) -> String {
        """
        \(declaration)
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel><title>Channel</title><link>https://example.org/</link><description>D</description>\(channelExtra)
        \(items)
        </channel></rss>
        """
    }
}
