import Foundation
import Logging
import NIOPosix
package import PostgresNIO
package import SeamsPostgres

/// A database of its own for each test, on the throwaway server `scripts/with-postgres.sh` starts (as `make test`
/// does) and names in `SEAMS_TEST_POSTGRES`; dropped when the test ends.
package enum PostgresTestDatabase {
    /// The tests were not run beside a server.
    package struct NoServer: Error, CustomStringConvertible {
        package var description: String {
            "SEAMS_TEST_POSTGRES is not set: run the tests through scripts/with-postgres.sh, as make test does"
        }
    }

    /// The server's address, as the script gave it.
    package static func server() throws -> PostgresLocation {
        guard let address = ProcessInfo.processInfo.environment["SEAMS_TEST_POSTGRES"] else { throw NoServer() }
        return try PostgresLocation(address)
    }

    /// Runs `body` with the location of a new, empty database, and drops the database after.
    package static func withFresh<Result>(_ body: (PostgresLocation) async throws -> Result) async throws -> Result {
        let server = try server()
        let name = "seams_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await administer(server, "CREATE DATABASE \(name)")
        var location = server
        location.database = name
        do {
            let result = try await body(location)
            try await administer(server, "DROP DATABASE \(name) WITH (FORCE)")
            return result
        } catch {
            try? await administer(server, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Runs one statement on the server's own database.
    package static func administer(_ server: PostgresLocation, _ sql: String) async throws {
        let connection = try await connect(server)
        do {
            _ = try await connection.simpleQuery(sql).get()
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A plain connection to `location`.
    package static func connect(_ location: PostgresLocation) async throws -> PostgresConnection {
        let configuration = PostgresConnection.Configuration(
            host: location.host,
            port: location.port,
            username: location.user,
            password: location.password,
            database: location.database,
            tls: .disable
        )
        return try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(),
            configuration: configuration,
            id: 1,
            logger: Logger(label: "seams.tests.postgres")
        )
    }
}
