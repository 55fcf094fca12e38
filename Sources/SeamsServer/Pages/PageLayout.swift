import HTTPTypes

/// The frame every page shares: the head with the stylesheet (no script anywhere), the navigation, the footer.
enum PageLayout {
    /// Which navigation entry is current.
    enum Section { case stories, biggest, composites, feeds, none }

    static func page(title: String, section: Section, body: HTML) -> String {
        func navigation(_ label: String, _ href: String, _ entry: Section) -> HTML {
            entry == section
                ? "<a href=\"\(href)\" aria-current=\"page\">\(label)</a>" : "<a href=\"\(href)\">\(label)</a>"
        }
        let page: HTML = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>\(title) · Seams</title>
            <link rel="stylesheet" href="/static/seams.css">
            <link rel="alternate" type="application/atom+xml" title="Seams: one copy of each story" href="/feed.atom">
            </head>
            <body>
            <header class="site"><a class="brand" href="/">Seams</a>
            <nav>\(navigation("Newest", "/", .stories))\(navigation("Most copied", "/?order=biggest", .biggest))\
            \(navigation("Stitched pages", "/?composites=only", .composites))\(navigation("Feeds", "/feeds", .feeds))</nav>
            </header>
            <main>
            \(body)
            </main>
            <footer>Canonical feed: <a href="/feed.atom">Atom</a> · <a href="/feed.rss">RSS</a> · \
            <a href="/feed.json">JSON Feed</a> · API: <a href="/api/openapi.json">OpenAPI</a> · <a href="/metrics">metrics</a></footer>
            </body>
            </html>

            """
        return page.markup
    }

    static func errorPage(_ error: APIError) -> String {
        page(
            title: "\(error.status.code)",
            section: .none,
            body:
                "<h1>\(error.status.code) \(error.status.reasonPhrase)</h1><p class=\"error\">\(error.message)</p><p><code>\(error.code)</code></p>"
        )
    }
}
