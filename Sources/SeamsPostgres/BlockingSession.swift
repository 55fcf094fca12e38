import Foundation
import Logging
import PostgresNIO

/// One leased connection driven from synchronous code: the deduplicator's storage calls, which read and decide in one
/// sequence per article (see `ClusterStorage`). Each statement is sent and waited for; the caller runs on a thread of
/// its own (``PostgresStore``'s thread pool), never on the connection's event loop or a Swift concurrency thread.
struct BlockingSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs one statement with `$1…` bound to `binds` and returns its rows.
    @discardableResult
    func rows(_ sql: String, _ binds: [any PostgresBind] = []) throws -> [PostgresRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds { try bind.append(to: &bindings) }
        return try connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger).wait().rows
    }

    /// Runs one statement and ignores what it returns.
    func run(_ sql: String, _ binds: [any PostgresBind] = []) throws {
        try rows(sql, binds)
    }

    /// The first column of the first row, if there is one and it is not NULL.
    func value<Value: PostgresDecodable>(
        _ type: Value.Type,
        _ sql: String,
        _ binds: [any PostgresBind] = []
    ) throws
        -> Value? where Value._DecodableType == Value
    {
        guard let row = try rows(sql, binds).first else { return nil }
        return try row.makeRandomAccess()[0].decode(Value?.self)
    }
}

/// A value bound to a statement's parameter: the types the store writes, and NULL for a missing one.
protocol PostgresBind: Sendable {
    /// Appends the value to a statement's bindings.
    func append(to bindings: inout PostgresBindings) throws
}

extension Int64: PostgresBind {
    func append(to bindings: inout PostgresBindings) throws { bindings.append(self) }
}

extension Int: PostgresBind {
    func append(to bindings: inout PostgresBindings) throws { bindings.append(Int64(self)) }
}

extension Int32: PostgresBind {
    func append(to bindings: inout PostgresBindings) throws { bindings.append(self) }
}

extension Double: PostgresBind {
    func append(to bindings: inout PostgresBindings) throws { bindings.append(self) }
}

extension Bool: PostgresBind {
    func append(to bindings: inout PostgresBindings) throws { bindings.append(self) }
}

extension String: PostgresBind {
    func append(to bindings: inout PostgresBindings) throws { bindings.append(self) }
}

extension Date: PostgresBind {
    func append(to bindings: inout PostgresBindings) throws { bindings.append(self) }
}

extension Data: PostgresBind {
    func append(to bindings: inout PostgresBindings) throws { try bindings.append(self) }
}

extension Array: PostgresBind where Element: PostgresArrayEncodable {
    func append(to bindings: inout PostgresBindings) throws { try bindings.append(self) }
}

extension Optional: PostgresBind where Wrapped: PostgresBind {
    func append(to bindings: inout PostgresBindings) throws {
        switch self {
        case .some(let value): try value.append(to: &bindings)
        case .none: bindings.appendNull()
        }
    }
}
