package import Hummingbird
package import Logging
import NIOCore
package import Prometheus
package import SeamsFetch
package import SeamsStore

/// The daemon's HTTP side: the canonical feeds, the JSON API, the web pages that show the seams, metrics and
/// a health check — all thin shells over the same ``Store`` and writers the CLI uses.
///
/// For example:
///
/// ```swift
/// let server = InspectionServer(store: store, fetcher: FeedFetcher(), configuration: ServerConfiguration(), logger: logger)
/// try await server.application().runService()
/// ```
package struct InspectionServer: Sendable {
    /// The store served.
    package let store: any StoryReader & SubscriptionStore
    /// Fetches a feed once when it is subscribed over the API, to check it is a reachable, public feed.
    package let fetcher: any FeedFetching
    /// The settings.
    package let configuration: ServerConfiguration
    /// Where `GET /metrics` reads the process's metrics from (the registry the daemon's metrics factory fills).
    package let metrics: PrometheusCollectorRegistry
    let logger: Logger

    /// Creates a server over `store`; `metrics` is the registry the process's swift-metrics backend writes to.
    package init(
        store: any StoryReader & SubscriptionStore,
        fetcher: any FeedFetching,
        configuration: ServerConfiguration = ServerConfiguration(),
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        logger: Logger
    ) {
        self.store = store
        self.fetcher = fetcher
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// Every route, with the error and security-header middleware in front of them.
    /// The store as pages and the API show it: feed addresses without credentials.
    var reader: any StoryReader { CredentialRedactingReader(base: store) }

    package func router() -> Router<BasicRequestContext> {
        // HEAD on every GET route: link checkers and feed readers send it.
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.middlewares.add(SecurityHeadersMiddleware<BasicRequestContext>())
        router.middlewares.add(ErrorRenderingMiddleware<BasicRequestContext>(logger: logger))
        let routes = RouteTable(router: router)
        CanonicalFeedRoutes(server: self).register(on: routes)
        APIRoutes(server: self).register(on: routes)
        PageRoutes(server: self).register(on: routes)
        OperationsRoutes(server: self).register(on: routes)
        router.middlewares.add(routes.methodNotAllowed)  // after the routes: it wraps only the not-found answer
        return router
    }

    /// The application, ready to run as a service (in a `ServiceGroup`) or on its own.
    package func application() -> some ApplicationProtocol {
        let (seconds, attoseconds) = configuration.idleTimeout.components
        let idle = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        return Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: idle)),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "Seams"
            ),
            logger: logger
        )
    }
}
