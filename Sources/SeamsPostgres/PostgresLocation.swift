import Foundation
import NIOCore
import NIOSSL
package import PostgresNIO
package import SeamsStore

/// Where a PostgreSQL store is and how to reach it, from a libpq-style address:
/// `postgres://USER@HOST:PORT/DATABASE?sslmode=require`.
///
/// The password comes from the address, else `PGPASSWORD`, else the password file (`PGPASSFILE`, or `~/.pgpass`,
/// in libpq's `host:port:database:user:password` format). It is never part of ``description``, which is what logs
/// and error messages show.
package struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS, as libpq's `sslmode` says it.
    package enum SSLMode: String, Sendable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it, unverified (libpq tries plain text first; here both take TLS if offered).
        case allow
        /// TLS when the server offers it, unverified: libpq's default.
        case prefer
        /// TLS or no connection, the certificate unverified.
        case require
        /// TLS, the certificate verified against the trusted roots, not the host name.
        case verifyCA = "verify-ca"
        /// TLS, the certificate verified and matching the host name.
        case verifyFull = "verify-full"
    }

    /// The role to log in as.
    package var user: String
    /// The role's password, if one was found; never shown.
    package var password: String?
    /// The server's host name or address, or — starting with `/` — the folder of its Unix socket.
    package var host: String
    /// The server's port (also the number in its Unix socket's name).
    package var port: Int
    /// The database.
    package var database: String
    /// How TLS is used.
    package var sslMode: SSLMode
    /// How long connecting may take.
    package var connectTimeout: Duration

    /// Whether `address` names a PostgreSQL database rather than a SQLite file.
    package static func names(_ address: String) -> Bool {
        address.hasPrefix("postgres://") || address.hasPrefix("postgresql://")
    }

    /// Parses `address`, taking a password from `environment` (`PGPASSWORD`, `PGPASSFILE`, `HOME`) when the address
    /// gives none.
    ///
    /// - Throws: ``StoreError`` with ``StoreError/Code/cannotOpen`` naming what is wrong with the address.
    package init(
        _ address: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StoreError) {
        guard Self.names(address), let components = URLComponents(string: address) else {
            throw Self.invalid(address, "use postgres://USER@HOST:PORT/DATABASE")
        }
        var host = components.host.map { $0.removingPercentEncoding ?? $0 } ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var port = components.port ?? 5432
        var user = components.user.map { $0.removingPercentEncoding ?? $0 }
        var database = String(components.path.drop(while: { $0 == "/" }))
        database = database.removingPercentEncoding ?? database
        var sslMode = SSLMode.prefer
        var connectTimeout = Duration.seconds(10)
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    let modes = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw Self.invalid(address, "sslmode \"\(value)\" is not one of \(modes)")
                }
                sslMode = mode
            case "host": host = value
            case "port":
                guard let number = Int(value), (1...65535).contains(number) else {
                    throw Self.invalid(address, "port \"\(value)\" is not a port number")
                }
                port = number
            case "user": user = value
            case "dbname": database = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw Self.invalid(address, "connect_timeout \"\(value)\" is not a whole number of seconds")
                }
                connectTimeout = .seconds(seconds)
            case "password":
                throw Self.invalid(address, "give the password in PGPASSWORD or a password file, not the address")
            default:
                throw Self.invalid(
                    address,
                    "\"\(item.name)\" is not a setting Seams knows (sslmode, host, port, user, dbname, connect_timeout)"
                )
            }
        }
        guard (1...65535).contains(port) else { throw Self.invalid(address, "port \(port) is not a port number") }
        guard !host.isEmpty else { throw Self.invalid(address, "it names no host") }
        guard let user, !user.isEmpty else { throw Self.invalid(address, "it names no user (postgres://USER@HOST/DB)") }
        if database.isEmpty { database = user }
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
        self.connectTimeout = connectTimeout
        self.password =
            components.password.map { $0.removingPercentEncoding ?? $0 }
            ?? environment["PGPASSWORD"]
            ?? PasswordFile.password(
                in: environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" },
                host: host,
                port: port,
                database: database,
                user: user
            )
    }

    /// The address without its password: what logs and messages show.
    package var description: String {
        let shownHost =
            host.hasPrefix("/")
            ? "?host=" + (host.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? host)
            : host.contains(":") ? "[\(host)]" : host
        let sslMode = "sslmode=\(self.sslMode.rawValue)"
        if host.hasPrefix("/") {
            return "postgres://\(user)@/\(database)\(shownHost)&port=\(port)&\(sslMode)"
        }
        return "postgres://\(user)@\(shownHost):\(port)/\(database)?\(sslMode)"
    }

    /// postgres-nio's client configuration for this location.
    package func clientConfiguration(maximumConnections: Int) throws(StoreError) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if host.hasPrefix("/") {
            configuration = PostgresClient.Configuration(
                unixSocketPath: "\(host)/.s.PGSQL.\(port)",
                username: user,
                password: password,
                database: database
            )
        } else {
            configuration = PostgresClient.Configuration(
                host: host,
                port: port,
                username: user,
                password: password,
                database: database,
                tls: try tls()
            )
        }
        configuration.options.connectTimeout = connectTimeout
        configuration.options.maximumConnections = maximumConnections
        configuration.options.additionalStartupParameters = [("application_name", "seams")]
        return configuration
    }

    /// postgres-nio's configuration of a single connection to this location: the one a node migrates on.
    package func connectionConfiguration() throws(StoreError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if host.hasPrefix("/") {
            configuration = PostgresConnection.Configuration(
                unixSocketPath: "\(host)/.s.PGSQL.\(port)",
                username: user,
                password: password,
                database: database
            )
        } else {
            let tls: PostgresConnection.Configuration.TLS
            do {
                switch (sslMode, try tlsConfiguration().map(NIOSSLContext.init(configuration:))) {
                case (_, nil): tls = .disable
                case (.allow, let context?), (.prefer, let context?): tls = .prefer(context)
                case (_, let context?): tls = .require(context)
                }
            } catch {
                throw StoreError(.cannotOpen, "cannot set up TLS for \(self): \(error)", cause: error)
            }
            configuration = PostgresConnection.Configuration(
                host: host,
                port: port,
                username: user,
                password: password,
                database: database,
                tls: tls
            )
        }
        configuration.options.connectTimeout = TimeAmount(connectTimeout)
        configuration.options.additionalStartupParameters = [("application_name", "seams")]
        return configuration
    }

    private func tls() throws(StoreError) -> PostgresClient.Configuration.TLS {
        guard let configuration = tlsConfiguration() else { return .disable }
        return sslMode == .allow || sslMode == .prefer ? .prefer(configuration) : .require(configuration)
    }

    /// What `sslmode` asks of TLS; nil for none.
    private func tlsConfiguration() -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable: return nil
        case .allow, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        return tls
    }

    private static func invalid(_ address: String, _ reason: String) -> StoreError {
        // The address as given may hold a password: only its scheme and host part are repeated.
        let shown = address.replacingOccurrences(of: #"//[^@/]*:[^@/]*@"#, with: "//…@", options: .regularExpression)
        return StoreError(.cannotOpen, "invalid PostgreSQL address \(shown): \(reason)")
    }
}

/// libpq's password file: lines of `host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaped,
/// `#` starting a comment; the first line that matches gives the password.
enum PasswordFile {
    static func password(in path: String?, host: String, port: Int, database: String, user: String) -> String? {
        guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let wanted = [host, String(port), database, user]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.fields(of: Substring(line))
            guard fields.count == 5 else { continue }
            let matches = zip(fields.prefix(4), wanted).allSatisfy { field, value in
                field == "*" || field == value || (field == "localhost" && value.hasPrefix("/"))
            }
            if matches { return fields[4] }
        }
        return nil
    }

    private static func fields(of line: Substring) -> [String] {
        var fields: [String] = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 5 {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}
